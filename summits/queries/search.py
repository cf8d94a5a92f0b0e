"""The site search: every kind of record some text finds, counted, the first few listed.

A kind with a list page searches as its list's `q` does (through the list's FilterSet),
so its count is the count of the list it links to; places, which have no list, through
the same `text_search`. One query a kind for its first rows, and one for
its count when they are not all.

Not imported by the package's __init__: the lists' FilterSets build on this package.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet

from ..filters import (
    ActionItemFilterSet,
    CommissionFilterSet,
    MeetingFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    SourceFilterSet,
    SummitFilterSet,
    SummitSeriesFilterSet,
)
from ..lists.filters import TrackerFilterSet
from ..models import (
    ActionItem,
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
    Person,
    Place,
    Source,
    Summit,
    SummitSeries,
)
from ..outcomes.filters import AgreementFilterSet, OutcomeDocumentFilterSet
from ..search import text_search

# Longer text is refused, not cut: a search for half of what was typed would mislead.
MAX_LENGTH = 200
SHOWN = 10


@dataclass(frozen=True)
class Kind:
    """A kind of record the search finds: searched by its list's FilterSet when it has a
    list page (`list_route`), else through `fields`."""

    key: str  # the group's anchor on the page
    title: str
    queryset: QuerySet  # with what the results show
    filterset_class: type[TrackerFilterSet] | None = None
    list_route: str = ""
    fields: tuple[str, ...] = ()

    def found(self, text: str) -> QuerySet:
        """The records `text` finds, in the list's order (its model's, ties by id)."""
        if self.filterset_class:
            records = self.filterset_class.searched(self.queryset.all(), text)
        else:
            records = text_search(self.queryset.all(), list(self.fields), text)
        return records.order_by(*records.model._meta.ordering, "pk")


KINDS = (
    Kind(
        "action-items",
        "Action items",
        ActionItem.objects.all(),
        ActionItemFilterSet,
        "summits:actionitem-list",
    ),
    Kind(
        "summits",
        "Summits",
        Summit.objects.select_related("series", "host_place"),
        SummitFilterSet,
        "summits:summit-list",
    ),
    Kind(
        "meetings",
        "Meetings",
        Meeting.objects.select_related("place"),
        MeetingFilterSet,
        "summits:meeting-list",
    ),
    Kind("people", "People", Person.objects.all(), PersonFilterSet, "summits:person-list"),
    Kind(
        "organisations",
        "Organisations",
        Organisation.objects.select_related("country"),
        OrganisationFilterSet,
        "summits:organisation-list",
    ),
    Kind("places", "Places", Place.objects.select_related("country"), fields=("name", "slug")),
    Kind("sources", "Sources", Source.objects.all(), SourceFilterSet, "summits:source-list"),
    Kind(
        "series",
        "Summit series",
        SummitSeries.objects.all(),
        SummitSeriesFilterSet,
        "summits:series-list",
    ),
    Kind(
        "commissions",
        "Commissions",
        Commission.objects.all(),
        CommissionFilterSet,
        "summits:commission-list",
    ),
    Kind(
        "agreements",
        "Agreements",
        Agreement.objects.all(),
        AgreementFilterSet,
        "summits:agreement-list",
    ),
    Kind(
        "documents",
        "Outcome documents",
        OutcomeDocument.objects.select_related("summit__series", "meeting"),
        OutcomeDocumentFilterSet,
        "summits:document-list",
    ),
)


@dataclass
class Group:
    """One kind's results: how many, the first `SHOWN`, and its list's search (if any)."""

    key: str
    title: str
    count: int
    records: list
    list_route: str
    query: str  # the list's query string: "q=…"


def site_search(text: str, *, shown: int = SHOWN) -> list[Group]:
    """Every kind's records `text` finds (every word must match), kind by kind."""
    groups, query = [], urlencode({"q": text})
    for kind in KINDS:
        found = kind.found(text)
        records = list(found[:shown])
        count = found.count() if len(records) == shown else len(records)
        groups.append(Group(kind.key, kind.title, count, records, kind.list_route, query))
    return groups
