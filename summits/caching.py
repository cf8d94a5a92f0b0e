"""Figures computed from the records, kept in the cache until a record changes.

Every cached value is stored under the current *records version*, a token that any
write to the app's tables replaces (`records_changed`): the next read then misses and
computes afresh, so a page never shows a menu or a count older than the last change.
The token lives in the cache itself, so every worker sharing the cache (settings:
a file cache per machine, or Redis) sees a change made through any of them.

Every saved, deleted or re-linked record calls `records_changed()` through the model
signals (`signals.record_written`); writes that bypass them (bulk imports, the synthetic
generator) call it themselves.
"""

import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

_MISSING = object()

VERSION_KEY = "summits:records-version"
# A value unchanged for this long is computed again anyway: a safety net for writes no
# signal reports (raw SQL, another program), not the way changes are normally seen.
DEFAULT_TIMEOUT = 15 * 60


# Whether this process may have cached a value under the current token since it last
# replaced it. Until it has, replacing the token again inside a transaction would change
# nothing for this process's readers, and other processes wait for the commit anyway: a
# transaction saving 50,000 records (loaddata) then writes the token once, not 50,000
# times.
_read_since_change = True


def records_version() -> str:
    """The token of the records as they are now (a new one if the cache had none)."""
    global _read_since_change
    _read_since_change = True
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def records_changed() -> None:
    """Forget every cached figure: now, and again when the current transaction commits.

    Now, so that the writer's own next read sees its change; after the commit too, since
    a reader may have cached the old figures under the new token before the commit.
    Outside a transaction the write is committed already: any process may have read it.
    """
    global _read_since_change
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _new_version()
        return
    if _read_since_change:
        _read_since_change = False
        _new_version()
    # Once per transaction. Django drops the callbacks of a rolled-back savepoint, so a
    # later write in the same transaction registers it again.
    if not any(callback is _new_version for _, callback, *_ in connection.run_on_commit):
        transaction.on_commit(_new_version)


def cached[T](name: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """`compute()`'s value for the current records, from the cache when it holds it."""
    key = f"summits:{name}:{records_version()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
