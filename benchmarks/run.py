"""Benchmark the tracker at a ministry archive's size, against the goals of issue 17.

    .venv/bin/python benchmarks/run.py [--database-url URL] [--items 100000] [--requests 20]

Creates the benchmark database afresh (its name must contain "bench": it is deleted
first), migrates it and fills it with `generate_synthetic`, then measures

- `import_report` against `loaddata` on the same 50,000-record report fixture (built by
  benchmarks/import_vs_loaddata.py), each timed inside its process on a fresh database;
- the list pages (action items: no filter, status + sector, text search, sort by due on
  a late page, a filter that finds nothing; meetings; agreements, also those whose
  mechanisms have not met; outcome documents) and the API's lists of action items and
  meetings (a page of 50 records), the dashboard, the follow-up queues, the admin's
  action items by status and sector (as an analyst), the summit page with its
  readiness and its briefs, the pages of the agreement and the document with the most
  commitments, the site search (`/search/?q=trade`) and the filter boxes' pickers
  (`/pick/<kind>/?q=`, a few letters and a whole name, for each kind), through Django's
  test client as a signed-in viewer: median and 95th percentile and queries per page,
  warm and on the first view right after an analyst's write (a status update recorded
  through the services before each request), the dashboard and the summit page also
  with the cache emptied, and for the lists the time of the raw SQL that fetches the
  same page and count;
- the exports of every action item (CSV, XLSX, JSON) and the calendar feed of their due
  dates (the whole history, and the default year back): time, and peak memory traced by
  tracemalloc while the file is made and read to its end.

It prints a table and writes the figures as JSON (benchmarks/table.py makes the
README's table of several runs from them). `--reuse` keeps a benchmark database that
already holds data (skips generation), to measure again after a change.
"""

import argparse
import cProfile
import csv
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `benchmarks` and the project importable
    sys.path.insert(0, str(ROOT))

from benchmarks.import_vs_loaddata import build_fixture  # noqa: E402
from benchmarks.table import why_missed  # noqa: E402

DEFAULT_URL = "sqlite:////tmp/summit-tracker-bench.sqlite3"
TARGET_IMPORT_RATIO = 10
# Issue 17, at up to 1,000,000 items on SQLite and PostgreSQL: every page's median within
# 50 ms warm and on the first view right after a write, that view at most twice the warm
# one; the dashboard and a summit's readiness within 50 ms with the cache emptied; a
# list's fixed cost (a filter that finds nothing) within 8 ms.
TARGET_PAGE_MS = 50
TARGET_AFTER_WRITE_RATIO = 2
TARGET_COLD_MS = 50
TARGET_FIXED_COST_MS = 8
# Queries of a list, an API list or a record's page (issue 6).
TARGET_QUERIES = 8
# A pre-summit brief of a summit with 1,600 commitments, rendered in under 3 s.
TARGET_BRIEF_MS = 3000
TARGET_EXPORT_S = 5
TARGET_EXPORT_PEAK_MB = 200
# A page that misses its goal is profiled once more: its slowest queries and the functions
# that spent the most time of their own.
PROFILE_QUERIES = 3
PROFILE_FUNCTIONS = 5
# A word of the synthetic items' texts ("a shipbuilding partnership"): a page or more.
SEARCH_WORD = "shipbuilding"
# The header's search for a common word: every kind of record, each with its count.
SITE_SEARCH = "trade"
# The session, the user and the permission to read, then two queries a kind at most
# (summits.queries.search.KINDS).
SITE_SEARCH_FIXED_QUERIES = 4
PER_PAGE = 25
# Run in a fresh process: time one management command, or count the records.
TIMED_COMMAND = (
    "import sys, time, django; django.setup(); "
    "from django.core.management import call_command; started = time.perf_counter(); "
    "call_command(*sys.argv[1:]); print(); print(time.perf_counter() - started)"
)
RECORD_COUNTS = (
    "import json, django; django.setup(); from summits.models import record_models; "
    "print(json.dumps({m._meta.label: m.objects.count() for m in record_models()}))"
)


