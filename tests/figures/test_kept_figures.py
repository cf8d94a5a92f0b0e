"""The kept figures equal a fresh count after any sequence of writes, through every path
that writes items: the services (items created and edited, status updates recorded and
deleted), the sectors' many-to-many, the bulk change, the importer, deletes that cascade,
a bare QuerySet.update. Run on SQLite and PostgreSQL alike (DATABASE_URL)."""

import contextlib
import datetime as dt

import pytest
from django.db import transaction
from django.db.models.deletion import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summits import services
from summits.fuzzydates import FuzzyDate, Precision
from summits.importing import report_import
from summits.models import (
    ActionItem,
    Country,
    Organisation,
    Sector,
    Source,
    Status,
    Summit,
    SummitSeries,
)
from summits.queries import (
    follow_up_counts,
    item_counts_by_sector,
    item_counts_by_status,
    summit_item_counts,
)
from summits.queries.compliance import compliance_of, parties_by_item, summit_compliance
from summits.queries.conditions import (
    DUE_SOON_DAYS,
    due_within_q,
    open_items_q,
    overdue_items_q,
    stale_items_q,
)
from tests.conftest import TODAY
from tests.factories import report_file

from .oracle import fresh_tallies, kept_tallies, overdue_by_python

OPEN = [status for status in Status if status not in services.FINAL_STATUSES]
dues = st.one_of(
    st.none(),
    st.builds(
        FuzzyDate,
        st.dates(TODAY - dt.timedelta(days=400), TODAY + dt.timedelta(days=400)),
        st.sampled_from(Precision),
    ),
)
pick = st.integers(0, 1000)  # an item, summit or sector: taken modulo how many there are
writes = st.one_of(
    st.tuples(st.just("status"), pick, st.sampled_from(Status), st.integers(0, 300)),
    st.tuples(st.just("status_delete"), pick),
    st.tuples(st.just("create"), pick, dues, st.lists(pick, max_size=2)),
    st.tuples(st.just("edit"), pick, pick, dues),
    st.tuples(st.just("sector_add"), pick, pick),
    st.tuples(st.just("sector_remove"), pick),
    st.tuples(st.just("bulk"), st.lists(pick, min_size=1, max_size=3), pick, dues, pick),
    st.tuples(st.just("import_"), pick, st.sampled_from(OPEN), st.integers(0, 300)),
    st.tuples(st.just("delete"), pick),
    st.tuples(
        st.just("summit_delete"),
    ),
    st.tuples(st.just("raw_status"), pick, st.sampled_from(Status)),
    st.tuples(st.just("responsible_set"), pick, st.lists(pick, max_size=3)),
    st.tuples(st.just("responsible_remove"), pick),
    st.tuples(st.just("responsible_bulk"), st.lists(pick, min_size=1, max_size=3), pick, pick),
    st.tuples(st.just("organisation_country"), pick, pick),
)


