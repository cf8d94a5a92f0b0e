"""The list pages' free-text search `q`: through an index on PostgreSQL and on SQLite.

On PostgreSQL a model listed in DOCUMENTS is searched through one text-search document
of its fields, served by a GIN index on exactly that expression (migration
0006_full_text_search_indexes), so a search stays fast at any size. Each word typed
matches the words that start with it ("ship" finds "shipbuilding"); separators in
references and slugs count as spaces, so "IRIGC-TEC-26/TRADE" finds the items of that
session and sector, in that order.

On SQLite each word must appear inside one of the fields, ignoring case. For a model in
TRIGRAM_INDEXED, words of three characters or more are found through an FTS5 trigram
index of its fields (migrations 0009_sqlite_trigram_search, 0015_sqlite_trigram_sources
and 0019_sqlite_trigram_agreements_and_paragraphs), which ignores the case of non-ASCII
letters too, as PostgreSQL does: "москва" finds "Москва", "zürich" finds "ZÜRICH".
Shorter words hold no trigram: LIKE looks for them in every row, and it ignores the case
of ASCII letters only ("zü" does not find "ZÜ"). So does every word where the index is
missing (an SQLite built without FTS5) and for the other models.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Model, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace

# No stemming and no stop words: a typed word prefix-matches words as written.
CONFIG = "simple"
WORD = re.compile(r"\w+")

# Per model: the fields of its search document. A reference or a slug is split at its
# separators. Changing these needs a migration that rebuilds the index (see `index`), and
# on SQLite one that recreates the trigram table (see 0009_sqlite_trigram_search).
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "actionitem": ("ref", "title", "text"),
    "meeting": ("title", "summary", "slug"),
}
_SPLIT = {"ref", "slug"}
# Per model: the fields of its trigram table on SQLite. Sources keep LIKE on PostgreSQL
# (no document of theirs), but on SQLite LIKE read every source's full text for each
# search: the site search's slowest query at 100,000 items.
# Agreements and paragraphs likewise: an outcome document is found by the text of its
# paragraphs, which outnumber the items' texts at a summit's scale. (Not in DOCUMENTS:
# 0006_full_text_search_indexes builds a GIN index for each model DOCUMENTS lists as it
# reads now, before those models exist.)
TRIGRAM_INDEXED: dict[str, tuple[str, ...]] = DOCUMENTS | {
    "source": ("title", "publisher", "text"),
    "agreement": ("title", "notes", "slug"),
    "paragraph": ("text",),
}


def _words_of(field: str):
    expression = F(field)
    if field in _SPLIT:
        for separator in ("/", "-"):
            expression = Replace(expression, Value(separator), Value(" "))
    return expression


def document(model_name: str) -> SearchVector:
    """The indexed text-search document of a model (lower-case model name)."""
    return SearchVector(*(_words_of(field) for field in DOCUMENTS[model_name]), config=CONFIG)


def index(model_name: str) -> GinIndex:
    """The GIN index that serves `document(model_name)` (PostgreSQL only)."""
    return GinIndex(document(model_name), name=f"{model_name}_search_gin")


def substring_q(fields: list[str], word: str) -> Q:
    """Rows holding `word` in one of `fields` (case-insensitive)."""
    return reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))


def substring_search(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    """Rows where every word of `value` is in one of `fields` (case-insensitive)."""
    for word in value.split():
        queryset = queryset.filter(substring_q(fields, word))
    return queryset


# Per (database name, model table): the FTS5 table indexing it, if there is one and the
# triggers that keep it current are all there. Asked once rather than per search; keyed
# by name because tests search a fresh test database; forgotten after `migrate`, which
# may create or drop them.
_TRIGRAM_INDEX: dict[tuple[str, str], str | None] = {}
# A shorter word holds no trigram: the index cannot find it.
TRIGRAM = 3


def trigram_indexes_forget() -> None:
    """Look again for the trigram tables at the next search (after `migrate`: signals.py)."""
    _TRIGRAM_INDEX.clear()


def _trigram_index(connection: BaseDatabaseWrapper, model: type[Model]) -> str | None:
    """The FTS5 table indexing `model` on SQLite, if it is there and kept current."""
    key = (str(connection.settings_dict["NAME"]), model._meta.db_table)
    if key not in _TRIGRAM_INDEX:
        # The names migration 0009_sqlite_trigram_search gives the table and its triggers.
        fts = f"{model._meta.db_table}_search"
        names = [fts, f"{fts}_insert", f"{fts}_delete", f"{fts}_update"]
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({placeholders})", names
            )
            _TRIGRAM_INDEX[key] = fts if cursor.fetchone()[0] == len(names) else None
    return _TRIGRAM_INDEX[key]


def _trigram_search(queryset: QuerySet, fields: list[str], fts: str, value: str) -> QuerySet:
    """`substring_search`, but finding the words of 3 characters or more in table `fts`."""
    words = value.split()
    if long := [word for word in words if len(word) >= TRIGRAM]:
        # A quoted FTS5 string is taken literally, with `"` written twice. The trigram
        # tokenizer makes it a case-insensitive substring of one column; AND wants all.
        match = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in long)
        table = connections[queryset.db].ops.quote_name(fts)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
        queryset = queryset.filter(pk__in=RawSQL(sql, [match]))
    return substring_search(queryset, fields, " ".join(w for w in words if len(w) < TRIGRAM))


def text_search(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    """The rows `value` finds: through the model's full-text index where there is one."""
    connection = connections[queryset.db]
    model_name = queryset.model._meta.model_name
    is_sqlite_document = connection.vendor == "sqlite" and model_name in TRIGRAM_INDEXED
    if is_sqlite_document and (fts := _trigram_index(connection, queryset.model)):
        return _trigram_search(queryset, fields, fts, value)
    # A term typed without spaces ("IRIGC-TEC-26/TRADE") matches its words in that order.
    terms = [" <-> ".join(f"{word}:*" for word in WORD.findall(term)) for term in value.split()]
    terms = [term for term in terms if term]
    if connection.vendor != "postgresql" or model_name not in DOCUMENTS or not terms:
        return substring_search(queryset, fields, value)
    # Words made only of \w characters cannot break the tsquery syntax.
    query = SearchQuery(" & ".join(terms), config=CONFIG, search_type="raw")
    return queryset.alias(search_document=document(model_name)).filter(search_document=query)


def trigram_q(model: type[Model], columns: tuple[str, ...], text: str, *, using: str) -> Q | None:
    """The rows of `model` holding `text` in one of `columns` (of its TRIGRAM_INDEXED),
    found through its trigram table on SQLite (any case, as that index compares); None
    where no index can answer: another database, no such table, or a text shorter than a
    trigram."""
    connection = connections[using]
    if connection.vendor != "sqlite" or len(text) < TRIGRAM:
        return None
    if model._meta.model_name not in TRIGRAM_INDEXED:
        return None
    if not (fts := _trigram_index(connection, model)):
        return None
    # Column filter then a quoted string: the text taken literally, within those columns.
    match = '{{{}}} : "{}"'.format(" ".join(columns), text.replace('"', '""'))
    table = connection.ops.quote_name(fts)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
