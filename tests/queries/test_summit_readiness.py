"""A summit's readiness: items by status, G7/G20-style score and its change, items at risk."""

import datetime as dt
import itertools
import pickle
import random

import pytest
from django.conf import settings
from django.utils import timezone

from summits.fuzzydates import FuzzyDate, Precision
from summits.models import ActionItem, Status, StatusUpdate, Summit
from summits.queries import (
    LISTED_ITEMS,
    overdue_items_q,
    readiness_items,
    stale_items_q,
    summit_readiness,
)
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
D = dt.date


def test_readiness_moves_with_status_updates():
    summit = Summit.objects.get(number=23)
    trade, energy = (
        ActionItem.objects.get(ref=f"IRIGC-TEC-26/{area}-1") for area in ["TRADE", "ENERGY"]
    )
    StatusUpdate.objects.create(action_item=trade, as_of=D(2025, 11, 25), status=Status.IN_PROGRESS)
    StatusUpdate.objects.create(
        action_item=energy, as_of=D(2025, 11, 25), status=Status.IN_PROGRESS
    )
    StatusUpdate.objects.create(action_item=trade, as_of=D(2025, 12, 5), status=Status.FULFILLED)

    readiness = summit_readiness(summit, today=D(2025, 12, 6))

    total = summit.action_items.count()
    assert readiness.total == total
    assert readiness.by_status[Status.FULFILLED] == 1
    assert readiness.by_status[Status.IN_PROGRESS] == 1
    assert readiness.by_status[Status.NOT_ASSESSED] == total - 2
    assert readiness.score == 0.5
    assert readiness.score_percent == 75
    assert readiness.score_history == [(D(2025, 11, 25), 0.0), (D(2025, 12, 5), 0.5)]


def test_items_at_risk_are_overdue_or_stale_and_open():
    summit = Summit.objects.get(number=23)
    # Early December 2025 is over by 11 December: every open item due then is overdue.
    today = D(2025, 12, 11)
    readiness = summit_readiness(summit, today)
    _, at_risk = readiness_items(summit, readiness, today)
    due_early_december = summit.action_items.filter(due_start=D(2025, 12, 1))
    assert {i.ref for i in at_risk} >= {i.ref for i in due_early_december}
    assert readiness.at_risk == len(at_risk) == readiness.overdue
    # A day before the period ends, none is overdue, and all were updated on 20 Nov.
    assert summit_readiness(summit, today=D(2025, 12, 10)).at_risk == 0


def _update(ref: str, day: dt.date, status: str) -> None:
    StatusUpdate.objects.create(
        action_item=ActionItem.objects.get(ref=ref), as_of=day, status=status
    )


def test_summit_page_shows_counts_score_its_change_and_items_at_risk(viewer_client):
    summit = Summit.objects.get(number=23)
    _update("IRIGC-TEC-26/TRADE-1", D(2025, 11, 25), Status.IN_PROGRESS)
    _update("IRIGC-TEC-26/ENERGY-1", D(2025, 11, 25), Status.IN_PROGRESS)
    _update("IRIGC-TEC-26/TRADE-1", D(2025, 12, 5), Status.FULFILLED)
    response = viewer_client.get(summit.get_absolute_url())
    page = response.text
    assert response.context["readiness"].score == 0.5
    assert "Compliance score:\n      <strong>+0.50</strong>" in page
    assert "that is <strong>75 %</strong>" in page
    assert "Up (+0.50) at its last change, on 5 December 2025." in page
    assert '<polyline points="4.0,24.0 236.0,14.0" class="spark-line">' in page
    assert "<tr><td>5 Dec 2025</td><td>+0.50</td><td>75 %</td></tr>" in page
    # Early December 2025 is long over: every open item of the summit is overdue.
    at_risk = response.context["at_risk_items"]
    assert {item.ref for item in at_risk} == set(
        summit.action_items.exclude(status=Status.FULFILLED).values_list("ref", flat=True)
    )
    assert '<strong class="overdue">overdue</strong> (due early December 2025)' in page
    assert (
        '<a href="/action-items/?summit=india-russia-annual-summit-23&amp;status=in_progress">'
        '<span class="status status-in_progress">in progress</span> 1</a>'
    ) in page


def test_a_summit_without_scored_items_says_so(viewer_client):
    page = viewer_client.get(Summit.objects.get(number=23).get_absolute_url()).text
    assert "<strong>not yet scored</strong>" in page
    assert "<polyline" not in page


