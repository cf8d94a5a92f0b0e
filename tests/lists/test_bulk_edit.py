"""Bulk edit of owner, due date, priority, target summit, sectors and responsible
organisations on the action-item list: ticked rows or every matching row after a
confirmation, all or nothing, with history, analysts only."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, Organisation, Sector, Summit
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")
URL = reverse("summits:actionitem-list")


def change(items, **fields) -> dict:
    return {"change_items": "1", "scope": "ticked", "items": [i.pk for i in items]} | fields


def test_analysts_see_the_change_fieldset(analyst_client):
    page = analyst_client.get(URL).text
    assert "Change the selected items" in page
    assert '<label for="change-owner">Owner</label>' in page


def test_ticked_items_take_every_field(analyst_client, analyst):
    items = make_action_items(3, prefix="BULK")
    other = make_action_items(1, prefix="LEFT")[0]
    summit = Summit.objects.get(pk=items[0].target_summit_id)
    ActionItem.objects.filter(ref__startswith="BULK").update(target_summit=None)
    sector = Sector.objects.exclude(pk__in=items[0].sectors.all()).first()
    gone = items[0].sectors.first()
    organisation = Organisation.objects.exclude(pk__in=items[0].responsible.all()).first()
    data = change(
        items,
        owner=analyst.pk,
        due="early December 2026",
        priority=ActionItem.Priority.HIGH,
        target_summit=f"{summit.series.slug}-{summit.number}",
        sectors_add=[sector.slug],
        sectors_remove=[gone.slug],
        responsible_add=[organisation.slug],
    )
    response = analyst_client.post(URL, data)
    assert response.status_code == 302, response.text
    for item in ActionItem.objects.filter(ref__startswith="BULK"):
        assert item.owner == analyst
        assert item.due == FuzzyDate.parse("early December 2026")
        assert item.priority == ActionItem.Priority.HIGH
        assert item.target_summit == summit
        assert sector in item.sectors.all() and gone not in item.sectors.all()
        assert organisation in item.responsible.all()
        assert item.version == 2
        latest = item.history.first()
        assert latest.history_user == analyst
        # The history entry records the links as they now are.
        assert set(latest.sectors.values_list("sector_id", flat=True)) == set(
            item.sectors.values_list("pk", flat=True)
        )
    other.refresh_from_db()
    assert other.version == 1 and other.owner is None


def test_all_matching_rows_asks_for_confirmation_then_changes_exactly_them(analyst_client):
    make_action_items(30, prefix="PAGED")
    make_action_items(2, prefix="OTHER")
    url = f"{URL}?q=PAGED&per_page=25"
    data = {"change_items": "1", "scope": "all", "priority": ActionItem.Priority.LOW}
    asked = analyst_client.post(url, data)
    assert asked.status_code == 200
    assert "Change 30 action items?" in asked.text
    assert 'name="confirm"' in asked.text and 'name="priority" value="3"' in asked.text
    assert not ActionItem.objects.filter(priority=ActionItem.Priority.LOW).exists()
    done = analyst_client.post(url, data | {"confirm": "1"})
    assert done.status_code == 302
    low = ActionItem.objects.filter(priority=ActionItem.Priority.LOW)
    assert sorted(low.values_list("ref", flat=True)) == [f"PAGED-{n:03}" for n in range(1, 31)]


def test_one_bad_item_refuses_the_whole_change_and_names_it(analyst_client):
    items = make_action_items(3, prefix="ALL")
    ActionItem.objects.filter(pk=items[1].pk).update(title="")  # left invalid by a bulk write
    response = analyst_client.post(URL, change(items, priority=ActionItem.Priority.HIGH))
    assert response.status_code == 400
    assert "There is a problem" in response.text and "ALL-002" in response.text
    assert not ActionItem.objects.filter(priority=ActionItem.Priority.HIGH, ref__startswith="ALL")
    assert set(
        ActionItem.objects.filter(ref__startswith="ALL").values_list("version", flat=True)
    ) == {1}


def test_an_owner_who_may_not_own_items_is_refused(analyst_client, viewer):
    items = make_action_items(2, prefix="OWN")
    response = analyst_client.post(URL, change(items, owner=viewer.pk))
    assert response.status_code == 400
    assert not ActionItem.objects.filter(owner=viewer).exists()


def test_the_service_refuses_an_owner_who_may_not_own_items(analyst, viewer):
    from django.core.exceptions import ValidationError

    from summits import services

    items = make_action_items(2, prefix="SOWN")
    with pytest.raises(ValidationError):
        services.action_items_bulk_change(
            item_ids=[i.pk for i in items], user=analyst, values={"owner": viewer}
        )
    assert not ActionItem.objects.filter(owner=viewer).exists()


def test_a_due_date_that_is_not_a_date_is_refused(analyst_client):
    items = make_action_items(1, prefix="DUE")
    response = analyst_client.post(URL, change(items, due="sometime soonish"))
    assert response.status_code == 400
    assert ActionItem.objects.get(ref="DUE-001").due == FuzzyDate(dt.date(2026, 3, 1), "month")


def test_viewers_get_403_and_anonymous_users_are_refused(viewer_client, client):
    items = make_action_items(1, prefix="PERM")
    data = change(items, priority=ActionItem.Priority.HIGH)
    assert viewer_client.post(URL, data).status_code == 403
    assert "Change the selected items" not in viewer_client.get(URL).text
    anonymous = client.post(URL, data)
    # Refused before any view: a login redirect or, for a POST, the door's 403.
    assert anonymous.status_code in (302, 403)
    assert ActionItem.objects.get(ref="PERM-001").priority != ActionItem.Priority.HIGH


def test_queries_do_not_grow_with_the_items(analyst, django_assert_max_num_queries):
    from summits import services

    one = make_action_items(1, prefix="ONE")
    fifty = make_action_items(50, prefix="FIFTY")
    sector = Sector.objects.first()
    change_ = {"values": {"priority": 1}, "sectors_add": [sector]}
    # Budget: the same queries for 1 item as for 50 (bulk writes, one chunk).
    with django_assert_max_num_queries(30) as one_item:
        services.action_items_bulk_change(item_ids=[one[0].pk], user=analyst, **change_)
    with django_assert_max_num_queries(len(one_item.captured_queries)):
        services.action_items_bulk_change(item_ids=[i.pk for i in fifty], user=analyst, **change_)


def test_organisations_are_typed_in_pickers_not_listed_in_menus(analyst_client):
    page = analyst_client.get(URL).text
    for name in ["responsible_add", "responsible_remove"]:
        box = re.search(rf'<input type="text" name="{name}"[^>]*>', page)
        assert box and 'data-pick="/pick/organisation/"' in box[0]
    assert "Maritime Board of the Russian Federation</option>" not in page


def test_organisations_named_or_by_slug_are_added_and_removed(analyst_client):
    items = make_action_items(2, prefix="ORG")
    gone = items[0].responsible.first()
    data = change(items, responsible_add=["MEA; pmo-india"], responsible_remove=[gone.slug])
    response = analyst_client.post(URL, data)
    assert response.status_code == 302, response.text
    for item in ActionItem.objects.filter(ref__startswith="ORG"):
        slugs = set(item.responsible.values_list("slug", flat=True))
        assert {"mea-india", "pmo-india"} <= slugs and gone.slug not in slugs


def test_an_organisation_no_record_is_named_refuses_the_change(analyst_client):
    items = make_action_items(1, prefix="NOORG")
    response = analyst_client.post(URL, change(items, responsible_add=["pmo-india; Nowhere"]))
    assert response.status_code == 400
    assert "Add responsible organisations: No organisation has the slug or name “Nowhere”." in (
        unescape(response.text)
    )
    assert not items[0].responsible.filter(slug="pmo-india").exists()
    assert ActionItem.objects.get(ref="NOORG-001").version == 1
