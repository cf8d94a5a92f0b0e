"""E-mail each owner and watcher the action items that need them. Runs from cron."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from summits.queries import DUE_SOON_DAYS, followup_digests


def refusal(error: Exception) -> str:
    """What the mail server said about one message, in a line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {reply.decode(errors='replace')}" for code, reply in error.recipients.values()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    return str(error) or type(error).__name__


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
        sent, failed = self._send(messages)
        self.stdout.write(f"Sent {sent} digest(s).")
        if failed:
            raise CommandError(f"{failed} of {len(messages)} digest(s) could not be sent.")

    def _send(self, messages: list[EmailMessage]) -> tuple[int, int]:
        """Send each message on one connection; a refused one does not stop the others."""
        connection = mailers.default
        try:
            connection.open()
        except OSError as error:  # smtplib's errors are OSErrors too
            where = getattr(connection, "host", None)
            server = f" at {where}:{connection.port}" if where else ""
            raise CommandError(
                f"No digest sent: cannot reach the mail server{server} ({error}). "
                "Check DJANGO_EMAIL_HOST and DJANGO_EMAIL_PORT."
            ) from None
        sent = failed = 0
        try:
            for message in messages:
                (recipient,) = message.to
                try:
                    connection.send_messages([message])
                # A refused recipient, a dropped connection, an address the backend cannot
                # encode: reported against this recipient, and the next one is tried.
                except (OSError, ValueError) as error:
                    failed += 1
                    self.stderr.write(f"Not sent to {recipient}: {refusal(error)}")
                else:
                    sent += 1
        finally:
            connection.close()
        return sent, failed