def test_dashboard_shows_the_same_figures_for_the_next_summit(viewer_client):
    # Still to come on the pinned day, so the dashboard's next summit.
    summit = Summit.objects.get(number=23)
    summit.date = FuzzyDate(timezone.localdate() + dt.timedelta(days=30))
    summit.save()
    _update("MARITIME-2025-1", D(2025, 11, 25), Status.FULFILLED)
    _update("SUMMIT-23/PREP-1", D(2025, 11, 26), Status.NOT_FULFILLED)
    response = viewer_client.get("/")
    summit_page = viewer_client.get(Summit.objects.get(number=23).get_absolute_url())
    dashboard, summit = response.context["readiness"], summit_page.context["readiness"]
    assert (dashboard.by_status, dashboard.score, dashboard.score_history) == (
        summit.by_status,
        summit.score,
        summit.score_history,
    )
    page = response.text
    assert "<strong>+0.00</strong> on a scale of −1 to +1, that is <strong>50 %</strong>" in page
    assert dashboard.at_risk == summit.at_risk == len(summit_page.context["at_risk_items"])
    assert f"<strong>{summit.at_risk}</strong> items at risk</a>" in page


SUMMIT_ITEMS = "/action-items/?summit=india-russia-annual-summit-23"


def _listed(client, url: str) -> tuple[int, list[str]]:
    """How many items the action-item list at `url` counts, and the refs of its first page."""
    table = client.get(url).context["table"]
    return table.paginator.count, [row.record.ref for row in table.paginated_rows]


def test_summit_page_lists_the_first_items_of_a_status_and_links_to_all_of_them(viewer_client):
    make_action_items(LISTED_ITEMS + 5)  # not yet assessed, for the seed's summit
    summit = Summit.objects.get(number=23)
    response = viewer_client.get(summit.get_absolute_url())
    group = next(group for group in response.context["groups"] if group.code == "not_assessed")
    total = summit.action_items.filter(status=Status.NOT_ASSESSED).count()
    assert group.count == total and len(group.items) == LISTED_ITEMS
    link = f"{SUMMIT_ITEMS}&amp;status=not_assessed&amp;sort=due"
    assert f'<a href="{link}">all {total} not yet assessed</a>' in response.text
    # The link's list counts the same items and opens on those the page shows.
    count, first_page = _listed(viewer_client, link.replace("&amp;", "&"))
    assert count == total
    assert first_page[:LISTED_ITEMS] == [item.ref for item in group.items]


def test_summit_page_lists_the_first_items_at_risk_and_links_to_overdue_and_stale(
    viewer_client,
):
    today = timezone.localdate()
    # Due in March 2026 and never updated: overdue and stale, but for three just updated.
    items = make_action_items(LISTED_ITEMS + 5)
    for item in items[:3]:
        StatusUpdate.objects.create(action_item=item, as_of=today, status=Status.IN_PROGRESS)
    response = viewer_client.get(Summit.objects.get(number=23).get_absolute_url())
    readiness, at_risk = response.context["readiness"], response.context["at_risk_items"]
    assert len(at_risk) == LISTED_ITEMS < readiness.at_risk
    assert readiness.stale < readiness.overdue == readiness.at_risk
    page = response.text
    for rule, count in [("overdue", readiness.overdue), ("stale", readiness.stale)]:
        link = f"{SUMMIT_ITEMS}&amp;{rule}=on&amp;sort=due"
        assert f'<a href="{link}">all {count} {rule}</a>' in page
        assert _listed(viewer_client, link.replace("&amp;", "&"))[0] == count


def test_summit_page_lists_every_item_of_a_short_list_without_a_link(viewer_client):
    response = viewer_client.get(Summit.objects.get(number=23).get_absolute_url())
    assert all(len(group.items) == group.count for group in response.context["groups"])
    assert "&amp;sort=due" not in response.text


def _at_risk(item: ActionItem, today: dt.date, stale_days: int) -> bool:
    """Overdue or stale by the rules' Python twins (FuzzyDate.is_past, is_final)."""
    overdue = item.due is not None and item.due.is_past(today)
    stale = item.status_as_of is None or item.status_as_of < today - dt.timedelta(days=stale_days)
    return not item.is_final and (overdue or stale)


