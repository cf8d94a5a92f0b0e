"""The follow-up page: overdue, due soon, stale and recently changed queues whose counts
always equal the action-item lists they link to."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, Status, StatusUpdate
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:follow-up")


@pytest.fixture
def queues_filled(seed, today) -> None:
    """Items due at different distances, updated at different times, changed or not."""
    items = make_action_items(12, prefix="Q")
    for number, item in enumerate(items):
        item.due = FuzzyDate(today + dt.timedelta(days=number * 9 - 20), "day")
        item.save()
        if number % 3:
            StatusUpdate.objects.create(
                action_item=item,
                as_of=today - dt.timedelta(days=number * 8),
                status=Status.IN_PROGRESS if number % 4 else Status.FULFILLED,
            )
    # Most records were last changed long ago; a few this week.
    long_ago = timezone.now() - dt.timedelta(days=40)
    ActionItem.history.update(history_date=long_ago)
    StatusUpdate.history.update(history_date=long_ago)
    for item in items[:3]:
        item.title += " (revised)"
        item.save()
    StatusUpdate.objects.create(
        action_item=ActionItem.objects.get(ref="MARITIME-2025-1"),
        as_of=today,
        status=Status.STALLED,
    )


def list_count(client, href: str) -> int:
    return client.get(href.replace("&amp;", "&")).context["table"].paginator.count


@pytest.mark.usefixtures("queues_filled")
@pytest.mark.parametrize(
    ("windows", "all_filled"),
    [
        ({}, True),
        ({"due_within": "60", "stale_days": "10", "changed_days": "3"}, True),
        ({"due_within": "0", "stale_days": "0", "changed_days": "0"}, False),
    ],
    ids=["defaults", "custom", "zero"],
)
def test_each_queue_counts_exactly_what_its_list_shows(viewer_client, windows, all_filled):
    response = viewer_client.get(URL, windows)
    page = response.text
    queues = response.context["queues"]
    assert [queue.key for queue in queues] == [
        "overdue",
        "due-soon",
        "stale",
        "unassessed",
        "changed",
    ]
    for queue in queues:
        section = page[page.index(f'<section id="{queue.key}"') :]
        href = re.search(r'<a class="queue-link" href="([^"]+)"', section).group(1)
        assert href == f"/action-items/?{queue.query}".replace("&", "&amp;")
        assert list_count(viewer_client, href) == queue.count, queue.key
        assert f'<span class="count">{queue.count}</span>' in section
    counts = {queue.key: queue.count for queue in queues}
    # Every rule picks something, so a disagreement could not hide behind zeros.
    assert all(counts.values()) == all_filled, counts


@pytest.mark.usefixtures("queues_filled")
def test_windows_change_what_the_queues_hold(viewer_client):
    default = {q.key: q for q in viewer_client.get(URL).context["queues"]}
    wider = {
        q.key: q
        for q in viewer_client.get(
            URL, {"due_within": "90", "stale_days": "5", "changed_days": "60"}
        ).context["queues"]
    }
    assert default["due-soon"].title == "Due within 30 days"
    assert wider["due-soon"].count > default["due-soon"].count
    assert wider["stale"].count > default["stale"].count
    assert wider["changed"].count > default["changed"].count
    assert default["changed"].count == 4  # three items revised, one update recorded


@pytest.mark.usefixtures("queues_filled")
def test_recently_changed_comes_latest_first_with_a_link_to_the_history(viewer_client):
    response = viewer_client.get(URL)
    changed = next(queue for queue in response.context["queues"] if queue.key == "changed")
    assert changed.items[0].ref == "MARITIME-2025-1"
    assert [item.last_changed for item in changed.items] == sorted(
        (item.last_changed for item in changed.items), reverse=True
    )
    assert 'href="/action-items/MARITIME-2025-1/history/">history</a>' in response.text


def test_a_wrong_window_is_explained_and_its_default_applies(viewer_client, settings):
    settings.TRACKER_STALE_DAYS = 45
    response = viewer_client.get(URL, {"due_within": "soon", "stale_days": "-4"})
    assert "A window must be a whole number of days from 0 to 3650" in response.text
    titles = [queue.title for queue in response.context["queues"]]
    assert titles[1:3] == ["Due within 30 days", "No update for 45 days"]


def test_long_queues_list_their_first_items_and_link_to_all(viewer_client):
    make_action_items(30, prefix="LATE", due=FuzzyDate(dt.date(2025, 1, 1), "day"))
    response = viewer_client.get(URL)
    overdue = response.context["queues"][0]
    assert len(overdue.items) == 25 and overdue.count == 30 + 7
    assert f"See all {overdue.count} in the action-item list" in response.text


def test_query_count_does_not_grow_with_items(viewer_client, django_assert_max_num_queries):
    make_action_items(60, prefix="LATE", due=FuzzyDate(dt.date(2025, 1, 1), "day"))
    # Session, user, permissions to read (2), the counts (due dates' and last updates'
    # tallies, items by status, the changed items), then each queue's first items, and
    # the agreements whose mechanisms have not met: how many, and the first of them.
    with django_assert_max_num_queries(15):
        viewer_client.get(URL)
