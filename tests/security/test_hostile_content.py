"""Hostile text from reports stays inert everywhere it is shown.

Every free-text field of the seed report is replaced by a string from a corpus of nasty
inputs (script tags, event handlers, javascript: URLs, spreadsheet formulas, template
syntax, right-to-left overrides, iCalendar line injection), imported through the real
import, then every page, admin page, export and the calendar feed is read back.
"""

import copy
import csv
import io
import itertools
import json
from pathlib import Path
from urllib.parse import urlencode

import icalendar
import openpyxl
import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from summits.importing import ReportFile, report_import, report_validate
from summits.models import (
    REF_MESSAGE,
    ActionItem,
    CalendarFeedToken,
    Meeting,
    Person,
    Source,
    record_models,
)
from tests.adminforms import change_form_data
from tests.conftest import ROOT
from tests.security.test_permissions_walk import LISTS
from tests.seed import OUTCOMES_REPORT, SEED_REPORT

FIXTURES = ROOT / "fixtures"
NASTY = json.loads((Path(__file__).parents[1] / "data" / "nasty_strings.json").read_text())
# Each string with line breaks, and the same on one line.
MULTI_LINE = {text: " ".join(text.split()) for text in NASTY if "\n" in text}
# What must never reach a browser as markup.
LIVE_MARKUP = ["<script>alert(", "<img src=x onerror", "<svg onload", 'href="javascript:']
FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_FIELDS = (models.CharField, models.TextField)


def _hostile_report() -> list[dict]:
    """The seed report and the made-up outcomes, with a nasty string in every free-text
    field that is not a key."""
    records = [
        *json.loads(SEED_REPORT.read_text(encoding="utf-8")),
        *json.loads(OUTCOMES_REPORT.read_text(encoding="utf-8")),
    ]
    corpus = itertools.cycle(NASTY)
    for record in records:
        model = next(m for m in record_models() if m._meta.label_lower == record["model"])
        for name in list(record["fields"]):
            field = model._meta.get_field(name)
            if not isinstance(field, TEXT_FIELDS) or field.unique or field.choices:
                continue
            if name in {"slug", "ref", "iso2", "url"}:
                continue
            text = next(corpus)
            if not isinstance(field, models.TextField):
                text = MULTI_LINE.get(text, text)  # the import refuses line breaks here
            record["fields"][name] = text[: field.max_length] if field.max_length else text
    return records


@pytest.fixture
def hostile(db) -> None:
    data = json.dumps(_hostile_report()).encode()
    report_import(files=[ReportFile(name="hostile.json", data=data, size=len(data))])
    # The admin's forms do take line breaks in a title: put them back as it would save
    # them, so the calendar feed (one line per event field) meets them too.
    for text, one_line in MULTI_LINE.items():
        for model in (Meeting, ActionItem):
            model.objects.filter(title=one_line).update(title=text)


def _assert_inert(text: str, where: str) -> None:
    for markup in LIVE_MARKUP:
        assert markup not in text, f"{markup!r} is live on {where}"


def _pages() -> list[str]:
    pages = [reverse("summits:home")]
    for name in LISTS:
        pages.append(reverse(f"summits:{name}-list"))
    # Results of every kind, and hostile text typed into the search box itself.
    search = reverse("summits:search")
    pages += [f"{search}?{urlencode({'q': q})}" for q in ["a", "<script>alert(1)</script>"]]
    for model in record_models():
        for record in model.objects.all()[:3]:
            if hasattr(record, "get_absolute_url"):
                pages.append(record.get_absolute_url())
        if model in admin.site._registry:
            info = f"admin:summits_{model._meta.model_name}"
            pages.append(reverse(f"{info}_changelist"))
            first = model.objects.first()
            pages.append(reverse(f"{info}_change", args=[first.pk]))
            pages.append(reverse(f"{info}_history", args=[first.pk]))
    return pages


@pytest.mark.usefixtures("hostile")
def test_every_page_shows_hostile_text_inert(analyst_client):
    for page in _pages():
        response = analyst_client.get(page)
        assert response.status_code == 200, page
        _assert_inert(response.text, page)


