"""The calendar feed: a secret, revocable address; all-day events over fuzzy dates; filters."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from summits.models import FINAL_STATUSES, OPEN_STATUSES, ActionItem, CalendarFeedToken

pytestmark = pytest.mark.usefixtures("seed")
PAGE = reverse("summits:calendar")
# The seed report's day: its meetings and due dates fall within the feed's year back.
REPORT_DAY = dt.datetime(2025, 11, 20, 12, tzinfo=dt.UTC)
# A day for the feed's window: it starts a year back.
FEED_DAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _on_the_report_day():
    with time_machine.travel(REPORT_DAY, tick=False):
        yield


def feed(token: CalendarFeedToken, query: str = "", client: Client | None = None):
    url = reverse("summits:calendar-feed", args=[token.token])
    return (client or Client()).get(f"{url}?{query}" if query else url)


def events(response) -> dict[str, object]:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.getvalue())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_a_user_creates_a_feed_address_on_the_calendar_page(viewer_client, viewer):
    assert "Create my feed address" in viewer_client.get(PAGE).text
    response = viewer_client.post(PAGE, {"action": "create"})
    assert response.status_code == 302
    token = CalendarFeedToken.objects.get(user=viewer)
    assert len(token.token) >= 40
    page = viewer_client.get(PAGE).text
    assert f"http://testserver/calendar/feed/{token.token}.ics" in page


def test_the_feed_opens_without_a_login_with_a_valid_token(viewer):
    token = CalendarFeedToken.objects.create(user=viewer)
    response = feed(token)
    assert response.status_code == 200
    assert "summit-india-russia-annual-summit-23@summit-tracker" in events(response)
    assert "private" in response["Cache-Control"]


def test_an_unknown_token_finds_nothing(client):
    assert client.get(reverse("summits:calendar-feed", args=["guessed"])).status_code == 404


def test_revoking_ends_the_address(viewer_client, viewer):
    viewer_client.post(PAGE, {"action": "create"})
    token = CalendarFeedToken.objects.get(user=viewer)
    viewer_client.post(PAGE, {"action": "revoke"})
    assert not CalendarFeedToken.objects.filter(user=viewer).exists()
    assert feed(token).status_code == 404
    assert "Create my feed address" in viewer_client.get(PAGE).text


def test_replacing_the_address_ends_the_old_one(viewer_client, viewer):
    viewer_client.post(PAGE, {"action": "create"})
    old = CalendarFeedToken.objects.get(user=viewer)
    viewer_client.post(PAGE, {"action": "create"})
    new = CalendarFeedToken.objects.get(user=viewer)
    assert new.token != old.token
    assert feed(old).status_code == 404 and feed(new).status_code == 200


def test_a_deactivated_users_address_stops_working(viewer):
    token = CalendarFeedToken.objects.create(user=viewer)
    viewer.is_active = False
    viewer.save()
    assert feed(token).status_code == 404


def test_the_calendar_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_fuzzy_dates_become_all_day_events_over_every_day_they_can_mean(viewer):
    found = events(feed(CalendarFeedToken.objects.create(user=viewer)))
    summit = found["summit-india-russia-annual-summit-23@summit-tracker"]
    # "early December 2025": 1 to 10 December; iCalendar's end day is exclusive.
    assert summit.decoded("DTSTART") == dt.date(2025, 12, 1)
    assert summit.decoded("DTEND") == dt.date(2025, 12, 11)
    assert "early December 2025" in str(summit["SUMMARY"])
    assert str(summit["LOCATION"]) == "New Delhi, India"
    meeting = found["meeting-2025-11-19-jaishankar-manturov@summit-tracker"]
    assert meeting.decoded("DTSTART") == dt.date(2025, 11, 19)
    assert meeting.decoded("DTEND") == dt.date(2025, 11, 20)
    assert str(meeting["URL"]).endswith("/meetings/2025-11-19-jaishankar-manturov/")
    due = found["action-item-IRIGC-TEC-26/TRADE-1@summit-tracker"]
    assert str(due["SUMMARY"]).startswith("Due: IRIGC-TEC-26/TRADE-1")
    assert str(due["TRANSP"]) == "TRANSPARENT"  # a ten-day due date never blocks a diary


def test_items_without_a_due_date_are_left_out(viewer):
    found = events(feed(CalendarFeedToken.objects.create(user=viewer)))
    assert "action-item-CONSULATES-2025-1@summit-tracker" not in found


def test_items_with_a_final_status_are_due_no_more(viewer):
    """Fulfilled, not fulfilled or withdrawn: no "Due:" event, even when the feed's own
    filters ask for that status; every open status keeps its event."""
    for status in [*FINAL_STATUSES, *OPEN_STATUSES]:
        ActionItem.objects.create(
            ref=f"FINAL-{status}",
            title=status,
            status=status,
            due_start=dt.date(2025, 12, 5),
            due_precision="day",
        )
    token = CalendarFeedToken.objects.create(user=viewer)
    found = events(feed(token, "include=action-items"))
    due = {uid for uid in found if uid.startswith("action-item-FINAL-")}
    assert due == {f"action-item-FINAL-{status}@summit-tracker" for status in OPEN_STATUSES}
    assert not events(feed(token, "include=action-items&status=fulfilled&status=withdrawn"))


def test_the_feed_takes_the_lists_filters(viewer):
    token = CalendarFeedToken.objects.create(user=viewer)
    items = events(feed(token, "include=action-items&sector=trade"))
    assert set(items) == {"action-item-IRIGC-TEC-26/TRADE-1@summit-tracker"}
    meetings = events(feed(token, "include=meetings&participant=nikolai-patrushev"))
    assert set(meetings) == {"meeting-2025-11-18-modi-patrushev@summit-tracker"}


def test_a_list_links_to_a_feed_with_its_filters(viewer_client, viewer):
    page = viewer_client.get(reverse("summits:actionitem-list"), {"sector": "trade"}).text
    assert 'href="/calendar/?sector=trade&amp;include=action-items"' in page
    viewer_client.post(PAGE, {"action": "create"})
    response = viewer_client.get(PAGE, {"sector": "trade", "include": "action-items"})
    token = CalendarFeedToken.objects.get(user=viewer).token
    assert f"/calendar/feed/{token}.ics?sector=trade&amp;include=action-items" in response.text
    assert "<code>sector=trade</code>" in response.text


# The feed's window ----------------------------------------------------------------------


def _uids(client, url: str, **query) -> set[str]:
    response = client.get(url, query)
    assert response.status_code == 200
    events = Calendar.from_ical(response.getvalue()).walk("VEVENT")
    return {str(event["UID"]) for event in events}


@time_machine.travel(FEED_DAY, tick=False)
def test_the_feed_starts_a_year_back_unless_asked_for_more(client, viewer):
    """On 1 June 2026 the feed shows what can fall on 1 June 2025 or later: a date that
    runs past it ("2025") is in, one a day before it is out; `since` moves the start."""
    ActionItem.objects.create(
        ref="YEAR-2025", title="All year", due_start=dt.date(2025, 1, 1), due_precision="year"
    )
    ActionItem.objects.create(
        ref="MAY-2025", title="Day", due_start=dt.date(2025, 5, 31), due_precision="day"
    )
    token = CalendarFeedToken.objects.create(user=viewer).token
    url = reverse("summits:calendar-feed", args=[token])
    old_meeting = "meeting-2025-11-19-jaishankar-manturov@summit-tracker"

    recent = _uids(client, url)
    assert "action-item-YEAR-2025@summit-tracker" in recent  # runs to 31 December 2025
    assert "action-item-MAY-2025@summit-tracker" not in recent  # a year and a day back
    assert old_meeting in recent  # 19 November 2025: within the year

    later = _uids(client, url, since="2026-01-01")
    assert old_meeting not in later and "action-item-YEAR-2025@summit-tracker" not in later
    everything = _uids(client, url, since="2000-01-01")
    assert "action-item-MAY-2025@summit-tracker" in everything and old_meeting in everything


@pytest.mark.parametrize("since", ["yesterday", "2025-02-30", "0001-01-01", "1e400"])
def test_a_since_that_is_no_day_gets_a_clear_error(client, viewer, since):
    token = CalendarFeedToken.objects.create(user=viewer).token
    url = reverse("summits:calendar-feed", args=[token])
    response = client.get(url, {"since": since})
    assert response.status_code == 400
    assert "write it as YYYY-MM-DD" in response.text


def test_the_calendar_page_says_how_to_reach_further_back(viewer_client):
    viewer_client.post(reverse("summits:calendar"), {"action": "create"})
    page = viewer_client.get(reverse("summits:calendar")).text
    assert "from a year ago on" in page and "since=2020-01-01" in page
