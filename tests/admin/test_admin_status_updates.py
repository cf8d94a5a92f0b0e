"""The admin records status updates as every other way does: through the service, so a
final status needs evidence, same-day updates are numbered, and the author is the user."""

import datetime as dt

import pytest
from django.urls import reverse

from summits import services
from summits.models import ActionItem, Source, Status, StatusUpdate, StatusUpdateEvidence
from tests.adminforms import change_form_data

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)

NEEDS_EVIDENCE = "A final status needs at least one source as evidence."
SEED_DAY = dt.date(2025, 11, 20)  # the seed report's items have one update, of that day


def _add(client, item: ActionItem, status: str, evidence: list[tuple[Source, str]] = ()):
    data = {
        "action_item": item.pk,
        "as_of": SEED_DAY.isoformat(),
        "status": status,
        "note": "Checked in the admin.",
        "citations-TOTAL_FORMS": len(evidence),
        "citations-INITIAL_FORMS": 0,
    }
    for n, (source, quote) in enumerate(evidence):
        data |= {f"citations-{n}-source": source.pk, f"citations-{n}-quote": quote}
    return client.post(reverse("admin:summits_statusupdate_add"), data)


def test_add_page_refuses_a_final_status_without_evidence(analyst_client):
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    response = _add(analyst_client, item, Status.FULFILLED)
    assert response.status_code == 200
    assert NEEDS_EVIDENCE in response.text
    assert item.status_updates.count() == 1
    item.refresh_from_db()
    assert item.status == Status.NOT_ASSESSED


def test_add_page_records_through_the_service_with_each_sources_quote(analyst_client, analyst):
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    source = Source.objects.get()
    response = _add(analyst_client, item, Status.FULFILLED, [(source, "The corridor opened.")])
    # Back to the item, whose "Record a status update" link leads here.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:summits_actionitem_change", args=[item.pk])
    update = item.status_updates.get(as_of=SEED_DAY, status=Status.FULFILLED)
    # The seed's update of the same day is number 1: the service numbers this one 2.
    assert update.sequence == 2
    assert update.author == analyst
    assert update.citations.get().quote == "The corridor opened."
    item.refresh_from_db()
    assert (item.status, item.status_as_of) == (Status.FULFILLED, SEED_DAY)


def test_change_page_refuses_leaving_a_final_status_without_evidence(analyst_client):
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    update = services.status_update_record(
        action_item=item, status=Status.FULFILLED, as_of=SEED_DAY, evidence=[Source.objects.get()]
    )
    url = reverse("admin:summits_statusupdate_change", args=[update.pk])
    data = change_form_data(analyst_client.get(url)) | {"citations-0-DELETE": "on"}
    response = analyst_client.post(url, data)
    assert response.status_code == 200
    assert NEEDS_EVIDENCE in response.text
    assert StatusUpdateEvidence.objects.filter(status_update=update).exists()


def test_change_page_refuses_making_an_update_final_without_evidence(analyst_client):
    update = StatusUpdate.objects.get(action_item__ref="MARITIME-2025-1")
    update.citations.all().delete()
    url = reverse("admin:summits_statusupdate_change", args=[update.pk])
    data = change_form_data(analyst_client.get(url)) | {"status": Status.WITHDRAWN}
    response = analyst_client.post(url, data)
    assert response.status_code == 200
    assert NEEDS_EVIDENCE in response.text
    update.refresh_from_db()
    assert update.status == Status.NOT_ASSESSED


def test_item_page_lists_updates_read_only_and_links_to_the_add_page(analyst_client):
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    url = reverse("admin:summits_actionitem_change", args=[item.pk])
    page = analyst_client.get(url)
    add = reverse("admin:summits_statusupdate_add")
    assert f'href="{add}?action_item={item.pk}"' in page.text
    # A row typed into the inline anyway (the old way round the service) is not saved.
    data = change_form_data(page)
    n = data["status_updates-TOTAL_FORMS"]
    data["status_updates-TOTAL_FORMS"] = n + 1
    data |= {
        f"status_updates-{n}-as_of": "2025-11-26",
        f"status_updates-{n}-sequence": 1,
        f"status_updates-{n}-status": Status.FULFILLED,
        f"status_updates-{n}-note": "Done, says nobody.",
    }
    response = analyst_client.post(url, data)
    assert response.status_code == 302
    assert not item.status_updates.filter(as_of=dt.date(2025, 11, 26)).exists()
    item.refresh_from_db()
    assert item.status == Status.NOT_ASSESSED


def test_evidence_is_changed_only_on_its_status_updates_page(analyst_client):
    """The evidence list cannot take away a fulfilled update's last source: its add,
    change and delete pages are closed, the status update's page being the one way."""
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    update = services.status_update_record(
        action_item=item, status=Status.FULFILLED, as_of=SEED_DAY, evidence=[Source.objects.get()]
    )
    evidence = update.citations.get()
    for url in (
        reverse("admin:summits_statusupdateevidence_add"),
        reverse("admin:summits_statusupdateevidence_delete", args=[evidence.pk]),
    ):
        assert analyst_client.post(url, {"post": "yes"}).status_code == 403
    change = reverse("admin:summits_statusupdateevidence_change", args=[evidence.pk])
    assert analyst_client.post(change, {"quote": "", "source": ""}).status_code == 403
    changelist = reverse("admin:summits_statusupdateevidence_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"}
    analyst_client.post(changelist, bulk)
    assert StatusUpdateEvidence.objects.filter(pk=evidence.pk).exists()
    assert analyst_client.get(changelist).status_code == 200  # still listed, to read
    # Deleting the update itself still takes its evidence with it.
    delete = reverse("admin:summits_statusupdate_delete", args=[update.pk])
    assert analyst_client.post(delete, {"post": "yes"}).status_code == 302
    assert not StatusUpdateEvidence.objects.filter(pk=evidence.pk).exists()
