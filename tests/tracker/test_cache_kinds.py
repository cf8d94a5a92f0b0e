"""A write forgets the cached figures read from its kind of record, and only those."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits import caching, menus, services
from summits.filters import ActionItemFilterSet
from summits.models import (
    ActionItem,
    Organisation,
    Person,
    Place,
    Sector,
    Status,
    StatusUpdate,
    Summit,
)
from summits.queries.compliance import summit_compliance_from_cache
from summits.queries.readiness import summit_readiness_from_cache
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("seed")
HOME = reverse("summits:home")
ITEMS = reverse("summits:actionitem-list")


def test_every_table_of_the_app_is_of_a_kind():
    """A model added without a kind would count as a change to every kind: name it in
    caching.MODEL_KINDS (a history table is its record's kind, by its name)."""
    tables = apps.get_app_config("summits").get_models(include_auto_created=True)
    unmapped = [model._meta.label for model in tables if caching.kind_of(model) is None]
    assert unmapped == []


def test_every_table_named_in_the_kinds_exists():
    names = {model._meta.model_name for model in apps.get_app_config("summits").get_models(True)}
    named = {name for kind in caching.MODEL_KINDS.values() for name in kind}
    assert named - names == set()


def test_link_tables_are_of_their_records_kind():
    assert caching.kind_of(ActionItem.responsible.through) == "actionitem"
    assert caching.kind_of(ActionItem.sectors.through) == "actionitem"
    assert caching.kind_of(ActionItem.watchers.through) == "readers"
    assert caching.kind_of(ActionItem.history.model) == "actionitem"
    assert caching.kind_of(ActionItem.history.model.sectors.model) == "actionitem"
    assert caching.kind_of(Person.history.model) == "person"
    # A bulk writer's kinds: the model's and its links' (sources cited, watchers).
    assert caching.kinds_of([ActionItem]) == {"actionitem", "citation", "readers"}


def test_a_misspelt_kind_is_refused():
    with pytest.raises(ValueError, match="actionitems"):
        caching.cached("test", list, kinds=["actionitems"])


def _sql(client, url: str = HOME) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def _recounts(client) -> set[str]:
    """The queries the dashboard runs only when its figures of items are not cached."""
    caching.records_changed()
    cold = _sql(client)
    warm = _sql(client)
    # The items, their updates, and the figures kept of them (summits_*tally).
    tables = ("summits_actionitem", "summits_statusupdate", "tally")
    return {sql for sql in set(cold) - set(warm) if any(table in sql for table in tables)}


def test_a_write_to_a_person_or_an_organisation_keeps_the_items_figures(viewer_client, today):
    recounts = _recounts(viewer_client)
    # The counts by status and by sector, the follow-up figures...
    assert len(recounts) >= 3
    person = Person.objects.first()
    person.name += " Jr"
    person.save()
    Organisation.objects.create(slug="new-ministry", name="New Ministry", kind="ministry")
    assert recounts.isdisjoint(_sql(viewer_client))
    # ...which a write to an item does recount.
    item = ActionItem.objects.first()
    item.title += " (amended)"
    item.save()
    assert recounts <= set(_sql(viewer_client))


def test_a_status_update_recounts_the_statuses_and_keeps_the_menus(
    viewer_client, django_assert_num_queries
):
    item = ActionItem.objects.exclude(status=Status.STALLED).first()
    before = viewer_client.get(HOME).context["status_chart"]
    menus.sector_menu()
    _sql(viewer_client, ITEMS)  # its menus and rendered filters, cached
    list_queries = len(_sql(viewer_client, ITEMS))
    services.status_update_record(action_item=item, status=Status.STALLED, as_of=dt.date.today())
    with django_assert_num_queries(0):
        menus.sector_menu()
    # The list's filters, menus and all, stay rendered: no more queries than before.
    assert len(_sql(viewer_client, ITEMS)) == list_queries
    assert viewer_client.get(HOME).context["status_chart"] != before


def _another_summit() -> Summit:
    summit = Summit.objects.get(number=23)
    return Summit.objects.create(
        series=summit.series,
        number=24,
        host_place=Place.objects.get(slug="moscow"),
        date_start=dt.date(2026, 9, 1),
        date_precision="month",
        status=Summit.Status.SCHEDULED,
    )


def _figures_cost(summit: Summit, today: dt.date) -> int:
    """The queries reading a summit's readiness and compliance take: 0 when cached."""
    with CaptureQueriesContext(connection) as queries:
        summit_readiness_from_cache(summit, today)
        summit_compliance_from_cache(summit)
    return len(queries)


def test_a_write_to_one_summits_items_keeps_the_others_figures(today):
    first, second = Summit.objects.get(number=23), _another_summit()
    for item in make_action_items(2):
        item.target_summit = second
        item.save()
    for summit in (first, second):
        _figures_cost(summit, today)
    item = ActionItem.objects.filter(target_summit=first).first()

    services.status_update_record(action_item=item, status=Status.STALLED, as_of=today)
    assert _figures_cost(second, today) == 0
    assert _figures_cost(first, today) > 0
    assert summit_readiness_from_cache(first, today).by_status == dict(
        {status: 0 for status in Status.values}
        | dict(
            first.action_items.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )

    item.responsible.add(Organisation.objects.exclude(action_items=item).first())
    assert (_figures_cost(second, today), _figures_cost(first, today) > 0) == (0, True)

    # Saved whole, an item may have moved from any summit: every summit's figures go.
    item.target_summit = second
    item.save()
    assert _figures_cost(second, today) > 0
    assert summit_readiness_from_cache(second, today).total == second.action_items.count()


def test_bulk_writes_forget_every_summits_figures(analyst, today):
    first, second = Summit.objects.get(number=23), _another_summit()
    item = ActionItem.objects.filter(target_summit=first).first()
    for summit in (first, second):
        _figures_cost(summit, today)
    services.action_items_bulk_change(
        item_ids=[item.pk], user=analyst, values={"target_summit": second}
    )
    assert summit_readiness_from_cache(second, today).total == 1
    assert summit_readiness_from_cache(first, today).total == first.action_items.count()
    # The bulk change named its kinds: the menus of other kinds stay.
    menus.person_country_menu()
    services.action_items_bulk_change(item_ids=[item.pk], user=analyst, values={"priority": 1})
    with CaptureQueriesContext(connection) as queries:
        menus.person_country_menu()
    assert len(queries) == 0


def test_a_status_update_outside_the_service_forgets_every_summits_figures(today):
    """An update saved without its item in hand (the admin's change form, a fixture):
    its summit is not known, so every summit's figures are computed again."""
    summit = Summit.objects.get(number=23)
    update = StatusUpdate.objects.filter(action_item__target_summit=summit).first()
    _figures_cost(summit, today)
    update = StatusUpdate.objects.get(pk=update.pk)  # its item not loaded
    update.note = "Checked again."
    update.save()
    assert _figures_cost(summit, today) > 0


# A real transaction, not the test's savepoint: the hooks run at its commit.
in_own_transaction = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@in_own_transaction
def test_a_rolled_back_write_leaves_the_figures_as_they_were(django_assert_num_queries):
    slugs = [option.key for option in menus.sector_menu()]
    menus.person_country_menu()
    with pytest.raises(RuntimeError), transaction.atomic():
        Sector.objects.create(slug="orbit", name="Orbital services")
        raise RuntimeError
    # The sector token was replaced at the write: the menu is read again, and shows the
    # sectors as they are; a menu of other kinds stays.
    with django_assert_num_queries(1):
        assert [option.key for option in menus.sector_menu()] == slugs
    with django_assert_num_queries(0):
        menus.person_country_menu()


@in_own_transaction
def test_a_commit_replaces_each_kind_written_once(monkeypatch):
    replaced: list[set[str]] = []
    replace = caching._replace
    monkeypatch.setattr(
        caching, "_replace", lambda keys: (replaced.append(set(keys)), replace(keys))
    )
    kinds = {f"{caching.TOKEN_PREFIX}{kind}" for kind in ("sector", "person")}
    with transaction.atomic():
        for number in range(3):
            Sector.objects.create(slug=f"sector-{number}", name=f"Sector {number}")
            Person.objects.create(slug=f"person-{number}", name=f"Person {number}")
        at_writes = list(replaced)
    # Each token once at the first write of its kind (none was read in between)...
    assert sorted(key for keys in at_writes for key in keys) == sorted(kinds)
    # ...and all once more at the commit.
    assert replaced[len(at_writes) :] == [kinds]


def test_a_lists_rendered_filters_depend_on_the_kinds_they_show():
    kinds = ActionItemFilterSet().fields_kinds()
    # Menus of sectors, summits, commissions, countries responsible; boxes naming a
    # meeting, an organisation, an agreement, a document.
    assert {"sector", "summit", "series", "commission", "country", "meeting"} <= kinds
    assert {"organisation", "agreement", "outcome"} <= kinds
    assert not kinds & {"statusupdate", "person", "readers", "citation"}
