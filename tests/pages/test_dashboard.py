"""The dashboard: next summit and its countdown, follow-up figures, charts, what changed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summits.caching import records_changed
from summits.fuzzydates import FuzzyDate, Precision
from summits.models import ActionItem, Meeting, Status, StatusUpdate, Summit
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:home")


def move_summit(date: FuzzyDate) -> Summit:
    summit = Summit.objects.get(number=23)
    summit.date = date
    summit.save()
    return summit


def test_next_summit_counts_down_the_days(viewer_client):
    move_summit(FuzzyDate(timezone.localdate() + dt.timedelta(days=12), "day"))
    page = viewer_client.get(URL).text
    assert "<strong>12</strong> days to go." in page


def test_a_fuzzy_summit_date_counts_to_its_earliest_day_and_says_so(viewer_client):
    start = timezone.localdate().replace(day=1) + dt.timedelta(days=70)
    summit = move_summit(FuzzyDate(start, "month"))
    days = (summit.date.start - timezone.localdate()).days
    page = viewer_client.get(URL).text
    assert f"<strong>{days}</strong> days to go, counting to" in page
    assert f"the earliest day “{summit.date}” can mean" in page


def test_a_summit_whose_date_passed_asks_for_its_outcome(viewer_client):
    move_summit(FuzzyDate(timezone.localdate() - dt.timedelta(days=3), "day"))
    assert "Its expected date has passed" in viewer_client.get(URL).text


def add_summit(number: int, date: FuzzyDate, status: str = Summit.Status.ANTICIPATED) -> Summit:
    seed_summit = Summit.objects.get(number=23)
    summit = Summit(series=seed_summit.series, number=number, status=status)
    summit.date = date
    summit.save()
    return summit


def test_next_summit_is_the_first_still_to_come_not_one_whose_date_passed(viewer_client, today):
    """The seed's summit (early December 2025, still "anticipated") passed half a year
    before the pinned day: the next summit is the first whose latest day is yet to come."""
    add_summit(30, FuzzyDate(today + dt.timedelta(days=5)), Summit.Status.HELD)
    add_summit(31, FuzzyDate(today + dt.timedelta(days=8)), Summit.Status.CANCELLED)
    later = add_summit(32, FuzzyDate(today + dt.timedelta(days=200)))
    soon = add_summit(33, FuzzyDate(today + dt.timedelta(days=40)), Summit.Status.SCHEDULED)
    add_summit(34, None)  # no date: nothing to count down to
    response = viewer_client.get(URL)
    assert response.context["next_summit"] == soon
    assert "<strong>40</strong> days to go." in response.text
    assert [summit.number for summit in response.context["summits_to_update"]] == [23]
    assert later not in response.context["summits_to_update"]


def test_a_summit_expected_now_comes_before_one_with_a_later_earliest_day(viewer_client, today):
    """ "June 2026" can still mean the pinned 15 June or later, and can mean an earlier
    day than 20 June: it is next, expected now."""
    add_summit(30, FuzzyDate(dt.date(2026, 6, 20)), Summit.Status.SCHEDULED)
    this_month = add_summit(31, FuzzyDate(dt.date(2026, 6, 1), "month"))
    add_summit(32, FuzzyDate(dt.date(2026, 6, 14)))  # yesterday: to update
    response = viewer_client.get(URL)
    assert response.context["next_summit"] == this_month
    assert "<strong>Expected now</strong>: today falls within June 2026." in response.text
    assert [s.number for s in response.context["summits_to_update"]] == [23, 32]


def test_summits_whose_date_passed_are_listed_to_update(viewer_client, today):
    add_summit(30, FuzzyDate(dt.date(2026, 3, 1), "month"), Summit.Status.SCHEDULED)
    add_summit(31, FuzzyDate(dt.date(2026, 1, 1), "quarter"), Summit.Status.POSTPONED)
    add_summit(32, FuzzyDate(dt.date(2026, 2, 1)), Summit.Status.HELD)
    add_summit(33, FuzzyDate(dt.date(2026, 2, 2)), Summit.Status.CANCELLED)
    response = viewer_client.get(URL)
    assert response.context["next_summit"] is None
    assert "No upcoming summit is recorded." in response.text
    to_update = response.context["summits_to_update"]
    assert [summit.number for summit in to_update] == [23, 30]  # by earliest possible day
    page = response.text
    assert '<h2 id="to-update-heading">To update</h2>' in page
    for summit in to_update:
        assert (
            f'<a href="{summit.get_absolute_url()}">{summit}</a> · {summit.date} · '
            "<strong>expected date has passed</strong>"
        ) in page
    assert "early December 2025 · <strong>expected date has passed" in page


def test_nothing_to_update_shows_no_such_list(viewer_client):
    move_summit(FuzzyDate(timezone.localdate() + dt.timedelta(days=30)))
    response = viewer_client.get(URL)
    assert response.context["summits_to_update"] == []
    assert "To update" not in response.text


def test_follow_up_figures_count_and_link_to_the_filtered_list(viewer_client):
    today = timezone.localdate()
    ActionItem.objects.update(due_start=None, due_precision="")
    late, soon, later = make_action_items(3, prefix="F")
    for item, due in [(late, today - dt.timedelta(days=2)), (soon, today + dt.timedelta(days=7))]:
        item.due = FuzzyDate(due, "day")
        item.save()
    later.due = FuzzyDate(today + dt.timedelta(days=200), "day")
    later.save()
    response = viewer_client.get(URL)
    counts = response.context["counts"]
    assert (counts["overdue"], counts["due_soon"]) == (1, 1)
    page = response.text
    assert '<a href="/action-items/?overdue=on"><strong>1</strong> overdue</a>' in page
    assert '<a href="/action-items/?due_within=30"><strong>1</strong> due within 30 days' in page
    # The links lead to exactly the items counted.
    listed = viewer_client.get("/action-items/?overdue=on").context["table"].paginated_rows
    assert [row.record.ref for row in listed] == ["F-001"]


def test_charts_draw_items_by_status_and_sector_with_linked_labelled_segments(viewer_client):
    item = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    StatusUpdate.objects.create(action_item=item, as_of="2025-11-25", status=Status.IN_PROGRESS)
    page = viewer_client.get(URL).text
    assert page.count('<svg class="bar-chart"') == 2
    assert '<a href="/action-items/?status=in_progress" aria-label="1 in progress">' in page
    assert "<title>Trade: 1 in progress</title>" in page
    assert '<a href="/action-items/?sector=trade&amp;status=not_assessed"' in page
    assert '<span class="status status-in_progress">in progress</span>' in page  # legend


def test_upcoming_meetings_leave_out_those_already_over(viewer_client):
    future = make_meetings(1)[0]
    future.date_start = timezone.localdate() + dt.timedelta(days=3)
    future.save()
    meetings = list(viewer_client.get(URL).context["meetings"])
    assert meetings == [future]


@pytest.mark.parametrize("precision", list(Precision))
def test_a_meeting_of_any_precision_is_upcoming_until_its_latest_day(
    viewer_client, today, precision
):
    # The earliest start of this precision whose period ends today or later (for a third
    # of a month but today's, next month's), and a day already over.
    start = next(
        day
        for back in range(400, -40, -1)
        if FuzzyDate(day := today - dt.timedelta(days=back), precision).end >= today
    )
    current, over = make_meetings(2)
    current.date_start, current.date_precision = FuzzyDate(start, precision).start, precision
    over.date_start, over.date_precision = today - dt.timedelta(days=1), Precision.DAY
    current.save()
    over.save()
    assert list(viewer_client.get(URL).context["meetings"]) == [current]


def test_recent_changes_come_from_the_history(analyst_client):
    meeting = Meeting.objects.get(slug="irigc-tec-26")
    meeting.title = "26th session of the IRIGC-TEC, Moscow"
    meeting.save()
    changes = analyst_client.get(URL).context["changes"]
    assert changes[0].label == "26th session of the IRIGC-TEC, Moscow"
    assert (changes[0].kind, changes[0].action) == ("meeting", "changed")
    assert changes[0].url == meeting.get_absolute_url()


def test_recent_changes_show_each_record_once_by_its_latest_change(analyst_client):
    meeting = Meeting.objects.get(slug="irigc-tec-26")
    for _ in range(3):
        meeting.save()
    changes = analyst_client.get(URL).context["changes"]
    assert [change.label for change in changes].count(meeting.title) == 1


def test_dashboard_query_count_does_not_grow_with_records(
    viewer_client, django_assert_max_num_queries
):
    make_action_items(30)
    make_meetings(20, summit=Summit.objects.get(number=23))
    # Before anything is cached: session, user, the user's permissions to read (2: their
    # own, their groups'), summits with meetings and their participants (3), the next
    # summit's readiness (2: counts, status updates), upcoming meetings, follow-up
    # figures, two chart counts (3: by status, by sector and the sectors' names), four
    # kinds of history, the user's saved views.
    with django_assert_max_num_queries(19):
        viewer_client.get(URL)


def _queries(client) -> int:
    """The dashboard's queries, its figures computed afresh (not from the cache)."""
    records_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_next_summit_and_summits_to_update_cost_no_query(viewer_client, today):
    """Both are read from the upcoming summits the dashboard reads anyway."""
    move_summit(FuzzyDate(today + dt.timedelta(days=30)))
    viewer_client.get(URL)  # the session and permissions, cached
    before = _queries(viewer_client)
    for number in range(30, 36):
        add_summit(number, FuzzyDate(today - dt.timedelta(days=number)))
    response = viewer_client.get(URL)
    assert len(response.context["summits_to_update"]) == 6
    assert _queries(viewer_client) == before


