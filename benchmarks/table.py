"""The README's performance tables, made from the figures the benchmark and the load test
wrote, never typed.

    .venv/bin/python benchmarks/table.py /tmp/summit-tracker-bench-*.json \\
        [/tmp/loadtest-*.json] [--readme README.md]

Each benchmark run (benchmarks/run.py --output) is one size on one backend; the table
has a row a page and a column a backend and size (SQLite, then PostgreSQL, smallest
first), each cell the page's median warm / on the first view after a write, in ms,
with a ✗ where the page misses its goal at that size, then for each page that misses, at
the largest size it misses on each backend, what one profiled request of it spent its
time on (benchmarks/run.py's profile_page). Load-test runs
(scripts/loadtest.py --output) make a second table: throughput and latency read-only
and with writes, and the share of the read-only throughput kept.

With --readme, the tables replace what stands between the README's markers
`<!-- bench:start -->` and `<!-- bench:end -->`; without, they are printed.
"""

import argparse
import json
import re
import sys
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def page_key(name: str) -> str:
    """A page's name without what differs from one size to the next: the record it shows
    ("summit page (14th …)") and the late page's number."""
    name = name.split(" (")[0]
    return re.sub(r"by due, page \d+", "by due, a late page", name)


def size(items: int) -> str:
    """10000 -> "10k", 1000000 -> "1M"."""
    if items >= 1_000_000 and items % 1_000_000 == 0:
        return f"{items // 1_000_000}M"
    if items >= 1000 and items % 1000 == 0:
        return f"{items // 1000}k"
    return f"{items:,}"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def pages_table(runs: list[dict]) -> str:
    runs = sorted(runs, key=lambda run: (list(BACKENDS).index(run["backend"]), run["items"]))
    columns = [f"{BACKENDS[run['backend']]} {size(run['items'])}" for run in runs]
    names: list[str] = []  # in the order the benchmark measures them
    cells: dict[tuple[str, int], str] = {}
    for column, run in enumerate(runs):
        for page in run["pages"]:
            key = page_key(page["name"])
            if key not in names:
                names.append(key)
            cell = f"{_ms(page['median_ms'])} / {_ms(page.get('after_write_median_ms'))}"
            cells[key, column] = cell if page["met"] else f"{cell} ✗"
    lines = [
        "| page (median ms, warm / after a write) | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in names:
        row = [cells.get((name, column), "") for column in range(len(runs))]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    cold = [
        (column, page)
        for column, run in enumerate(runs)
        for page in run["pages"]
        if page.get("cold_median_ms") is not None
    ]
    for name in dict.fromkeys(page_key(page["name"]) for _, page in cold):
        row = [""] * len(runs)
        for column, page in cold:
            if page_key(page["name"]) == name:
                row[column] = _ms(page["cold_median_ms"])
        lines.append(f"| {name}, cold (cache emptied) | " + " | ".join(row) + " |")
    return "\n".join(lines)


def _sql(sql: str, length: int = 140) -> str:
    return sql if len(sql) <= length else sql[: length - 1] + "…"


def why_missed(why: dict) -> str:
    """What a missed page's profiled request spent its time on, in one line."""
    queries = "; ".join(
        f"{query['ms']:g} ms `{_sql(query['sql'])}`" for query in why["slowest_queries"]
    )
    functions = ", ".join(
        f"`{function['function']}` {function['ms']:g} ms ({function['calls']:,} calls)"
        for function in why["most_own_time"]
    )
    return (
        f"profiled {why['series']}: {why['request_ms']:g} ms, of which {why['sql_ms']:g} ms "
        f"in {why['queries']} queries; slowest: {queries}; most time of their own: {functions}"
    )


def missed_list(runs: list[dict]) -> str:
    """A line for each page and backend where the page misses: at the largest size it
    misses, its medians, its goal and why (its profile)."""
    largest: dict[tuple[str, str], tuple[dict, dict]] = {}
    for run in sorted(runs, key=lambda run: run["items"]):
        for page in run["pages"]:
            if not page["met"] and page.get("why"):
                largest[page_key(page["name"]), run["backend"]] = (run, page)
    lines = []
    for (name, backend), (run, page) in sorted(
        largest.items(), key=lambda item: (item[0][0], list(BACKENDS).index(item[0][1]))
    ):
        after = page.get("after_write_median_ms")
        medians = _ms(page["median_ms"]) + ("" if after is None else f" / {_ms(after)}")
        lines.append(
            f"- **{name}**, {BACKENDS[backend]} {size(run['items'])}: {medians} ms "
            f"(goal {page['target']}); {why_missed(page['why'])}"
        )
    return "\n".join(lines)


def loadtest_table(runs: list[dict]) -> str:
    """One row a backend and mix; the share of read-only throughput kept with writes."""
    runs = sorted(
        runs,
        key=lambda run: (
            list(BACKENDS).index(run["backend"]),
            run["items"],
            run["write_share"],
        ),
    )
    read_only = {
        (run["backend"], run["items"]): run["requests_per_second"]
        for run in runs
        if not run["write_share"]
    }
    lines = [
        "| backend, items | users | mix | requests/s | p50 ms | p95 ms | errors | "
        "of read-only throughput |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        base = read_only.get((run["backend"], run["items"]))
        kept = f"{run['requests_per_second'] / base:.0%}" if base and run["write_share"] else "–"
        mix = f"{run['write_share']:.0%} writes" if run["write_share"] else "read-only"
        lines.append(
            f"| {BACKENDS[run['backend']]}, {size(run['items'])} | {run['users']} | {mix} | "
            f"{run['requests_per_second']:.1f} | {_ms(run['p50_ms'])} | {_ms(run['p95_ms'])} | "
            f"{run['errors']} | {kept} |"
        )
    return "\n".join(lines)


def tables(figures: list[dict]) -> str:
    """The Markdown of every run given: benchmark runs hold "pages", load tests do not."""
    benchmarks = [run for run in figures if "pages" in run]
    loadtests = [run for run in figures if "requests_per_second" in run]
    parts = []
    if benchmarks:
        parts.append(pages_table(benchmarks))
        missed = missed_list(benchmarks)
        if missed:
            parts.append(f"Where a page misses its goal, one request of it profiled:\n\n{missed}")
    if loadtests:
        parts.append(loadtest_table(loadtests))
    return "\n\n".join(parts)


def readme_rewrite(readme: str, generated: str) -> str:
    """The README with `generated` between its markers, the rest untouched."""
    start, end = readme.find(START), readme.find(END)
    if readme.count(START) != 1 or readme.count(END) != 1 or start > end:
        raise ValueError(f"the README needs one {START} and, after it, one {END}")
    head, rest = readme.split(START)
    _, tail = rest.split(END)
    note = "<!-- Generated by benchmarks/table.py from the benchmark's and load test's figures. -->"
    return f"{head}{START}\n{note}\n\n{generated}\n\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="+", type=Path, help="JSON files the runs wrote")
    parser.add_argument("--readme", type=Path, help="rewrite this README's performance tables")
    args = parser.parse_args(argv)
    figures = []
    for path in args.figures:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        # A load test with writes holds both its phases.
        figures.extend(loaded if isinstance(loaded, list) else [loaded])
    generated = tables(figures)
    if not generated:
        parser.error("none of the files holds a benchmark's or a load test's figures")
    if args.readme:
        text = args.readme.read_text(encoding="utf-8")
        try:
            args.readme.write_text(readme_rewrite(text, generated), encoding="utf-8")
        except ValueError as error:
            parser.error(str(error))
        print(f"Rewrote the tables between the markers of {args.readme}")
    else:
        print(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
