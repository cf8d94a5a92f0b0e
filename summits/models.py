"""The Summit tracker's records: who met whom, where, when, on what, and what follows.

Every model has a human-readable natural key (a slug, a reference code, or a tuple of
its parents' keys) so that fixtures from different reports can refer to the same
person, place or summit without numeric ids, and re-loading a fixture changes nothing.
"""

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from simple_history.models import HistoricalRecords

from .fuzzydates import FuzzyDateAttribute, Precision


class NaturalKeyManager(models.Manager):
    """Finds a record by the fields (or `__` paths) that form its natural key."""

    def __init__(self, *key_fields: str) -> None:
        super().__init__()
        self.key_fields = key_fields

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.key_fields, key, strict=True)))


def record_models() -> list[type["NaturalKeyModel"]]:
    """The tracker's records, in dependency order: every model with a natural key.

    Leaves out the history tables and the import log, which describe records. Import,
    backup and restore write the models in this order: each after every model it refers
    to (`models_in_dependency_order`).
    """
    from django.apps import apps

    return models_in_dependency_order(
        [
            model
            for model in apps.get_app_config("summits").get_models()
            if issubclass(model, NaturalKeyModel)
        ]
    )


def model_references(model: type[models.Model]) -> set[type[models.Model]]:
    """The models `model`'s own fields refer to: foreign keys, one-to-ones, many-to-manys.

    A many-to-many through a model of its own also appears as that model's foreign keys.
    """
    return {
        field.related_model
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation and field.related_model is not None
    }


def models_in_dependency_order[M: type[models.Model]](candidates: Sequence[M]) -> list[M]:
    """`candidates`, each after every other one it refers to (`model_references`)."""
    return dependency_order(candidates, {model: model_references(model) for model in candidates})


class DependencyCycle(ValueError):
    """Nodes that each, through the others, depend on themselves: no order puts all last.

    `nodes` is the cycle, its first node repeated at its end.
    """

    def __init__(self, nodes: list) -> None:
        super().__init__(_cycle_message(nodes))
        self.nodes = nodes


def dependency_order[T](nodes: Sequence[T], depends_on: Mapping[T, Iterable[T]]) -> list[T]:
    """`nodes`, each after every other node it depends on (a topological order).

    Stable: of the nodes free to come next, the first in `nodes` comes first, so nodes
    already in a valid order stay as they are. A node depending on itself (a parent of
    the same model) and dependencies outside `nodes` are ignored; any other cycle raises
    `DependencyCycle`, naming it.
    """
    known = set(nodes)
    waiting = {node: (set(depends_on.get(node, ())) & known) - {node} for node in nodes}
    order: list[T] = []
    placed: set[T] = set()
    while len(order) < len(nodes):
        node = next((n for n in nodes if n not in placed and waiting[n] <= placed), None)
        if node is None:
            raise DependencyCycle(_a_cycle(waiting, placed))
        order.append(node)
        placed.add(node)
    return order


def _a_cycle[T](waiting: Mapping[T, set[T]], placed: set[T]) -> list[T]:
    """A cycle among the nodes left unplaced, each of which waits for another of them."""
    path = [next(node for node in waiting if node not in placed)]
    while path[-1] not in path[:-1]:
        path.append(min(waiting[path[-1]] - placed, key=list(waiting).index))
    return path[path.index(path[-1]) :]


def _cycle_message(cycle: list) -> str:
    names = " → ".join(getattr(node, "__name__", str(node)) for node in cycle)
    return (
        f"These refer to each other in a cycle: {names}. Import and backup write each "
        "model after those it refers to, so one of these references must go (or be "
        "written in a second pass, as a model's reference to itself is)."
    )


class NaturalKeyModel(models.Model):
    """`natural_key()` read off the manager's key fields, so the two never disagree."""

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        return tuple(
            attrgetter(path.replace("__", "."))(self)
            for path in type(self)._default_manager.key_fields
        )


def _precision_constraint(prefix: str, model: str) -> models.CheckConstraint:
    # A start without a precision (or the reverse) would be a date nobody can read.
    start, precision = f"{prefix}_start", f"{prefix}_precision"
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True, precision: ""})
        | Q(**{f"{start}__isnull": False, f"{precision}__in": Precision.values}),
        name=f"{model}_{prefix}_precision_valid",
    )


def ordinal(number: int) -> str:
    """23 → "23rd"."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


_EDITION = re.compile(r"(\d{1,3})(st|nd|rd|th)?", re.IGNORECASE)


def editions_typed(text: str, *, bare_numbers: bool) -> tuple[list[int], str]:
    """The summit editions a search names, as its __str__ does ("23rd"; with
    `bare_numbers`, "23" too), and the search's other words, rejoined."""
    numbers, rest = [], []
    for word in text.split():
        match = _EDITION.fullmatch(word)
        if match and (match[2] or bare_numbers):
            numbers.append(int(match[1]))
        else:
            rest.append(word)
    return numbers, " ".join(rest)


# Natural keys are written into URLs. Slugs keep to Django's slug pattern, which
# SlugField's own validator checks. References may hold "/" ("IRIGC-TEC-26/TRADE-1"), so
# each part starts with a capital letter or a digit: an item's own pages are lower-case
# words ("…/history/"), which no reference can end with, and no part can be "." or "..".
# Neither allows a line break or any other control character. `\A…\Z` rather than `^…$`:
# in Python (SQLite's REGEXP) `$` also matches before a final line break; PostgreSQL
# knows `\A` and `\Z` too.
SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
REF_PATTERN = r"[A-Z0-9][A-Za-z0-9._-]*(?:/[A-Z0-9][A-Za-z0-9._-]*)*"
REF_MESSAGE = (
    'Enter a valid reference: letters, digits, ".", "_" and "-", in parts separated by "/", '
    'each part starting with a capital letter or a digit, e.g. "IRIGC-TEC-26/TRADE-1".'
)
SLUG_MESSAGE = "Enter a valid slug: letters, digits, underscores or hyphens only."
validate_ref = RegexValidator(rf"\A{REF_PATTERN}\Z", REF_MESSAGE, code="invalid_ref")


