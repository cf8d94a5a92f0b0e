"""Shared fixtures: the seed report loaded, and one user per role."""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection

from tests.factories import PASSWORD, user_create
from tests.mailserver import mail_server  # noqa: F401 (a fixture: a local SMTP server)
from tests.seed import SeedRows, outcomes_write, seed_rows_read, seed_rows_write

ROOT = Path(__file__).resolve().parent.parent
# The day tests that depend on "today" run on (fixture `today`): after the seed report's
# items (due December 2025) and tests/records.py's (due March 2026) fell due.
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_directory(tmp_path_factory):
    """The programs tests start (manage.py, the benchmark) cache in this run's own
    directory (one per xdist worker), never in the project's .cache, which the
    developer's server and other test runs use."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def _flush_by_delete() -> Iterator[None]:
    """After each transactional test Django empties every table with one TRUNCATE, which on
    PostgreSQL makes each of the ~85 tables anew: 4.6 s a test on a busy two-core machine,
    where deleting the few rows a test leaves takes 0.1 s. Django's foreign keys are
    deferred on PostgreSQL, so the tables empty in any order. Sequences are left running,
    as TRUNCATE without RESTART IDENTITY leaves them; a flush that resets them is unchanged."""
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory) -> Path | None:
    """pytest-django's test database; on SQLite also copied to a file while still as
    `migrate` made it, for `migrated_sqlite`. None on other backends."""
    if connection.vendor != "sqlite":
        return None
    copy = tmp_path_factory.mktemp("migrated") / "tracker.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with closing(sqlite3.connect(copy)) as target:
            connection.connection.backup(target)
    return copy


@pytest.fixture
def migrated_sqlite(django_db_setup, tmp_path) -> Path:
    """A SQLite file of the test's own holding a migrated database, for a test that runs
    the app in processes of its own: a copy of the test database's (a migration in a new
    process takes seconds), or on other backends made by `manage.py migrate`."""
    path = tmp_path / "tracker.sqlite3"
    if django_db_setup is not None:
        shutil.copyfile(django_db_setup, path)
        return path
    own = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=own | {"DATABASE_URL": f"sqlite:///{path}"},
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(autouse=True)
def _own_cache(settings) -> None:
    """Empty in-memory caches per test: no cached menu, figure or session outlives its
    test's data, and test runs sharing the machine never share the project's file cache."""
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "figures"},
        "sessions": {"BACKEND": locmem, "LOCATION": "sessions"},
    }
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def planner_statistics(db) -> None:
    """The query planner's statistics as the database holds them, for a test of a plan.

    The importer and the generator run ANALYZE after a bulk load. In a test that rolls
    back, SQLite undoes the rows ANALYZE wrote but keeps what it loaded of them: a plan
    test after it on the same connection would be planned for a table of a dozen rows
    (a scan). `ANALYZE sqlite_schema` loads the statistics again from the tables.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sqlite_schema")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """MD5 instead of production's Argon2, which spends 0.2 s of CPU and 100 MiB on every
    hash: a test creating users or logging in would mostly wait for it. One test keeps
    Argon2 (test_login_throttling.py) to prove production hashes with it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    """The clock set to noon on TODAY and left running: such a test passes on any date,
    and a run crossing midnight cannot change "today" between two of its lines."""
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)):
        yield TODAY


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker) -> SeedRows:
    with django_db_blocker.unblock():
        return seed_rows_read()


@pytest.fixture
def seed(db, _seed_rows: SeedRows) -> None:
    seed_rows_write(_seed_rows)


@pytest.fixture
def outcomes(seed) -> None:
    """The seed, and a made-up joint statement of its summit: outcome documents, their
    paragraphs, agreements with signatories, and commitments related to the seed's."""
    outcomes_write()


@pytest.fixture
def analyst(db) -> User:
    return user_create("alice", "Analysts", password=PASSWORD)


@pytest.fixture
def viewer(db) -> User:
    return user_create("bob", "Viewers", password=PASSWORD)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
