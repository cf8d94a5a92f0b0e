"""The entry point: `synthetic_generate` fills an empty database, stage by stage.

Rows are written in bulk (see run.Run.insert), in one transaction: fast, but without
signals, so no history entries are recorded (the data has no past to audit) and the
caches are told of the new records once, at the end.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Model

from ..caching import EVERY_KIND, records_changed
from ..models import (
    ActionItem,
    ActionItemCitation,
    Country,
    Meeting,
    MeetingCitation,
    Paragraph,
    Participation,
    Sector,
    Source,
    StatusUpdate,
    StatusUpdateEvidence,
    record_models,
)
from ..tallies import tallies_rebuild
from .agreements import agreements_write
from .documents import documents_write
from .items import items_write
from .lineage import relations_write
from .meetings import meetings_write
from .reference import reference_write
from .run import DEFAULT_UNTIL, Progress, Run, Sizes
from .series import series_write


def is_empty() -> bool:
    """True when no tracker records exist besides the reference countries and sectors."""
    return not any(
        model.objects.exists() for model in record_models() if model not in (Country, Sector)
    )


def synthetic_generate(
    *,
    sizes: Sizes,
    seed: int,
    until: dt.date = DEFAULT_UNTIL,
    progress: Progress = lambda stage, done, total: None,
) -> dict[str, int]:
    """Fill an empty tracker database; return how many rows each model received.
    `progress` hears of each stage as it goes (see Progress)."""
    with _sqlite_bulk_load(), transaction.atomic():
        run = Run(sizes, seed, until, progress)
        with _tallies_counted_after(progress), _indexes_built_after(_LARGEST, progress):
            counts = _stages_run(run)
    records_changed(EVERY_KIND)  # bulk inserts of every kind send no signals
    # Fresh statistics, so the query planner knows the tables' new sizes; on PostgreSQL
    # VACUUM also marks the new rows visible to all, which lets counts read an index
    # alone (what autovacuum would do some minutes later). VACUUM cannot run inside a
    # caller's transaction (a test's, say); ANALYZE alone then.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    progress("statistics for the query planner", 0, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return counts


def _stages_run(run: Run) -> dict[str, int]:
    """Each stage writes what the next ones refer to; their order is the random draw's."""
    run.progress("reference records", 0, 1)
    reference = reference_write(run)
    series_list = series_write(run, reference)
    run.progress("meetings and documents", 0, 1)
    meetings = meetings_write(run, reference, series_list)
    documents = documents_write(run, series_list, meetings)
    items_write(run, reference, meetings, documents)
    run.progress("agreements and relations", 0, 1)
    agreements_write(run, reference, series_list, meetings, documents)
    relations_write(run, meetings)
    run.finish()
    run.progress("agreements and relations", 1, 1)
    return dict(run.counts)


# The tables of many rows: the items, their updates and what links them (a million and
# more), meetings and sources (a tenth of that).
_LARGEST = [
    ActionItem,
    ActionItem.sectors.through,
    ActionItem.responsible.through,
    ActionItemCitation,
    StatusUpdate,
    StatusUpdateEvidence,
    Meeting,
    Meeting.sectors.through,
    MeetingCitation,
    Participation,
    Source,
    Paragraph,
]


@contextmanager
def _indexes_built_after(models: list[type[Model]], progress: Progress) -> Iterator[None]:
    """The tables' plain indexes, on PostgreSQL their foreign keys and on SQLite the
    triggers keeping their full-text search tables, dropped while the rows are written;
    then made again from their own definitions and the search tables rebuilt, in the
    same transaction.

    An index built once over sorted rows costs a fraction of keeping it in order row by
    row (ActionItem has ten), and so does a search table read from its table at once:
    kept row by row, SQLite's trigram search tables took most of the generation's time.
    A foreign key added to a filled table is checked by one join; kept, it queues a check
    per row, each a query of its own when they run (a quarter of PostgreSQL's time at
    30,000 items). Unique indexes stay: they are constraints, and what the generation's
    own queries look rows up by.
    """
    postgresql = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        dropped: list[tuple[str, str]] = []  # (what drops it, what makes it again)
        for table in tables:
            if postgresql:
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                    [table],
                )
            dropped += [
                (f"DROP INDEX {quote(name)}", definition)
                for name, definition in cursor.fetchall()
                if definition and not definition.upper().startswith("CREATE UNIQUE")
            ]
            if postgresql:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [quote(table)],
                )
                dropped += [
                    (
                        f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}",
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}",
                    )
                    for name, definition in cursor.fetchall()
                ]
        searches = [] if postgresql else _sqlite_search_tables(cursor, tables)
        for search in searches:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s",
                [f"%{search}%"],
            )
            dropped += [
                (f"DROP TRIGGER {quote(name)}", definition)
                for name, definition in cursor.fetchall()
            ]
        for drop, _ in dropped:
            cursor.execute(drop)
    yield
    progress("indexes and search tables", 0, 1)
    with connection.cursor() as cursor:
        if postgresql:
            # PostgreSQL builds no index on a table with foreign-key checks pending (they
            # wait for the commit): run them now, as the commit would.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in dropped:
            cursor.execute(definition)
        for search in searches:
            name = quote(search)
            cursor.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# The triggers keeping the tallies (migrations 0025, 0026 and 0028), by their names' start.