def _key_constraint(model: str, field: str, pattern: str, message: str) -> models.CheckConstraint:
    # The database's copy of the field's validator: no write can go around it.
    return models.CheckConstraint(
        condition=Q(**{f"{field}__regex": rf"\A{pattern}\Z"}),
        name=f"{model}_{field}_valid",
        violation_error_message=message,
    )


def _slug_constraint(model: str) -> models.CheckConstraint:
    return _key_constraint(model, "slug", SLUG_PATTERN, SLUG_MESSAGE)


# Reference data ----------------------------------------------------------------------


class Country(NaturalKeyModel):
    iso2 = models.CharField(
        "ISO code", max_length=2, unique=True, help_text='ISO 3166 alpha-2, e.g. "IN".'
    )
    name = models.CharField(max_length=100, unique=True)

    objects = NaturalKeyManager("iso2")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"\A[A-Z]{2}\Z"),
                name="country_iso2_two_capitals",
                violation_error_message='Enter two capital letters, e.g. "IN".',
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sector(NaturalKeyModel):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [_slug_constraint("sector")]

    def __str__(self) -> str:
        return self.name


class Place(NaturalKeyModel):
    slug = models.SlugField(unique=True, help_text='e.g. "new-delhi".')
    name = models.CharField(max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [_slug_constraint("place")]

    def __str__(self) -> str:
        return self.name


class Source(NaturalKeyModel):
    """Where a fact comes from. Nothing is recorded without one."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", "news report"
        PRESS_RELEASE = "press_release", "press release"
        JOINT_STATEMENT = "joint_statement", "joint statement"
        PROTOCOL = "protocol", "protocol"
        SPEECH = "speech", "speech or interview"
        ANALYSIS = "analysis", "analysis"
        OTHER = "other", "other"

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField(db_index=True)
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="http or https only.",
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS_REPORT)
    text = models.TextField("full text", blank=True)

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            _slug_constraint("source"),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}, {self.published_on:%d %b %Y}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("summits:source-detail", args=[self.slug])


class Citation(models.Model):
    """A record's source, with the sentence that supports it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(
        blank=True, help_text="The sentence of the source that supports the record."
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.source)


# People and organisations ------------------------------------------------------------


