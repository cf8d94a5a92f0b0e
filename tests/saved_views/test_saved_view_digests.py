"""A saved view as a subscription: its owner is mailed the list's count and first rows,
daily or weekly, through a real local mail server; the clock is pinned."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.urls import reverse

from summits.management.commands.send_saved_view_digests import ROWS
from summits.models import Meeting, SavedView
from summits.views import LIST_PAGES
from tests.factories import user_create
from tests.records import make_action_items

from .conftest import TRADE_26, saved

pytestmark = pytest.mark.usefixtures("seed")
MONDAY = dt.date(2026, 6, 15)
LIST = reverse("summits:actionitem-list")


def at(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def send(day: dt.date, hour: int = 7) -> str:
    stdout = io.StringIO()
    with time_machine.travel(at(day, hour), tick=False):
        call_command("send_saved_view_digests", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def bodies(mail_server) -> list[str]:
    return [message.get_content() for message in mail_server.messages]


def test_a_daily_digest_mails_the_lists_count_and_rows_with_links(carol, mail_server):
    view = saved(carol, "Trade, 26th session", digest="daily")

    assert send(MONDAY) == "Sent 1 digest(s).\n"

    (message,) = mail_server.messages
    assert message["To"] == "carol@example.org"
    assert message["Subject"] == "Summit tracker: “Trade, 26th session”, 1 action items"
    body = message.get_content()
    assert "Hello Carol," in body
    assert "- IRIGC-TEC-26/TRADE-1: " in body
    assert f"{settings.TRACKER_SITE_URL}/action-items/IRIGC-TEC-26/TRADE-1/" in body
    assert f"All of them: {settings.TRACKER_SITE_URL}{LIST}?{TRADE_26}" in body
    view.refresh_from_db()
    assert view.last_sent == at(MONDAY)


def test_a_daily_digest_goes_once_a_day_whatever_the_hour_of_the_run(carol, mail_server):
    saved(carol, "Trade", digest="daily")
    send(MONDAY, hour=9)
    assert send(MONDAY, hour=18) == "Sent 0 digest(s).\n"
    # Cron starts a little earlier the next day: still a new day, still sent.
    assert send(MONDAY + dt.timedelta(days=1), hour=8) == "Sent 1 digest(s).\n"
    assert len(mail_server.messages) == 2


def test_a_weekly_digest_waits_seven_days_and_a_missed_run_does_not_skip_a_week(carol, mail_server):
    saved(carol, "Trade", digest="weekly")
    sent = [send(MONDAY + dt.timedelta(days=days)) for days in (0, 1, 6, 7, 8, 15)]
    assert sent == [
        "Sent 1 digest(s).\n",  # the first run after saving it
        "Sent 0 digest(s).\n",
        "Sent 0 digest(s).\n",
        "Sent 1 digest(s).\n",  # a week later
        "Sent 0 digest(s).\n",
        "Sent 1 digest(s).\n",  # the run on day 14 missed: the next day's sends it
    ]


def test_views_without_a_digest_mail_nobody(carol, viewer, mail_server):
    saved(carol, "Trade")
    assert send(MONDAY) == "Sent 0 digest(s).\n"
    assert mail_server.messages == []


def test_a_shared_view_is_mailed_to_its_owner_only(carol, viewer, mail_server):
    viewer.email = "bob@example.org"
    viewer.save()
    saved(carol, "Trade", digest="daily", shared=True)
    send(MONDAY)
    assert mail_server.delivered == ["carol@example.org"]


def test_the_rows_are_the_lists_rows_in_its_order_and_the_first_twenty_only(carol, mail_server):
    make_action_items(30)
    query = "q=Extra&sort=-ref"
    saved(carol, "Extras", query=query, digest="daily")
    send(MONDAY)
    body = bodies(mail_server)[0]
    listed = [line[2:].split(":")[0] for line in body.splitlines() if line.startswith("- ")]
    page = LIST_PAGES["action-items"]()
    expected = [
        item.ref
        for item in page.table_of(
            page.filterset_class(QueryDict(query), queryset=page.queryset.all()), QueryDict(query)
        ).data.data[:ROWS]
    ]
    assert listed == expected == [f"EXTRA-{number:03}" for number in range(30, 10, -1)]
    assert f"30 action items, the first {ROWS}:" in body


def test_a_view_whose_filter_no_longer_applies_says_so_and_the_others_still_go(
    carol, viewer, mail_server
):
    Meeting.objects.create(
        slug="2026-01-01-gone", title="Gone", kind="bilateral", date_start=dt.date(2026, 1, 1)
    )
    saved(carol, "From a meeting since deleted", query="origin=2026-01-01-gone", digest="daily")
    Meeting.objects.get(slug="2026-01-01-gone").delete()
    saved(carol, "Trade", digest="daily")

    assert send(MONDAY) == "Sent 2 digest(s).\n"

    broken = next(m for m in mail_server.messages if "cannot be applied" in m["Subject"])
    body = broken.get_content()
    assert "Its filters cannot be applied any more, so nothing is listed:" in body
    assert "- Origin meeting or session: No meeting has the slug or name “2026-01-01-gone”." in body
    assert "- " not in body.split("nothing is listed:")[1].split("Open the list")[1]


def test_a_refused_digest_is_tried_again_on_the_next_run(carol, mail_server):
    gone = user_create("gone", "Viewers", email="gone@example.org")
    saved(gone, "Trade", digest="daily")
    saved(carol, "Trade", digest="daily")
    with pytest.raises(CommandError, match="1 of 2 digest"):
        send(MONDAY)
    assert mail_server.delivered == ["carol@example.org"]
    last_sent = dict(SavedView.objects.values_list("owner__username", "last_sent"))
    assert last_sent == {"gone": None, "carol": at(MONDAY)}


def test_owners_without_an_address_or_no_longer_readers_are_skipped(carol, mail_server):
    saved(user_create("noaddress", "Viewers"), "Trade", digest="daily")
    saved(user_create("left", email="left@example.org"), "Trade", digest="daily")
    saved(carol, "Trade", digest="daily")
    send(MONDAY)
    assert mail_server.delivered == ["carol@example.org"]
