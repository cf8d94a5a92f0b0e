"""Compliance by party: a summit's commitments scored for each country responsible for
them (the country of each responsible organisation), as the G7/G20 Research Group scores
a commitment for each member it binds."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef, Q, Subquery

from ..caching import ITEM_STATUS, cached
from ..models import (
    STATUS_SCORES,
    ActionItem,
    Country,
    PartyItemTally,
    Status,
    StatusUpdate,
    Summit,
)
from ..scoring import compliance_by_party, compliance_score, score_percent
from .tallies import summit_item_counts


@dataclass(frozen=True)
class PartyCompliance:
    iso2: str
    name: str
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def scored(self) -> int:
        return sum(n for status, n in self.by_status.items() if STATUS_SCORES[status] is not None)

    @property
    def score(self) -> float | None:
        return compliance_score(self.by_status)

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else score_percent(self.score)


@dataclass(frozen=True)
class Compliance:
    parties: list[PartyCompliance]  # by name
    unattributed: int  # items with no responsible organisation of a known country

    def as_figures(self) -> dict:
        """As a frozen report stores it (JSON)."""
        return asdict(self)

    @classmethod
    def from_figures(cls, figures: dict) -> "Compliance":
        parties = [PartyCompliance(**party) for party in figures.get("parties", [])]
        return cls(parties=parties, unattributed=figures.get("unattributed", 0))


def parties_by_item(summit: Summit) -> dict[int, set[str]]:
    """The ISO codes of the countries each of the summit's items binds. One query."""
    links = ActionItem.responsible.through.objects.filter(
        actionitem__target_summit=summit, organisation__country__isnull=False
    )
    parties: dict[int, set[str]] = {}
    for item_id, iso2 in links.values_list("actionitem_id", "organisation__country__iso2"):
        parties.setdefault(item_id, set()).add(iso2)
    return parties


def compliance_of(statuses: dict[int, str], parties: dict[int, set[str]]) -> Compliance:
    """Per party, the items (id → status) by status; one query for the parties' names."""
    counts = compliance_by_party((status, parties.get(pk, ())) for pk, status in statuses.items())
    names = dict(Country.objects.filter(iso2__in=counts).values_list("iso2", "name"))
    return Compliance(
        parties=_by_name(counts, names),
        unattributed=sum(1 for pk in statuses if pk not in parties),
    )


def _by_name(counts: dict[str, dict[str, int]], names: dict[str, str]) -> list[PartyCompliance]:
    """Each party's items by status (by ISO code), the parties in the order of their names."""
    return sorted(
        (PartyCompliance(iso2, names[iso2], by_status) for iso2, by_status in counts.items()),
        key=lambda party: party.name,
    )


def summit_compliance(summit: Summit) -> Compliance:
    """Per party, the summit's items by status and their score, from the kept tallies
    (models.PartyItemTally, and ItemTally for the summit's items): two queries of a few
    rows, however many items.

    The same figures as compliance_of counts from the items (an item once for each
    country of its responsible organisations; unattributed, with none of a known
    country): tests/figures checks the tally against that count after random writes.
    """
    rows = PartyItemTally.objects.filter(summit=summit, n__gt=0).values_list(
        "country__iso2", "country__name", "status", "n"
    )
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    binding = 0  # the items that bind any party (the tally's rows with no country)
    for iso2, name, status, n in rows:
        if iso2 is None:
            binding += n
        else:
            counts.setdefault(iso2, dict.fromkeys(Status.values, 0))[status] = n
            names[iso2] = name
    return Compliance(
        parties=_by_name(counts, names),
        unattributed=sum(summit_item_counts(summit).values()) - binding,
    )


def summit_compliance_from_cache(summit: Summit) -> Compliance:
    """summit_compliance, kept until one of the summit's items (their statuses, the
    organisations responsible) or an organisation's or a country's record changes (the
    summit's page shows it)."""
    return cached(
        f"compliance:{summit.pk}",
        lambda: summit_compliance(summit),
        kinds=(*ITEM_STATUS, "organisation", "country"),
        summit=summit.pk,
    )


@dataclass(frozen=True)
class CommitmentRow:
    item: ActionItem
    score: int | None  # the item's, for each party bound by it; None: not scored
    parties: frozenset[str]


def summit_compliance_rows(summit: Summit) -> list[CommitmentRow]:
    """Each of the summit's commitments with its score and the parties it binds: the
    rows of the full table (one column per party)."""
    parties = parties_by_item(summit)
    items = summit.action_items.only("ref", "title", "status").order_by("ref")
    return [
        CommitmentRow(item, STATUS_SCORES[item.status], frozenset(parties.get(item.pk, ())))
        for item in items
    ]


def statuses_as_of(summit: Summit, day: dt.date) -> dict[int, str]:
    """The summit's items that existed by the end of `day` (their first update is dated
    then or before, or they have none), each with its status as of that day: its latest
    update by then (as-of day, then sequence). One query."""
    updates = StatusUpdate.objects.filter(action_item=OuterRef("pk"))
    latest = updates.filter(as_of__lte=day).order_by("-as_of", "-sequence")
    rows = (
        summit.action_items.order_by()
        .annotate(status_then=Subquery(latest.values("status")[:1]), updated=Exists(updates))
        .filter(Q(status_then__isnull=False) | Q(updated=False))
        .values_list("pk", "status_then")
    )
    return {pk: status or Status.NOT_ASSESSED for pk, status in rows}
