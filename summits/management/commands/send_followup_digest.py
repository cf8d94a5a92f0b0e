"""E-mail each owner and watcher the action items that need them. Runs from cron."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from summits.mailing import mail_each
from summits.queries import DUE_SOON_DAYS, followup_digests


class Command(BaseCommand):
    help = (
        "E-mail every owner and watcher of action items their overdue, due-soon and stale "
        "items. Users with nothing to do get nothing. Each digest is sent on its own: one "
        "the mail server refuses is reported and the others still go; the command then "
        "exits non-zero."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--due-days", type=int, default=DUE_SOON_DAYS)
        parser.add_argument("--stale-days", type=int, default=settings.TRACKER_STALE_DAYS)

    def handle(self, *args, due_days: int, stale_days: int, **options) -> None:
        today = timezone.localdate()
        digests = followup_digests(today, due_days=due_days, stale_days=stale_days)
        messages = []
        for user, digest in digests.items():
            if not user.email:
                self.stderr.write(f"{user.username} has no e-mail address: skipped.")
                continue
            context = {
                "user": user,
                "digest": digest,
                "today": today,
                "due_days": due_days,
                "stale_days": stale_days,
                "site_url": settings.TRACKER_SITE_URL,
            }
            subject = (
                f"Summit tracker: {len(digest.overdue)} overdue, "
                f"{len(digest.due_soon)} due soon, {len(digest.stale)} stale"
            )
            body = render_to_string("summits/email/followup_digest.txt", context)
            messages.append(EmailMessage(subject, body, to=[user.email]))
        if not messages:
            self.stdout.write("Sent 0 digest(s).")
            return
        sent = len(mail_each(messages, self.stderr.write))
        self.stdout.write(f"Sent {sent} digest(s).")
        if failed := len(messages) - sent:
            raise CommandError(f"{failed} of {len(messages)} digest(s) could not be sent.")