class Organisation(NaturalKeyModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "government or head of state's office"
        MINISTRY = "ministry", "ministry"
        AGENCY = "agency", "agency or board"
        MISSION = "mission", "diplomatic mission"
        COMPANY = "company", "company"
        INTERNATIONAL = "international", "international organisation"
        OTHER = "other", "other"

    slug = models.SlugField(unique=True, help_text='e.g. "mea-india".')
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MINISTRY)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [_slug_constraint("organisation")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("summits:organisation-detail", args=[self.slug])


class Person(NaturalKeyModel):
    slug = models.SlugField(unique=True, help_text='e.g. "s-jaishankar".')
    name = models.CharField(max_length=200, db_index=True)
    aliases = models.TextField(
        blank=True, help_text='Other names reports use, one per line: "Dr. S Jaishankar".'
    )
    title = models.CharField("current title", max_length=300, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [_slug_constraint("person")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("summits:person-detail", args=[self.slug])

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


# Summits and commissions -------------------------------------------------------------


class SummitSeries(NaturalKeyModel):
    slug = models.SlugField(unique=True, help_text='e.g. "india-russia-annual-summit".')
    name = models.CharField(max_length=200, unique=True)
    countries = models.ManyToManyField(Country, related_name="summit_series", blank=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "summit series"
        constraints = [_slug_constraint("summitseries")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("summits:series-detail", args=[self.slug])


class Summit(NaturalKeyModel):
    class Status(models.TextChoices):
        ANTICIPATED = "anticipated", "anticipated"
        SCHEDULED = "scheduled", "scheduled"
        HELD = "held", "held"
        POSTPONED = "postponed", "postponed"
        CANCELLED = "cancelled", "cancelled"

    series = models.ForeignKey(SummitSeries, on_delete=models.PROTECT, related_name="summits")
    number = models.PositiveSmallIntegerField(help_text="Its edition: 23 for the 23rd summit.")
    host_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="summits"
    )
    date_start = models.DateField("earliest day", null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=Precision, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.ANTICIPATED)
    notes = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="SummitCitation", related_name="summits")
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="watched_summits", blank=True
    )

    date = FuzzyDateAttribute("date")
    objects = NaturalKeyManager("series__slug", "number")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date_start", "series__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="summit_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="summit_number_positive"),
            _precision_constraint("date", "summit"),
        ]
        indexes = [models.Index(fields=["date_start"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{ordinal(self.number)} {self.series.name}"

    def get_absolute_url(self) -> str:
        return reverse("summits:summit-detail", args=[self.series.slug, self.number])

    @property
    def filter_key(self) -> str:
        """How the lists' summit filter names it: "india-russia-annual-summit-23"
        (menus.summit_menu), as the links to its items and meetings give it."""
        return f"{self.series.slug}-{self.number}"

    def days_to_go(self, today: dt.date | None = None) -> int | None:
        if self.date_start is None:
            return None
        return (self.date_start - (today or timezone.localdate())).days


class Commission(NaturalKeyModel):
    """A standing mechanism (IRIGC-TEC) or one of its working groups."""

    slug = models.SlugField(unique=True, help_text='e.g. "irigc-tec".')
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        help_text="For a working group: the commission it belongs to.",
    )
    countries = models.ManyToManyField(Country, related_name="commissions", blank=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["name"]
        constraints = [_slug_constraint("commission")]

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        return reverse("summits:commission-detail", args=[self.slug])

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A commission cannot be its own working group."})


# Meetings ----------------------------------------------------------------------------


class Meeting(NaturalKeyModel):
    class Kind(models.TextChoices):
        BILATERAL = "bilateral", "bilateral talks"
        COMMISSION_SESSION = "commission_session", "commission session"
        WORKING_GROUP = "working_group", "working-group meeting"
        CALL = "call", "call"
        VISIT = "visit", "visit or event"
        SUMMIT = "summit", "summit"

    slug = models.SlugField(
        unique=True, max_length=120, help_text='Date and who met: "2025-11-19-jaishankar-manturov".'
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.BILATERAL)
    date_start = models.DateField("earliest day")
    date_precision = models.CharField(max_length=10, choices=Precision, default=Precision.DAY)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    # Neither key has an index of its own: the (summit, date) and (commission, date)
    # indexes below start with them, and PostgreSQL, offered both, could read along the
    # key alone and filter the dates row by row.
    summit = models.ForeignKey(
        Summit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="The summit this meeting prepares, if any.",
        db_index=False,
    )
    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        db_index=False,
    )
    session_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a commission session: 26 for the 26th session."
    )
    summary = models.TextField(blank=True, help_text="What was discussed.")
    sectors = models.ManyToManyField(Sector, related_name="meetings", blank=True)
    participants = models.ManyToManyField(Person, through="Participation", related_name="meetings")
    sources = models.ManyToManyField(Source, through="MeetingCitation", related_name="meetings")

    date = FuzzyDateAttribute("date")
    objects = NaturalKeyManager("slug")
    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        ordering = ["-date_start", "title"]
        constraints = [
            _slug_constraint("meeting"),
            _precision_constraint("date", "meeting"),
            models.CheckConstraint(
                condition=Q(session_number__isnull=True) | Q(commission__isnull=False),
                name="meeting_session_needs_commission",
            ),
            models.UniqueConstraint(
                fields=["commission", "session_number"],
                condition=Q(kind="commission_session"),
                name="meeting_unique_commission_session",
            ),
        ]
        indexes = [
            models.Index(fields=["date_start"]),
            models.Index(fields=["kind"]),
            # Whether a commission has met since a day, from one entry: the mechanism
            # watch asks it of every live agreement's mechanisms, and along the commission
            # alone read each of its hundreds of meetings (45 ms at 100,000 meetings).
            models.Index(fields=["commission", "date_start"], name="meeting_commission_date_idx"),
            # A summit's latest meetings (its page lists 20): along the date alone,
            # PostgreSQL walked back through every later meeting of every summit to find
            # them (82,000 at 1,000,000 items, 20 ms).
            models.Index(fields=["summit", "date_start", "id"], name="meeting_summit_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("summits:meeting-detail", args=[self.slug])


class Participation(NaturalKeyModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=300, blank=True, help_text="The title they held there, as the report gives it."
    )
    side = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The country they represented.",
    )

    objects = NaturalKeyManager("meeting__slug", "person__slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


# Commitments -------------------------------------------------------------------------


class Status(models.TextChoices):
    """The compliance scale of the G7/G20 Research Group, whose scores the summit pages show.

    A commitment is "not yet assessed" until someone records evidence of its state: that
    the parties agreed it says nothing of how it is going.
    """

    NOT_ASSESSED = "not_assessed", "not yet assessed"
    NOT_STARTED = "not_started", "not started"
    IN_PROGRESS = "in_progress", "in progress"
    STALLED = "stalled", "stalled"
    PARTIALLY_FULFILLED = "partially_fulfilled", "partially fulfilled"
    FULFILLED = "fulfilled", "fulfilled"
    NOT_FULFILLED = "not_fulfilled", "not fulfilled"
    WITHDRAWN = "withdrawn", "withdrawn"


FINAL_STATUSES = (Status.FULFILLED, Status.NOT_FULFILLED, Status.WITHDRAWN)
# Still to deliver (queries.open_items_q), in the scale's order: the list filter's choices.
OPEN_STATUSES = tuple(status for status in Status if status not in FINAL_STATUSES)
# None: not counted in a compliance score.
STATUS_SCORES = {
    Status.NOT_ASSESSED: None,
    Status.NOT_STARTED: None,
    Status.IN_PROGRESS: 0,
    Status.STALLED: 0,
    Status.PARTIALLY_FULFILLED: 0,
    Status.FULFILLED: 1,
    Status.NOT_FULFILLED: -1,
    Status.WITHDRAWN: None,
}


def action_item_owner_choices() -> Q:
    """Who may follow an item up: the active users allowed to change items (Analysts).

    The owner's field keeps to it, so the admin's form, its user search and full_clean
    refuse anyone else; the item page offers the same people.
    """
    may_change = Permission.objects.filter(
        codename="change_actionitem", content_type__app_label="summits"
    )
    # Exists, not joins: a user in two such groups must not be offered twice.
    return Q(is_active=True) & (
        Q(is_superuser=True)
        | Exists(may_change.filter(group__user=OuterRef("pk")))
        | Exists(may_change.filter(user=OuterRef("pk")))
    )


class ActionItem(NaturalKeyModel):
    class Priority(models.IntegerChoices):
        HIGH = 1, "high"
        NORMAL = 2, "normal"
        LOW = 3, "low"

    ref = models.CharField(
        "reference",
        max_length=60,
        unique=True,
        validators=[validate_ref],
        help_text='e.g. "IRIGC-TEC-26/TRADE-1".',
    )
    title = models.CharField(max_length=300)
    text = models.TextField("verbatim text", blank=True, help_text="The commitment as worded.")
    sectors = models.ManyToManyField(Sector, related_name="action_items", blank=True)
    origin_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        help_text="The meeting or commission session it came out of.",
    )
    target_summit = models.ForeignKey(
        Summit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        help_text="The summit it should be delivered for.",
    )
    paragraph = models.ForeignKey(
        "Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        help_text="The paragraph of an outcome document it is drawn from.",
    )
    responsible = models.ManyToManyField(
        Organisation,
        related_name="action_items",
        blank=True,
        verbose_name="responsible organisations",
    )
    due_start = models.DateField("due (earliest day)", null=True, blank=True)
    due_precision = models.CharField(max_length=10, choices=Precision, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    # Both kept equal to the latest StatusUpdate for fast filtering (by the one rule in
    # services.action_items_status_refresh).
    status = models.CharField(
        max_length=20, choices=Status, default=Status.NOT_ASSESSED, editable=False
    )
    status_as_of = models.DateField("last update", null=True, blank=True, editable=False)
    sources = models.ManyToManyField(
        Source, through="ActionItemCitation", related_name="action_items"
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_action_items",
        limit_choices_to=action_item_owner_choices,
        help_text="The analyst who follows this item up.",
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="watched_action_items", blank=True
    )
    # Optimistic locking: a save must name the version it started from (see services).
    version = models.PositiveIntegerField(default=1, editable=False)

    due = FuzzyDateAttribute("due")
    objects = NaturalKeyManager("ref")
    history = HistoricalRecords(m2m_fields=[sectors, responsible])

    class Meta:
        ordering = ["ref"]
        constraints = [
            _key_constraint("actionitem", "ref", REF_PATTERN, REF_MESSAGE),
            _precision_constraint("due", "actionitem"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="actionitem_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            # A status's items in the lists' default order (ties by id): a page of them
            # reads the index in order and stops when full, instead of sorting every item
            # of the status; and PostgreSQL counts a status with a sector from this index
            # alone (SQLite's status index holds the id already).
            models.Index(fields=["status", "ref", "id"], name="actionitem_status_ref_idx"),
            # The due sort with its tie-break (ListPage orders ties by id): on PostgreSQL
            # a late page then skips its ids in index order instead of sorting them all.
            # SQLite ends every index with the row id anyway.
            models.Index(fields=["due_start", "id"], name="actionitem_due_idx"),
            # A status's items by due date: the follow-up page's "not yet assessed" queue
            # reads its first ones in order here, where along actionitem_due_idx it read
            # every other status's items before them (345 ms at 1,000,000 items).
            models.Index(fields=["status", "due_start", "id"], name="actionitem_status_due_idx"),
            # A summit's items of a status by due date: its page lists the first few of
            # each status, and of those overdue or stale, walking this index
            # (queries.readiness_items), not ranking all the summit's items.
            models.Index(
                fields=["target_summit", "status", "due_start", "id"],
                name="actionitem_summit_due_idx",
            ),
            models.Index(fields=["due_precision", "due_start"]),
            models.Index(fields=["status_as_of"]),
            models.Index(fields=["priority"]),
            # Every column the dashboard's follow-up figures read: SQLite counts
            # them from the index alone (queries.follow_up_counts).
            models.Index(
                fields=["status", "due_precision", "due_start", "status_as_of"],
                name="actionitem_follow_up_idx",
            ),
            # One summit's open items updated lately, with what says whether they are
            # overdue: its readiness counts them from the index alone
            # (queries.summit_risk_counts), a few hundred entries of 16,000.
            models.Index(
                fields=["target_summit", "status", "status_as_of", "due_precision", "due_start"],
                name="actionitem_summit_fresh_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("summits:actionitem-detail", args=[self.ref])

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class StatusUpdate(NaturalKeyModel):
    """One dated assessment of an action item, backed by evidence."""

    action_item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="status_updates"
    )
    as_of = models.DateField("as of")
    sequence = models.PositiveSmallIntegerField(
        default=1, help_text="Orders several updates recorded for the same day."
    )
    status = models.CharField(max_length=20, choices=Status)
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.ManyToManyField(
        Source, through="StatusUpdateEvidence", related_name="status_updates"
    )

    objects = NaturalKeyManager("action_item__ref", "as_of", "sequence")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of", "-sequence"]
        get_latest_by = ["as_of", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "as_of", "sequence"], name="statusupdate_unique_per_day"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="statusupdate_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["as_of"])]

    def __str__(self) -> str:
        return f"{self.action_item.ref} {self.get_status_display()} as of {self.as_of:%d %b %Y}"

    def clean(self) -> None:
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError({"as_of": "An update cannot be dated in the future."})


# Provenance --------------------------------------------------------------------------


class SummitCitation(NaturalKeyModel, Citation):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="citations")

    objects = NaturalKeyManager("summit__series__slug", "summit__number", "source__slug")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summit", "source"], name="summitcitation_unique")
        ]


class MeetingCitation(NaturalKeyModel, Citation):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="citations")

    objects = NaturalKeyManager("meeting__slug", "source__slug")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "source"], name="meetingcitation_unique")
        ]