class Writer:
    """Applies one drawn write through the path it names."""

    def __init__(self, user) -> None:
        self.user = user
        self.source = Source.objects.first()
        self.sectors = list(Sector.objects.order_by("pk"))
        self.organisations = list(Organisation.objects.order_by("pk"))
        # Two countries and none: organisations moved between them share or lose parties.
        self.countries = [None, *Country.objects.order_by("pk")[:2]]
        series = SummitSeries.objects.first()
        self.spare = Summit.objects.create(series=series, number=99)
        self.summits = [None, Summit.objects.get(number=23), self.spare]  # the seed's, a spare
        self.created = 0

    def item(self, index: int) -> ActionItem | None:
        items = list(ActionItem.objects.order_by("pk"))
        return items[index % len(items)] if items else None

    def apply(self, write: tuple) -> None:
        kind, *args = write
        getattr(self, kind)(*args)

    def status(self, index: int, status: str, days_ago: int) -> None:
        if item := self.item(index):
            services.status_update_record(
                action_item=item,
                status=status,
                as_of=TODAY - dt.timedelta(days=days_ago),
                evidence=[self.source],
                author=self.user,
            )

    def status_delete(self, index: int) -> None:
        item = self.item(index)
        update = item and item.status_updates.order_by("-as_of", "-sequence").first()
        if update:
            update.delete()

    def create(self, summit: int, due: FuzzyDate | None, sectors: list[int]) -> None:
        self.created += 1
        item = ActionItem(
            ref=f"HYP-{self.created}",
            title="A commitment drawn by hypothesis",
            target_summit=self.summits[summit % len(self.summits)],
        )
        item.due = due
        services.action_item_create(
            item=item,
            author=self.user,
            sectors=[self.sectors[s % len(self.sectors)] for s in sectors],
        )

    def edit(self, index: int, summit: int, due: FuzzyDate | None) -> None:
        if item := self.item(index):
            target = self.summits[summit % len(self.summits)]
            services.action_item_update(
                item=item,
                base_version=item.version,
                values={
                    "target_summit": target,
                    "due_start": due and due.start,
                    "due_precision": due.precision if due else "",
                },
            )

    def sector_add(self, index: int, sector: int) -> None:
        if item := self.item(index):
            item.sectors.add(self.sectors[sector % len(self.sectors)])

    def sector_remove(self, index: int) -> None:
        item = self.item(index)
        if item and (sector := item.sectors.first()):
            item.sectors.remove(sector)

    def bulk(self, indexes: list[int], summit: int, due: FuzzyDate | None, sector: int) -> None:
        items = {item.pk for index in indexes if (item := self.item(index))}
        services.action_items_bulk_change(
            item_ids=items,
            user=self.user,
            values={"target_summit": self.summits[summit % len(self.summits)], "due": due},
            sectors_add=[self.sectors[sector % len(self.sectors)]],
            sectors_remove=[self.sectors[(sector + 1) % len(self.sectors)]],
        )

    def import_(self, index: int, status: str, days_ago: int) -> None:
        if item := self.item(index):
            as_of = TODAY - dt.timedelta(days=days_ago)
            taken = item.status_updates.filter(as_of=as_of).count()
            record = {
                "model": "summits.statusupdate",
                "fields": {
                    "action_item": [item.ref],
                    "as_of": as_of.isoformat(),
                    "sequence": taken + 1,
                    "status": status,
                    "note": "Imported.",
                },
            }
            report_import(files=[report_file([record])], user=self.user)

    def delete(self, index: int) -> None:
        if item := self.item(index):
            with contextlib.suppress(ProtectedError):  # kept by a relation or citation
                item.delete()

    def summit_delete(self) -> None:
        """The spare summit deleted once its items are moved away: its rows cascade."""
        if self.spare in self.summits:
            self.spare.action_items.update(target_summit=None)
            self.summits.remove(self.spare)
            self.spare.delete()

    def raw_status(self, index: int, status: str) -> None:
        if item := self.item(index):
            ActionItem.objects.filter(pk=item.pk).update(status=status)

    def organisation(self, index: int) -> Organisation:
        return self.organisations[index % len(self.organisations)]

    def responsible_set(self, index: int, organisations: list[int]) -> None:
        """The item form's write: the responsible organisations replaced."""
        if item := self.item(index):
            services.action_item_update(
                item=item,
                base_version=item.version,
                values={},
                responsible=[self.organisation(o) for o in organisations],
            )

    def responsible_remove(self, index: int) -> None:
        item = self.item(index)
        if item and (organisation := item.responsible.first()):
            item.responsible.remove(organisation)

    def responsible_bulk(self, indexes: list[int], add: int, remove: int) -> None:
        items = {item.pk for index in indexes if (item := self.item(index))}
        services.action_items_bulk_change(
            item_ids=items,
            user=self.user,
            values={},
            responsible_add=[self.organisation(add)],
            responsible_remove=[self.organisation(remove)],
        )

    def organisation_country(self, index: int, country: int) -> None:
        organisation = self.organisation(index)
        organisation.country = self.countries[country % len(self.countries)]
        organisation.save()


def assert_figures_fresh() -> None:
    """Every tally equals a fresh count, and every figure read from them the count of
    the list it links to, on days around the pinned one."""
    assert kept_tallies() == fresh_tallies()
    items = ActionItem.objects.all()
    assert item_counts_by_status() == {
        status: items.filter(status=status).count() for status in Status.values
    }
    for summit in Summit.objects.all():
        assert summit_compliance(summit) == compliance_of(
            dict(summit.action_items.values_list("pk", "status")), parties_by_item(summit)
        )
        assert summit_item_counts(summit) == {
            status: items.filter(target_summit=summit, status=status).count()
            for status in Status.values
        }
    for sector in item_counts_by_sector():
        for status, n in sector.by_status.items():
            assert n == items.filter(sectors__slug=sector.slug, status=status).count()
    for today in (TODAY - dt.timedelta(days=120), TODAY, TODAY + dt.timedelta(days=95)):
        assert follow_up_counts(today) == {
            "open": items.filter(open_items_q()).count(),
            "overdue": items.filter(overdue_items_q(today)).count(),
            "due_soon": items.filter(due_within_q(DUE_SOON_DAYS, today)).count(),
            "stale": items.filter(stale_items_q(today)).count(),
        }
        assert follow_up_counts(today)["overdue"] == overdue_by_python(today)


@pytest.mark.django_db
def test_kept_figures_equal_a_fresh_count_after_random_writes(seed, analyst, today):
    assert_figures_fresh()  # the seed, written back as rows past every signal

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(st.lists(writes, min_size=1, max_size=8))
    def writes_then_check(drawn: list[tuple]) -> None:
        with transaction.atomic():
            writer = Writer(analyst)
            for write in drawn:
                writer.apply(write)
                assert_figures_fresh()
            transaction.set_rollback(True)

    writes_then_check()
