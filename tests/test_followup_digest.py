"""The weekly digest tells owners and watchers what needs them, and nobody else."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from summits.models import ActionItem, Status, StatusUpdate

pytestmark = pytest.mark.usefixtures("seed")


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
