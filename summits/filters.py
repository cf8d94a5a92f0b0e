"""Filters of the list pages (and the calendar feed): one FilterSet per list.

Each has a free-text `q` next to field filters; the filters themselves and the FilterSet
base are the list framework's (summits/lists/filters.py).
"""

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from . import menus
from .lists.filters import (
    DATE_INPUT,
    CheckboxFilter,
    MenuFilter,
    SlugFilter,
    SlugsFilter,
    TrackerFilterSet,
    search_filter,
)
from .models import (
    ActionItem,
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
    Person,
    Place,
    Source,
    Status,
    Summit,
    SummitSeries,
    editions_typed,
)
from .queries import changed_within_q, due_within_q, overdue_items_q, stale_items_q
from .queries.tallies import item_count_kept


class ActionItemFilterSet(TrackerFilterSet):
    search_fields = ["ref", "title", "text"]
    q = search_filter("Reference, title or text.")
    # distinct=False here and below: a column of the list's own table duplicates no row.
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    sector = MenuFilter(field_name="sectors", label="Sector", menu=menus.sector_menu)
    summit = MenuFilter(field_name="target_summit", label="Target summit", menu=menus.summit_menu)
    series = MenuFilter(
        field_name="target_summit__series", label="Target summit's series", menu=menus.series_menu
    )
    # One meeting, not "any of": with `session_of` and `session_number` beside it, a list
    # of meetings (each possibly a session named by number) would blur which filter says
    # what; several sessions are asked through those two instead.
    origin = SlugFilter(
        field_name="origin_meeting",
        label="Origin meeting or session",
        queryset=Meeting.objects.all(),
        example="2025-11-19-jaishankar-manturov",
        record="meeting",
    )
    # Two questions: the items a commission's sessions recorded, and those of any meeting
    # linked to it (a later bilateral meeting too). `commission` keeps its old meaning.
    session_of = MenuFilter(
        label="From a session of commission",
        menu=menus.commission_menu,
        method="filter_session_of",
    )
    session_number = django_filters.NumberFilter(
        label="Session number",
        method="filter_session_number",
        min_value=1,
        help_text="26 for the 26th session.",
    )
    commission = MenuFilter(
        field_name="origin_meeting__commission",
        label="Linked to commission (any meeting)",
        menu=menus.commission_menu,
    )
    # "Any of these": one question an analyst asks of several ministries at once.
    responsible = SlugsFilter(
        label="Responsible organisation",
        queryset=Organisation.objects.all(),
        example="maritime-board-russia",
        record="organisation",
    )
    country = MenuFilter(
        label="Country responsible", menu=menus.responsible_country_menu, method="filter_country"
    )
    priority = django_filters.ChoiceFilter(choices=ActionItem.Priority.choices)
    due_after = django_filters.DateFilter(
        field_name="due_start", lookup_expr="gte", label="Due on or after", widget=DATE_INPUT
    )
    due_before = django_filters.DateFilter(
        field_name="due_start", lookup_expr="lte", label="Due on or before", widget=DATE_INPUT
    )
    overdue = CheckboxFilter(lambda: overdue_items_q(timezone.localdate()), label="Overdue only")
    due_within = django_filters.NumberFilter(
        label="Due within (days)", method="filter_due_within", min_value=0, max_value=3650
    )
    stale = CheckboxFilter(
        lambda: stale_items_q(timezone.localdate()),
        label="Stale only",
        help_text=f"Open, no update for {settings.TRACKER_STALE_DAYS} days.",
    )

    # The follow-up page's windows: "stale" and "changed" over any number of days.
    stale_days = django_filters.NumberFilter(
        label="No update for (days)",
        method="filter_stale_days",
        min_value=0,
        max_value=3650,
        help_text="Open items only.",
    )
    changed_within = django_filters.NumberFilter(
        label="Changed within (days)", method="filter_changed_within", min_value=0, max_value=3650
    )
    # What an agreement carries and a document's paragraphs yielded: the lists their
    # pages' counts link to.
    agreement = SlugFilter(
        field_name="agreements",
        queryset=Agreement.objects.all(),
        label="Carried by agreement",
        example="2025-12-05-india-russia-mou-maritime",
        record="agreement",
        distinct=False,  # one agreement carries an item once
    )
    document = SlugFilter(
        field_name="paragraph__document",
        queryset=OutcomeDocument.objects.all(),
        label="Drawn from document",
        example="2025-12-05-india-russia-joint-statement",
        record="outcome document",
    )

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def kept_count(self) -> int | None:
        """From the tallies, where the filters ask only what they count (statuses, with
        one sector or one summit): the same count, without reading the items."""
        if self.is_bound and not self.is_valid():
            return None  # no rows (`qs`): nothing to count
        return item_count_kept(self.form.cleaned_data if self.is_bound else {})

    def filter_country(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The items the country's organisations' links name: not a join over every
        # responsible organisation then DISTINCT, nor EXISTS, which read every item's links.
        responsible = ActionItem.responsible.through.objects.filter(organisation__country=value)
        return queryset.filter(pk__in=responsible.values("actionitem"))

    def filter_session_of(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(
            origin_meeting__kind=Meeting.Kind.COMMISSION_SESSION,
            origin_meeting__commission=value,
        )

    def filter_session_number(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # Alone, the sessions of that number of every commission.
        return queryset.filter(
            origin_meeting__kind=Meeting.Kind.COMMISSION_SESSION,
            origin_meeting__session_number=int(value),
        )

    def filter_due_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(due_within_q(int(value), timezone.localdate()))

    def filter_stale_days(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(stale_items_q(timezone.localdate(), int(value)))

    def filter_changed_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(changed_within_q(int(value), timezone.now()))


class MeetingFilterSet(TrackerFilterSet):
    search_fields = ["title", "summary", "slug"]
    q = search_filter("Title or summary.")
    date_after = django_filters.DateFilter(
        field_name="date_start", lookup_expr="gte", label="On or after", widget=DATE_INPUT
    )
    date_before = django_filters.DateFilter(
        field_name="date_start", lookup_expr="lte", label="On or before", widget=DATE_INPUT
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Meeting.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    country = MenuFilter(field_name="place__country", menu=menus.meeting_country_menu)
    place = SlugsFilter(queryset=Place.objects.all(), example="new-delhi", record="place")
    participant = SlugsFilter(
        field_name="participants",
        queryset=Person.objects.all(),
        example="nikolai-patrushev",
        record="person",
    )
    sector = MenuFilter(field_name="sectors", label="Sector", menu=menus.sector_menu)
    summit = MenuFilter(label="Summit prepared", menu=menus.summit_menu)
    commission = MenuFilter(menu=menus.commission_menu)

    class Meta:
        model = Meeting
        fields: list[str] = []


class SummitFilterSet(TrackerFilterSet):
    search_fields = ["series__name", "host_place__name", "notes"]
    q = search_filter("Edition (“23rd”), series, host city or notes.")
    series = MenuFilter(menu=menus.series_menu)
    status = django_filters.MultipleChoiceFilter(
        choices=Summit.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    country = MenuFilter(
        field_name="host_place__country", label="Host country", menu=menus.host_country_menu
    )
    date_after = django_filters.DateFilter(
        field_name="date_start", lookup_expr="gte", label="On or after", widget=DATE_INPUT
    )
    date_before = django_filters.DateFilter(
        field_name="date_start", lookup_expr="lte", label="On or before", widget=DATE_INPUT
    )

    class Meta:
        model = Summit
        fields: list[str] = []

    @classmethod
    def searched(cls, queryset: QuerySet, value: str) -> QuerySet:
        """An ordinal ("23rd") finds that edition; the other words search the fields. A
        bare number stays a word: "2025" is more often a year than an edition."""
        numbers, rest = editions_typed(value, bare_numbers=False)
        for number in numbers:
            queryset = queryset.filter(number=number)
        return super().searched(queryset, rest)


class PersonFilterSet(TrackerFilterSet):
    search_fields = ["name", "aliases", "title"]
    q = search_filter("Name, other spellings or title.")
    country = MenuFilter(menu=menus.person_country_menu)
    organisation = MenuFilter(menu=menus.employer_menu)
    meeting = SlugsFilter(
        field_name="meetings",
        label="Took part in",
        queryset=Meeting.objects.all(),
        example="2025-11-19-jaishankar-manturov",
        record="meeting",
    )

    class Meta:
        model = Person
        fields: list[str] = []


class OrganisationFilterSet(TrackerFilterSet):
    search_fields = ["name", "acronym", "slug"]
    q = search_filter("Name or acronym.")
    kind = django_filters.MultipleChoiceFilter(
        choices=Organisation.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    country = MenuFilter(menu=menus.organisation_country_menu)
    parent = MenuFilter(label="Part of", menu=menus.parent_organisation_menu)
    responsible_for = CheckboxFilter(
        lambda: Q(action_items__isnull=False), label="Responsible for action items", distinct=True
    )

    class Meta:
        model = Organisation
        fields: list[str] = []


class SourceFilterSet(TrackerFilterSet):
    search_fields = ["title", "publisher", "text"]
    q = search_filter("Title, publisher or full text.")
    kind = django_filters.MultipleChoiceFilter(
        choices=Source.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    publisher = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        label="Published on or after",
        widget=DATE_INPUT,
    )
    published_before = django_filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="Published on or before",
        widget=DATE_INPUT,
    )

    class Meta:
        model = Source
        fields: list[str] = []


class CommissionFilterSet(TrackerFilterSet):
    class Level(models.TextChoices):
        TOP = "top", "commissions"
        WORKING_GROUP = "working_group", "working groups"

    search_fields = ["name", "acronym", "slug", "description"]
    q = search_filter("Name, acronym or description.")
    country = MenuFilter(field_name="countries", menu=menus.commission_country_menu)
    level = django_filters.ChoiceFilter(
        label="Commissions or working groups", choices=Level.choices, method="filter_level"
    )
    parent = MenuFilter(label="Working group of", menu=menus.parent_commission_menu)
    has_sessions = CheckboxFilter(
        lambda: Q(Exists(Meeting.objects.filter(commission=OuterRef("pk")))),
        label="Has met (a session or other meeting)",
    )

    class Meta:
        model = Commission
        fields: list[str] = []

    def filter_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A working group is a commission with a parent (Commission.parent).
        return queryset.filter(parent__isnull=value == self.Level.TOP)


class SummitSeriesFilterSet(TrackerFilterSet):
    search_fields = ["name", "slug", "description"]
    q = search_filter("Name or description.")
    country = MenuFilter(field_name="countries", menu=menus.series_country_menu)

    class Meta:
        model = SummitSeries
        fields: list[str] = []
