"""Hostile text from reports stays inert everywhere it is shown.

Every free-text field of the seed report is replaced by a string from a corpus of nasty
inputs (script tags, event handlers, javascript: URLs, spreadsheet formulas, template
syntax, right-to-left overrides, iCalendar line injection), imported through the real
import, then every page, admin page, export and the calendar feed is read back.
"""

import csv
import io
import itertools
import json
from pathlib import Path

import icalendar
import openpyxl
import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from summits.importing import ReportFile, report_import
from summits.models import (
    ActionItem,
    CalendarFeedToken,
    Meeting,
    Person,
    Source,
    record_models,
)
from tests.conftest import SEED_REPORT

NASTY = json.loads((Path(__file__).parent / "data" / "nasty_strings.json").read_text())
# Each string with line breaks, and the same on one line.
MULTI_LINE = {text: " ".join(text.split()) for text in NASTY if "\n" in text}
# What must never reach a browser as markup.
LIVE_MARKUP = ["<script>alert(", "<img src=x onerror", "<svg onload", 'href="javascript:']
FORMULA_STARTS = ("=", "+", "-", "@")
TEXT_FIELDS = (models.CharField, models.TextField)


def _hostile_report() -> list[dict]:
    """The seed report with a nasty string in every free-text field that is not a key."""
    records = json.loads(SEED_REPORT.read_text(encoding="utf-8"))
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
    for name in ["actionitem", "meeting", "summit", "person", "organisation", "source"]:
        pages.append(reverse(f"summits:{name}-list"))
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
@pytest.mark.parametrize("name", ["actionitem", "meeting", "summit", "person", "source"])
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