class ActionItemCitation(NaturalKeyModel, Citation):
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="citations")

    objects = NaturalKeyManager("action_item__ref", "source__slug")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "source"], name="actionitemcitation_unique"
            )
        ]


class StatusUpdateEvidence(NaturalKeyModel, Citation):
    status_update = models.ForeignKey(
        StatusUpdate, on_delete=models.CASCADE, related_name="citations"
    )

    objects = NaturalKeyManager(
        "status_update__action_item__ref",
        "status_update__as_of",
        "status_update__sequence",
        "source__slug",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "status update evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["status_update", "source"], name="statusupdateevidence_unique"
            )
        ]


# What summits produce: outcome documents and agreements ------------------------------


def _origin_constraint(model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(summit__isnull=False) | Q(meeting__isnull=False),
        name=f"{model}_has_summit_or_meeting",
        violation_error_message="Give the summit or the meeting it came from.",
    )


class OutcomeDocument(NaturalKeyModel):
    """What a summit or a session adopts: a joint statement, a list of outcomes, a
    declaration. Its numbered paragraphs are what commitments are coded from, as the
    G7/G20 Research Group codes them from a communiqué's."""

    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint_statement", "joint statement"
        LIST_OF_OUTCOMES = "list_of_outcomes", "list of outcomes"
        DECLARATION = "declaration", "declaration"
        PROTOCOL = "protocol", "protocol"
        PROGRAMME = "programme", "programme"
        OTHER = "other", "other"

    slug = models.SlugField(
        unique=True, max_length=120, help_text='e.g. "2025-12-05-india-russia-joint-statement".'
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.JOINT_STATEMENT)
    summit = models.ForeignKey(
        Summit, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text="The meeting or session that adopted it, if not a summit.",
    )
    adopted_on = models.DateField("adopted on")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="Where its text is published.",
    )

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "title"]
        constraints = [_slug_constraint("outcomedocument"), _origin_constraint("outcomedocument")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("summits:document-detail", args=[self.slug])


class Paragraph(NaturalKeyModel):
    """One numbered paragraph of an outcome document; commitments cite it."""

    document = models.ForeignKey(
        OutcomeDocument, on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveSmallIntegerField(help_text="Its number in the document: 12.")
    text = models.TextField()

    objects = NaturalKeyManager("document__slug", "number")
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="paragraph_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document}, paragraph {self.number}"


class Agreement(NaturalKeyModel):
    """An agreement, MoU, protocol or treaty, signed by named people at a meeting or a
    summit; what it sets up (a working group) and the commitments it carries."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "agreement"
        MOU = "mou", "memorandum of understanding"
        PROTOCOL = "protocol", "protocol"
        PROGRAMME = "programme", "programme"
        TREATY = "treaty", "treaty"
        EXCHANGE_OF_LETTERS = "exchange_of_letters", "exchange of letters"

    class Level(models.TextChoices):
        GOVERNMENT = "government", "government-to-government"
        BUSINESS = "business", "business"

    class Status(models.TextChoices):
        SIGNED = "signed", "signed"
        IN_FORCE = "in_force", "in force"
        EXPIRED = "expired", "expired"
        TERMINATED = "terminated", "terminated"
        SUPERSEDED = "superseded", "superseded"

    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.AGREEMENT)
    level = models.CharField(max_length=12, choices=Level, default=Level.GOVERNMENT)
    countries = models.ManyToManyField(
        Country, related_name="agreements", blank=True, verbose_name="parties (countries)"
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="agreements",
        blank=True,
        verbose_name="parties (organisations)",
        help_text="The ministries, agencies or companies that signed, for a business "
        "agreement or one between agencies.",
    )
    summit = models.ForeignKey(
        Summit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The summit it was signed at, if any.",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text="The meeting it was signed at: its signatories must have taken part.",
    )
    signed_on = models.DateField("signed on", null=True, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements"
    )
    entry_into_force = models.DateField("entry into force", null=True, blank=True)
    expires_on = models.DateField("expires on", null=True, blank=True)
    renews_automatically = models.BooleanField(
        default=False, help_text="Renewed for a further term unless a party gives notice."
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.SIGNED)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="The agreement that replaced it.",
    )
    mechanisms = models.ManyToManyField(
        Commission,
        related_name="agreements",
        blank=True,
        help_text="The commissions or working groups it sets up or mandates.",
    )
    action_items = models.ManyToManyField(
        ActionItem,
        related_name="agreements",
        blank=True,
        verbose_name="commitments",
        help_text="The commitments it carries.",
    )
    notes = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, through="AgreementCitation", related_name="agreements")

    objects = NaturalKeyManager("slug")
    history = HistoricalRecords(m2m_fields=[countries, organisations, mechanisms, action_items])

    class Meta:
        ordering = ["-signed_on", "title"]
        constraints = [
            _slug_constraint("agreement"),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(entry_into_force__isnull=True)
                | Q(entry_into_force__gte=models.F("signed_on")),
                name="agreement_in_force_after_signing",
                violation_error_message="An agreement cannot enter into force before it is signed.",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | (
                    (
                        Q(entry_into_force__isnull=True)
                        | Q(expires_on__gt=models.F("entry_into_force"))
                    )
                    & (Q(signed_on__isnull=True) | Q(expires_on__gt=models.F("signed_on")))
                ),
                name="agreement_expires_after_it_starts",
                violation_error_message="An agreement expires after it is signed and after it "
                "enters into force.",
            ),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True) | Q(status="superseded"),
                name="agreement_superseded_by_means_superseded",
                violation_error_message="An agreement replaced by another has the status "
                "superseded.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["signed", "in_force", "expired", "terminated", "superseded"]
                ),
                name="agreement_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("summits:agreement-detail", args=[self.slug])

    def clean(self) -> None:
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "An agreement cannot supersede itself."})


class Signatory(NaturalKeyModel):
    """Who signed an agreement, with the title they signed under."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(
        max_length=300, blank=True, help_text="The title they signed under, as the text gives it."
    )
    side = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The party they signed for.",
    )

    objects = NaturalKeyManager("agreement__slug", "person__slug")
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "signatories"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="signatory_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person}, for {self.agreement}"