@pytest.mark.usefixtures("hostile")
def test_the_hostile_text_is_shown_escaped_not_dropped(analyst_client):
    meetings = list(Meeting.objects.all())
    assert any("<" in meeting.title for meeting in meetings), "the corpus reached the titles"
    page = analyst_client.get(reverse("summits:meeting-list"), {"per_page": 100}).text
    for meeting in meetings:
        assert escape(meeting.title) in page, meeting.title
    # Template syntax in data is shown as text, never evaluated.
    person = Person.objects.filter(name__contains="{{").first() or Person.objects.get(
        title__contains="{{"
    )
    assert "{{ request.user }}" in analyst_client.get(person.get_absolute_url()).text


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize(
    "name", ["actionitem", "meeting", "summit", "series", "commission", "person", "source"]
)
def test_exports_neutralise_formulas(analyst_client, name):
    url = reverse(f"summits:{name}-list")
    body = b"".join(analyst_client.get(url, {"_export": "csv"}).streaming_content)
    for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), (name, cell)

    workbook = openpyxl.load_workbook(
        io.BytesIO(analyst_client.get(url, {"_export": "xlsx"}).getvalue())
    )
    for row in workbook.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (name, cell.value)
            assert not str(cell.value or "").startswith(FORMULA_STARTS), (name, cell.value)

    json.loads(analyst_client.get(url, {"_export": "json"}).getvalue())  # still valid JSON


@pytest.mark.usefixtures("hostile")
def test_calendar_feed_cannot_be_split_by_injected_lines(client, analyst):
    token = CalendarFeedToken.objects.create(user=analyst)
    feed = client.get(reverse("summits:calendar-feed", args=[token.token])).getvalue()
    calendar = icalendar.Calendar.from_ical(feed)
    events = calendar.walk("VEVENT")
    assert events
    starts = [line for line in feed.decode().splitlines() if line == "BEGIN:VEVENT"]
    assert len(starts) == len(events)
    assert not any(str(event.get("summary")) == "injected" for event in events)


def test_source_urls_accept_only_http_and_https(analyst_client):
    url = reverse("admin:summits_source_add")
    for scheme_url in ["javascript:alert(1)", "data:text/html,<script>x</script>", "ftp://x.org"]:
        response = analyst_client.post(
            url,
            {
                "slug": "bad",
                "title": "Bad",
                "publisher": "X",
                "published_on": "2025-11-20",
                "url": scheme_url,
                "kind": "other",
            },
        )
        assert response.status_code == 200, scheme_url
        assert "Enter a valid URL." in response.text
    assert not Source.objects.filter(slug="bad").exists()


def test_null_bytes_and_overlong_names_are_refused_by_the_admin(analyst_client):
    response = analyst_client.post(
        reverse("admin:summits_place_add"),
        {"slug": "nul", "name": "Mos\x00cow", "country": ""},
    )
    assert "Null characters are not allowed." in response.text
    response = analyst_client.post(
        reverse("admin:summits_sector_add"), {"slug": "long", "name": "x" * 10_000}
    )
    assert "Ensure this value has at most 100 characters" in response.text


# Hostile keys ------------------------------------------------------------------------
# Slugs, references and country codes are written into addresses: a line break made every
# list 500 (no address could be built), "X/history" had a page nobody could reach and
# "../../admin" made links that browsers resolve to /admin/.

HOSTILE_KEYS = ["NEW\nLINE", "TRAILING\n", "I\n", "X/history", "../../admin", "TAB\tX", "/X"]
# What a form may post: its fields trim the spaces and line breaks around a value.
HOSTILE_FORM_KEYS = ["NEW\nLINE", "X/history", "../../admin", "TAB\tX", "X//Y"]


def _key_fields() -> list[tuple[type[models.Model], str]]:
    """Every model's own key fields (not its parents'), read off its natural-key manager."""
    return [
        (model, name)
        for model in record_models()
        for name in model._default_manager.key_fields
        if "__" not in name and isinstance(model._meta.get_field(name), models.CharField)
    ]


