"""The list pages' free-text search `q`: full-text and indexed on PostgreSQL, substrings on SQLite.

On PostgreSQL a model listed in DOCUMENTS is searched through one text-search document
of its fields, served by a GIN index on exactly that expression (migration
0006_full_text_search_indexes), so a search stays fast at any size. Each word typed
matches the words that start with it ("ship" finds "shipbuilding"); separators in
references and slugs count as spaces, so "IRIGC-TEC-26/TRADE" finds the items of that
session and sector, in that order. Elsewhere (SQLite) each word must appear inside a field.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace

# No stemming and no stop words: a typed word prefix-matches words as written.
CONFIG = "simple"
WORD = re.compile(r"\w+")

# Per model: the fields of its search document. A reference or a slug is split at its
# separators. Changing these needs a migration that rebuilds the index (see INDEXES).
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "actionitem": ("ref", "title", "text"),
    "meeting": ("title", "summary", "slug"),
}
_SPLIT = {"ref", "slug"}


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


def substring_search(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    """Rows where every word of `value` is in one of `fields` (case-insensitive)."""
    for word in value.split():
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    return queryset


def text_search(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    """The rows `value` finds: through the full-text index where there is one."""
    model_name = queryset.model._meta.model_name
    # A term typed without spaces ("IRIGC-TEC-26/TRADE") matches its words in that order.
    terms = [" <-> ".join(f"{word}:*" for word in WORD.findall(term)) for term in value.split()]
    terms = [term for term in terms if term]
    if connections[queryset.db].vendor != "postgresql" or model_name not in DOCUMENTS or not terms:
        return substring_search(queryset, fields, value)
    # Words made only of \w characters cannot break the tsquery syntax.
    query = SearchQuery(" & ".join(terms), config=CONFIG, search_type="raw")
    return queryset.alias(search_document=document(model_name)).filter(search_document=query)
