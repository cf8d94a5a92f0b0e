"""benchmarks/table.py: the README's tables made from the runs' figures, between markers."""

import json

import pytest

from benchmarks.table import main, readme_rewrite, tables


def _run(backend: str, items: int, dashboard: float, after: float, met: bool = True) -> dict:
    late = items // 25 * 9 // 10
    return {
        "backend": backend,
        "items": items,
        "pages": [
            {
                "name": f"action items: by due, page {late}",
                "median_ms": 18.04,
                "after_write_median_ms": 21.5,
                "cold_median_ms": None,
                "met": True,
            },
            {
                "name": "dashboard",
                "median_ms": dashboard,
                "after_write_median_ms": after,
                "cold_median_ms": after * 2,
                "met": met,
            },
        ],
    }


def _loadtest(backend: str, write_share: float, per_second: float, errors: int = 0) -> dict:
    return {
        "backend": backend,
        "items": 100_000,
        "users": 20,
        "write_share": write_share,
        "requests_per_second": per_second,
        "p50_ms": 120.0,
        "p95_ms": 480.0,
        "errors": errors,
    }


def test_a_column_per_backend_and_size_in_order_and_a_row_per_page():
    runs = [
        _run("postgresql", 10_000, 30, 40),
        _run("sqlite", 1_000_000, 45, 1576, met=False),
        _run("sqlite", 10_000, 20, 30),
    ]
    lines = tables(runs).splitlines()
    assert lines[0] == (
        "| page (median ms, warm / after a write) | SQLite 10k | SQLite 1M | PostgreSQL 10k |"
    )
    # The late page's number differs with the size: one row all the same.
    assert lines[2] == "| action items: by due, a late page | 18 / 22 | 18 / 22 | 18 / 22 |"
    assert lines[3] == "| dashboard | 20 / 30 | 45 / 1,576 ✗ | 30 / 40 |"
    assert lines[4] == "| dashboard, cold (cache emptied) | 60 | 3,152 | 80 |"
    assert len(lines) == 5


def _why(request_ms: float) -> dict:
    return {
        "series": "after a write",
        "request_ms": request_ms,
        "sql_ms": 60.5,
        "queries": 14,
        "slowest_queries": [{"ms": 40.0, "sql": "SELECT COUNT(*) FROM " + "x" * 200}],
        "most_own_time": [{"function": "sqlite3.Cursor.execute", "calls": 14, "ms": 60.5}],
    }


def test_a_missed_page_is_explained_by_its_profile_at_the_largest_size_it_misses():
    small, large = _run("sqlite", 10_000, 60, 90, met=False), _run("sqlite", 1_000_000, 70, 99)
    large["pages"][1].update(met=False, target="<= 50 ms", why=_why(120.0))
    small["pages"][1].update(target="<= 50 ms", why=_why(95.0))
    passed = _run("postgresql", 10_000, 20, 30)
    text = tables([small, passed, large])
    assert "Where a page misses its goal, one request of it profiled:" in text
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == [
        "- **dashboard**, SQLite 1M: 70 / 99 ms (goal <= 50 ms); profiled after a write: "
        "120 ms, of which 60.5 ms in 14 queries; slowest: 40 ms `SELECT COUNT(*) FROM "
        + "x" * 118
        + "…`; most time of their own: `sqlite3.Cursor.execute` 60.5 ms (14 calls)"
    ]


def test_load_tests_show_the_share_of_read_only_throughput_kept_with_writes():
    text = tables([_loadtest("sqlite", 0.1, 39.0, errors=2), _loadtest("sqlite", 0.0, 91.0)])
    rows = text.splitlines()[2:]
    assert rows[0] == "| SQLite, 100k | 20 | read-only | 91.0 | 120 | 480 | 0 | – |"
    assert rows[1] == "| SQLite, 100k | 20 | 10% writes | 39.0 | 120 | 480 | 2 | 43% |"


def test_the_readme_changes_only_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Tracker\n\n## Performance\n<!-- bench:start -->\nold figures\n<!-- bench:end -->\n"
        "Typed text after.\n"
    )
    figures = tmp_path / "run.json"
    figures.write_text(json.dumps(_run("sqlite", 10_000, 20, 30)))
    assert main([str(figures), "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("# Tracker\n\n## Performance\n<!-- bench:start -->\n")
    assert text.endswith(
        "| dashboard, cold (cache emptied) | 60 |\n\n<!-- bench:end -->\nTyped text after.\n"
    )
    assert "| dashboard | 20 / 30 |" in text and "old figures" not in text
    # Run again: the same README, not a second copy of the tables.
    assert main([str(figures), "--readme", str(readme)]) == 0
    assert readme.read_text() == text


@pytest.mark.parametrize(
    "readme", ["no markers", "<!-- bench:end --> <!-- bench:start -->", "<!-- bench:start -->"]
)
def test_a_readme_without_its_markers_in_order_is_refused(readme):
    with pytest.raises(ValueError, match="bench:start"):
        readme_rewrite(readme, "| table |")


def test_a_load_test_file_holds_both_its_phases(tmp_path, capsys):
    figures = tmp_path / "loadtest.json"
    figures.write_text(
        json.dumps([_loadtest("postgresql", 0.0, 75.0), _loadtest("postgresql", 0.1, 64.0)])
    )
    assert main([str(figures)]) == 0
    assert (
        "| PostgreSQL, 100k | 20 | 10% writes | 64.0 | 120 | 480 | 0 | 85% |"
        in capsys.readouterr().out
    )