class AgreementCitation(NaturalKeyModel, Citation):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="citations")

    objects = NaturalKeyManager("agreement__slug", "source__slug")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "source"], name="agreementcitation_unique")
        ]


class ActionItemRelation(NaturalKeyModel):
    """How one commitment stands to an earlier one: a trade target restated at three
    summits is one lineage, and its age counts from the first."""

    class Kind(models.TextChoices):
        REAFFIRMS = "reaffirms", "reaffirms"
        EXTENDS = "extends", "extends"
        SUPERSEDES = "supersedes", "supersedes"
        DEPENDS_ON = "depends_on", "depends on"

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=12, choices=Kind)
    other = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name="other commitment",
        help_text="The commitment it reaffirms, extends, supersedes or depends on.",
    )

    objects = NaturalKeyManager("action_item__ref", "kind", "other__ref")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_item", "kind", "other"], name="actionitemrelation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(action_item=models.F("other")),
                name="actionitemrelation_not_to_itself",
                violation_error_message="A commitment cannot relate to itself.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["reaffirms", "extends", "supersedes", "depends_on"]),
                name="actionitemrelation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_item.ref} {self.get_kind_display()} {self.other.ref}"


# Kept figures ------------------------------------------------------------------------
# Counts of action items kept up to date by database triggers (migrations 0025; for the
# score history 0026; for the parties 0028), in the statement that changes an item, its
# status, its sectors or its responsible organisations (or an organisation's country),
# whichever path writes it:
# a page, the admin, a bulk UPDATE, the importer's and the generator's raw INSERTs,
# a cascade. Read by queries.tallies instead of counting a million items; rebuilt from
# the items by tallies.tallies_rebuild (`manage.py rebuild_tallies`). A count may reach
# zero and stay as a row: only the rebuild drops such rows.


