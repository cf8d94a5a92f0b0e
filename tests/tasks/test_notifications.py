"""A change to an item or summit someone follows tells them: in the app at once, by mail
per their preference, from the worker and never inside the request that made it."""

import datetime as dt
import json

import pytest
import redis
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from simple_history.signals import post_create_historical_record

from summits import notifications, services, signals
from summits.fuzzydates import FuzzyDate
from summits.importing import report_import
from summits.models import ActionItem, Notification, Status, Summit
from summits.tasks import digests_send
from tests.adminforms import change_form_data
from tests.factories import client_signed_in, report_file, user_create
from tests.seed import SEED_REPORT
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
    alice, _carol, _dave = people
    url = reverse("summits:actionitem-status-update", args=[REF])
    response = client_signed_in(alice).post(
        url, {"status": Status.IN_PROGRESS, "as_of": "2026-01-10", "note": "Talks began."}
    )
    assert response.status_code == 302
    # The request returned: the task waits for a worker, nothing told yet.
    assert DBTaskResult.objects.filter(task_path="summits.tasks.notify_changes").count() == 1
    assert not Notification.objects.exists()
    assert mail_server.delivered == []

    worker = start_worker()
    wait_for(lambda: sorted(mail_server.delivered))
    wait_for(lambda: len(mail_server.delivered) == 2)
    worker.stop()  # before the test's own queries (SQLite's test database is shared)
    assert sorted(mail_server.delivered) == ["carol@example.org", "dave@example.org"]
    told = Notification.objects.order_by("user__username")
    assert [n.user.username for n in told] == ["carol", "dave"]  # not alice, who made it
    assert all(n.emailed_at and n.read_at is None for n in told)
    assert told[0].message == f"{REF}: status update: in progress as of 10 Jan 2026"
    assert told[0].url == reverse("summits:actionitem-detail", args=[REF])
    body = mail_server.messages[0].get_body().get_content()
    assert "status update: in progress as of 10 Jan 2026" in body
    assert "http://127.0.0.1:8000/action-items/" in body


def test_a_rolled_back_change_enqueues_nothing_and_tells_nobody(people):
    alice, _, _ = people
    item = ActionItem.objects.get(ref=REF)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.status_update_record(
            action_item=item, status=Status.STALLED, as_of=dt.date(2026, 1, 5), author=alice
        )
        raise RuntimeError("the rest of the write failed")
    assert not DBTaskResult.objects.exists()
    assert not Notification.objects.exists()


def _queries_of_a_status_update(author) -> int:
    item = ActionItem.objects.get(ref=REF)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.status_update_record(
            action_item=item, status=Status.STALLED, as_of=dt.date(2026, 1, 5), author=author
        )
    return len(queries)


def test_notifications_add_one_query_to_a_write(people):
    """The task's row, written after the commit; nothing inside the transaction."""
    alice, _, _ = people
    post_create_historical_record.disconnect(dispatch_uid="notifications")
    try:
        without = _queries_of_a_status_update(alice)
    finally:
        signals.connect()
    assert not DBTaskResult.objects.exists()
    with_them = _queries_of_a_status_update(alice)
    assert with_them == without + 1
    assert DBTaskResult.objects.count() == 1


def test_a_refused_recipient_does_not_stop_the_others(people, mail_server, start_worker):
    alice, _carol, dave = people
    dave.email = "gone@example.org"  # the mail server answers 550 for this one
    dave.save()
    item = ActionItem.objects.get(ref=REF)
    services.action_item_set_owner(item=item, owner=alice, base_version=item.version)
    worker = start_worker()
    wait_for(lambda: Notification.objects.filter(user=dave).exclude(mail_error="").exists())
    worker.stop()
    # Made by no one signed in (a script): everyone following is told, the former owner too.
    assert mail_server.delivered == ["alice@example.org", "carol@example.org"]
    refused = Notification.objects.get(user=dave)
    assert refused.mail_error.startswith("Not sent to gone@example.org: 550")
    assert refused.message == f"{REF}: owner carol → alice"


def test_each_user_chooses_immediately_digest_or_no_mail(people, mail_server, start_worker):
    alice, carol, dave = people
    services.notification_preferences_set(
        user=carol, deliveries={Notification.Kind.ITEM_CHANGED: "digest"}
    )
    services.notification_preferences_set(
        user=dave, deliveries={Notification.Kind.ITEM_CHANGED: "never"}
    )
    item = ActionItem.objects.get(ref=REF)
    services.action_items_bulk_change(
        item_ids=[item.pk], user=alice, values={"due": FuzzyDate(dt.date(2026, 9, 1), "month")}
    )
    worker = start_worker()
    wait_for(lambda: Notification.objects.count() == 2)
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists())
    assert mail_server.delivered == []  # neither wants it at once
    assert set(Notification.objects.values_list("message", flat=True)) == {
        f"{REF}: due early December 2025 → September 2026"
    }

    digests_send.enqueue()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2)
    worker.stop()
    assert mail_server.delivered[0] == "carol@example.org"
    assert "carol@example.org" in mail_server.delivered  # her notification digest
    assert "dave@example.org" not in mail_server.delivered[:1]
    digest = mail_server.messages[0]
    assert digest["Subject"] == "Summit tracker: 1 notification(s) today"
    assert "due early December 2025 → September 2026" in digest.get_body().get_content()
    # Run again: the digest of notifications is not sent twice.
    assert Notification.objects.get(user=carol).emailed_at is not None
    assert Notification.objects.get(user=dave).emailed_at is None


