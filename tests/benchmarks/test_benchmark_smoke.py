"""The benchmark runs end to end on a tiny database (the full run is `make bench`).

It runs in its own processes on its own database, of the backend this suite runs on.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

from benchmarks.run import drop_database
from summits.queries import PICKABLE

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 300


def _bench_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = settings.DATABASES["default"]
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        name = f"summit_tracker_bench_smoke_{os.getpid()}"
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    return f"sqlite:///{tmp_path / 'bench.sqlite3'}"


def test_benchmark_measures_every_page_and_writes_its_figures(tmp_path):
    url, output = _bench_url(tmp_path), tmp_path / "bench.json"
    command = [
        sys.executable,
        "benchmarks/run.py",
        f"--database-url={url}",
        f"--items={ITEMS}",
        "--import-records=200",
        "--requests=2",
        f"--output={output}",
    ]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        drop_database(url)
    assert done.returncode == 0, done.stderr[-3000:]

    results = json.loads(output.read_text())
    assert results["backend"] == connection.vendor
    assert results["items"] == ITEMS
    assert results["generation"]["counts"]["summits.ActionItem"] == ITEMS
    assert results["import"]["loaddata_s"] > 0 and results["import"]["import_report_s"] > 0
    pages = {page["name"].split(" (")[0]: page for page in results["pages"]}
    assert set(pages) == {
        "action items: no filter",
        "action items: status + sector",
        "action items: text search",
        f"action items: by due, page {ITEMS // 25 * 9 // 10}",
        "action items: 0 rows",
        "meetings: no filter",
        "agreements: no filter",
        "agreements: mechanism not met",
        "documents: no filter",
        "API action items: no filter",
        "API action items: status + sector",
        "API meetings: no filter",
        "dashboard",
        "follow-up queues",
        "admin: action items, status + sector",
        "summit page with readiness",
        "agreement page",
        "document page",
        "brief, docx",
        "brief, pdf",
        "search page",
        *(
            f"{kind} picker, {typed}"
            for kind in PICKABLE
            for typed in ["3 letters", "a whole name"]
        ),
        "meeting picker, a session by number",
    }
    for page in pages.values():
        assert 0 < page["median_ms"] <= page["p95_ms"]
        assert page["queries"] > 2  # the session and the user, then the page's own
        # Every page also right after a write, its queries counted without the write's.
        assert 0 < page["after_write_median_ms"] <= page["after_write_p95_ms"]
        assert page["after_write_ratio"] > 0
        assert 2 < page["after_write_queries"] < page["queries"] + 20
        assert page["target"] and ("after/warm" in page["target"])
    # A page that misses its goal is profiled once more, in the series that missed.
    for page in pages.values():
        assert (page["why"] is None) == page["met"]
    missed = [page for page in pages.values() if not page["met"]]
    for page in missed:
        assert page["why"]["series"] in {"after a write", "cold", "warm"}
        assert page["why"]["queries"] > 2 and page["why"]["most_own_time"]
        assert f"{page['name']}: profiled {page['why']['series']}" in done.stdout
    profiled_after_a_write = sum(page["why"]["series"] == "after a write" for page in missed)
    # A write before each of those requests: the warm-up, the one whose queries are
    # counted, then the timed ones (--requests=2); and before each profile after a write.
    assert results["writes"] == len(results["pages"]) * (1 + 1 + 2) + profiled_after_a_write
    assert f"({results['writes']:,} recorded)" in done.stdout
    cold = {name for name, page in pages.items() if page["cold_median_ms"] is not None}
    assert cold == {"dashboard", "summit page with readiness"}
    lists = [page for name, page in pages.items() if ":" in name and "admin" not in name]
    assert all(page["raw_sql_ms"] is not None for page in lists)
    # Every item in every export, and each due date in the feed; each with its figures.
    exports = {export["name"]: export for export in results["exports"]}
    assert set(exports) == {
        "CSV export",
        "XLSX export",
        "JSON export",
        "iCal feed, all due dates",
        "iCal feed, a year back (default)",
    }
    for name in ["CSV export", "XLSX export", "JSON export"]:
        assert exports[name]["rows"] == ITEMS
    assert 0 < exports["iCal feed, all due dates"]["rows"] <= ITEMS
    for export in exports.values():
        assert export["rows"] == export["expected_rows"]
        assert export["seconds"] > 0 and export["peak_mb"] > 0
        assert f"{export['name']}, {export['rows']:,} records" in done.stdout
    assert "action items: no filter" in done.stdout and str(output) in done.stdout
