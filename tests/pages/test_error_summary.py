"""A refused form shows "There is a problem" at the top of the page, each error linked to
its field, and the summary takes the focus (static/js/tracker.js: `data-focus-first`)."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse

from summits import services
from summits.models import ActionItem, Status

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
REF = "MARITIME-2025-1"
SEED_SOURCE = "2025-11-20-ani-india-russia-summit-preparations"
LIST = reverse("summits:actionitem-list")


def summary(page: str) -> list[tuple[str, str]]:
    """The error summary's entries as (link, text), checked to come first in the page's
    main content and to ask for the focus; its links lead to elements of the page."""
    main = page.split('<main id="main">', 1)[1]
    if "There is a problem" not in main:
        return []
    assert main.lstrip().startswith(
        '<div class="error-summary" role="alert" tabindex="-1" '
        'aria-labelledby="error-summary-title" data-focus-first>'
    )
    block = main.split("</div>", 1)[0]
    assert '<h2 id="error-summary-title">There is a problem</h2>' in block
    entries = [
        (href, unescape(text)) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', block)
    ]
    entries += [("", unescape(text)) for text in re.findall(r"<li>([^<]+)</li>", block)]
    for href, _text in entries:
        if href:
            assert f'id="{href.removeprefix("#")}"' in page, href
    return entries


def test_a_refused_status_update_lists_its_errors_linked_to_their_fields(analyst_client):
    url = reverse("summits:actionitem-status-update", args=[REF])
    data = {"status": Status.FULFILLED, "as_of": "2027-01-01", "note": ""}
    response = analyst_client.post(url, data)
    assert response.status_code == 400
    assert summary(response.text) == [
        (
            "#id_as_of",
            "As of: An update cannot be dated in the future: give the day the status was true.",
        ),
        ("#id_evidence_0", "Evidence: A final status needs at least one source as evidence."),
    ]


def test_errors_of_a_new_source_started_are_listed_too(analyst_client):
    url = reverse("summits:actionitem-status-update", args=[REF])
    data = {
        "status": Status.IN_PROGRESS,
        "as_of": "2025-12-05",
        "new_source-title": "Half a source",
        "new_source-url": "javascript:alert(1)",
    }
    entries = summary(analyst_client.post(url, data).text)
    assert ("#id_new_source-publisher", "Publisher: This field is required.") in entries
    assert ("#id_new_source-url", "URL: Enter a valid URL.") in entries


def test_the_item_page_has_no_summary_until_a_form_is_refused(analyst_client):
    item = ActionItem.objects.get(ref=REF)
    assert summary(analyst_client.get(item.get_absolute_url()).text) == []


def test_a_refused_bulk_update_lists_its_errors_at_the_top_of_the_list(analyst_client):
    data = {"record_status": "1", "status": Status.WITHDRAWN, "as_of": "2025-12-05"}
    response = analyst_client.post(LIST, data)
    assert response.status_code == 400
    assert summary(response.text) == [
        ("#bulk-evidence_0", "Evidence: A final status needs at least one source as evidence."),
        ("#results", "Items: Tick at least one action item in the table."),
    ]


def test_a_refusal_by_the_rules_is_listed_without_a_link(analyst_client, monkeypatch):
    """An error about the update as a whole (the service refused it) names no field."""
    item = ActionItem.objects.get(ref=REF)
    data = {
        "record_status": "1",
        "items": [item.pk],
        "status": Status.FULFILLED,
        "as_of": "2025-12-05",
        "evidence": [SEED_SOURCE],
    }

    def refuse(**kwargs):
        raise ValidationError("Someone recorded an update meanwhile.")

    monkeypatch.setattr(services, "status_update_record_many", refuse)
    response = analyst_client.post(LIST, data)
    assert summary(response.text) == [("", "Someone recorded an update meanwhile.")]


def test_the_list_has_no_summary_when_nothing_was_refused(analyst_client):
    assert summary(analyst_client.get(LIST).text) == []


def test_the_focus_moves_to_the_summary_from_a_static_file():
    """No inline script (the CSP forbids it): tracker.js focuses `data-focus-first`."""
    script = Path(finders.find("js/tracker.js")).read_text(encoding="utf-8")
    assert 'document.querySelector("[data-focus-first]")' in script
    assert 'addEventListener("DOMContentLoaded", focusRequested)' in script
