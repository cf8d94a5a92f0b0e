"""The admin's agreement and item pages hold the rules that span a record's rows:
signatories took part in the meeting; commitments supersede each other in no circle."""

import pytest
from django.urls import reverse

from summits.models import ActionItem, ActionItemRelation, Agreement, Person
from tests.adminforms import change_form_data

pytestmark = pytest.mark.usefixtures("outcomes")

MOU = "2025-12-05-india-russia-mou-maritime"


def _add_row(data: dict, prefix: str, **fields) -> dict:
    n = data[f"{prefix}-TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = n + 1
    return data | {f"{prefix}-{n}-{name}": value for name, value in fields.items()}


def test_a_signatory_absent_from_the_meeting_is_refused_on_the_agreement_page(analyst_client):
    agreement = Agreement.objects.get(slug=MOU)
    url = reverse("admin:summits_agreement_change", args=[agreement.pk])
    lavrov = Person.objects.get(slug="sergey-lavrov")
    data = _add_row(change_form_data(analyst_client.get(url)), "signatories", person=lavrov.pk)
    response = analyst_client.post(url, data)
    assert response.status_code == 200
    assert "Sergey Lavrov did not take part in 23rd India–Russia Annual Summit" in response.text
    assert not agreement.signatories.filter(person=lavrov).exists()


def test_a_participant_of_the_meeting_may_sign(analyst_client):
    agreement = Agreement.objects.get(slug=MOU)
    url = reverse("admin:summits_agreement_change", args=[agreement.pk])
    modi = Person.objects.get(slug="narendra-modi")
    data = _add_row(change_form_data(analyst_client.get(url)), "signatories", person=modi.pk)
    response = analyst_client.post(url, data)
    assert response.status_code == 302
    assert agreement.signatories.filter(person=modi).exists()


def test_a_relation_closing_a_circle_of_supersedes_is_refused_on_the_item_page(analyst_client):
    newer, older = (
        ActionItem.objects.get(ref=r) for r in ("SUMMIT-23/TRADE-1", "IRIGC-TEC-26/TRADE-1")
    )
    ActionItemRelation.objects.create(action_item=newer, kind="supersedes", other=older)
    url = reverse("admin:summits_actionitem_change", args=[older.pk])
    data = _add_row(
        change_form_data(analyst_client.get(url)), "relations", kind="supersedes", other=newer.pk
    )
    response = analyst_client.post(url, data)
    assert response.status_code == 200
    assert "would supersede each other in a circle" in response.text
    assert not older.relations.exists()
