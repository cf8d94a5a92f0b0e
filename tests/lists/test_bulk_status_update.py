"""One status update for many items ticked on the action-item list: analysts only, all or
nothing, without JavaScript, the htmx table refresh intact."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from summits import services
from summits.models import ActionItem, Source, Status, StatusUpdate
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:actionitem-list")


def irigc() -> list[ActionItem]:
    """The five commitments of the 26th IRIGC-TEC session, as recorded now."""
    return list(ActionItem.objects.filter(ref__startswith="IRIGC-TEC-26/"))


SEED_SOURCE = "2025-11-20-ani-india-russia-summit-preparations"


def bulk(items, **fields) -> dict:
    data = {
        "record_status": "1",
        "items": [item.pk for item in items],
        "status": Status.IN_PROGRESS,
        "as_of": "2025-12-05",
        "note": "Working groups met.",
    }
    return data | fields


def test_analysts_get_tick_boxes_and_the_update_form(analyst_client):
    page = analyst_client.get(URL).text
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    assert '<form id="bulk-update" class="bulk-update" method="post">' in page
    box = f'<input type="checkbox" name="items" value="{item.pk}" aria-label="Select {item.ref}">'
    assert box in page
    assert "Record one status update for the items ticked above" in page


def test_viewers_get_neither(viewer_client):
    page = viewer_client.get(URL).text
    assert 'name="items"' not in page and "bulk-update" not in page


def test_one_update_is_recorded_on_every_ticked_item(analyst_client, analyst):
    response = analyst_client.post(f"{URL}?origin=irigc-tec-26", bulk(irigc()))
    assert response.status_code == 302
    assert response.url == f"{URL}?origin=irigc-tec-26"  # back to the same filters
    for item in irigc():
        assert item.status == Status.IN_PROGRESS
        update = item.status_updates.get(as_of=dt.date(2025, 12, 5))
        assert (update.author, update.note) == (analyst, "Working groups met.")
    assert ActionItem.objects.get(ref="MARITIME-2025-1").status == Status.NOT_ASSESSED
    message = analyst_client.get(response.url).text
    assert "Recorded “in progress” on 5 action item(s): IRIGC-TEC-26/ENERGY-1" in message


def test_a_new_source_is_recorded_once_and_cited_by_every_item(analyst_client):
    data = bulk(
        irigc(),
        status=Status.FULFILLED,
        **{
            "new_source-title": "Protocol signed",
            "new_source-publisher": "MEA",
            "new_source-published_on": "2025-12-04",
        },
    )
    assert analyst_client.post(URL, data).status_code == 302
    source = Source.objects.get(title="Protocol signed")
    assert StatusUpdate.objects.filter(evidence=source).count() == len(irigc())


def test_a_refused_update_records_nothing_and_keeps_the_boxes_and_fields(analyst_client):
    chosen = irigc()[:2]
    response = analyst_client.post(
        f"{URL}?origin=irigc-tec-26", bulk(chosen, status=Status.FULFILLED)
    )
    assert response.status_code == 400
    page = response.text
    assert "A final status needs at least one source as evidence." in page
    assert "Working groups met.</textarea>" in page
    for item in chosen:
        assert f'value="{item.pk}" aria-label="Select {item.ref}" checked>' in page
    assert response.context["table"].paginator.count == 5  # the filters still apply
    assert not StatusUpdate.objects.filter(as_of=dt.date(2025, 12, 5)).exists()


def test_nothing_ticked_is_explained(analyst_client):
    response = analyst_client.post(URL, bulk([]))
    assert response.status_code == 400
    assert "Tick at least one action item in the table." in response.text


def test_all_or_nothing_when_one_item_fails(analyst_client, monkeypatch):
    record = services.status_update_record
    failing = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")

    def record_or_fail(*, action_item, **update):
        if action_item == failing:
            raise ValidationError("This item is locked.")
        return record(action_item=action_item, **update)

    monkeypatch.setattr(services, "status_update_record", record_or_fail)
    response = analyst_client.post(URL, bulk(irigc()))
    assert response.status_code == 400 and "This item is locked." in response.text
    assert not StatusUpdate.objects.filter(as_of=dt.date(2025, 12, 5)).exists()


def test_viewers_are_refused_but_may_still_choose_columns(viewer_client):
    assert viewer_client.post(URL, bulk(irigc())).status_code == 403
    assert not StatusUpdate.objects.filter(as_of=dt.date(2025, 12, 5)).exists()
    assert viewer_client.post(URL, {"columns": ["ref", "title"]}).status_code == 302


def test_htmx_swaps_the_table_inside_the_form_and_keeps_the_fields(analyst_client):
    response = analyst_client.get(f"{URL}?sector=trade", headers={"HX-Request": "true"})
    text = response.text.lstrip()
    assert text.startswith('<section id="results"')
    assert 'name="items"' in text  # the tick boxes come with the rows
    assert 'name="status"' not in text  # the update's fields stay as typed, outside


def test_exports_leave_the_tick_boxes_out(analyst_client):
    response = analyst_client.get(URL, {"_export": "csv"})
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Reference,") and "Select" not in header


def test_query_count_does_not_grow_with_rows(analyst_client, django_assert_max_num_queries):
    make_action_items(40)
    # Session, user, permissions (2), count, page, sectors, responsible, six filter menus,
    # the sources offered as evidence, the change form's owners (its summits and sectors
    # come from the filters' cached menus, its organisations through pickers), and the
    # saved views' menu.
    with django_assert_max_num_queries(15):
        response = analyst_client.get(f"{URL}?per_page=50")
    assert response.text.count('name="items"') == 48
