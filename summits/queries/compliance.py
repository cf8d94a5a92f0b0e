"""Compliance by party: a summit's commitments scored for each country responsible for
them (the country of each responsible organisation), as the G7/G20 Research Group scores
a commitment for each member it binds."""

from dataclasses import dataclass

from ..caching import cached
from ..models import STATUS_SCORES, ActionItem, Country, Summit
from ..scoring import compliance_by_party, compliance_score, score_percent


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


def _parties_by_item(summit: Summit) -> dict[int, set[str]]:
    links = ActionItem.responsible.through.objects.filter(
        actionitem__target_summit=summit, organisation__country__isnull=False
    )
    parties: dict[int, set[str]] = {}
    for item_id, iso2 in links.values_list("actionitem_id", "organisation__country__iso2"):
        parties.setdefault(item_id, set()).add(iso2)
    return parties


def summit_compliance(summit: Summit) -> Compliance:
    """Per party, the summit's items by status and their score. Three queries however
    many items: the items' statuses, their parties, the parties' names."""
    statuses = dict(summit.action_items.order_by().values_list("pk", "status"))
    parties = _parties_by_item(summit)
    counts = compliance_by_party((status, parties.get(pk, ())) for pk, status in statuses.items())
    names = dict(Country.objects.filter(iso2__in=counts).values_list("iso2", "name"))
    return Compliance(
        parties=sorted(
            (PartyCompliance(iso2, names[iso2], by_status) for iso2, by_status in counts.items()),
            key=lambda party: party.name,
        ),
        unattributed=sum(1 for pk in statuses if pk not in parties),
    )


def summit_compliance_from_cache(summit: Summit) -> Compliance:
    """summit_compliance, kept until a record changes (the summit's page shows it)."""
    return cached(f"compliance:{summit.pk}", lambda: summit_compliance(summit))


@dataclass(frozen=True)
class CommitmentRow:
    item: ActionItem
    score: int | None  # the item's, for each party bound by it; None: not scored
    parties: frozenset[str]


def summit_compliance_rows(summit: Summit) -> list[CommitmentRow]:
    """Each of the summit's commitments with its score and the parties it binds: the
    rows of the full table (one column per party)."""
    parties = _parties_by_item(summit)
    items = summit.action_items.only("ref", "title", "status").order_by("ref")
    return [
        CommitmentRow(item, STATUS_SCORES[item.status], frozenset(parties.get(item.pk, ())))
        for item in items
    ]
