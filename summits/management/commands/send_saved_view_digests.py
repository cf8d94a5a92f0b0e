"""E-mail the owners of saved views with a digest their list's first rows. Runs from cron,
daily: a weekly digest goes out when seven days have passed since the last one."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from summits.access import may_read
from summits.lists.pages import view_list_query
from summits.mailing import mail_each
from summits.models import SavedView
from summits.queries import saved_view_digests_due
from summits.views import LIST_PAGES

# The rows a digest lists; the link to the list shows them all.
ROWS = 20


@dataclass
class ViewDigest:
    """One saved view's list as its digest tells it."""

    view: SavedView
    list_url: str  # the list at the view's address, on the site
    title: str  # the list's, "Action items"
    problems: list[str] = field(default_factory=list)  # filters that no longer apply
    count: int = 0
    rows: list[tuple[str, str]] = field(default_factory=list)  # (record, its address)


def view_digest(view: SavedView, *, limit: int = ROWS) -> ViewDigest:
    """The view's list through its page's own FilterSet and table: the same rows, in the
    same order, as opening the view shows. A stored filter that no longer applies (a
    record deleted since) is reported, never a crash nor a list of everything."""
    page = LIST_PAGES[view.list_key]()
    query, _columns = view_list_query(view.query)
    params = QueryDict(query)
    site = settings.TRACKER_SITE_URL
    digest = ViewDigest(view=view, list_url=f"{site}{page.url(query)}", title=page.title)
    filterset = page.filterset_class(params, queryset=page.queryset.all())
    if filterset.problems:
        digest.problems = filterset.problems
        return digest
    rows = page.table_of(filterset, params).data.data
    digest.count = rows.count()
    digest.rows = [(str(record), f"{site}{record.get_absolute_url()}") for record in rows[:limit]]
    return digest


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class Command(BaseCommand):
    help = (
        "E-mail each saved view's owner who asked for a digest its list's count and first "
        f"{ROWS} rows: daily ones once a day, weekly ones once seven days have passed since "
        "the last. A view whose filters no longer apply gets a mail saying so. Each digest "
        "is sent on its own; one the mail server refuses is reported, the others still go "
        "and the command then exits non-zero. Run it daily."
    )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        messages: dict[EmailMessage, SavedView] = {}
        for view in saved_view_digests_due(start_of_day(today)):
            owner = view.owner
            if not owner.email:
                self.stderr.write(f"{owner.username} has no e-mail address: “{view.name}” skipped.")
                continue
            if not may_read(owner):  # taken out of the groups: the tracker is closed to them
                continue
            digest = view_digest(view)
            if digest.problems:
                subject = f"Summit tracker: “{view.name}” cannot be applied"
            else:
                subject = f"Summit tracker: “{view.name}”, {digest.count} {digest.title.lower()}"
            body = render_to_string(
                "summits/email/saved_view_digest.txt",
                {"user": owner, "digest": digest, "today": today, "shown": ROWS},
            )
            messages[EmailMessage(subject, body, to=[owner.email])] = view
        if not messages:
            self.stdout.write("Sent 0 digest(s).")
            return
        sent = mail_each(list(messages), self.stderr.write)
        # Only those sent: a refused one is tried again on the next run.
        SavedView.objects.filter(pk__in=[messages[message].pk for message in sent]).update(
            last_sent=timezone.now()
        )
        self.stdout.write(f"Sent {len(sent)} digest(s).")
        if failed := len(messages) - len(sent):
            raise CommandError(f"{failed} of {len(messages)} digest(s) could not be sent.")
