"""Questions about agreements, as conditions the list filters and the follow-up queues
share: a figure is then always the count of the list it links to."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q

from ..models import Agreement, Meeting

# Until a party ends it, an agreement binds: its mechanisms are expected to meet.
LIVE = (Agreement.Status.SIGNED, Agreement.Status.IN_FORCE)
# The mechanism watch lists this many agreements (the follow-up page, the digest) and
# links to the agreements list for the rest.
MECHANISM_WATCH_SHOWN = 25


def expiring_q(days: int, today: dt.date) -> Q:
    """Live agreements whose term ends within `days` days from today (today included)."""
    return Q(status__in=LIVE, expires_on__gte=today, expires_on__lte=today + dt.timedelta(days))


def agreements_with_idle_mechanisms(
    today: dt.date, months: int, limit: int = MECHANISM_WATCH_SHOWN
) -> tuple[int, list]:
    """The mechanism watch of the follow-up page and the digest: how many agreements have
    a mechanism that has not met within `months`, and the first `limit` of them, latest
    signed first."""
    idle = Agreement.objects.filter(idle_mechanism_q(months, today))
    return idle.count(), list(idle.order_by("-signed_on", "title")[:limit])


def idle_mechanism_q(months: int, today: dt.date) -> Q:
    """Live agreements signed over `months` months ago that set up a mechanism (a working
    group, a commission) which has not met in the last `months` months."""
    since = today - relativedelta(months=months)
    met = Meeting.objects.filter(commission=OuterRef("commission"), date_start__gte=since)
    idle = Agreement.mechanisms.through.objects.filter(agreement=OuterRef("pk")).exclude(
        Exists(met)
    )
    return (
        Q(status__in=LIVE) & (Q(signed_on__isnull=True) | Q(signed_on__lt=since)) & Q(Exists(idle))
    )
