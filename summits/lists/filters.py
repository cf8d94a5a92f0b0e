"""Filters every list shares: a free-text search, menus, slugs, tick boxes, and the
FilterSet base they go in.

Related records are chosen by their natural key (a slug, an ISO code, "series-number" for
a summit) so that a filtered URL reads well and stays valid across databases.

A filter that cannot be applied (an unknown slug, a word where a number goes) empties
the list rather than being left out: a list that silently ignored it would show more
than was asked for, and an export would carry those rows away.
"""

import copy
import json
from collections.abc import Callable
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import ManyToManyRel, Model, Q, QuerySet
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.http import HttpRequest, QueryDict
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..caching import EVERY_KIND, kind_of, records_version
from ..menus import MenuOption
from ..queries import PICKABLE, records_listed, records_named
from ..search import text_search

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def search_filter(help_text: str) -> django_filters.CharFilter:
    """The free-text `q` filter: `TrackerFilterSet.search` over the set's `search_fields`."""
    return django_filters.CharFilter(
        label="Search",
        method="search",
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class MenuSelect(forms.Select):
    """A menu written in one pass of Python. Django's template per `<option>` costs
    ~40 µs each, which a menu of a hundred summits turns into a good part of a page."""

    def render(
        self,
        name: str,
        value: object,
        attrs: dict | None = None,
        renderer: BaseRenderer | None = None,
    ) -> str:
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

    def __init__(
        self, *, menu: Callable[[], list[MenuOption]], empty_label: str = "any", **kwargs
    ) -> None:
        self.menu = menu
        # A callable: read when the form is shown or checked, not when this module loads.
        kwargs["choices"] = lambda: [("", empty_label), *((o.key, o.label) for o in menu())]
        super().__init__(**kwargs)

    def clean(self, value: object) -> int | None:
        key = super().clean(value)
        if not key:
            return None
        return next(option.pk for option in self.menu() if option.key == key)


class MenuFilter(django_filters.Filter):
    """Filters on a related record chosen from a menu of a few hundred at most, by its
    natural key in the URL; neither the menu nor the choice costs a query."""

    field_class = MenuField


CANDIDATES = 5  # the records an ambiguous name lists


def _the_record(field: forms.ModelChoiceField, text: str, records: list[Model]) -> Model:
    """The one record `text` names among those found, or why it names none."""
    if not records:
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
        )
    if len(records) > 1:
        listed = "; ".join(f"{record} ({record.slug})" for record in records[:CANDIDATES])
        more = ", and more" if len(records) > CANDIDATES else ""
        raise ValidationError(
            "“%(value)s” could be any of %(listed)s%(more)s: type the slug of the one you mean.",
            code="ambiguous",
            params={"value": text, "listed": listed, "more": more},
        )
    return records[0]


class SlugField(forms.ModelChoiceField):
    """A record written in a plain text box: its slug in any case, its name, or another
    name it goes by (summits/queries/picking.py).

    For relations of thousands of records (meetings, people, places): a menu of them all
    would cost more to build and send than the page itself. The record is looked up only
    when the filter is used, and the box must name exactly one.
    """

    widget = forms.TextInput

    def prepare_value(self, value: object) -> object:
        if hasattr(value, "_meta"):
            return value.slug
        return value

    def to_python(self, value: object) -> Model | None:
        if value in self.empty_values:
            return None
        text = str(value)
        return _the_record(
            self, text, records_named(self.queryset.model, text, limit=CANDIDATES + 1)
        )


class PickerInput(forms.TextInput):
    """One text box for several records: the address repeats the parameter, one slug
    each ("?responsible=mea-india&responsible=minpromtorg"), and the box shows them
    separated by semicolons, where more can be typed. With JavaScript (static/js/pickers.js)
    each record chosen is a token beside the box instead (`data-chosen`)."""

    def value_from_datadict(self, data: QueryDict, files: object, name: str) -> list[str]:
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value: object) -> str | None:
        if isinstance(value, list | tuple):
            return "; ".join(str(part) for part in value if part) or None
        return super().format_value(value)