_TALLY_TRIGGERS = (
    "summits_item_tally_",
    "summits_link_tally_",
    "summits_scoreday_",
    "summits_party_",
)


@contextmanager
def _tallies_counted_after(progress: Progress) -> Iterator[None]:
    """The triggers keeping the tallies (summits.tallies) dropped while the rows are
    written; then made again from their own definitions and every tally counted from the
    items and updates at once (tallies_rebuild), in the same transaction.

    Each trigger does a page's write's work per row: the score's recompute the history of
    the item an update or item was written for (row by row over ten million updates the
    work of hours), the others look up and change a tally row for every item, link and
    responsible organisation, and again for every item when the statuses are set at the
    end. Counted at once, each table is read once (the score days about 0.5 s per
    100,000 updates).
    """
    postgresql = connection.vendor == "postgresql"
    named = " OR ".join(["{0} LIKE %s ESCAPE '\\'"] * len(_TALLY_TRIGGERS))
    patterns = [prefix.replace("_", "\\_") + "%" for prefix in _TALLY_TRIGGERS]
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(
                "SELECT format('DROP TRIGGER %%I ON %%s', tgname, tgrelid::regclass), "
                "pg_get_triggerdef(oid) FROM pg_trigger "
                f"WHERE NOT tgisinternal AND ({named.format('tgname')})",
                patterns,
            )
        else:
            cursor.execute(
                "SELECT 'DROP TRIGGER ' || name, sql FROM sqlite_master "
                f"WHERE type = 'trigger' AND ({named.format('name')})",
                patterns,
            )
        triggers = cursor.fetchall()
        for drop, _ in triggers:
            cursor.execute(drop)
    yield
    progress("tallies and score histories", 0, 1)
    with connection.cursor() as cursor:
        for _, definition in triggers:
            cursor.execute(definition)
    tallies_rebuild(using=connection.alias)


def _sqlite_search_tables(cursor, tables: list[str]) -> list[str]:
    """SQLite's full-text search tables (FTS5) whose content is one of `tables`."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
        ["CREATE VIRTUAL TABLE%fts5%"],
    )
    return [
        name
        for name, definition in cursor.fetchall()
        if any(f"content='{table}'" in definition for table in tables)
    ]


@contextmanager
def _sqlite_bulk_load() -> Iterator[None]:
    """On SQLite, while writing: a 256 MB page cache, no write-ahead log and no waiting
    for the disk; then the connection's own settings again.

    The indexes of a million-row table outgrow the default 2 MB cache; pages spilled to
    disk in the middle of the transaction make the whole run half as fast again. With
    the write-ahead log (settings.py) every new page is written twice, to the log and
    then to the file; a rollback journal keeps only the pages a write changes, and the
    pages of an empty database's new rows were never there to keep. Neither the journal
    nor the waiting can change inside a transaction (a test's): the cache alone then.
    """
    if connection.vendor != "sqlite":
        yield
        return
    pragmas = {"cache_size": "-262144"}
    if not connection.in_atomic_block:
        pragmas.update(journal_mode="TRUNCATE", synchronous="OFF")
    with connection.cursor() as cursor:
        previous = {}
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name}")
            (previous[name],) = cursor.fetchone()
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in previous.items():
                cursor.execute(f"PRAGMA {name} = {value}")
