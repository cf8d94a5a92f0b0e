"""Run the background tasks (summits/tasks.py) as they are enqueued, on the backend
TRACKER_TASKS chooses: the database's worker (django-tasks-db) or an RQ worker."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run background tasks (notification mails, reminders, digests) until stopped. "
        "With TRACKER_TASKS=database (the default) it reads them from the database; with "
        "TRACKER_TASKS=redis it runs an RQ worker on REDIS_URL. Run one beside the server."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks waiting now, then stop."
        )

    def handle(self, *args, batch: bool, **options) -> None:
        verbosity = options["verbosity"]
        if settings.TRACKER_TASKS == "redis":
            # RQ's own scheduler runs the retries enqueued for later (run_after).
            extra = ["--burst"] if batch else ["--with-scheduler"]
            call_command(
                "rqworker",
                "default",
                "--job-class",
                "django_tasks_rq.Job",
                *extra,
                verbosity=verbosity,
            )
        else:
            extra = ["--batch"] if batch else []
            call_command("db_worker", "--no-reload", *extra, verbosity=verbosity)
