"""Time `manage.py loaddata` against `manage.py import_report` on the same report fixture.

    .venv/bin/python benchmarks/import_vs_loaddata.py [--records 50000]

Builds a synthetic report fixture in natural-key shape (sources, people, meetings with
sectors, participations, action items, status updates and citations, like a real report
but many of them), migrates one fresh SQLite database, copies it twice, loads the file
into one copy with each command (each run in its own process, start-up included), checks
both copies hold the same records, and prints both times and their ratio.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTORS = ["trade", "energy", "finance", "defence", "culture", "maritime", "education"]
COUNTRIES = ["IN", "RU", "CN", "BR", "ZA"]
UNITS_PER_GROUP = 50  # meetings sharing one place and one organisation


def build_fixture(records: int) -> list[dict]:
    """`records` records in dependency order: a meeting, its people, item, update, sources."""
    out: list[dict] = []
    unit = 0
    while len(out) < records:
        group = unit // UNITS_PER_GROUP
        country = COUNTRIES[group % len(COUNTRIES)]
        if unit % UNITS_PER_GROUP == 0:
            out += [
                _rec("place", slug=f"place-{group}", name=f"Place {group}", country=[country]),
                _rec(
                    "organisation",
                    slug=f"org-{group}",
                    name=f"Ministry {group}",
                    kind="ministry",
                    country=[country],
                ),
            ]
        day = f"2025-{unit % 12 + 1:02d}-{unit % 28 + 1:02d}"
        source, meeting, ref = f"source-{unit}", f"meeting-{unit}", f"BENCH-{unit}"
        # The previous meeting's host is this one's guest (the first has none): loaddata
        # cannot follow a reference to a later record inside a natural key.
        guests = [f"person-{unit - 1}"] if unit else []
        sectors = [[SECTORS[unit % len(SECTORS)]], [SECTORS[(unit + 3) % len(SECTORS)]]]
        quote = f"Both sides agreed to follow up on item {unit}."
        out += [
            _rec(
                "source",
                slug=source,
                title=f"Report {unit}",
                publisher="Bench News",
                published_on=day,
                url=f"https://example.org/report/{unit}",
                kind="news_report",
                text=f"Full text of report {unit}. " * 5,
            ),
            _rec(
                "person",
                slug=f"person-{unit}",
                name=f"Person {unit}",
                aliases=f"P. {unit}",
                title="Deputy Minister",
                country=[country],
                organisation=[f"org-{group}"],
            ),
            _rec(
                "meeting",
                slug=meeting,
                title=f"Talks {unit}",
                kind="bilateral",
                date_start=day,
                date_precision="day",
                place=[f"place-{group}"],
                summary=f"They discussed cooperation ({unit}).",
                sectors=sectors,
            ),
            _rec("participation", meeting=[meeting], person=[f"person-{unit}"], role="host"),
            *[
                _rec("participation", meeting=[meeting], person=[guest], role="guest")
                for guest in guests
            ],
            _rec("meetingcitation", meeting=[meeting], source=[source], quote=quote),
            _rec(
                "actionitem",
                ref=ref,
                title=f"Follow up {unit}",
                text=quote,
                sectors=sectors[:1],
                origin_meeting=[meeting],
                responsible=[[f"org-{group}"]],
                due_start="2026-01-01",
                due_precision="quarter",
                priority=2,
            ),
            _rec("actionitemcitation", action_item=[ref], source=[source], quote=quote),
            _rec(
                "statusupdate",
                action_item=[ref],
                as_of=day,
                sequence=1,
                status="in_progress",
                note="Under way.",
            ),
            _rec(
                "statusupdateevidence",
                status_update=[ref, day, 1],
                source=[source],
                quote=quote,
            ),
        ]
        unit += 1
    return out[:records]


def _rec(model: str, **fields) -> dict:
    return {"model": f"summits.{model}", "fields": fields}


def _manage(database: Path, *args: str) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_IMPORT_MAX_BYTES": str(1 << 30),
        "TRACKER_IMPORT_MAX_RECORDS": str(1 << 30),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _counts(database: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'summits_%'"
                " AND name NOT LIKE 'summits_historical%' AND name != 'summits_reportimport'"
            )
        ]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fixture = work / "bench-report.json"
        fixture.write_text(json.dumps(build_fixture(args.records)), encoding="utf-8")
        template = work / "template.sqlite3"
        _manage(template, "migrate", "--no-input")
        with_loaddata, with_import = work / "loaddata.sqlite3", work / "import.sqlite3"
        shutil.copy(template, with_loaddata)
        shutil.copy(template, with_import)
        size = fixture.stat().st_size / 1_000_000
        print(f"fixture: {args.records} records, {size:.1f} MB")
        loaddata = _manage(with_loaddata, "loaddata", str(fixture))
        print(f"loaddata:      {loaddata:8.2f} s")
        imported = _manage(with_import, "import_report", str(fixture))
        print(f"import_report: {imported:8.2f} s")
        if _counts(with_loaddata) != _counts(with_import):
            print("the two databases differ: the benchmark is void", file=sys.stderr)
            return 1
        print(f"ratio:         {loaddata / imported:8.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
