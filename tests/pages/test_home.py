"""The first page: upcoming summits with their preparatory meetings and open items."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.caching import records_changed
from summits.models import ActionItem, Meeting, Place, Status, StatusUpdate, Summit
from summits.queries import LATEST_MEETINGS
from tests.records import make_action_items, make_meetings


@pytest.mark.usefixtures("seed")
def test_home_lists_the_summit_its_meetings_and_open_items(viewer_client):
    response = viewer_client.get(reverse("summits:home"))
    page = response.text
    assert "23rd India–Russia Annual Summit" in page
    assert "early December 2025" in page
    assert "19 November 2025" in page and "Moscow" in page
    assert "Nikolai Patrushev" in page
    open_items = ActionItem.objects.filter(target_summit__number=23).count()
    assert response.context["summits"][0].open_items == open_items
    assert f"<strong>{open_items}</strong> open action items" in page


@pytest.mark.usefixtures("seed")
def test_fulfilled_items_are_not_counted_as_open(viewer_client):
    item = ActionItem.objects.filter(target_summit__number=23).first()
    StatusUpdate.objects.create(action_item=item, as_of="2025-11-21", status=Status.FULFILLED)
    summit = viewer_client.get(reverse("summits:home")).context["summits"][0]
    assert summit.open_items == ActionItem.objects.filter(target_summit=summit).count() - 1


@pytest.mark.usefixtures("seed")
def test_held_summits_leave_the_list(viewer_client):
    Summit.objects.update(status=Summit.Status.HELD)
    response = viewer_client.get(reverse("summits:home"))
    assert "No upcoming summits are recorded." in response.text


def _queries(client) -> int:
    """The queries of the home page, its figures computed afresh (not from the cache)."""
    records_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("summits:home")).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("seed")
def test_home_page_query_count_does_not_grow_with_meetings(viewer_client):
    viewer_client.get(reverse("summits:home"))  # the session and permissions, cached
    before = _queries(viewer_client)
    assert before <= 18  # the dashboard: see test_dashboard.py
    summit = Summit.objects.get(number=23)
    another = Summit.objects.create(
        series=summit.series,
        number=24,
        host_place=Place.objects.get(slug="moscow"),
        date_start=dt.date(2026, 9, 1),
        date_precision="month",
        status=Summit.Status.SCHEDULED,
    )
    meetings = make_meetings(LATEST_MEETINGS + 6, summit=summit)  # with people, sectors
    for meeting in meetings[-3:]:
        meeting.summit = another
        meeting.save()
    for item in make_action_items(5):
        item.target_summit = another
        item.save()
        StatusUpdate.objects.create(action_item=item, as_of="2025-11-21", status=Status.STALLED)
    page = viewer_client.get(reverse("summits:home")).text
    assert "24th India–Russia Annual Summit" in page
    assert f"Extra meeting {LATEST_MEETINGS + 6}" in page
    assert _queries(viewer_client) == before


@pytest.mark.usefixtures("seed")
def test_each_summit_shows_its_latest_meetings_in_order_and_links_to_all(viewer_client):
    summit = Summit.objects.get(number=23)
    make_meetings(LATEST_MEETINGS + 3, summit=summit)  # in January 2026, after the seed's
    page = viewer_client.get(reverse("summits:home")).text
    page = page[page.index("<h2>Upcoming summits</h2>") :]  # not the recent changes
    total = summit.meetings.count()
    latest = summit.meetings.order_by("-date_start")[:LATEST_MEETINGS]
    shown = [m.title for m in Meeting.objects.filter(summit=summit) if m.title in page]
    assert sorted(shown) == sorted(m.title for m in latest)
    # In the order they happened, the newest last.
    positions = [page.index(f">{m.title}</a>") for m in reversed(latest)]
    assert positions == sorted(positions)
    link = f'<a href="{summit.get_absolute_url()}#meetings-heading">'
    assert f"The latest {LATEST_MEETINGS} of {total}: {link}" in page
    assert 'id="meetings-heading"' in viewer_client.get(summit.get_absolute_url()).text


@pytest.mark.usefixtures("seed")
def test_a_summit_with_few_meetings_lists_them_all_without_a_link(viewer_client):
    page = viewer_client.get(reverse("summits:home")).text
    page = page[page.index("<h2>Upcoming summits</h2>") :]  # not the recent changes
    meetings = Summit.objects.get(number=23).meetings.all()
    assert 0 < len(meetings) < LATEST_MEETINGS
    for meeting in meetings:
        assert f">{meeting.title}</a>" in page
    assert "#meetings-heading" not in page