class ItemTally(models.Model):
    """How many action items of a target summit (or of none) hold a status."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            # Two, as NULL never equals NULL in a unique index: the triggers' upserts name
            # the one that applies.
            models.UniqueConstraint(
                fields=["summit", "status"],
                condition=Q(summit__isnull=False),
                name="itemtally_unique_summit",
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(summit__isnull=True), name="itemtally_unique_none"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summit_id or 'no summit'} {self.status}: {self.n}"


class SectorItemTally(models.Model):
    """How many action items in a sector hold a status (an item counts in each sector)."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sector", "status"], name="sectoritemtally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sector_id} {self.status}: {self.n}"


class OpenItemDueTally(models.Model):
    """How many open items fall due on a fuzzy date: the overdue and due-soon figures sum
    the rows the follow-up rules pick (a few thousand dates, not a million items)."""

    due_start = models.DateField()
    due_precision = models.CharField(max_length=10, choices=Precision)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["due_precision", "due_start"], name="openitemduetally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"due {self.due_precision} {self.due_start}: {self.n}"


class OpenItemUpdateTally(models.Model):
    """How many open items were last updated on a day: the stale figure sums the days
    before its cutoff. An item never updated counts on NEVER_UPDATED, before every
    cutoff, as stale_items_q counts it stale (and a unique key needs no NULL)."""

    status_as_of = models.DateField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["status_as_of"], name="openitemupdatetally_unique")
        ]

    def __str__(self) -> str:
        return f"updated {self.status_as_of}: {self.n}"


# The day OpenItemUpdateTally counts items never updated on.
NEVER_UPDATED = dt.date.min


class ScoreDayTally(models.Model):
    """How a summit's compliance score's sums moved on a day: the changes its items'
    status updates of that day made to the summed scores (`total`) and to how many items
    count (`counted`), and how many updates it had. Each update changes its item's
    contribution from the status before it (in the order of as_of, sequence, id;
    not yet assessed before the first) to its own (STATUS_SCORES), so the running sums
    over a summit's days are the score the updates replayed give on each day
    (scoring.score_history_from_days): a few thousand rows read, not 160,000 updates.

    An item counts for the summit it is due for now, as the readiness query reads it:
    moving an item moves its whole history (migration 0026's triggers)."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    total = models.BigIntegerField(default=0)
    counted = models.BigIntegerField(default=0)
    updates = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summit", "day"], name="scoredaytally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.summit_id} {self.day}: {self.total:+}/{self.counted:+}"


class PartyItemTally(models.Model):
    """How many of a summit's items of a status bind a party: the items one of whose
    responsible organisations is of that country, each counted once however many of its
    organisations are; with no country, the items that bind any party, each once (the
    rest of the summit's items, ItemTally's, are unattributed). A summit's compliance by
    party (queries.summit_compliance) reads these rows."""

    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="+")
    # A country no organisation names any more keeps rows at zero: they must not keep it.
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            # Two, as NULL never equals NULL in a unique index (as ItemTally's).
            models.UniqueConstraint(
                fields=["summit", "country", "status"],
                condition=Q(country__isnull=False),
                name="partyitemtally_unique_party",
            ),
            models.UniqueConstraint(
                fields=["summit", "status"],
                condition=Q(country__isnull=True),
                name="partyitemtally_unique_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summit_id} {self.country_id or 'no party'} {self.status}: {self.n}"


# Every kept figure's model, in the order tallies_rebuild writes them.
TALLY_MODELS = (
    ItemTally,
    SectorItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    ScoreDayTally,
    PartyItemTally,
)


# Report imports ----------------------------------------------------------------------


class ReportImport(models.Model):
    """One run of `import_report`: which file, by whom, what it changed.

    Each record it created or changed carries the file name as the change reason of its
    history entry, so an analyst can trace a record back to its report.
    """

    file_name = models.CharField(max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(
        default=dict, help_text="Per model: how many records were created, updated, unchanged."
    )

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d %b %Y %H:%M})"


class ReportDraft(models.Model):
    """A report on its way in: its text, what the drafter made of it, and the review.

    `records` is the draft fixture (natural keys, as `draft_report` writes it); each
    record also carries its review, `{"state": "unreviewed" | "accepted" | "dropped",
    "why": …}`, kept beside the drafter's own `"draft"` notes and stripped from the
    fixture that is imported. An analyst can stop and come back, or a second one review.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "being reviewed"
        REVIEWED = "reviewed", "reviewed, not imported"
        IMPORTED = "imported", "imported"

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField()
    url = models.URLField("URL", max_length=500, blank=True)
    file_name = models.CharField(
        max_length=300, blank=True, help_text="The uploaded file the text was read from, if any."
    )
    text = models.TextField("report text")
    records = models.JSONField(default=list, help_text="The drafted records and their review.")
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imports = models.ManyToManyField(
        ReportImport, blank=True, related_name="drafts", help_text="The import it was loaded by."
    )
    fixture = models.TextField(
        "reviewed fixture", blank=True, help_text="The records as imported, in fixture JSON."
    )
    outcomes = models.JSONField(
        default=list,
        blank=True,
        help_text="Per imported record: its model, key and outcome.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "reviewed", "imported"]),
                name="reportdraft_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}, {self.published_on:%d %b %Y}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("summits:report-review", args=[self.pk])

    @property
    def fixture_name(self) -> str:
        """The name fixtures/reports/ gives it: the source's slug, "2025-11-20-ani-…"."""
        source = next((r for r in self.records if r.get("model") == "summits.source"), None)
        slug = source and source.get("fields", {}).get("slug")
        return f"{slug}.json" if isinstance(slug, str) and slug else f"report-draft-{self.pk}.json"


# Compliance reports ------------------------------------------------------------------


class ComplianceReport(models.Model):
    """A summit's compliance frozen at a cut-off date, as the G7/G20 Research Group
    publishes an interim and a final report: each commitment's status as of that day and
    the scores they give, stored, so nothing recorded later changes what was reported.

    Made by services.compliance_report_freeze only; never changed after (the admin shows
    it read-only), deleted with its summit's say-so only (PROTECT).
    """

    class Kind(models.TextChoices):
        INTERIM = "interim", "interim"
        FINAL = "final", "final"

    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="compliance_reports")
    kind = models.CharField(max_length=10, choices=Kind)
    cut_off = models.DateField("cut-off date", help_text="Statuses as of the end of this day.")
    figures = models.JSONField(
        default=dict, help_text="The scores as of the cut-off: overall and per party."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["summit", "cut_off", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "kind", "cut_off"], name="compliancereport_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["interim", "final"]), name="compliancereport_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display().capitalize()
        return f"{kind} report on the {self.summit}, {self.cut_off:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "summits:compliance-report",
            args=[self.summit.series.slug, self.summit.number, self.pk],
        )