def test_readiness_items_are_the_first_of_each_group_in_the_lists_order(
    settings, django_assert_num_queries
):
    # Items of every status, dated at every precision or not at all (ties on a day),
    # updated at random or never: each group's first items checked against the whole
    # summit sorted in Python by the list's order, at risk by the rules' Python twins.
    rng = random.Random(17)
    summit = Summit.objects.get(number=23)
    days = [D(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700, 30)) for _ in range(8)]
    for item in make_action_items(120, prefix="RANDOM"):
        item.due = rng.choice(
            [None, *(FuzzyDate(day, rng.choice(list(Precision))) for day in days)]
        )
        item.status = rng.choice(Status.values)
        # Mostly updated lately: those at risk early on are seldom first of their status.
        item.status_as_of = rng.choice([None, *[D(2025, 1, 20)] * 9])
        # Past the services: the rows as a test wants them (the tallies' triggers follow).
        ActionItem.objects.filter(pk=item.pk).update(
            due_start=item.due_start,
            due_precision=item.due_precision,
            status=item.status,
            status_as_of=item.status_as_of,
        )
    everything = sorted(
        summit.action_items.all(),
        key=lambda item: (item.due_start is None, item.due_start or dt.date.min, item.pk),
    )
    for today, limit in itertools.product((D(2025, 2, 1), D(2026, 2, 1), D(2027, 1, 1)), (1, 4)):
        readiness = summit_readiness(summit, today)
        with django_assert_num_queries(2):  # the walks' items, their sectors
            groups, risks = readiness_items(summit, readiness, today, limit=limit)
            for item in [*risks, *(item for group in groups for item in group.items)]:
                assert item.sectors.all() is not None  # prefetched: no query
        expected = {
            code: [item.pk for item in everything if item.status == code][:limit]
            for code, _, _ in readiness.statuses
        }
        assert {group.code: [item.pk for item in group.items] for group in groups} == expected
        assert [item.pk for item in risks] == [
            item.pk for item in everything if _at_risk(item, today, settings.TRACKER_STALE_DAYS)
        ][:limit]
        assert all(item.is_overdue or item.is_stale for item in risks)


@pytest.mark.parametrize("days_on", [0, 9, 17, 46, 200])
def test_items_at_risk_counted_from_their_complements_equal_the_rules(days_on):
    """summit_risk_counts counts the items updated lately and those not yet overdue, and
    subtracts: each figure equals the follow-up lists' rule applied to every item, for
    every status, due date precision and last update around the day's thresholds."""
    summit = Summit.objects.get(number=23)
    today = timezone.localdate() + dt.timedelta(days=days_on)
    stale_days = settings.TRACKER_STALE_DAYS
    dues = [None] + [
        FuzzyDate(today + dt.timedelta(days=offset), precision)
        for precision in Precision
        for offset in (-400, -100, -31, -10, -9, -1, 0, 1, 31)
    ]
    updates = [None, *(today - dt.timedelta(days=back) for back in (stale_days + 1, stale_days, 0))]
    items = []
    for number, (status, due, as_of) in enumerate(
        itertools.product(Status.values, dues, updates), start=1
    ):
        item = ActionItem(
            ref=f"RISK-{number:04}", title="A commitment", target_summit=summit, status=status
        )
        item.due, item.status_as_of = due, as_of
        items.append(item)
    ActionItem.objects.bulk_create(items)

    readiness = summit_readiness(summit, today)

    of_summit = summit.action_items.all()
    overdue, stale = overdue_items_q(today), stale_items_q(today)
    assert readiness.overdue == of_summit.filter(overdue).count() > 0
    assert readiness.stale == of_summit.filter(stale).count() > 0
    assert readiness.at_risk == of_summit.filter(overdue | stale).count() > readiness.overdue


def test_readiness_comes_back_from_the_cache_as_it_was_computed():
    summit = Summit.objects.get(number=23)
    _update("IRIGC-TEC-26/TRADE-1", D(2025, 11, 25), Status.IN_PROGRESS)
    _update("IRIGC-TEC-26/TRADE-1", D(2025, 12, 5), Status.FULFILLED)
    readiness = summit_readiness(summit, D(2025, 12, 6))
    assert len(readiness.score_history) == 2
    restored = pickle.loads(pickle.dumps(readiness))
    assert restored == readiness
    assert all(isinstance(day, dt.date) for day, _ in restored.score_history)
