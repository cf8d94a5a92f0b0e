"""The admin, the analysts' main tool: every page renders, search, fuzzy dates, the action."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from summits.models import (
    ActionItem,
    ActionItemRelation,
    Meeting,
    Signatory,
    Source,
    Status,
    StatusUpdateEvidence,
    record_models,
)

pytestmark = pytest.mark.usefixtures("seed")


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


SUMMIT_MODELS = [m for m in admin.site._registry if m in record_models()]


def test_every_model_of_the_app_is_in_the_admin():
    assert set(SUMMIT_MODELS) >= set(record_models())


@pytest.mark.parametrize("model", SUMMIT_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_render_for_an_analyst(analyst_client, outcomes, model):
    assert model.objects.exists(), "the seed and the made-up outcomes give every model a record"
    assert analyst_client.get(_admin_url(model, "changelist")).status_code == 200
    # Evidence is added on its status update's page (test_admin_status_updates.py).
    added = 403 if model in (StatusUpdateEvidence, Signatory, ActionItemRelation) else 200
    assert analyst_client.get(_admin_url(model, "add")).status_code == added
    record = model.objects.first()
    assert analyst_client.get(_admin_url(model, "change", record.pk)).status_code == 200


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Meeting, "Patrushev", "Modi"),
        (ActionItem, "maritime", "MARITIME-2025-1"),
        (Source, "ANI", "ANI"),
    ],
)
def test_changelists_are_searchable(analyst_client, model, term, expected):
    response = analyst_client.get(_admin_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    assert expected in response.text
    assert "0 results" not in response.text


def test_people_are_found_by_autocomplete_under_an_alias(analyst_client):
    response = analyst_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "summits",
            "model_name": "participation",
            "field_name": "person",
            "term": "Dr. S",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["S. Jaishankar"]


def _meeting_form(**fields) -> dict:
    data = {
        "title": "Talks on trade",
        "slug": "test-talks",
        "kind": "bilateral",
        "date": "",
        "place": "",
    }
    for prefix in ["participations", "citations", "action_items"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | fields


def test_fuzzy_date_is_typed_as_a_report_writes_it(analyst_client):
    response = analyst_client.post(
        _admin_url(Meeting, "add"), _meeting_form(date="early December 2025")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(slug="test-talks")
    assert (meeting.date_start, meeting.date_precision) == (dt.date(2025, 12, 1), "early")
    change_page = analyst_client.get(_admin_url(Meeting, "change", meeting.pk))
    assert 'value="early December 2025"' in change_page.text


def test_unreadable_fuzzy_date_gets_a_message_a_user_understands(analyst_client):
    response = analyst_client.post(_admin_url(Meeting, "add"), _meeting_form(date="sometime soon"))
    assert response.status_code == 200
    assert "is not a date we can read" in response.text
    assert "early December 2025" in response.text
    assert not Meeting.objects.filter(slug="test-talks").exists()


def test_action_sets_a_new_status_with_evidence_on_selected_items(analyst_client, analyst):
    items = ActionItem.objects.filter(ref__startswith="IRIGC-TEC-26/")
    source = Source.objects.get()
    data = {
        "action": "set_status",
        "_selected_action": [item.pk for item in items],
        "apply": "1",
        "status": Status.IN_PROGRESS,
        "as_of": "2025-11-25",
        "note": "Working groups met.",
        "evidence": [source.pk],
        "quote": "Both sides underscored the importance of implementing decisions",
    }
    response = analyst_client.post(_admin_url(ActionItem, "changelist"), data)
    assert response.status_code == 302
    for item in items:
        item.refresh_from_db()
        assert item.status == Status.IN_PROGRESS
        update = item.status_updates.get(as_of=dt.date(2025, 11, 25))
        assert update.author == analyst
        assert list(update.evidence.all()) == [source]


def test_action_refuses_a_final_status_without_evidence(analyst_client):
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    data = {
        "action": "set_status",
        "_selected_action": [item.pk],
        "apply": "1",
        "status": Status.FULFILLED,
        "as_of": "2025-11-25",
    }
    response = analyst_client.post(_admin_url(ActionItem, "changelist"), data)
    assert response.status_code == 200
    assert "A final status needs at least one source as evidence." in response.text
    item.refresh_from_db()
    assert item.status == Status.NOT_ASSESSED
