"""The entry point: `synthetic_generate` fills an empty database, stage by stage.

Rows are written with `bulk_create` in batches, in one transaction: fast, but without
signals, so no history entries are recorded (the data has no past to audit) and the
caches are told of the new records once, at the end.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from ..caching import EVERY_KIND, records_changed
from ..models import Country, Sector, record_models
from .agreements import agreements_write
from .documents import documents_write
from .items import items_write
from .lineage import relations_write
from .meetings import meetings_write
from .reference import reference_write
from .run import DEFAULT_UNTIL, Run, Sizes
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
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Fill an empty tracker database; return how many rows each model received."""
    with _large_sqlite_cache(), transaction.atomic():
        counts = _stages_run(Run(sizes, seed, until, progress))
    records_changed(EVERY_KIND)  # bulk inserts of every kind send no signals
    # Fresh statistics, so the query planner knows the tables' new sizes; on PostgreSQL
    # VACUUM also marks the new rows visible to all, which lets counts read an index
    # alone (what autovacuum would do some minutes later). VACUUM cannot run inside a
    # caller's transaction (a test's, say); ANALYZE alone then.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return counts


def _stages_run(run: Run) -> dict[str, int]:
    """Each stage writes what the next ones refer to; their order is the random draw's."""
    reference = reference_write(run)
    series_list = series_write(run, reference)
    run.progress("reference records written; meetings next")
    meetings = meetings_write(run, reference, series_list)
    documents = documents_write(run, series_list, meetings)
    run.progress(f"{len(meetings.rows)} meetings and their documents written; items next")
    items_write(run, reference, meetings, documents)
    run.progress("action items written; agreements and relations next")
    agreements_write(run, reference, series_list, meetings, documents)
    relations_write(run, meetings)
    return dict(run.counts)


@contextmanager
def _large_sqlite_cache() -> Iterator[None]:
    """A 256 MB page cache on SQLite while writing, then the connection's own again.

    The indexes of a million-row table outgrow the default 2 MB cache; pages spilled to
    disk in the middle of the transaction make the whole run half as fast again.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
