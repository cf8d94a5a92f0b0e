"""Enqueue the scheduled background work: run from cron (see the README)."""

from django.core.management.base import BaseCommand

from summits.tasks import digests_send, followup_digest_send, reminders_send

SCHEDULES = {
    "daily": [reminders_send, digests_send],
    "weekly": [followup_digest_send],
}


class Command(BaseCommand):
    help = (
        "Enqueue the day's or the week's background work; the worker does it. daily: "
        "reminders (items falling due or overdue, to their owners), the notification "
        "and saved-view digests. weekly: the follow-up digest. Safe to run twice a day: "
        "nobody is reminded or sent a notification twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("schedule", choices=sorted(SCHEDULES))

    def handle(self, *args, schedule: str, **options) -> None:
        for task in SCHEDULES[schedule]:
            result = task.enqueue()
            self.stdout.write(f"Enqueued {task.module_path} ({result.id}).")