class ComplianceReportEntry(models.Model):
    """One commitment in a frozen report: what it was called and its status at the cut-off,
    kept even if the item is later renamed or deleted."""

    report = models.ForeignKey(ComplianceReport, on_delete=models.CASCADE, related_name="entries")
    action_item = models.ForeignKey(
        ActionItem, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ref = models.CharField("reference", max_length=60)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status)
    parties = models.JSONField(default=list, help_text="ISO codes of the countries it binds.")

    class Meta:
        ordering = ["report", "ref"]
        verbose_name_plural = "compliance report entries"
        constraints = [
            models.UniqueConstraint(fields=["report", "ref"], name="compliancereportentry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.get_status_display()}"

    @property
    def score(self) -> int | None:
        return STATUS_SCORES[self.status]


# Calendar subscriptions --------------------------------------------------------------


def _new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """A user's secret calendar-feed address: a calendar program subscribes without a login.

    Whoever holds the token reads the user's feed, so it is long and random, shown only
    to its user, and revoked (deleted) or replaced from the calendar page.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "calendar feed token"

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


# Saved views ---------------------------------------------------------------------------


class SavedView(models.Model):
    """A list's filters, sort, page size and columns under a name, to open again.

    Private to its owner unless shared, when every reader sees it in the list's menu and
    on the dashboard. With a digest, its owner is mailed the list's first rows daily or
    weekly (send_saved_view_digests). Not a tracker record: anyone who may read saves
    their own views, which is why it has no natural key and no history.
    """

    class ListKey(models.TextChoices):
        """The list pages, by their `ListPage.slug` (views.LIST_PAGES, a test keeps both
        the same)."""

        ACTION_ITEMS = "action-items", "Action items"
        MEETINGS = "meetings", "Meetings"
        SUMMITS = "summits", "Summits"
        SERIES = "series", "Summit series"
        COMMISSIONS = "commissions", "Commissions"
        AGREEMENTS = "agreements", "Agreements"
        DOCUMENTS = "documents", "Outcome documents"
        PEOPLE = "people", "People"
        ORGANISATIONS = "organisations", "Organisations"
        SOURCES = "sources", "Sources"

    class Digest(models.TextChoices):
        NONE = "none", "no mail"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=100)
    list_key = models.CharField("list", max_length=20, choices=ListKey, db_index=True)
    query = models.CharField(
        max_length=2000,
        blank=True,
        help_text="Filters, sort, page size and columns as a query string, in the list "
        "form's order, without blanks or a page number.",
    )
    shared = models.BooleanField(
        default=False, help_text="Everyone who reads the tracker sees it, not only its owner."
    )
    digest = models.CharField(
        "mail me this list", max_length=10, choices=Digest, default=Digest.NONE
    )
    last_sent = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When its digest was last mailed."
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["list_key", "name"]
        constraints = [
            # Case aside: "Trade" and "trade" would be two entries nobody can tell apart.
            models.UniqueConstraint(
                "owner",
                "list_key",
                models.functions.Lower("name"),
                name="savedview_unique_name",
                violation_error_message="You already have a view of this list by that name.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="savedview_name_given"),
            models.CheckConstraint(
                condition=Q(
                    list_key__in=[
                        "action-items",
                        "meetings",
                        "summits",
                        "series",
                        "commissions",
                        "agreements",
                        "documents",
                        "people",
                        "organisations",
                        "sources",
                    ]
                ),
                name="savedview_list_key_valid",
            ),
            models.CheckConstraint(
                condition=Q(digest__in=["none", "daily", "weekly"]),
                name="savedview_digest_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_list_key_display()}, {self.owner})"

    def get_absolute_url(self) -> str:
        return reverse("summits:saved-view", args=[self.pk])


# API tokens ------------------------------------------------------------------------------


class ApiToken(models.Model):
    """A personal API token: a script acts as its user, with that user's permissions,
    reading only or reading and writing, until the token expires or is revoked.

    Only the SHA-256 of the secret is kept (summits.api.auth), so a copy of the database
    gives no one a working token; the secret is shown once, when it is made. A fast hash
    suffices: the secret is 256 random bits, not a password anyone could guess.
    """

    class Scope(models.TextChoices):
        READ = "read", "read only"
        READ_WRITE = "read_write", "read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for: “weekly trade export”.")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The secret's first characters, to tell it apart."
    )
    digest = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.READ)
    created = models.DateTimeField(default=timezone.now, editable=False)
    expires = models.DateTimeField()
    revoked = models.DateTimeField(null=True, blank=True, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "read_write"]), name="apitoken_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires__gt=models.F("created")), name="apitoken_expires_after_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.user})"

    def is_active(self, now: dt.datetime) -> bool:
        return self.revoked is None and self.expires > now


class Notification(models.Model):
    """One thing a user is told, once: a change to an item or summit they own or watch,
    or a reminder of an item's due date. Listed in the app; mailed as the user prefers
    (NotificationPreference), by a background task (summits/tasks.py)."""

    class Kind(models.TextChoices):
        ITEM_CHANGED = "item_changed", "an action item I own or watch changes"
        SUMMIT_CHANGED = "summit_changed", "a summit I watch changes date or status"
        REMINDER = "reminder", "an action item I own falls due or becomes overdue"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    # What it is about, unique per user: a retried task or a second run of the reminders
    # finds its notification already there and neither repeats it nor mails it again.
    key = models.CharField(max_length=120)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when a mail task takes it (before sending: a retry never mails it twice).
    emailed_at = models.DateTimeField(null=True, blank=True)
    mail_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key"),
            models.CheckConstraint(
                condition=Q(kind__in=["item_changed", "summit_changed", "reminder"]),
                name="notification_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.user}: {self.message}"


class NotificationPreference(models.Model):
    """How one user wants one kind of notification mailed; without a row: immediately."""

    class Delivery(models.TextChoices):
        IMMEDIATELY = "immediately", "by e-mail, immediately"
        DIGEST = "digest", "by e-mail, in the daily digest"
        NEVER = "never", "not by e-mail (only in the app)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind)
    delivery = models.CharField(max_length=12, choices=Delivery, default=Delivery.IMMEDIATELY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_unique"),
            models.CheckConstraint(
                condition=Q(delivery__in=["immediately", "digest", "never"]),
                name="notificationpreference_delivery_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} — {self.get_delivery_display()}"


class BackgroundTask(DBTaskResult):
    """A task run as the database backend records it: the admin lists them for analysts,
    failed ones with their error (a failed run is retried, see summits/tasks.py)."""

    class Meta:
        proxy = True
        verbose_name = "background task"

    @property
    def attempt(self) -> int:
        return self.args_kwargs.get("kwargs", {}).get("attempt", 1)


class ExportJob(models.Model):
    """A list's XLSX export too large to write inside a request: written by a background
    task (summits/lists/background.py) to a file only its owner may download, kept for a
    day (expire_exports). Not a tracker record: anyone who may read exports their own,
    which is why it has no natural key and no history."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Writing"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired (the file has been deleted)"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    list_key = models.CharField("list", max_length=20, choices=SavedView.ListKey)
    # The list's filters, sort and columns, as a saved view keeps them (lists.pages.view_query).
    query = models.CharField(max_length=2000, blank=True)
    format = models.CharField(max_length=10, default="xlsx")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # The name the download is given ("action-items-status-stalled-2026-12-06.xlsx"); the
    # file itself is named by the job's id under TRACKER_EXPORT_DIR, never by a request.
    filename = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed", "expired"]),
                name="exportjob_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")),
                name="exportjob_rows_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner}: {self.filename} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("summits:export-job", args=[self.pk])

    @property
    def path(self) -> Path:
        """Where the task writes the file: named by the job's id alone."""
        return Path(settings.TRACKER_EXPORT_DIR) / f"export-{self.pk}.{self.format}"


