"""The benchmark's page measurement on the suite's own database: a list filter that finds
nothing (only its COUNT runs, no page query) is measured like any other, raw SQL and all;
a page that misses its goal is profiled in the series that missed."""

import pytest

from benchmarks.run import (
    Page,
    PageResult,
    _query_shape,
    measure_page,
    missed_series,
    profile_page,
)

pytestmark = pytest.mark.usefixtures("seed")


@pytest.mark.parametrize("url", ["/action-items/", "/action-items/?q=zzzq"])
def test_a_list_is_measured_with_the_sql_it_ran(viewer_client, url):
    result = measure_page(viewer_client, "action items", url, 2, "summits_actionitem")
    assert result.median_ms > 0 and result.queries > 1
    assert result.raw_sql_ms is not None


def test_a_profiled_request_names_its_slowest_queries_and_busiest_functions(viewer_client):
    writes = []
    why = profile_page(viewer_client, "/action-items/", lambda: writes.append(1))
    assert writes == [1]  # the series' write before the request, as the timed ones had
    assert why["queries"] > 1 and 0 <= why["sql_ms"] <= why["request_ms"]
    slowest = [query["ms"] for query in why["slowest_queries"]]
    assert slowest == sorted(slowest, reverse=True) and len(slowest) == 3
    # Reads only (a union of two, the permissions, starts with a parenthesis).
    assert all(query["sql"].lstrip("(").startswith("SELECT") for query in why["slowest_queries"])
    busiest = why["most_own_time"]
    assert len(busiest) == 5 and [f["ms"] for f in busiest] == sorted(
        (f["ms"] for f in busiest), reverse=True
    )
    # Paths from the project or the package on, not from the machine's root.
    assert not any(function["function"].startswith("/") for function in busiest)
    assert not any(" at 0x" in function["function"] for function in busiest)


@pytest.mark.parametrize(
    ("after", "cold", "series"),
    [
        (90.0, 30.0, "after a write"),
        (45.0, 80.0, "cold"),
        (45.0, 30.0, "warm"),
        (95.0, None, "after a write"),
    ],
)
def test_a_missed_page_is_profiled_in_the_first_series_that_misses(after, cold, series):
    page = Page("dashboard", "/", cold=True)
    result = PageResult("dashboard", "/", 60.0 if series == "warm" else 40.0, 70.0, 5)
    result.after_write_median_ms, result.after_write_ratio = after, after / result.median_ms
    result.cold_median_ms = cold
    assert missed_series(page, result) == series


@pytest.mark.parametrize(
    ("sql", "shape"),
    [
        ('SELECT "t"."a", (SELECT 1 FROM u) FROM "t"\n  WHERE 1', 'SELECT … FROM "t" WHERE 1'),
        ("SELECT DISTINCT a, b FROM t", "SELECT DISTINCT … FROM t"),
        ("SELECT COUNT(*) FROM (SELECT a FROM t) s", "SELECT … FROM (SELECT a FROM t) s"),
        ("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)"),
    ],
)
def test_a_profiled_query_is_shown_without_its_column_list(sql, shape):
    assert _query_shape(sql) == shape