# Databases ------------------------------------------------------------------------------


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def sibling_url(url: str, suffix: str) -> str:
    """Another database next to `url`: "/tmp/bench.sqlite3" -> "/tmp/bench-import.sqlite3"."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        path = path.with_name(f"{path.stem}-{suffix}{path.suffix}")
        return f"sqlite:///{path}"
    return urlunsplit(parts._replace(path=f"/{database_name(url)}_{suffix}"))


def _sqlite_path(url: str) -> Path:
    import dj_database_url

    return Path(dj_database_url.parse(url)["NAME"])


def _admin_connection(url: str):
    """A connection to the server's own "postgres" database, to create and drop others."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def drop_database(url: str) -> None:
    if urlsplit(url).scheme == "sqlite":
        # With the WAL journal (tracker/settings.py), a killed run may leave its journal
        # files; a new database paired with an old journal would be corrupt.
        path = _sqlite_path(url)
        for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            file.unlink(missing_ok=True)
        return
    from psycopg import sql

    with _admin_connection(url) as admin:
        name = sql.Identifier(database_name(url))
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def create_database(url: str, template: str | None = None) -> None:
    """An empty database (or a copy of `template`), replacing any of the same name."""
    if "bench" not in database_name(url):
        raise SystemExit(f"refusing to replace {url}: a benchmark database's name has 'bench'")
    drop_database(url)
    if urlsplit(url).scheme == "sqlite":
        if template:
            shutil.copyfile(_sqlite_path(template), _sqlite_path(url))
        return
    from psycopg import sql

    with _admin_connection(url) as admin:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url)))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(database_name(template)))
        admin.execute(query)


def _python(url: str, *args: str) -> str:
    """Run Python in a fresh process on database `url`; return its standard output."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "TRACKER_IMPORT_MAX_BYTES": str(1 << 30),
        "TRACKER_IMPORT_MAX_RECORDS": str(1 << 30),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


# Import against loaddata ---------------------------------------------------------------


def measure_import(url: str, records: int, *, template_made: bool) -> dict:
    """Both commands on the same fixture, each into a fresh copy of a migrated database:
    the template `main` copied from the benchmark database just migrated (`template_made`),
    else one migrated here."""
    template, by_loaddata, by_import = (
        sibling_url(url, name) for name in ("template", "loaddata", "import")
    )
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as work:
        fixture = Path(work) / "report.json"
        fixture.write_text(json.dumps(build_fixture(records)), encoding="utf-8")
        size = fixture.stat().st_size
        try:
            if not template_made:
                create_database(template)
                _python(template, "manage.py", "migrate", "--no-input")
            create_database(by_loaddata, template)
            create_database(by_import, template)
            seconds = {}
            for command, target in (("loaddata", by_loaddata), ("import_report", by_import)):
                output = _python(target, "-c", TIMED_COMMAND, command, str(fixture))
                seconds[command] = float(output.strip().splitlines()[-1])
            same = _python(by_loaddata, "-c", RECORD_COUNTS) == _python(
                by_import, "-c", RECORD_COUNTS
            )
        finally:
            for scratch in (template, by_loaddata, by_import):
                drop_database(scratch)
    if not same:
        raise RuntimeError("loaddata and import_report left different records: void benchmark")
    ratio = seconds["loaddata"] / seconds["import_report"]
    return {
        "records": records,
        "fixture_mb": round(size / 1_000_000, 1),
        "loaddata_s": round(seconds["loaddata"], 2),
        "import_report_s": round(seconds["import_report"], 2),
        "ratio": round(ratio, 1),
        "target": f">= {TARGET_IMPORT_RATIO}x",
        "met": ratio >= TARGET_IMPORT_RATIO,
    }


# Pages ---------------------------------------------------------------------------------


@dataclass
class PageResult:
    """A page's figures: warm (the cache filled), on the first view after an analyst's
    write, and for the pages whose figures are cached, cold (the cache emptied)."""

    name: str
    url: str
    median_ms: float
    p95_ms: float
    queries: int
    after_write_median_ms: float | None = None
    after_write_p95_ms: float | None = None
    after_write_queries: int | None = None
    # The first view after a write over the warm view, medians (goal: at most 2x).
    after_write_ratio: float | None = None
    cold_median_ms: float | None = None
    raw_sql_ms: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool = True
    # Where a page misses its goal, what its time went to (profile_page).
    why: dict | None = None


def _median_p95(samples: list[float]) -> tuple[float, float]:
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    return statistics.median(samples) * 1000, p95 * 1000


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _get(client, url: str) -> bytes:
    """The page's body, read to the end (a streamed export too), as a browser would."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _list_queries(captured: list[dict], table: str) -> list[str]:
    """The page's own COUNT and row queries on the list's table (not filters or prefetches)."""
    source = f'FROM "{table}"'
    return [
        query["sql"]
        for query in captured
        if source in query["sql"]
        and (query["sql"].startswith("SELECT COUNT(") or " LIMIT " in query["sql"])
    ]