class ImportJob(models.Model):
    """A report upload of more than TRACKER_BACKGROUND_IMPORT_RECORDS records: checked
    (dry_run) or imported by a background task (summits/importing/background.py) with the
    same report_import as the admin's import page, which then shows its outcome to its
    owner alone. Not a tracker record (the import's ReportImport logs what it wrote),
    which is why it has no natural key and no history."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    # The name the file was uploaded as, shown and logged; the file itself is kept under
    # TRACKER_IMPORT_DIR named by the job's id, never by a request.
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    dry_run = models.BooleanField(default=True)
    accept_drafts = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    records_done = models.PositiveIntegerField(default=0)
    records_total = models.PositiveIntegerField(default=0)
    # What the import page shows of the plan: summary, changes, warnings or errors
    # (importing.background.plan_result).
    result = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # A failure that is not the file's (the task itself failed).
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="importjob_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(records_done__lte=models.F("records_total")),
                name="importjob_records_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        action = "check" if self.dry_run else "import"
        return f"{self.owner}: {action} of {self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:summits_reportimport_job", args=[self.pk])

    @property
    def path(self) -> Path:
        """Where the uploaded file waits for the task: named by the job's id alone."""
        return Path(settings.TRACKER_IMPORT_DIR) / f"import-{self.pk}.json"
