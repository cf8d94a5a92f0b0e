"""Enqueue the day's background work: run once a day from cron (see the README)."""

from django.core.management.base import BaseCommand

from summits.tasks import digests_send, reminders_send


class Command(BaseCommand):
    help = (
        "Enqueue today's reminders (items falling due or overdue, to their owners) and "
        "digests (notifications and follow-up): the worker sends them. Safe to run again: "
        "nobody is reminded or sent a notification twice."
    )

    def handle(self, *args, **options) -> None:
        for task in (reminders_send, digests_send):
            result = task.enqueue()
            self.stdout.write(f"Enqueued {task.module_path} ({result.id}).")