def _series(
    client, url: str, requests: int, before: Callable[[], object] | None
) -> tuple[list[float], list[dict]]:
    """`requests` timed requests after one warm-up, and the queries of one more request.

    `before` runs, untimed, before every request (the warm-up's too).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> float:
        if before:
            before()
        started = time.perf_counter()
        _get(client, url)
        return time.perf_counter() - started

    get()
    if before:  # outside the count: the page's queries, not the write's
        before()
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    # Copied now: the next request clears the connection's query log.
    queries = list(captured.captured_queries)
    return [get() for _ in range(requests)], queries


def measure_page(
    client,
    name: str,
    url: str,
    requests: int,
    table: str | None = None,
    write: Callable[[], object] | None = None,
    cold: Callable[[], object] | None = None,
) -> PageResult:
    """Median and p95 over `requests` warm requests, their queries counted once; then as
    many requests each right after `write` (a write the caches must see), and after
    `cold` (the cache emptied), when given. For a list (`table`), the time of the raw SQL
    of its COUNT and page query too."""
    from django.db import connection

    samples, queries = _series(client, url, requests, None)
    median, p95 = _median_p95(samples)
    result = PageResult(name, url, round(median, 1), round(p95, 1), len(queries))
    if write:
        after, after_queries = _series(client, url, requests, write)
        after_median, after_p95 = _median_p95(after)
        result.after_write_median_ms = round(after_median, 1)
        result.after_write_p95_ms = round(after_p95, 1)
        result.after_write_queries = len(after_queries)
        result.after_write_ratio = round(after_median / median, 2)
    if cold:
        result.cold_median_ms = round(_median_p95(_series(client, url, requests, cold)[0])[0], 1)
    if table:
        raw = _list_queries(queries, table)
        # A COUNT and a page query; only the COUNT when it finds nothing (no page fetched).
        if len(raw) not in (1, 2):
            raise RuntimeError(f"{url}: expected a COUNT and a page query on {table}, got {raw}")

        def run_raw() -> None:
            with connection.cursor() as cursor:
                for sql in raw:
                    cursor.execute(sql)
                    cursor.fetchall()

        run_raw()
        raw_ms = statistics.median(_timed(run_raw, requests)) * 1000
        result.raw_sql_ms = round(raw_ms, 2)
        result.ratio = round(median / raw_ms, 1) if raw_ms else None
    return result


@dataclass
class Page:
    """A page to measure and what it is held to beyond the goals every page has."""

    name: str
    url: str
    table: str | None = None  # a list: its raw SQL timed too
    analyst: bool = False  # read as an analyst (the admin) rather than a viewer
    most_ms: float = TARGET_PAGE_MS
    most_queries: int | None = None
    cold: bool = False  # its figures are cached: measured with the cache emptied too


def judge(page: Page, result: PageResult) -> PageResult:
    """Issue 17's goals: the median within `most_ms` warm and on the first view after a
    write, that one at most twice the warm view; cold within the cold goal; queries
    within the page's cap."""
    goals = [f"<= {page.most_ms:g} ms warm and after a write"]
    met = result.median_ms <= page.most_ms
    if result.after_write_median_ms is not None:
        goals.append(f"after/warm <= {TARGET_AFTER_WRITE_RATIO:g}x")
        met = met and result.after_write_median_ms <= page.most_ms
        met = met and result.after_write_ratio <= TARGET_AFTER_WRITE_RATIO
    if result.cold_median_ms is not None:
        goals.append(f"cold <= {TARGET_COLD_MS} ms")
        met = met and result.cold_median_ms <= TARGET_COLD_MS
    if page.most_queries is not None:
        goals.append(f"<= {page.most_queries} queries")
        met = met and max(result.queries, result.after_write_queries or 0) <= page.most_queries
    result.target, result.met = ", ".join(goals), met
    return result


