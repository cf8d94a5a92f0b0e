"""The filters a list applies, one chip per value ("Status: not started ×"), each a link
that takes that value away.

Read from the bound FilterSet after it filtered: a chip says exactly what the rows were
filtered by (a value the form refused filters nothing, so has no chip), and its text
comes from what validating the form already resolved (a menu's labels from the cache, a
slug's record as looked up), so chips cost no query however many there are.
"""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.text import capfirst
from django_filters.constants import EMPTY_VALUES

from .filters import TrackerFilterSet


@dataclass(frozen=True)
class Chip:
    label: str  # the filter's ("Status")
    text: str  # the value's, as the form offers it ("Not started"); "" for a tick box
    query: str  # "?…": the list without this value, other filters, sort and page size kept
    words: str  # what names the value in an export's file name: "status not_started"


def _params(filterset: TrackerFilterSet) -> QueryDict:
    # django-filter holds an empty query string as {}.
    data = filterset.data
    return data if isinstance(data, QueryDict) else QueryDict()


def _query(params: QueryDict, leave_out: dict[str, str | None]) -> str:
    """The query string ("?…") of `params` less the filters `leave_out` names: the one
    value given, or every value (None). Back on the first page; blank values (a form sends
    every field, filled or not) left out."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name == "page":
            continue
        if name in leave_out:
            value = leave_out[name]
            values = [] if value is None else [v for v in values if v != value]
        kept.setlist(name, [v for v in values if v != ""])
    return f"?{kept.urlencode()}"


def _text(field: forms.Field, raw: str, cleaned: object) -> str:
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        return str(cleaned)  # the record the slug named, read when the form was checked
    if isinstance(field, forms.ChoiceField):
        # Keys as the URL gives them: a choice of numbers (priority) has numbers as keys.
        labels = {str(key): label for key, label in field.choices}
        return capfirst(str(labels.get(raw, raw)))
    if isinstance(field, forms.DateField):
        return date_format(cleaned, "j M Y")
    return raw.strip()


def filter_chips(filterset: TrackerFilterSet) -> list[Chip]:
    """A chip per value of every filter applied, in the form's order, for a FilterSet that
    has filtered (its `qs` read)."""
    form, params = filterset.form, _params(filterset)
    cleaned_data = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        cleaned = cleaned_data.get(name)
        # As django-filter decides: an empty value, or an unticked box, filters nothing.
        if cleaned in EMPTY_VALUES or cleaned is False:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            chips += _record_chips(params, name, str(field.label), cleaned)
            continue
        many = isinstance(field, forms.MultipleChoiceField)
        raws = [raw for raw in params.getlist(name) if raw != ""] if many else [params.get(name)]
        for raw in dict.fromkeys(raws):
            text = _text(field, raw, cleaned)
            chips.append(
                Chip(
                    label=str(field.label),
                    text=text,
                    query=_query(params, {name: raw if many else None}),
                    words=f"{name} {raw}" if text else name,
                )
            )
    return chips


def _record_chips(params: QueryDict, name: str, label: str, records: list) -> list[Chip]:
    """A chip per record of an "any of these" filter, each leaving the others: the query
    names them by slug, as the address does once a typed name is written as its slug."""
    slugs = [record.slug for record in records]
    params = params.copy()
    params.setlist(name, slugs)
    return [
        Chip(label, str(record), _query(params, {name: slug}), f"{name} {slug}")
        for record, slug in zip(records, slugs, strict=True)
    ]


def clear_filters_query(filterset: TrackerFilterSet) -> str:
    """The query string of the list with no filter, its sort and page size kept."""
    return _query(_params(filterset), dict.fromkeys(filterset.filters))
