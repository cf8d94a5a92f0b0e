"""Several processes writing to one SQLite file at once, as gunicorn's workers do: every
write succeeds and none is lost.

Each writer is a real OS process with Django set up on a database file (the in-memory
test database cannot be shared), recording status updates through the service: half on
one item they all write to, half on an item of its own.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SHARED = "MARITIME-2025-1"
OWN = ["IRIGC-TEC-26/TRADE-1", "IRIGC-TEC-26/INVESTMENT-1", "IRIGC-TEC-26/FINANCE-1"]
UPDATES_EACH = 40

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's set-up for several writers"
)


def _env(database: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return clean | {
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_CACHE_DIR": str(database.parent / "cache"),
    }


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_writers_in_several_processes_all_succeed_and_nothing_is_lost(migrated_sqlite):
    from tests.seed import SEED_REPORT

    env = _env(migrated_sqlite)
    _run(env, "manage.py", "loaddata", str(SEED_REPORT), "--verbosity=0")
    before = json.loads(_run(env, "-m", "tests.tracker.test_sqlite_writers", "count"))

    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.tracker.test_sqlite_writers", "write", ref],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ref in OWN
    ]
    try:
        # Start together: each says when Django is set up, then all are told to go.
        for writer in writers:
            assert writer.stdout.readline().strip() == "ready", writer.stderr.read()[-3000:]
        for writer in writers:
            writer.stdin.write("go\n")
            writer.stdin.flush()
        results = []
        for writer in writers:
            out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err[-3000:]
            results.append(json.loads(out))
    finally:
        for writer in writers:
            writer.kill()

    errors = [error for result in results for error in result["errors"]]
    assert errors == []
    assert sum(result["written"] for result in results) == len(OWN) * UPDATES_EACH
    after = json.loads(_run(env, "-m", "tests.tracker.test_sqlite_writers", "count"))
    assert after[SHARED] == before[SHARED] + len(OWN) * UPDATES_EACH // 2
    for ref in OWN:
        assert after[ref] == before[ref] + UPDATES_EACH // 2
    # One sequence number per update of a day: none taken twice by racing writers.
    assert after["duplicate sequences"] == 0


# The writer and counter processes ---------------------------------------------------------


def _setup() -> None:
    import django

    django.setup()


def _count() -> dict[str, int]:
    from django.db.models import Count

    from summits.models import ActionItem, StatusUpdate

    counts = {ref: ActionItem.objects.get(ref=ref).status_updates.count() for ref in [SHARED, *OWN]}
    counts["duplicate sequences"] = (
        StatusUpdate.objects.values("action_item", "as_of", "sequence")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    return counts


def _write(own_ref: str) -> dict:
    from summits import services
    from summits.models import ActionItem, Status

    shared, own = ActionItem.objects.get(ref=SHARED), ActionItem.objects.get(ref=own_ref)
    print("ready", flush=True)
    sys.stdin.readline()
    written, errors = 0, []
    for number in range(UPDATES_EACH):
        item = shared if number % 2 else own
        try:
            services.status_update_record(
                action_item=item,
                status=Status.IN_PROGRESS,
                as_of=item.status_as_of,
                note=f"{own_ref} #{number}",
            )
            written += 1
        except Exception as error:  # any failure is what the test counts
            errors.append(f"{type(error).__name__}: {error}")
    return {"written": written, "errors": errors}


if __name__ == "__main__":
    _setup()
    if sys.argv[1] == "count":
        print(json.dumps(_count()))
    else:
        print(json.dumps(_write(sys.argv[2])))
