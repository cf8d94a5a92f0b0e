"""Background work on Django's task framework: run by `manage.py tasks_worker`, never
inside a request. Each task's effects are idempotent (see summits/notifications.py), so
a failed one is simply run again: after each of TRACKER_TASK_RETRY_SECONDS, then given
up and left, with its error, for analysts in the admin ("Background tasks")."""

import datetime as dt
import functools
import io
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import task
from django.utils import timezone

from . import notifications
from .mailing import MailServerUnreachable


def retried[F: Callable](function: F) -> F:
    """Run `function`; if it fails, enqueue its task again after the next back-off delay
    (with `attempt` one higher) and fail this run, whose error the backend keeps."""

    @functools.wraps(function)
    def run(*args, attempt: int = 1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            delays = settings.TRACKER_TASK_RETRY_SECONDS
            if attempt <= len(delays):
                again = getattr(sys.modules[function.__module__], function.__name__)
                later = timezone.now() + dt.timedelta(seconds=delays[attempt - 1])
                again.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
            raise

    return run


@task
@retried
def notify_changes(*, history: dict[str, list[int]], imported_at: list[str]) -> int:
    """Tell owners and watchers of the changes in these history entries (in the app, and
    by mail to those who want it at once); the number of mails sent."""
    ids = notifications.notifications_from_changes(history, imported_at)
    return notifications.notifications_mail(ids)


@task
@retried
def reminders_send() -> int:
    """Remind owners of items falling due or overdue (once each); the mails sent."""
    ids = notifications.reminders_create(timezone.localdate())
    return notifications.notifications_mail(ids)


def _mailing_command(name: str) -> str:
    """Run a command that mails (send_followup_digest, send_saved_view_digests); what it
    said. A recipient refused is reported, not retried (the others would get theirs
    twice); a mail server that cannot be reached, with nothing sent, is retried."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, stdout=out, stderr=err)
    except MailServerUnreachable:
        raise
    except CommandError as refused:
        return f"{out.getvalue()}{err.getvalue()}{refused}"
    return out.getvalue().strip()


@task
@retried
def digests_send() -> str:
    """The daily mails: each user's digest of notifications, and the saved views' digests."""
    sent = notifications.notifications_digest_mail()
    return f"Sent {sent} notification digest(s). {_mailing_command('send_saved_view_digests')}"


@task
@retried
def followup_digest_send() -> str:
    """The weekly follow-up digest (send_followup_digest): what each owner and watcher
    has overdue, due soon or stale."""
    return _mailing_command("send_followup_digest")


@task
def export_write(*, job_id: int) -> int:
    """Write a background export's XLSX file (lists.background); the rows written. Not
    retried: a failure is shown on the job page, and the user may export again."""
    # Here, not at the top: the lists import the services, which enqueue this task.
    from .lists.background import export_job_run

    return export_job_run(job_id)


@task
def import_run(*, job_id: int) -> int:
    """Check or import a large report upload (importing.background); the records. Not
    retried: the outcome, or the failure, is shown on the job page."""
    from .importing.background import import_job_run

    return import_job_run(job_id)
