"""E-mail each owner and watcher the action items that need them, and the agreements
whose mechanisms have not met. Runs from cron."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from summits.mailing import mail_each
from summits.outcomes.queries import agreements_with_idle_mechanisms
from summits.queries import DUE_SOON_DAYS, followup_digests


class Command(BaseCommand):
    help = (
        "E-mail every owner and watcher of action items their overdue, due-soon and stale "
        "items, and the agreements whose working groups have not met within --mechanism-months "
        "(the follow-up page's mechanism watch). Users with no item to do get nothing. Each "
        "digest is sent on its own: one "
        "the mail server refuses is reported and the others still go; the command then "
        "exits non-zero."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--due-days", type=int, default=DUE_SOON_DAYS)
        parser.add_argument("--stale-days", type=int, default=settings.TRACKER_STALE_DAYS)
        parser.add_argument(
            "--mechanism-months", type=int, default=settings.TRACKER_MECHANISM_MONTHS
        )

    def handle(
        self, *args, due_days: int, stale_days: int, mechanism_months: int, **options
    ) -> None:
        if mechanism_months < 1:
            raise CommandError("--mechanism-months must be 1 or more.")
        today = timezone.localdate()
        digests = followup_digests(today, due_days=due_days, stale_days=stale_days)
        if not digests:
            self.stdout.write("Sent 0 digest(s).")
            return
        # The team's watch, the same in every digest that goes out: asked once.
        idle_count, idle = agreements_with_idle_mechanisms(today, mechanism_months)
        mechanisms = {"months": mechanism_months, "count": idle_count, "agreements": idle}
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
                "mechanisms": mechanisms,
                "site_url": settings.TRACKER_SITE_URL,
            }
            subject = (
                f"Summit tracker: {len(digest.overdue)} overdue, "
                f"{len(digest.due_soon)} due soon, {len(digest.stale)} stale"
            )
            if idle_count:
                subject += f", {idle_count} agreement(s) with a mechanism not met"
            body = render_to_string("summits/email/followup_digest.txt", context)
            messages.append(EmailMessage(subject, body, to=[user.email]))
        if not messages:
            self.stdout.write("Sent 0 digest(s).")
            return
        sent = len(mail_each(messages, self.stderr.write))
        self.stdout.write(f"Sent {sent} digest(s).")
        if failed := len(messages) - sent:
            raise CommandError(f"{failed} of {len(messages)} digest(s) could not be sent.")