def test_a_watched_summit_moving_tells_its_watchers(people, mail_server, start_worker):
    _, _, dave = people
    summit = Summit.objects.get(action_items__ref=REF)
    summit.watchers.add(dave)
    summit.save()  # its first history entry (the seed is bulk-loaded): nothing to compare
    summit.status = Summit.Status.POSTPONED
    summit.save()
    # Read before the worker runs: on SQLite's shared in-memory database, a read of the
    # summit's series while the worker writes failed at once with "schema is locked".
    name, url = str(summit), summit.get_absolute_url()
    worker = start_worker()
    notification = wait_for(lambda: Notification.objects.filter(user=dave).first())
    assert notification.kind == Notification.Kind.SUMMIT_CHANGED
    assert notification.message == f"{name}: status anticipated → postponed"
    assert notification.url == url
    wait_for(lambda: mail_server.delivered == ["dave@example.org"])
    worker.stop()


def test_a_mail_server_down_is_retried_then_shown_to_analysts(
    people, settings, start_worker, admin_client
):
    from tests.mailserver import free_port, smtp_to

    settings.MAILERS = smtp_to(free_port())  # nothing listens there
    alice, carol, _ = people
    item = ActionItem.objects.get(ref=REF)
    services.status_update_record(
        action_item=item, status=Status.STALLED, as_of=dt.date(2026, 1, 5), author=alice
    )
    worker = start_worker()
    # Tried three times (TRACKER_TASK_RETRY_SECONDS has two delays here), then given up.
    wait_for(lambda: DBTaskResult.objects.filter(status="FAILED").count() == 3)
    worker.stop()
    attempts = sorted(
        task.args_kwargs["kwargs"].get("attempt", 1) for task in DBTaskResult.objects.all()
    )
    assert attempts == [1, 2, 3]
    # Told in the app all the same; the mails wait for a later run.
    assert Notification.objects.filter(user=carol, emailed_at__isnull=True).exists()

    page = admin_client.get(reverse("admin:summits_backgroundtask_changelist") + "?status=FAILED")
    assert page.status_code == 200
    assert page.text.count("Nothing sent: cannot reach the mail server") == 3
    assert "3 of 3: given up" in page.text


def test_an_import_changing_a_watched_item_notifies(people, start_worker):
    alice, carol, dave = people
    records = json.loads(SEED_REPORT.read_text())
    record = next(r for r in records if r["fields"].get("ref") == REF)
    record["fields"]["due_start"], record["fields"]["due_precision"] = "2026-10-01", "month"
    report_import(files=[report_file(records)], user=alice)
    worker = start_worker()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists())
    worker.stop()
    told = Notification.objects.order_by("user__username")
    assert [n.user for n in told] == [carol, dave]
    assert told[0].message.startswith(f"{REF}: due early December 2025 → October 2026")


def test_an_admin_edit_notifies(people, start_worker):
    alice, _, _ = people
    analyst_client = client_signed_in(alice)
    url = reverse("admin:summits_actionitem_change", args=[ActionItem.objects.get(ref=REF).pk])
    data = change_form_data(analyst_client.get(url)) | {"text": "New wording."}
    assert analyst_client.post(url, data).status_code == 302
    worker = start_worker()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists())
    worker.stop()
    assert set(Notification.objects.values_list("user__username", "message")) == {
        ("carol", f"{REF}: wording changed"),
        ("dave", f"{REF}: wording changed"),
    }


def test_a_retried_mail_task_does_not_send_twice(people, mail_server):
    item = ActionItem.objects.get(ref=REF)
    ids = notifications.notifications_from_changes(
        {"actionitem": list(item.history.values_list("history_id", flat=True))}, []
    )
    assert (
        notifications.notifications_from_changes(
            {"actionitem": list(item.history.values_list("history_id", flat=True))}, []
        )
        == ids
    )  # recorded once, found again
    # carol made owner by no one signed in: she and the watchers are told.
    assert notifications.notifications_mail(ids) == 3
    assert notifications.notifications_mail(ids) == 0
    assert sorted(mail_server.delivered) == [
        "alice@example.org",
        "carol@example.org",
        "dave@example.org",
    ]
    assert set(Notification.objects.values_list("message", flat=True)) == {
        f"{REF}: owner nobody → carol"
    }


def test_a_task_queue_that_cannot_be_reached_does_not_fail_the_write(people, settings, caplog):
    """Redis down: the update is saved and its page answers; the lost task is logged."""
    from tests.mailserver import free_port

    alice, _, _ = people
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    url = reverse("summits:actionitem-status-update", args=[REF])
    response = client_signed_in(alice).post(
        url, {"status": Status.IN_PROGRESS, "as_of": "2026-01-10", "note": "Talks began."}
    )
    assert response.status_code == 302
    assert ActionItem.objects.get(ref=REF).status == Status.IN_PROGRESS
    (logged,) = [r for r in caplog.records if "in on_commit()" in r.getMessage()]
    assert "PendingChanges" in logged.getMessage()
    assert issubclass(logged.exc_info[0], redis.ConnectionError)
