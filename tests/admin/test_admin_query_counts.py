"""Every admin page costs the same number of queries however many rows there are.

For each registered model admin (a newly registered one is covered by itself): its
changelist bare, with each list filter, with a search and drilled down its date
hierarchy; its change page of a record with many inline and many-to-many rows; its add
page. Each is counted with `k` rows of every kind, then with `3k` (admin_rows.py), and
must run as many queries both times. Nor may a form offer every row of a big table in a
select (the other N of a form: one a million rows long, once per inline row).
"""

import difflib
import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteMixin, ForeignKeyRawIdWidget
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.forms import HiddenInput, ModelChoiceField
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.admin.admin_rows import admin_rows_add, first
from tests.factories import user_create

K = 3
ADMINS = list(admin.site._registry.values())
PINNED_PAGES = ("changelist", "change", "add")
# The queries of each admin's bare changelist, its change page and its add page (as a
# superuser, caches warm), whatever the rows: a new column or inline that adds a query
# shows here. A newly registered admin's figures are asked for by its test's failure.
PINNED: dict[str, tuple[int, int, int]] = {
    "auth.Group": (4, 4, 2),
    "auth.User": (5, 6, 1),
    "axes.AccessAttempt": (7, 3, 1),
    "axes.AccessFailureLog": (7, 2, 1),
    "axes.AccessLog": (7, 2, 1),
    "summits.ActionItem": (8, 14, 1),
    "summits.ActionItemCitation": (4, 5, 1),
    "summits.ActionItemRelation": (4, 4, 1),
    "summits.Agreement": (8, 16, 1),
    "summits.AgreementCitation": (4, 5, 1),
    "summits.BackgroundTask": (5, 2, 1),
    "summits.Commission": (5, 4, 1),
    "summits.ComplianceReport": (5, 6, 1),
    "summits.Country": (4, 2, 1),
    "summits.Meeting": (9, 10, 1),
    "summits.MeetingCitation": (4, 5, 1),
    "summits.Organisation": (5, 3, 1),
    "summits.OutcomeDocument": (7, 7, 1),
    "summits.Paragraph": (4, 3, 1),
    "summits.Participation": (5, 7, 1),
    "summits.Person": (5, 4, 1),
    "summits.Place": (5, 3, 1),
    "summits.ReportDraft": (6, 5, 1),
    "summits.ReportImport": (6, 2, 1),
    "summits.SavedView": (4, 4, 1),
    "summits.Sector": (4, 2, 1),
    "summits.Signatory": (5, 5, 1),
    "summits.Source": (7, 2, 1),
    "summits.StatusUpdate": (8, 4, 1),
    "summits.StatusUpdateEvidence": (4, 5, 1),
    "summits.Summit": (8, 6, 1),
    "summits.SummitCitation": (4, 6, 1),
    "summits.SummitSeries": (4, 5, 1),
}


@pytest.fixture
def superuser_client(client, outcomes):
    client.force_login(user_create("root", is_staff=True, is_superuser=True))
    return client


def _url(model_admin, view: str, *args) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _params(query_string: str) -> dict[str, str]:
    return QueryDict(query_string.lstrip("?")).dict()


def _filter_choice(client, changelist_url: str, spec, cl) -> dict[str, str]:
    """A choice of the filter that finds rows (the date hierarchy skips its queries when
    nothing is found, which would make the counts differ for the wrong reason)."""
    choices = [
        _params(choice["query_string"])
        for choice in spec.choices(cl)
        if not choice["selected"] and _params(choice["query_string"])
    ]
    assert choices, f"the filter {spec.title!r} offers no choice"
    for params in choices:
        if client.get(changelist_url, params).context["cl"].result_count:
            return params
    return choices[0]


def _day(model_admin):
    """A day some row of the date hierarchy's field falls on, as the changelist reads it."""
    field = model_admin.date_hierarchy
    value = (
        model_admin.model._default_manager.exclude(**{field: None})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
    )
    return timezone.localtime(value).date() if hasattr(value, "hour") else value


