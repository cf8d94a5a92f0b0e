"""A change to an item or summit someone follows tells them: in the app at once, by mail
per their preference, from the worker and never inside the request that made it."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from summits import services
from summits.models import ActionItem, Notification, NotificationPreference, Status, Summit
from tests.factories import client_signed_in, user_create
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REF = "MARITIME-2025-1"


@pytest.fixture
def people(seed):
    """alice (analyst) changes things; carol owns the item; dave watches it."""
    alice = user_create("alice", "Analysts", email="alice@example.org")
    carol = user_create("carol", "Analysts", email="carol@example.org")
    dave = user_create("dave", "Viewers", email="dave@example.org")
    item = ActionItem.objects.get(ref=REF)
    item.owner = carol
    item.save()
    item.watchers.add(dave, alice)
    DBTaskResult.objects.all().delete()  # the owner's own notification task
    return alice, carol, dave


def test_a_status_update_on_a_page_notifies_owner_and_watcher_by_the_worker(
    people, mail_server, start_worker
):
    alice, carol, dave = people
    url = reverse("summits:actionitem-status-update", args=[REF])
    response = client_signed_in(alice).post(
        url, {"status": Status.IN_PROGRESS, "as_of": "2026-01-10", "note": "Talks began."}
    )
    assert response.status_code == 302
    # The request returned: the task waits for a worker, nothing told yet.
    assert DBTaskResult.objects.filter(task_path="summits.tasks.notify_changes").count() == 1
    assert not Notification.objects.exists()
    assert mail_server.delivered == []

    start_worker()
    wait_for(lambda: sorted(mail_server.delivered))
    wait_for(lambda: len(mail_server.delivered) == 2)
    assert sorted(mail_server.delivered) == ["carol@example.org", "dave@example.org"]
    told = Notification.objects.order_by("user__username")
    assert [n.user.username for n in told] == ["carol", "dave"]  # not alice, who made it
    assert all(n.emailed_at and n.read_at is None for n in told)
    assert told[0].message == f"{REF}: status update: in progress as of 10 Jan 2026"
    assert told[0].url == reverse("summits:actionitem-detail", args=[REF])
    body = mail_server.messages[0].get_body().get_content()
    assert "status update: in progress as of 10 Jan 2026" in body
    assert "http://127.0.0.1:8000/action-items/" in body
