"""Owners are reminded once before an item falls due and once when it is overdue, by a
task run daily (enqueue_tasks daily): on the database's worker, and on RQ with Redis."""

import datetime as dt
import io
import uuid

import pytest
import redis
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, Notification
from summits.tasks import reminders_send
from tests.conftest import TODAY
from tests.factories import user_create
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def owned(seed):
    """carol owns one item due within the week and one long overdue; erin one due later."""
    carol = user_create("carol", "Analysts", email="carol@example.org")
    erin = user_create("erin", "Analysts", email="erin@example.org")
    soon, overdue, later = ActionItem.objects.order_by("ref")[:3]
    for item, owner, due in (
        (soon, carol, FuzzyDate(TODAY + dt.timedelta(days=5), "day")),
        (overdue, carol, FuzzyDate(dt.date(2026, 3, 1), "month")),
        (later, erin, FuzzyDate(TODAY + dt.timedelta(days=30), "day")),
    ):
        item.owner, item.due = owner, due
        item.save()
    DBTaskResult.objects.all().delete()  # the owners' notifications of being made owners
    Notification.objects.all().delete()
    return soon, overdue, later


def test_the_daily_run_reminds_owners_once(owned, today, mail_server, start_worker):
    soon, overdue, _later = owned
    out = io.StringIO()
    call_command("enqueue_tasks", "daily", stdout=out)
    assert "Enqueued summits.tasks.reminders_send" in out.getvalue()
    worker = start_worker()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2)
    worker.stop()  # before the test's own queries (SQLite's test database is shared)
    reminders = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    assert sorted(reminders.values_list("message", flat=True)) == sorted(
        [
            f"{soon.ref} may fall due within 7 days: due {soon.due}.",
            f"{overdue.ref} is overdue: it was due March 2026.",
        ]
    )
    subjects = sorted((m["To"], " ".join(m["Subject"].split())) for m in mail_server.messages)
    assert subjects == [
        (
            "carol@example.org",
            f"Summit tracker: {soon.ref} may fall due within 7 days: due {soon.due}.",
        ),
        ("carol@example.org", f"Summit tracker: {overdue.ref} is overdue: it was due March 2026."),
    ]

    # Run again (cron twice, or a retried task): nobody is reminded twice.
    call_command("enqueue_tasks", "daily", stdout=io.StringIO())
    worker = start_worker()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 4)
    worker.stop()
    assert reminders.count() == 2
    assert len(mail_server.messages) == 2


def test_a_new_due_date_earns_a_new_reminder(owned, today, mail_server):
    soon, _, _ = owned
    reminders_send.call()
    soon.due = FuzzyDate(TODAY + dt.timedelta(days=2), "day")
    soon.save()
    reminders_send.call()
    assert Notification.objects.filter(kind="reminder", message__startswith=soon.ref).count() == 2


def _redis_answers() -> str | None:
    """Why Redis cannot be used here, or None when it answers."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        return f"no Redis answers at {REDIS_URL} ({error}): the RQ backend is not tested"
    return None


def test_on_redis_an_rq_worker_runs_the_reminders(owned, settings, mail_server):
    if reason := _redis_answers():
        pytest.skip(reason)
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = f"summit-tracker-test-{uuid.uuid4().hex[:8]}"  # nobody else's jobs
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {queue: {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)):
        result = reminders_send.using(queue_name=queue).enqueue()
        assert not DBTaskResult.objects.exists()  # in Redis, not in the database
        assert not Notification.objects.exists()
        worker = django_rq.get_worker(queue, job_class=Job, worker_class=SimpleWorker)
        try:
            assert worker.work(burst=True)
        finally:
            django_rq.get_queue(queue).delete(delete_jobs=True)
    assert result.id
    assert Notification.objects.filter(kind="reminder").count() == 2
    assert mail_server.delivered == ["carol@example.org", "carol@example.org"]


def test_the_weekly_run_sends_the_follow_up_digest(owned, today, mail_server, start_worker):
    call_command("enqueue_tasks", "weekly", stdout=io.StringIO())
    worker = start_worker()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists())
    worker.stop()
    assert DBTaskResult.objects.get().return_value == "Sent 2 digest(s)."
    subjects = sorted((m["To"], " ".join(m["Subject"].split())) for m in mail_server.messages)
    assert subjects == [
        ("carol@example.org", "Summit tracker: 1 overdue, 1 due soon, 2 stale"),
        ("erin@example.org", "Summit tracker: 0 overdue, 1 due soon, 1 stale"),
    ]
