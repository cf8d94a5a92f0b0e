"""Figures computed from the records, kept in the cache until a record they read changes.

Each cached value names the *kinds* of records it is computed from (`cached(name,
compute, kinds=...)`). Each kind has a version token in the cache, which any write to
one of its tables replaces (`records_changed`); a value is stored under the tokens of
its kinds, so the next read after a write to one of them misses and computes afresh,
while a write to another kind (a person, a saved view) leaves it where it was. The
tokens live in the cache itself, so every worker sharing the cache (settings: a file
cache per machine, or Redis) sees a change made through any of them.

A summit's own figures (its readiness, its compliance) read only its items and their
updates: they are stored under that summit's token rather than the item kinds', so a
write to one summit's items keeps every other summit's figures. A write to items whose
summits are not known (a bulk write, the importer, an item saved whole, which may have
moved it from a summit nobody recorded) replaces the token every summit's figures share.

Every saved, deleted or re-linked record calls `records_changed` through the model
signals (`signals.record_written`, which says which summits an item's write touches);
writes that bypass them (bulk updates, imports, the synthetic generator) call it
themselves, naming the kinds they wrote.
"""

import secrets
from collections.abc import Callable, Collection, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model

_MISSING = object()
TOKEN_PREFIX = "summits:version:"
# A value unchanged for this long is computed again anyway: a safety net for writes no
# signal reports (raw SQL, another program), not the way changes are normally seen.
DEFAULT_TIMEOUT = 15 * 60

# Every table of the app, by the kind of record it holds. A link table (many-to-many,
# citation, participation) is the kind of the record whose form edits it; a history
# table ("historical<table>", django-simple-history's) is the kind of the table it
# records; the readers' own settings and the machinery's bookkeeping are "readers", which
# no figure reads. A model missing here counts as a change to every kind (`kind_of`), and
# a test lists it.
MODEL_KINDS: dict[str, tuple[str, ...]] = {
    "country": ("country",),
    "sector": ("sector",),
    "place": ("place",),
    "source": ("source",),
    "organisation": ("organisation",),
    "person": ("person",),
    "series": ("summitseries", "summitseries_countries"),
    "summit": ("summit",),
    "commission": ("commission", "commission_countries"),
    "meeting": ("meeting", "meeting_sectors", "participation"),
    # The tallies are the items' figures, written by the items' own triggers.
    "actionitem": (
        "actionitem",
        "actionitem_sectors",
        "actionitem_responsible",
        "itemtally",
        "sectoritemtally",
        "openitemduetally",
        "openitemupdatetally",
        "partyitemtally",
    ),
    # An item's status and last-update day are its updates' (services.
    # action_items_status_refresh writes them as part of the update's write): a figure
    # reading them depends on "statusupdate" as well as "actionitem". The score's days
    # are the updates' figures, written by their triggers (and the items', on a move).
    "statusupdate": ("statusupdate", "scoredaytally"),
    "lineage": ("actionitemrelation",),
    # The sources each record cites: no figure counts them; their own pages read them.
    "citation": (
        "summitcitation",
        "meetingcitation",
        "actionitemcitation",
        "statusupdateevidence",
        "agreementcitation",
    ),
    "outcome": ("outcomedocument", "paragraph"),
    "agreement": (
        "agreement",
        "agreement_countries",
        "agreement_organisations",
        "agreement_mechanisms",
        "agreement_action_items",
        "signatory",
    ),
    "report": (
        "reportimport",
        "reportdraft",
        "reportdraft_imports",
        "compliancereport",
        "compliancereportentry",
    ),
    "readers": (
        "summit_watchers",
        "actionitem_watchers",
        "savedview",
        "calendarfeedtoken",
        "apitoken",
        "notification",
        "notificationpreference",
        "backgroundtask",
        "exportjob",
        "importjob",
    ),
}
EVERY_KIND: frozenset[str] = frozenset(MODEL_KINDS)
_KIND_OF_MODEL = {name: kind for kind, names in MODEL_KINDS.items() for name in names}

# What a figure of the items' statuses reads: an item's status is its updates'.
ITEM_STATUS = ("actionitem", "statusupdate")

# The kinds a summit's own figures read through its items: their writes say which
# summits they touch (`records_changed(..., summits=...)`).
SUMMIT_KINDS = frozenset({"actionitem", "statusupdate"})
EVERY_SUMMIT = f"{TOKEN_PREFIX}every-summit"


def kind_of(model: type[Model]) -> str | None:
    """The kind of record `model`'s table holds; None for a table not mapped, or not the
    app's (a change to it is then a change to every kind: see signals.record_written)."""
    if model._meta.app_label != "summits":
        return None
    return _KIND_OF_MODEL.get(model._meta.model_name.removeprefix("historical"))


def is_history(model: type[Model]) -> bool:
    """A table of history entries: in no summit's figures, which read the records."""
    return model._meta.model_name.startswith("historical")