def _pages(client, model_admin) -> dict[str, tuple[str, dict[str, str]]]:
    changelist = _url(model_admin, "changelist")
    cl = client.get(changelist).context["cl"]
    pages = {"changelist": (changelist, {})}
    for spec in cl.filter_specs:
        pages[f"changelist, filter {spec.title}"] = (
            changelist,
            _filter_choice(client, changelist, spec, cl),
        )
    if model_admin.search_fields:
        pages["changelist, search"] = (changelist, {"q": "grown"})
    if field := model_admin.date_hierarchy:
        day = _day(model_admin)
        year = {f"{field}__year": str(day.year)}
        month = {**year, f"{field}__month": str(day.month)}
        pages["changelist, year"] = (changelist, year)
        pages["changelist, month"] = (changelist, month)
        pages["changelist, day"] = (changelist, {**month, f"{field}__day": str(day.day)})
    pages["change"] = (_url(model_admin, "change", quote(first(model_admin.model).pk)), {})
    pages["add"] = (_url(model_admin, "add"), {})
    return pages


# Tables small by nature, whose every row a form may offer in a plain select.
SMALL_TABLES = {Group, Permission}


def _selects_of_every_row(response) -> list[str]:
    """The fields of the page's form and inline rows that offer every row of a table in
    a plain select (not an autocomplete box, a raw id or a read-only value): on a page of
    an item or an update, that select would list a million rows."""
    context = response.context
    if context is None or "adminform" not in context:
        return []
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [*inline.formset.forms, inline.formset.empty_form]
    found = set()
    for form in forms:
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            listed = isinstance(field, ModelChoiceField) and not isinstance(
                widget, (AutocompleteMixin, ForeignKeyRawIdWidget, HiddenInput)
            )
            if listed and field.queryset.model not in SMALL_TABLES:
                found.add(f"{type(form).__name__}.{name} ({field.queryset.model.__name__})")
    return sorted(found)


def _counted(client, url: str, params: dict[str, str]) -> tuple[list[str], list[str]]:
    """The queries of a page once its caches are warm, and its selects of every row."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code in (200, 403), (url, params, response.status_code)
    return [query["sql"] for query in captured.captured_queries], _selects_of_every_row(response)


def _shape(sql: str) -> str:
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


@pytest.mark.parametrize("model_admin", ADMINS, ids=lambda a: a.model._meta.label)
def test_every_admin_page_costs_the_same_with_three_times_the_rows(superuser_client, model_admin):
    client, model = superuser_client, model_admin.model
    admin_rows_add(k=K, round=1)
    rows = model._default_manager.count()
    pages = _pages(client, model_admin)
    few = {name: _counted(client, url, params) for name, (url, params) in pages.items()}

    admin_rows_add(k=2 * K, round=2)
    assert model._default_manager.count() >= rows + 2 * K, "admin_rows_add makes no such rows"
    many = {name: _counted(client, url, params) for name, (url, params) in pages.items()}

    failures = []
    for name, (queries, selects) in many.items():
        before, _ = few[name]
        if len(queries) != len(before):
            diff = difflib.unified_diff(
                [_shape(q) for q in before], [_shape(q) for q in queries], lineterm="", n=0
            )
            failures.append(
                f"{name}: {len(before)} queries with {K} rows of each kind, {len(queries)} "
                f"with {3 * K}:\n" + "\n".join(diff)
            )
        if selects:
            failures.append(f"{name}: selects of every row (use autocomplete_fields): {selects}")
    counts = tuple(len(many[page][0]) for page in PINNED_PAGES)
    label = model._meta.label
    if PINNED.get(label) != counts:
        failures.append(
            f"{label}: {counts} queries on its changelist, change and add pages; "
            f"PINNED holds {PINNED.get(label)}"
        )
    assert not failures, "\n\n".join(failures)