def test_dashboard_figures_come_from_the_cache_until_a_record_changes(
    viewer_client, django_assert_max_num_queries
):
    move_summit(FuzzyDate(timezone.localdate() + dt.timedelta(days=30)))  # the next summit
    first = viewer_client.get(URL)
    open_items = first.context["counts"]["open"]
    summit_open_items = first.context["summits"][0].open_items
    # User, permissions to read, upcoming summits (for the next one) and meetings, the
    # user's saved views (never cached: they are the user's own): the rest is cached.
    with django_assert_max_num_queries(6):
        cached = viewer_client.get(URL)
    assert "Nikolai Patrushev" in cached.text  # the summits' list, kept as HTML
    assert cached.text.count(f"<strong>{summit_open_items}</strong> open action items") == 2

    item = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    StatusUpdate.objects.create(
        action_item=item, as_of=timezone.localdate(), status=Status.FULFILLED
    )
    with CaptureQueriesContext(connection) as after_update:
        response = viewer_client.get(URL)
    # The summits' meetings and participants, which no status update changes, are kept.
    assert not [q for q in after_update if "summits_participation" in q["sql"]]
    assert "Nikolai Patrushev" in response.text
    assert response.context["counts"]["open"] == open_items - 1
    assert response.context["readiness"].by_status[Status.FULFILLED] == 1
    assert response.context["changes"][0].kind == "status update"
    page = response.text
    assert '<a href="/action-items/?status=fulfilled" aria-label="1 fulfilled">' in page
    # In the next summit's card and in the list of upcoming summits.
    assert page.count(f"<strong>{summit_open_items - 1}</strong> open action items") == 2