def kinds_of(models: Iterable[type[Model]]) -> set[str]:
    """The kinds of `models` and of their many-to-many link tables (a bulk writer's)."""
    tables = [
        table
        for model in models
        for table in [model, *(f.remote_field.through for f in model._meta.many_to_many)]
    ]
    kinds = {kind_of(table) for table in tables}
    return set(EVERY_KIND) if None in kinds else kinds


def _known(kinds: Iterable[str]) -> set[str]:
    # A misspelt kind would name a token no write replaces: its values would go stale.
    kinds = set(kinds)
    if unknown := kinds - EVERY_KIND:
        raise ValueError(f"Not a kind of record: {', '.join(sorted(unknown))}")
    return kinds


def _token_keys(kinds: Iterable[str], summit: int | None) -> list[str]:
    """The tokens a value of `kinds` (of one summit's, if given) is stored under."""
    kinds = _known(kinds)
    if summit is None or kinds.isdisjoint(SUMMIT_KINDS):
        return sorted(f"{TOKEN_PREFIX}{kind}" for kind in kinds)
    others = [f"{TOKEN_PREFIX}{kind}" for kind in kinds - SUMMIT_KINDS]
    return sorted([*others, EVERY_SUMMIT, f"{TOKEN_PREFIX}summit:{summit}"])


def _changed_keys(kinds: Iterable[str], summits: Collection[int | None] | None) -> set[str]:
    """The tokens a write to `kinds` replaces: those of its kinds and, for items and
    updates, of the summits they belong to, or of every summit when not known."""
    kinds = _known(kinds)
    keys = {f"{TOKEN_PREFIX}{kind}" for kind in kinds}
    if not kinds.isdisjoint(SUMMIT_KINDS):
        if summits is None:
            keys.add(EVERY_SUMMIT)
        else:  # an item due for no summit is in no summit's figures
            keys |= {f"{TOKEN_PREFIX}summit:{pk}" for pk in summits if pk is not None}
    return keys


class _AtCommit:
    """The tokens the current transaction replaces again when it commits, and those it
    replaced already that this connection has not read since (no need to replace them
    again at the next write: until it reads one, nothing it caches is keyed by it)."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.unread: set[str] = set()

    def __call__(self) -> None:
        _replace(self.keys)


def _at_commit(connection) -> _AtCommit | None:
    # Django drops the callbacks of a rolled-back savepoint: a later write in the same
    # transaction registers a new one.
    return next(
        (hook for _, hook, *_ in connection.run_on_commit if isinstance(hook, _AtCommit)), None
    )


def _replace(keys: Collection[str]) -> None:
    if keys:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)


def records_version(kinds: Iterable[str], summit: int | None = None) -> str:
    """The version of the records of `kinds` (of one summit's) as they are now: their
    tokens, in one read of the cache (new tokens for those it had lost)."""
    keys = _token_keys(kinds, summit)
    connection = transaction.get_connection()
    if connection.in_atomic_block and (hook := _at_commit(connection)):
        hook.unread.difference_update(keys)
    tokens = cache.get_many(keys)
    if missing := [key for key in keys if key not in tokens]:
        for key in missing:  # `add`: of two workers finding it gone, one token wins
            cache.add(key, secrets.token_hex(8), timeout=None)
        tokens |= cache.get_many(missing)
    # A token evicted again meanwhile: a version nothing was stored under, computed afresh.
    return ".".join(tokens.get(key) or secrets.token_hex(8) for key in keys)


def records_changed(
    kinds: Iterable[str] = EVERY_KIND, *, summits: Collection[int | None] | None = None
) -> None:
    """Forget every cached figure read from records of `kinds`: now, and again when the
    current transaction commits. `summits`: the summits whose items or updates the write
    touched, None if not known (every summit's figures are then forgotten).

    Now, so that the writer's own next read sees its change; after the commit too, since
    a reader may have cached the old figures under the new token before the commit.
    Outside a transaction the write is committed already: any process may have read it.
    """
    keys = _changed_keys(kinds, summits)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _replace(keys)
        return
    hook = _at_commit(connection)
    if hook is None:
        hook = _AtCommit()
        transaction.on_commit(hook)
    # A transaction saving 50,000 records (loaddata) replaces each token once now, not
    # 50,000 times, unless this connection read it in between; and once at the commit.
    now = keys - hook.unread
    _replace(now)
    hook.unread |= now
    hook.keys |= keys


def cached[T](
    name: str,
    compute: Callable[[], T],
    *,
    kinds: Iterable[str],
    summit: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
) -> T:
    """`compute()`'s value for the current records of `kinds` (read from them alone),
    from the cache when it holds it. `summit`: the value is that summit's alone, read
    from its items and their updates (a write to another summit's keeps it)."""
    key = f"summits:{name}:{records_version(kinds, summit)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