def missed_series(page: Page, result: PageResult) -> str:
    """Which of a missed page's series to profile: the first that misses, of after a
    write, cold and warm."""
    if result.after_write_median_ms is not None and (
        result.after_write_median_ms > page.most_ms
        or result.after_write_ratio > TARGET_AFTER_WRITE_RATIO
    ):
        return "after a write"
    if result.cold_median_ms is not None and result.cold_median_ms > TARGET_COLD_MS:
        return "cold"
    return "warm"


def _function_name(key: tuple[str, int, str]) -> str:
    """A profiled function as "summits/queries/readiness.py:40(readiness)", a library's
    or the standard library's from its package on, a built-in as Python names it."""
    path, line, function = key
    if path == "~":  # a built-in, or a function without a file: no address, which varies
        return re.sub(r" at 0x[0-9a-f]+", "", function)
    path = path.split("site-packages/")[-1]
    for home in (ROOT, sysconfig.get_paths()["stdlib"]):  # the project's, the standard library's
        path = path.removeprefix(f"{home}/")
    return f"{path}:{line}({function})"


def _query_shape(sql: str) -> str:
    """A query on one line without its column list, which says the least about its cost:
    'SELECT … FROM "summits_actionitem" WHERE …', at most 300 characters."""
    sql = " ".join(sql.split())
    head = re.match(r"SELECT (DISTINCT )?", sql)
    if head:
        depth = 0  # the list's end: its first FROM outside a subquery's parentheses
        for at in range(head.end(), len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[at], 0)
            if depth == 0 and sql.startswith(" FROM ", at):
                sql = f"{head.group()}…{sql[at:]}"
                break
    return sql[:300]


def profile_page(client, url: str, before: Callable[[], object] | None) -> dict:
    """One request, after `before` (untimed), under cProfile with each query's execution
    timed: the time in SQL, the slowest queries and the functions that spent the most
    time of their own (a query's wait is its driver's `execute`, and on SQLite also its
    `fetchmany`: SQLite steps to each row as it is read). cProfile slows Python code, so
    the request takes longer than the timed ones: the shares are what counts."""
    from django.db import connection

    queries: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    if before:
        before()
    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        profiler.enable()
        _get(client, url)
        profiler.disable()
        request_ms = (time.perf_counter() - started) * 1000
    queries.sort(key=lambda query: query[0], reverse=True)
    own_time = sorted(pstats.Stats(profiler).stats.items(), key=lambda item: -item[1][2])
    return {
        "request_ms": round(request_ms, 1),
        "sql_ms": round(sum(ms for ms, _ in queries), 1),
        "queries": len(queries),
        "slowest_queries": [
            {"ms": round(ms, 1), "sql": _query_shape(sql)} for ms, sql in queries[:PROFILE_QUERIES]
        ],
        "most_own_time": [
            {"function": _function_name(key), "calls": calls, "ms": round(own * 1000, 1)}
            for key, (_, calls, own, _, _) in own_time[:PROFILE_FUNCTIONS]
        ],
    }


class AnalystWrites:
    """What analysts do all day, done before each request of an after-a-write series: a
    status update, with a news report as evidence, on an open item of the summit whose
    page is measured, through the service every form and the API use. The status moves
    each time, so the figures the pages show do change."""

    STATUSES = ("in_progress", "stalled", "partially_fulfilled")

    def __init__(self, analyst, summit) -> None:
        from summits.models import ActionItem, Source
        from summits.queries import open_items_q

        items = ActionItem.objects.filter(open_items_q()).order_by("pk")
        self.items = list(items.filter(target_summit=summit)[:50]) or list(items[:50])
        self.evidence = Source.objects.filter(kind=Source.Kind.NEWS_REPORT).order_by("pk").first()
        self.analyst, self.done = analyst, 0

    def __call__(self) -> None:
        from django.utils import timezone

        from summits.services import status_update_record

        item = self.items[self.done % len(self.items)]
        status_update_record(
            action_item=item,
            status=self.STATUSES[self.done % len(self.STATUSES)],
            as_of=timezone.localdate(),
            note=f"Benchmark write {self.done + 1}: confirmed by the ministry's press office.",
            evidence=[self.evidence] if self.evidence else [],
            author=self.analyst,
        )
        self.done += 1