class SlugsField(forms.ModelMultipleChoiceField):
    """Several records, each as `SlugField` takes one, or several in one value separated
    by commas or semicolons; cleans to the records in the order given. Each name that
    cannot be read (unknown, or several records') is an error of its own."""

    widget = PickerInput

    def clean(self, value: object) -> list[Model]:
        texts = value if isinstance(value, list | tuple) else [value]
        texts = [str(text) for text in texts if text not in self.empty_values]
        if not texts:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        records, errors = {}, []
        for text, found in records_listed(self.queryset.model, texts, limit=CANDIDATES + 1):
            try:
                record = _the_record(self, text, found)
            except ValidationError as error:
                errors.append(error)
            else:
                records.setdefault(record.pk, record)
        if errors:
            raise ValidationError(errors)
        return list(records.values())


def picker_options(
    model: type[Model], *, example: str, record: str, many: bool, **kwargs
) -> dict[str, object]:
    """The keyword arguments of a `SlugField` (`many`: a `SlugsField`), or of the filter
    that makes one, for a text box naming records of `model`: its help, its error for a
    name that is no record's, and the box, which with JavaScript (static/js/pickers.js)
    offers the records matching what is typed, from `/pick/<kind>/`."""
    kind = next(name for name, pickable in PICKABLE.items() if pickable is model)
    attrs = {"placeholder": example, "data-pick": reverse_lazy("summits:pick", args=[kind])}
    if many:
        attrs["data-pick-many"] = ""
        kwargs.setdefault("help_text", f"Names or slugs, separated by semicolons, e.g. {example}")
    kwargs.setdefault("help_text", f"Name or slug, e.g. {example}")
    kwargs.setdefault(
        "error_messages", {"invalid_choice": f"No {record} has the slug or name “%(value)s”."}
    )
    kwargs.setdefault("widget", PickerInput(attrs=attrs) if many else forms.TextInput(attrs=attrs))
    return kwargs


