"""The follow-up digest lists the agreements whose mechanisms have not met, as the
follow-up page's mechanism watch does: the same rule, the same figure, sent through a
real mail server (tests/mailserver.py)."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from summits.models import ActionItem, Agreement, Commission, Meeting
from summits.outcomes.queries import MECHANISM_WATCH_SHOWN

# today: 15 June 2026; the made-up critical-minerals agreement was signed on 5 December
# 2025 and its working group has never met.
pytestmark = pytest.mark.usefixtures("today", "outcomes")
SECTION = re.compile(r"^MECHANISMS NOT MET FOR (\d+) MONTHS \((\d+)\)\n(.*?)\n\n", re.S | re.M)


@pytest.fixture
def owner(outcomes) -> User:
    """A user with one overdue item (seed items fell due in December 2025): a digest goes
    to them."""
    user = User.objects.create_user("owner", email="owner@example.org")
    assert ActionItem.objects.filter(ref="SUMMIT-23/PREP-1").update(owner=user) == 1
    return user


def _send(*args: str) -> None:
    call_command("send_followup_digest", *args, stdout=io.StringIO(), stderr=io.StringIO())


def _only_message(mail_server):
    (message,) = mail_server.messages
    # As sent over SMTP, with CRLF line ends.
    return message["Subject"], message.get_content().replace("\r\n", "\n")


@pytest.mark.usefixtures("owner")
def test_the_digest_lists_an_agreement_whose_working_group_has_not_met(mail_server):
    _send("--mechanism-months", "6")

    subject, body = _only_message(mail_server)
    months, count, lines = SECTION.search(body).groups()
    assert (months, count) == ("6", "1")
    assert "- Agreement on a working group on critical minerals (signed 5 Dec 2025)" in lines
    assert "http://127.0.0.1:8000/agreements/2025-12-05-india-russia-critical-minerals/" in lines
    assert "All " not in lines  # every one is listed: no link to the rest
    assert subject.endswith(", 1 agreement(s) with a mechanism not met")
    assert "the mechanisms are the team's" in body


@pytest.mark.usefixtures("owner")
def test_within_the_interval_there_is_no_section(mail_server):
    _send()  # TRACKER_MECHANISM_MONTHS: 12, and the agreement is six months old

    subject, body = _only_message(mail_server)
    assert "MECHANISMS NOT MET" not in body
    assert "mechanism" not in subject
    assert "OVERDUE (1)" in body


@pytest.mark.usefixtures("owner")
def test_a_meeting_of_the_working_group_takes_it_off_the_watch(mail_server):
    group = Commission.objects.get(slug="india-russia-critical-minerals-wg")
    Meeting.objects.create(
        slug="2026-03-02-minerals-wg",
        title="Meeting of the critical minerals group",
        kind=Meeting.Kind.WORKING_GROUP,
        commission=group,
        date_start="2026-03-02",
    )

    _send("--mechanism-months", "6")

    assert "MECHANISMS NOT MET" not in _only_message(mail_server)[1]


@pytest.mark.usefixtures("owner")
def test_the_digest_counts_what_the_follow_up_page_and_the_list_count(
    mail_server, viewer_client, settings
):
    """One rule for the three: the page's figure, the list it links to, the digest."""
    _idle_agreements(MECHANISM_WATCH_SHOWN + 2)
    settings.TRACKER_MECHANISM_MONTHS = 6
    page = viewer_client.get("/follow-up/").context["mechanisms"]
    listed = viewer_client.get("/agreements/", {"mechanism_idle": 6}).context["table"]

    _send()  # the setting is the digest's default too

    _, body = _only_message(mail_server)
    months, count, lines = SECTION.search(body).groups()
    assert months == "6"
    assert int(count) == page["count"] == listed.paginator.count == MECHANISM_WATCH_SHOWN + 3
    titles = re.findall(r"^- (.+?)(?: \(signed [^)]+\))?$", lines, re.M)
    assert titles == [agreement.title for agreement in page["agreements"]]
    assert len(titles) == MECHANISM_WATCH_SHOWN
    assert lines.endswith(
        f"All {MECHANISM_WATCH_SHOWN + 3}: http://127.0.0.1:8000/agreements/?mechanism_idle=6"
    )


def test_idle_mechanisms_alone_send_nobody_a_digest(mail_server):
    """Only owners and watchers receive the digest; the watch rides along with theirs."""
    User.objects.create_user("idle", email="idle@example.org")
    stdout = io.StringIO()
    call_command("send_followup_digest", "--mechanism-months", "6", stdout=stdout)
    assert mail_server.messages == []
    assert "Sent 0 digest(s)." in stdout.getvalue()


@pytest.mark.parametrize("months", ["0", "-3"])
def test_a_watch_of_less_than_a_month_is_refused(months):
    with pytest.raises(CommandError, match="--mechanism-months must be 1 or more"):
        _send("--mechanism-months", months)


def _idle_agreements(count: int) -> None:
    """`count` live agreements signed in 2024, each setting up a group that never met."""
    groups = Commission.objects.bulk_create(
        Commission(slug=f"idle-group-{n}", name=f"Idle group {n}") for n in range(count)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            slug=f"idle-{n}",
            title=f"Idle agreement {n:02}",
            signed_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            status=Agreement.Status.IN_FORCE if n % 2 else Agreement.Status.SIGNED,
        )
        for n in range(count)
    )
    Agreement.mechanisms.through.objects.bulk_create(
        Agreement.mechanisms.through(agreement=agreement, commission=group)
        for agreement, group in zip(agreements, groups, strict=True)
    )