@pytest.mark.usefixtures("outcomes")
@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_the_database_refuses_hostile_keys(key):
    assert {f"{model._meta.model_name}.{name}" for model, name in _key_fields()} >= {
        "actionitem.ref",
        "country.iso2",
        "meeting.slug",
        "source.slug",
    }
    for model, name in _key_fields():
        record = model.objects.first()
        # PostgreSQL refuses an overlong value before it checks the constraints.
        too_long = len(key) > model._meta.get_field(name).max_length
        refusal = DataError if too_long and connection.vendor == "postgresql" else IntegrityError
        with pytest.raises(refusal), transaction.atomic():
            model.objects.filter(pk=record.pk).update(**{name: key})


@pytest.mark.usefixtures("outcomes")
@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_model_validation_refuses_hostile_keys(key):
    for model, name in _key_fields():
        record = model.objects.first()
        setattr(record, name, key)
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        # Fields with a validator name themselves; a country code has its constraint only.
        assert {name, "__all__"} & refused.value.message_dict.keys(), (model, key)


@pytest.mark.usefixtures("outcomes")
def test_the_admin_refuses_hostile_keys_with_a_message(analyst_client):
    for model, name in _key_fields():
        if model not in admin.site._registry:
            continue
        record = model.objects.first()
        url = reverse(f"admin:summits_{model._meta.model_name}_change", args=[record.pk])
        form = analyst_client.get(url)
        if not form.context["has_change_permission"]:
            continue  # changed on its parent's page only
        # The form read once: each key is refused, so the record it shows stays the same.
        data = change_form_data(form)
        for key in HOSTILE_FORM_KEYS:
            response = analyst_client.post(url, data | {name: key})
            assert response.status_code == 200, (model, key)
            errors = response.context["adminform"].form.errors
            assert errors.get(name) or errors.get("__all__"), (model, key)
            if name == "ref":
                assert errors["ref"] == [REF_MESSAGE]
            assert getattr(model.objects.get(pk=record.pk), name) != key


def _fixture_records() -> dict[str, dict]:
    """A record of each model from the project's fixtures, with its file."""
    found: dict[str, dict] = {}
    for path in [*sorted(FIXTURES.rglob("*.json")), OUTCOMES_REPORT]:
        for record in json.loads(path.read_text(encoding="utf-8")):
            found.setdefault(record["model"], record)
    return found


@pytest.mark.usefixtures("outcomes")
@pytest.mark.parametrize("key", [*HOSTILE_FORM_KEYS, "TRAILING\n", "/X"])
def test_the_import_refuses_hostile_keys_naming_the_field(key):
    examples = _fixture_records()
    for model, name in _key_fields():
        record = copy.deepcopy(examples[model._meta.label_lower])
        record["fields"][name] = key
        data = json.dumps([record]).encode()
        plan = report_validate(files=[ReportFile(name="keys.json", data=data, size=len(data))])
        assert any(problem.field == name and problem.position == 1 for problem in plan.errors), (
            model,
            key,
            [str(problem) for problem in plan.errors],
        )


@pytest.mark.usefixtures("seed")
def test_a_bad_key_kept_in_history_costs_its_link_only(analyst_client):
    """Keys written before they were validated stay in the history tables: the dashboard's
    "recently changed" shows the entry, without a link, instead of failing for everyone."""
    row = ActionItem.history.first()
    row.history_id, row.id, row.ref, row.title = None, 10_000, "NEW\nLINE", "Deleted item"
    row.history_type, row.history_date = "+", timezone.now()
    row.save()
    for name in ["home", "actionitem-list", "follow-up"]:
        response = analyst_client.get(reverse(f"summits:{name}"))
        assert response.status_code == 200, name
    page = analyst_client.get(reverse("summits:home")).text
    assert "action item added: NEW\nLINE: Deleted item" in page


def test_an_items_pages_cannot_be_taken_for_a_reference():
    ref = "IRIGC-TEC-26/TRADE-1"
    for name in ["detail", "history", "status-update", "owner", "watch"]:
        url = reverse(f"summits:actionitem-{name}", args=[ref])
        match = resolve(url)
        assert (match.url_name, match.kwargs) == (f"actionitem-{name}", {"ref": ref})
    with pytest.raises(NoReverseMatch):
        reverse("summits:actionitem-detail", args=["../../admin"])