def empty_cache() -> None:
    """Every cached figure and menu forgotten (sessions stay: they are written through
    to the database)."""
    from django.core.cache import cache

    cache.clear()


def pages_to_measure() -> tuple[list[Page], object]:
    """Every page the benchmark times, and the summit most items are due for (the
    heaviest summit page, whose items the writes change)."""
    from django.db.models import Count
    from django.urls import reverse

    from summits.models import ActionItem, Agreement, Meeting, OutcomeDocument, Summit
    from summits.queries.search import KINDS

    items = ActionItem.objects.count()
    late_page = max(1, (items // PER_PAGE) * 9 // 10)
    status_sector = "status=in_progress&sector=trade"
    items_table, agreements_table = "summits_actionitem", "summits_agreement"
    pages = [
        Page("action items: no filter", "/action-items/", "summits_actionitem"),
        Page("action items: status + sector", f"/action-items/?{status_sector}", items_table),
        Page("action items: text search", f"/action-items/?q={SEARCH_WORD}", "summits_actionitem"),
        Page(
            f"action items: by due, page {late_page}",
            f"/action-items/?sort=due&page={late_page}",
            "summits_actionitem",
        ),
        Page("meetings: no filter", "/meetings/", "summits_meeting"),
        Page("agreements: no filter", "/agreements/", "summits_agreement"),
        Page("agreements: mechanism not met", "/agreements/?mechanism_idle=12", agreements_table),
        Page("documents: no filter", "/documents/", "summits_outcomedocument"),
    ]
    for page in pages:
        page.most_queries = TARGET_QUERIES
    # A list's fixed cost: a filter on an indexed column that finds nothing (a meeting
    # no item comes from), so that the request, session, table and template are all.
    idle = Meeting.objects.filter(action_items__isnull=True).order_by("pk").first()
    if idle:
        pages.append(
            Page(
                "action items: 0 rows (fixed cost)",
                f"/action-items/?origin={idle.slug}",
                "summits_actionitem",
                most_ms=TARGET_FIXED_COST_MS,
                most_queries=TARGET_QUERIES,
            )
        )
    pages += [
        Page("API action items: no filter", "/api/action-items/", "summits_actionitem"),
        Page(
            "API action items: status + sector",
            f"/api/action-items/?{status_sector}",
            "summits_actionitem",
        ),
        Page("API meetings: no filter", "/api/meetings/", "summits_meeting"),
    ]
    for page in pages[-3:]:
        page.most_queries = TARGET_QUERIES
    pages += [
        Page("dashboard", "/", cold=True),
        Page("follow-up queues", reverse("summits:follow-up")),
        # The analysts' main tool: items by status and sector, 100 rows a page.
        Page(
            "admin: action items, status + sector",
            "/admin/summits/actionitem/?status__exact=in_progress&sector=trade",
            analyst=True,
        ),
    ]
    summit = (
        Summit.objects.annotate(n=Count("action_items"))
        .order_by("-n", "pk")
        .select_related("series")
        .first()
    )
    # The agreement and the document most commitments come from: their heaviest pages.
    agreement = Agreement.objects.annotate(n=Count("action_items")).order_by("-n", "pk").first()
    document = (
        OutcomeDocument.objects.annotate(n=Count("paragraphs__action_items"))
        .order_by("-n", "pk")
        .first()
    )
    # The summit page holds its readiness (there is no page of readiness alone).
    pages.append(
        Page(
            f"summit page with readiness ({summit})",
            summit.get_absolute_url(),
            most_queries=TARGET_QUERIES,
            cold=True,
        )
    )
    for name, record in [
        (f"agreement page ({agreement.slug})", agreement),
        (f"document page ({document.slug})", document),
    ]:
        pages.append(Page(name, record.get_absolute_url(), most_queries=TARGET_QUERIES))
    # Its pre-summit brief, rendered on request: each a whole document.
    for extension in ("docx", "pdf"):
        url = reverse("summits:summit-brief", args=[summit.series.slug, summit.number, extension])
        pages.append(Page(f"brief, {extension} ({summit})", url, most_ms=TARGET_BRIEF_MS))
    pages.append(
        Page(
            f"search page (q={SITE_SEARCH})",
            f"/search/?q={SITE_SEARCH}",
            most_queries=SITE_SEARCH_FIXED_QUERIES + 2 * len(KINDS),
        )
    )
    pages += [Page(name, url) for name, url in picker_urls()]
    return pages, summit


def measure_pages(
    clients: dict[str, object], analyst, requests: int
) -> tuple[list[PageResult], int]:
    """Each page warm, then on the first view after an analyst's write; the pages whose
    figures are cached also cold. `clients`: signed in as a "viewer" and an "analyst".
    Returns the figures and how many writes were made."""
    pages, summit = pages_to_measure()
    write = AnalystWrites(analyst, summit)
    results = []
    for page in pages:
        # A brief is a whole document: a few requests.
        runs = min(requests, 3) if page.name.startswith("brief") else requests
        client = clients["analyst" if page.analyst else "viewer"]
        result = measure_page(
            client,
            page.name,
            page.url,
            runs,
            page.table,
            write=write,
            cold=empty_cache if page.cold else None,
        )
        judge(page, result)
        if not result.met:
            series = missed_series(page, result)
            before = {"after a write": write, "cold": empty_cache}.get(series)
            result.why = {"series": series, **profile_page(client, page.url, before)}
        results.append(result)
    return results, write.done


def picker_urls() -> list[tuple[str, str]]:
    """For each kind a picker offers, what one types: the first letters of a record's
    name (many match), then its whole name (one does), and for meetings a session's
    number as reports write it."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from summits.models import Agreement, Meeting, OutcomeDocument
    from summits.queries import PICKABLE

    urls = []
    for kind, model in PICKABLE.items():
        records = model.objects.order_by("pk")
        if not records.exists():  # a --reuse'd database generated before some kind was
            continue
        middle = records[records.count() // 2]  # not the first written: no head start
        name = middle.title if model in (Meeting, Agreement, OutcomeDocument) else middle.name
        for typed, what in [(name[:3], "3 letters"), (name, "a whole name")]:
            query = urlencode({"q": typed})
            urls.append(
                (f"{kind} picker, {what}", f"{reverse('summits:pick', args=[kind])}?{query}")
            )
    session = Meeting.objects.filter(kind=Meeting.Kind.COMMISSION_SESSION).order_by("pk").first()
    if session:
        typed = f"{session.commission.acronym or session.commission.name} {session.session_number}"
        query = urlencode({"q": typed})
        urls.append(
            (
                "meeting picker, a session by number",
                f"{reverse('summits:pick', args=['meeting'])}?{query}",
            )
        )
    return urls


def _rows_in(kind: str, body: bytes) -> int:
    """The records a file holds: its data rows, or its calendar's events."""
    if kind == "csv":
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
    if kind == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
        return sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
    if kind == "json":
        return len(json.loads(body))
    return body.count(b"BEGIN:VEVENT")


def _traced_peak_mb(client, url: str) -> float:
    """Peak memory while the file is made and read piece by piece, as a server sends it."""
    tracemalloc.start()
    try:
        response = client.get(url)
        # The test client closes a streamed response once it is read to its end.
        for _piece in response.streaming_content if response.streaming else [response.content]:
            pass
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


def measure_exports(client, user) -> list[dict]:
    """Each export of every action item, and the feed of their due dates: time untraced,
    then peak memory traced (tracing slows it); each checked to hold every record."""
    from django.test.utils import override_settings
    from django.utils import timezone

    from summits.feeds import DEFAULT_HISTORY
    from summits.fuzzydates import ends_on_or_after_q
    from summits.models import ActionItem, CalendarFeedToken
    from summits.queries import open_items_q

    token = CalendarFeedToken.objects.get_or_create(user=user)[0].token  # kept by --reuse
    feed = f"/calendar/feed/{token}.ics?include=action-items"
    # The feed's due dates: an item with a final status is due no more.
    dated = ActionItem.objects.filter(open_items_q(), due_start__isnull=False)
    year_back = timezone.localdate() - DEFAULT_HISTORY
    items = ActionItem.objects.count()
    exports = [
        ("CSV export", "csv", "/action-items/?_export=csv", items),
        ("XLSX export", "xlsx", "/action-items/?_export=xlsx", items),
        ("JSON export", "json", "/action-items/?_export=json", items),
        ("iCal feed, all due dates", "ics", f"{feed}&since=1900-01-01", dated.count()),
        (
            "iCal feed, a year back (default)",
            "ics",
            feed,
            dated.filter(ends_on_or_after_q("due", year_back)).count(),
        ),
    ]
    results = []
    # Timed as the writer runs, in the request: above TRACKER_BACKGROUND_EXPORT_ROWS the
    # list hands an XLSX export to the task worker, which runs the same writer.
    with override_settings(TRACKER_BACKGROUND_EXPORT_ROWS=items + 1):
        for name, kind, url, expected in exports:
            started = time.perf_counter()
            body = _get(client, url)
            seconds = time.perf_counter() - started
            rows = _rows_in(kind, body)
            del body
            peak_mb = _traced_peak_mb(client, url)
            results.append(
                {
                    "name": name,
                    "url": url,
                    "rows": rows,
                    "expected_rows": expected,
                    "seconds": round(seconds, 2),
                    "peak_mb": round(peak_mb, 1),
                    "target": f"<= {TARGET_EXPORT_S} s, < {TARGET_EXPORT_PEAK_MB} MB",
                    "met": rows == expected
                    and seconds <= TARGET_EXPORT_S
                    and peak_mb < TARGET_EXPORT_PEAK_MB,
                }
            )
    return results


def signed_in_clients() -> tuple[dict, object, object]:
    """Test clients signed in as a viewer, as most readers are, and as an analyst (staff,
    as the admin needs); and the two users."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    users, clients = {}, {}
    for role, group, staff in [("viewer", "Viewers", False), ("analyst", "Analysts", True)]:
        user, _ = get_user_model().objects.update_or_create(
            username=f"bench-{role}", defaults={"is_staff": staff}
        )
        user.groups.add(Group.objects.get(name=group))
        clients[role] = Client()
        clients[role].force_login(user)
        users[role] = user
    return clients, users["viewer"], users["analyst"]


# Output --------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def format_table(results: dict) -> str:
    lines = [
        f"Summit tracker benchmark: {results['backend']}, {results['items']:,} action items, "
        f"{results['machine']['cpus']} CPUs",
    ]
    generation = results.get("generation")
    if generation:
        lines.append(
            f"generate_synthetic: {generation['rows']:,} rows in {generation['seconds']:.1f} s"
        )
    imported = results.get("import")
    if imported:
        lines.append(
            f"import {imported['records']:,} records: loaddata {imported['loaddata_s']:.1f} s, "
            f"import_report {imported['import_report_s']:.1f} s, {imported['ratio']:.1f}x "
            f"(target {imported['target']}: {'met' if imported['met'] else 'MISSED'})"
        )
    if "writes" in results:
        lines.append(
            f"after a write: each timed after an analyst's status update "
            f"({results['writes']:,} recorded)"
        )
    header = (
        "page",
        "warm ms (p95)",
        "after a write ms (p95)",
        "after/warm",
        "cold ms",
        "queries warm/after",
        "raw SQL ms",
        "target",
        "",
    )
    rows = [header]
    for page in results["pages"]:
        after = page.get("after_write_median_ms")
        rows.append(
            (
                page["name"],
                f"{_ms(page['median_ms'])} ({_ms(page['p95_ms'])})",
                "–" if after is None else f"{_ms(after)} ({_ms(page['after_write_p95_ms'])})",
                "–" if after is None else f"{page['after_write_ratio']:.2f}x",
                _ms(page.get("cold_median_ms")),
                f"{page['queries']}/{page.get('after_write_queries') or '–'}",
                _ms(page["raw_sql_ms"]),
                page["target"],
                "met" if page["met"] else "MISSED",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    for page in results["pages"]:
        if page.get("why"):
            lines.append(f"{page['name']}: {why_missed(page['why'])}")
    for export in results["exports"]:
        lines.append(
            f"{export['name']}, {export['rows']:,} records: {export['seconds']:.2f} s, peak "
            f"{export['peak_mb']:.1f} MB traced (target {export['target']}: "
            f"{'met' if export['met'] else 'MISSED'})"
        )
    return "\n".join(lines)


# Main ----------------------------------------------------------------------------------


def measure_all(args: argparse.Namespace, url: str, *, generate: bool) -> dict:
    import django
    from django.db import connection

    from summits.models import ActionItem
    from summits.synthetic import Sizes, synthetic_generate

    results: dict = {
        "backend": connection.vendor,
        "database": database_name(url),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
        },
    }
    if generate:
        sizes = Sizes(
            items=args.items,
            meetings=args.meetings or max(10, args.items // 10),
            updates_per_item=args.updates_per_item,
        )
        print(f"Generating {sizes.items:,} action items into {database_name(url)} …", flush=True)
        started = time.perf_counter()
        counts = synthetic_generate(sizes=sizes, seed=args.seed)
        results["generation"] = {
            "rows": sum(counts.values()),
            "seconds": round(time.perf_counter() - started, 1),
            "counts": counts,
        }
    results["items"] = ActionItem.objects.count()
    if args.import_records:
        print(f"Timing import_report against loaddata ({args.import_records:,} records) …")
        results["import"] = measure_import(url, args.import_records, template_made=generate)
    print("Timing pages …", flush=True)
    clients, viewer, analyst = signed_in_clients()
    pages, writes = measure_pages(clients, analyst, args.requests)
    results["pages"] = [asdict(page) for page in pages]
    results["writes"] = writes
    results["exports"] = measure_exports(clients["viewer"], viewer) if args.exports else []
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=None, help="default: items / 10")
    parser.add_argument("--updates-per-item", type=int, default=10)
    parser.add_argument(
        "--import-records", type=int, default=50_000, help="0 leaves the import comparison out"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep a filled benchmark database")
    parser.add_argument(
        "--no-exports",
        dest="exports",
        action="store_false",
        help="leave the exports out (at 1,000,000 items they take minutes)",
    )
    parser.add_argument(
        "--output", help="JSON file (default /tmp/summit-tracker-bench-<backend>-<items>.json)"
    )
    args = parser.parse_args(argv)
    if args.requests < 2:
        parser.error("--requests must be at least 2 (a median and a 95th percentile)")
    url = args.database_url

    reuse = args.reuse and _filled(url)
    if not reuse:
        create_database(url)
    # A reused database takes the migrations added since it was filled.
    _python(url, "manage.py", "migrate", "--no-input")
    if not reuse and args.import_records:  # the import's databases copy it: one migration
        create_database(sibling_url(url, "template"), url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # A file cache of its own, as `make serve` has without Redis: the cold views empty it
    # (empty_cache), which must touch no other program's cache.
    os.environ.pop("REDIS_URL", None)
    cache_dir = tempfile.mkdtemp(prefix="summit-bench-cache-")
    os.environ["TRACKER_CACHE_DIR"] = cache_dir
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    # Production's settings for what costs time: no query log, no template debugging.
    try:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            results = measure_all(args, url, generate=not reuse)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)

    # One file a backend and size: benchmarks/table.py sets them side by side.
    default = f"/tmp/summit-tracker-bench-{connection.vendor}-{results['items']}.json"
    output = Path(args.output or default)
    output.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(format_table(results))
    print(f"Figures written to {output}")
    return 0


def _filled(url: str) -> bool:
    """True when the database exists and holds action items."""
    try:
        output = _python(url, "-c", RECORD_COUNTS)
    except subprocess.CalledProcessError:
        return False
    return json.loads(output).get("summits.ActionItem", 0) > 0


if __name__ == "__main__":
    sys.exit(main())