class SlugFilter(django_filters.ModelChoiceFilter):
    """Filters on a related record given by its slug (the same URL as the menus gave), or
    named otherwise in the box and then written back as its slug (`canonical_query`)."""

    field_class = SlugField

    def __init__(self, *, example: str, record: str, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        model = kwargs["queryset"].model
        super().__init__(
            **picker_options(model, example=example, record=record, many=False, **kwargs)
        )


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Filters on any of several related records, given as `SlugFilter` takes one: the
    rows related to at least one of them, each row once."""

    field_class = SlugsField

    def __init__(self, *, example: str, record: str, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        model = kwargs["queryset"].model
        super().__init__(
            **picker_options(model, example=example, record=record, many=True, **kwargs)
        )

    def filter(self, qs: QuerySet, value: list[Model]) -> QuerySet:
        if not value:
            return qs
        relation = qs.model._meta.get_field(self.field_name)
        if not relation.many_to_many:
            return qs.filter(**{f"{self.field_name}__in": value})
        # The rows the links of the records chosen name, not a join then DISTINCT: a row
        # linked to two of them is still one row. Not EXISTS either, which the database
        # answered by reading every row's links; these links are read from an index
        # (migration 0024 for the action items').
        field = relation.field if isinstance(relation, ManyToManyRel) else relation
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        if field is not relation:  # the relation seen from its other end
            own, other = other, own
        links = field.remote_field.through.objects.filter(**{f"{other}__in": value})
        return qs.filter(pk__in=links.values(own))


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


def _own_copy(filter_: django_filters.Filter, parent: "TrackerFilterSet") -> django_filters.Filter:
    """A FilterSet's copy of one of its class's filters: what a FilterSet changes (the
    options its form field is made from, its parent) its own; what it only reads
    (querysets, widgets, menus) shared. django-filter deep-copies every filter instead,
    querysets and widgets with them, a millisecond of every list."""
    copied = copy.copy(filter_)
    copied.extra = filter_.extra.copy()
    # Each FilterSet builds its own form fields. A class-level filter may carry one
    # already (drf-spectacular builds them to describe the API's parameters), made
    # before the filter knew its model: without its label.
    copied.__dict__.pop("_field", None)
    if isinstance(copied, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
        copied.extra["empty_label"] = "any"
    if copied.method is not None:
        copied.method = copied.method  # a FilterMethod of the copy, calling its parent
    copied.model = parent.queryset.model
    copied.parent = parent
    return copied


class TrackerFilterSet(django_filters.FilterSet):
    """`q` searches `search_fields`, word by word."""

    search_fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        if isinstance(data, QueryDict):
            # A form sends its empty fields: "status=" means no status chosen, not a wrong one.
            data = data.copy()
            for name, values in list(data.lists()):
                if given := [value for value in values if value != ""]:
                    data.setlist(name, given)
                else:
                    del data[name]
        # django_filters.FilterSet.__init__, with the filters copied by `_own_copy`.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = self._meta.model._default_manager.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _own_copy(f, self) for name, f in self.base_filters.items()}

    def get_form_class(self) -> type[forms.Form]:
        """The form of every FilterSet of this class: made once, from the first one's
        filters (its fields depend on nothing else), as making it cost more than
        filling it in."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def form(self) -> forms.Form:
        form = super().form
        form.label_suffix = ""  # "Status", not "Status:", above a filter
        return form

    @property
    def qs(self) -> QuerySet:
        # Never all rows for a filter that cannot be applied: none, and `problems` says why.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        for name, filter_ in self.filters.items():
            if not isinstance(filter_, SlugFilter | SlugsFilter):
                continue
            if records := self.form.cleaned_data.get(name):
                if isinstance(records, Model):
                    records = [records]
                # Which records the box was taken to mean, under it; and for pickers.js,
                # their names, to show each as a token one can remove.
                self.form[name].help_text = f"Showing: {'; '.join(map(str, records))}."
                if isinstance(filter_, SlugsFilter):
                    chosen = [{"slug": record.slug, "label": str(record)} for record in records]
                    self.form.fields[name].widget.attrs["data-chosen"] = json.dumps(chosen)
        return super().qs

    def kept_count(self) -> int | None:
        """The rows' count where figures kept for it answer it (None: count the rows)."""
        return None

    @property
    def problems(self) -> list[str]:
        """Each filter that could not be applied, and why: "Place: No place has…"."""
        form = self.form
        return [
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]

    def canonical_query(self) -> str | None:
        """The query string with every record named in a text box written as its slug;
        None when it already is (or a filter is wrong), so links, exports and the URL a
        user shares always name records by slug."""
        if not self.is_bound or not self.is_valid():
            return None
        data = self.data.copy()
        for name, filter_ in self.filters.items():
            record = self.form.cleaned_data.get(name)
            if isinstance(filter_, SlugFilter) and record and data.get(name) != record.slug:
                data[name] = record.slug
            elif isinstance(filter_, SlugsFilter) and record:
                data.setlist(name, [each.slug for each in record])
        return data.urlencode() if data != self.data else None

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self.searched(queryset, value)

    @classmethod
    def searched(cls, queryset: QuerySet, value: str) -> QuerySet:
        """The rows `q` keeps for `value`, without making the FilterSet: the site search
        asks every list's `q` alone, and copying each set's filters and building its
        form cost more than the search's queries."""
        # Full text through an index on PostgreSQL where the model has one (search.py).
        return text_search(queryset, cls.search_fields, value)

    @property
    def fields_cache_key(self) -> str:
        """What the rendered fields depend on: the values given, and the records (menus,
        errors about unknown slugs). Rendering the fields costs more than the cache read."""
        given = [(name, self.data.getlist(name)) for name in self.filters if name in self.data]
        return f"{records_version(self.fields_kinds())}?{urlencode(given, doseq=True)}"

    def fields_kinds(self) -> set[str]:
        """The kinds of records the fields show: their menus', and those of the records a
        box names (the error for a name no record has, or many share, lists them)."""
        kinds: set[str] = set()
        for filter_ in self.filters.values():
            if isinstance(filter_, MenuFilter):
                kinds.update(filter_.extra["menu"].kinds)
            elif (records := getattr(filter_, "queryset", None)) is not None:
                kind = kind_of(records.model)
                kinds.update([kind] if kind else EVERY_KIND)
        return kinds

    @property
    def is_filtered(self) -> bool:
        """True when any filter holds a value: the empty state then suggests removing one."""
        return any(self.data.get(name) for name in self.filters)
