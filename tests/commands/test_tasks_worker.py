"""`manage.py tasks_worker`, as `make demo` and `make serve` run it: a process of its own
that runs what the app enqueued, here on a SQLite file and a real mail server."""

import sqlite3

from tests.commands.test_followup_digest import _manage
from tests.mailserver import Controller, Mailbox, free_port

SETUP = """
import datetime as dt
from django.contrib.auth.models import User
from django.core.management import call_command
from summits.models import ActionItem
call_command("migrate", verbosity=0)
owner = User.objects.create_user("owner", email="owner@example.org")
item = ActionItem.objects.create(
    ref="LATE-1", title="Late", due_start=dt.date(2025, 1, 1), due_precision="day"
)
item.owner = owner
item.save()
"""


def test_the_worker_process_runs_the_enqueued_tasks_then_stops_with_batch(tmp_path):
    mailbox = Mailbox(refused=set())
    server = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    server.start()
    database = tmp_path / "worker.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(server.port),
    }
    try:
        assert _manage("shell", "-c", SETUP, env=env).returncode == 0
        assert _manage("enqueue_tasks", "daily", env=env).returncode == 0
        done = _manage("tasks_worker", "--batch", env=env)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database) as db:
        query = "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        tasks = db.execute(query).fetchall()
        told = db.execute("SELECT message FROM summits_notification ORDER BY id").fetchall()
    assert sorted(tasks) == [
        ("summits.tasks.digests_send", "SUCCESSFUL"),
        # One per save outside a transaction: the item created (news to nobody), then
        # given its owner, who is told.
        ("summits.tasks.notify_changes", "SUCCESSFUL"),
        ("summits.tasks.notify_changes", "SUCCESSFUL"),
        ("summits.tasks.reminders_send", "SUCCESSFUL"),
    ]
    assert told == [
        ("LATE-1: owner nobody → owner",),
        ("LATE-1 is overdue: it was due 1 January 2025.",),
    ]
    assert mailbox.delivered == ["owner@example.org", "owner@example.org"]
