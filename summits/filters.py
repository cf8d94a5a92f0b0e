"""Filters of the list pages (and the calendar feed): one FilterSet per list.

Each has a free-text `q` next to field filters. Related records are chosen by their
natural key (a slug, an ISO code, "series-number" for a summit) so that a filtered URL
reads well and stays valid across databases.
"""

from collections.abc import Callable
from urllib.parse import urlencode

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import menus
from .caching import records_version
from .menus import MenuOption
from .models import (
    ActionItem,
    Meeting,
    Organisation,
    Person,
    Place,
    Source,
    Status,
    Summit,
)
from .queries import changed_within_q, due_within_q, overdue_items_q, stale_items_q
from .search import text_search

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _q(help_text: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label="Search",
        method="search",
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class MenuSelect(forms.Select):
    """A menu written in one pass of Python. Django's template per `<option>` costs
    ~40 µs each, which a menu of a hundred summits turns into a good part of a page."""

    def render(self, name: str, value, attrs=None, renderer=None) -> str:
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class MenuField(forms.ChoiceField):
    """A choice among a menu's options (summits/menus.py); cleans to the record's id."""

    widget = MenuSelect

    def __init__(self, *, menu: Callable[[], list[MenuOption]], **kwargs) -> None:
        self.menu = menu
        # A callable: read when the form is shown or checked, not when this module loads.
        kwargs["choices"] = lambda: [("", "any"), *((o.key, o.label) for o in menu())]
        super().__init__(**kwargs)

    def clean(self, value) -> int | None:
        key = super().clean(value)
        if not key:
            return None
        return next(option.pk for option in self.menu() if option.key == key)


class MenuFilter(django_filters.Filter):
    """Filters on a related record chosen from a menu of a few hundred at most, by its
    natural key in the URL; neither the menu nor the choice costs a query."""

    field_class = MenuField


class SlugField(forms.ModelChoiceField):
    """A record written as its slug in a plain text box.

    For relations of thousands of records (meetings, people, places): a menu of them all
    would cost more to build and send than the page itself. The record is looked up by
    its slug only when the filter is used.
    """

    widget = forms.TextInput

    def prepare_value(self, value):
        if hasattr(value, "_meta"):
            return value.slug
        return value


class SlugFilter(django_filters.ModelChoiceFilter):
    """Filters on a related record given by its slug (the same URL as the menus gave)."""

    field_class = SlugField

    def __init__(self, *, example: str, record: str, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("help_text", f"Slug, e.g. {example}")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": f"No {record} has the slug “%(value)s”."},
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": example}))
        super().__init__(**kwargs)


class CheckboxFilter(django_filters.BooleanFilter):
    """A tick box: ticked, it keeps the rows matching `condition()`; unticked, all rows."""

    # Not NullBooleanField: a browser sends a ticked box as "on", which that reads as None.
    field_class = forms.BooleanField

    def __init__(self, condition: Callable[[], Q], **kwargs) -> None:
        self.condition = condition
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: bool) -> QuerySet:
        if not value:
            return qs
        qs = qs.filter(self.condition())
        return qs.distinct() if self.distinct else qs


class TrackerFilterSet(django_filters.FilterSet):
    """`q` searches `search_fields`, word by word."""

    search_fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                filter_.extra["empty_label"] = "any"

    @property
    def form(self) -> forms.Form:
        form = super().form
        form.label_suffix = ""  # "Status", not "Status:", above a filter
        return form

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Full text through an index on PostgreSQL where the model has one (search.py).
        return text_search(queryset, self.search_fields, value)

    @property
    def fields_cache_key(self) -> str:
        """What the rendered fields depend on: the values given, and the records (menus,
        errors about unknown slugs). Rendering the fields costs more than the cache read."""
        given = [(name, self.data.getlist(name)) for name in self.filters if name in self.data]
        return f"{records_version()}?{urlencode(given, doseq=True)}"

    @property
    def is_filtered(self) -> bool:
        """True when any filter holds a value: the empty state then suggests removing one."""
        return any(self.data.get(name) for name in self.filters)


class ActionItemFilterSet(TrackerFilterSet):
    search_fields = ["ref", "title", "text"]
    q = _q("Reference, title or text.")
    # distinct=False here and below: a column of the list's own table duplicates no row.
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    sector = MenuFilter(field_name="sectors", label="Sector", menu=menus.sector_menu)
    summit = MenuFilter(field_name="target_summit", label="Target summit", menu=menus.summit_menu)
    origin = SlugFilter(
        field_name="origin_meeting",
        label="Origin meeting or session",
        queryset=Meeting.objects.all(),
        example="2025-11-19-jaishankar-manturov",
        record="meeting",
    )
    commission = MenuFilter(
        field_name="origin_meeting__commission", label="Commission", menu=menus.commission_menu
    )
    responsible = SlugFilter(
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

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_country(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # EXISTS, not a join over every responsible organisation then DISTINCT.
        responsible = ActionItem.responsible.through.objects.filter(
            actionitem=OuterRef("pk"), organisation__country=value
        )
        return queryset.filter(Exists(responsible))

    def filter_due_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(due_within_q(int(value), timezone.localdate()))

    def filter_stale_days(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(stale_items_q(timezone.localdate(), int(value)))

    def filter_changed_within(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(changed_within_q(int(value), timezone.now()))


class MeetingFilterSet(TrackerFilterSet):
    search_fields = ["title", "summary", "slug"]
    q = _q("Title or summary.")
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
    place = SlugFilter(queryset=Place.objects.all(), example="new-delhi", record="place")
    participant = SlugFilter(
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
    q = _q("Series, host city or notes.")
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


class PersonFilterSet(TrackerFilterSet):
    search_fields = ["name", "aliases", "title"]
    q = _q("Name, other spellings or title.")
    country = MenuFilter(menu=menus.person_country_menu)
    organisation = MenuFilter(menu=menus.employer_menu)
    meeting = SlugFilter(
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
    q = _q("Name or acronym.")
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
    q = _q("Title, publisher or full text.")
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
