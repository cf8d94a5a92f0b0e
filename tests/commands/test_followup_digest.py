"""The weekly digest tells owners and watchers what needs them, and nobody else."""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from summits.models import ActionItem, Status, StatusUpdate
from tests.conftest import ROOT
from tests.mailserver import free_port

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)


@pytest.fixture
def people(db) -> dict[str, User]:
    return {
        name: User.objects.create_user(name, email=f"{name}@example.org")
        for name in ["owner", "watcher", "idle"]
    }


def test_owners_and_watchers_get_their_items_and_idle_users_nothing(people):
    # Seed items are due early December 2025 (long past today) and never updated since.
    overdue = ActionItem.objects.get(ref="SUMMIT-23/PREP-1")
    overdue.owner = people["owner"]
    overdue.save()
    overdue.watchers.add(people["watcher"])
    done = ActionItem.objects.get(ref="MARITIME-2025-1")
    done.owner = people["idle"]
    done.save()
    StatusUpdate.objects.create(action_item=done, as_of=dt.date.today(), status=Status.FULFILLED)

    call_command("send_followup_digest", stdout=io.StringIO())

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["owner@example.org", "watcher@example.org"]
    body = mail.outbox[0].body
    assert "OVERDUE (1)" in body
    assert "SUMMIT-23/PREP-1" in body
    assert "/action-items/SUMMIT-23/PREP-1/" in body
    assert "MARITIME-2025-1" not in body
    assert "1 overdue" in mail.outbox[0].subject


def test_nothing_is_sent_when_nobody_follows_anything(people):
    call_command("send_followup_digest", stdout=io.StringIO())
    assert mail.outbox == []


def test_a_recently_updated_item_due_later_is_due_soon_not_stale(people):
    item = ActionItem.objects.get(ref="CONSULATES-2025-1")
    item.due_start, item.due_precision = dt.date.today() + dt.timedelta(days=5), "day"
    item.owner = people["owner"]
    item.save()
    StatusUpdate.objects.create(action_item=item, as_of=dt.date.today(), status=Status.IN_PROGRESS)
    call_command("send_followup_digest", "--due-days", "10", stdout=io.StringIO())
    (message,) = mail.outbox
    assert "DUE WITHIN 10 DAYS (1)" in message.body
    assert "NO UPDATE" not in message.body


# A real mail server (tests/mailserver.py) ------------------------------------------------


def _follow(user: User, ref: str, due: dt.date) -> None:
    ActionItem.objects.create(ref=ref, title=ref, owner=user, due_start=due, due_precision="day")


def test_a_refused_recipient_is_reported_and_the_others_still_get_theirs(mail_server):
    gone, ann, cy = (
        User.objects.create_user(name, email=f"{name}@example.org")
        for name in ["gone", "ann", "cy"]
    )
    # Digests go out in due order: the refused recipient comes first.
    _follow(gone, "EARLY-1", dt.date(2025, 1, 1))
    _follow(ann, "LATER-1", dt.date(2025, 2, 1))
    _follow(cy, "LATER-2", dt.date(2025, 3, 1))
    stdout, stderr = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 of 3 digest"):
        call_command("send_followup_digest", stdout=stdout, stderr=stderr)

    assert sorted(mail_server.delivered) == ["ann@example.org", "cy@example.org"]
    assert "Not sent to gone@example.org: 550 5.1.1 No such mailbox here" in stderr.getvalue()
    assert "Sent 2 digest(s)." in stdout.getvalue()


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The project's own settings, not whatever the calling shell set for Django.
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = """
import datetime as dt
from django.contrib.auth.models import User
from summits.models import ActionItem
owner = User.objects.create_user("owner", email="owner@example.org")
ActionItem.objects.create(
    ref="LATE-1", title="Late", owner=owner, due_start=dt.date(2025, 1, 1), due_precision="day"
)
"""


def test_with_no_mail_server_the_command_says_so_in_one_line_and_fails(migrated_sqlite):
    """On the command line, as cron runs it: an error line, no traceback, exit status 1."""
    env = {
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(free_port()),  # nothing listens there
    }
    assert _manage("shell", "-c", SETUP, env=env).returncode == 0

    done = _manage("send_followup_digest", env=env)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(
        "MailServerUnreachable: Nothing sent: cannot reach the mail server at 127.0"
    )
    assert "Connection refused" in line
