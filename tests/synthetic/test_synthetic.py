"""generate_synthetic: realistic, consistent and deterministic data, written in bulk."""

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery

from summits.fuzzydates import Precision
from summits.models import (
    FINAL_STATUSES,
    ActionItem,
    ActionItemRelation,
    Agreement,
    Meeting,
    Source,
    Status,
    StatusUpdate,
    Summit,
    SummitSeries,
)
from summits.queries import summit_score_history
from summits.synthetic import Sizes, synthetic_generate
from tests.figures.oracle import fresh_tallies, kept_tallies, replayed_score_history

SMALL = Sizes(items=400, summits=16, meetings=120, people=60, updates_per_item=4)


def _digest() -> str:
    """A fingerprint of the items, their updates, paragraphs and relations, and the
    agreements, independent of database ids."""
    rows = [
        *ActionItem.objects.order_by("ref").values_list(
            "ref", "title", "due_start", "due_precision", "status", "status_as_of"
        ),
        *StatusUpdate.objects.order_by("action_item__ref", "as_of", "sequence").values_list(
            "action_item__ref", "as_of", "sequence", "status", "note"
        ),
        *ActionItem.objects.order_by("ref").values_list("ref", "paragraph__text"),
        *Agreement.objects.order_by("slug").values_list(
            "slug", "title", "status", "expires_on", "superseded_by__slug", "notes"
        ),
        *ActionItemRelation.objects.order_by("action_item__ref", "other__ref").values_list(
            "action_item__ref", "kind", "other__ref"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _generate_and_digest(seed: int) -> str:
    with transaction.atomic():
        synthetic_generate(sizes=SMALL, seed=seed)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = _generate_and_digest(1)
    assert _generate_and_digest(1) == first
    assert _generate_and_digest(2) != first


@pytest.mark.django_db
def test_sizes_are_honoured():
    counts = synthetic_generate(sizes=SMALL, seed=1)
    assert ActionItem.objects.count() == counts["summits.ActionItem"] == SMALL.items
    assert Meeting.objects.count() == SMALL.meetings
    assert Summit.objects.count() == SMALL.summits
    # 0 to twice the average per item: the total lands near items × average.
    updates = StatusUpdate.objects.count()
    assert (
        0.8 * SMALL.items * SMALL.updates_per_item
        < updates
        < 1.2 * SMALL.items * SMALL.updates_per_item
    )


@pytest.mark.django_db
def test_series_join_different_pairs_of_countries_and_commissions_hold_sessions():
    synthetic_generate(sizes=SMALL, seed=1)
    pairs = {
        tuple(sorted(series.countries.values_list("iso2", flat=True)))
        for series in SummitSeries.objects.all()
    }
    assert len(pairs) == SummitSeries.objects.count() >= 5
    sessions = Meeting.objects.filter(kind=Meeting.Kind.COMMISSION_SESSION)
    assert sessions.exists()
    assert not sessions.filter(Q(session_number__isnull=True) | Q(commission__isnull=True))


@pytest.mark.django_db
def test_every_item_has_the_status_of_its_latest_update():
    synthetic_generate(sizes=SMALL, seed=1)
    latest = StatusUpdate.objects.filter(action_item=OuterRef("pk")).order_by("-as_of", "-sequence")
    items = ActionItem.objects.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_as_of=Subquery(latest.values("as_of")[:1]),
    )
    with_updates = items.filter(latest_status__isnull=False)
    assert with_updates.count() > SMALL.items * 0.8
    assert not with_updates.exclude(status=F("latest_status"), status_as_of=F("latest_as_of"))
    assert not items.filter(latest_status__isnull=True).exclude(
        status=Status.NOT_ASSESSED, status_as_of__isnull=True
    )


@pytest.mark.django_db
def test_final_statuses_cite_evidence_and_every_item_a_source():
    synthetic_generate(sizes=SMALL, seed=1)
    finals = StatusUpdate.objects.filter(status__in=FINAL_STATUSES)
    assert finals.exists()
    assert not finals.filter(evidence__isnull=True)
    assert not ActionItem.objects.filter(sources__isnull=True)
    assert not Meeting.objects.filter(sources__isnull=True)
    assert not Summit.objects.filter(sources__isnull=True)
    # Evidence is published on or before the day of the update it supports.
    assert not finals.filter(evidence__published_on__gt=F("as_of"))
    assert Source.objects.filter(kind=Source.Kind.NEWS_REPORT).exists()


@pytest.mark.django_db
def test_due_dates_use_every_precision_and_some_items_have_none():
    synthetic_generate(sizes=SMALL, seed=1)
    precisions = set(
        ActionItem.objects.exclude(due_precision="").values_list("due_precision", flat=True)
    )
    assert precisions == set(Precision.values)
    assert ActionItem.objects.filter(due_start__isnull=True, due_precision="").exists()
    # Every status of the scale occurs on some item.
    statuses = ActionItem.objects.values("status").annotate(n=Count("pk"))
    assert {row["status"] for row in statuses} == set(Status.values)


@pytest.mark.django_db
def test_new_updates_after_generation_get_fresh_ids():
    """Updates are written with explicit ids; the id sequence must have moved past them."""
    synthetic_generate(sizes=SMALL, seed=1)
    item = ActionItem.objects.first()
    last = StatusUpdate.objects.order_by("-pk").first()
    update = StatusUpdate.objects.create(
        action_item=item, as_of=last.as_of, sequence=99, status=Status.IN_PROGRESS
    )
    assert update.pk > last.pk


@pytest.mark.django_db
def test_score_histories_are_counted_after_generation_and_kept_after_it():
    """The generation writes past the score's triggers and counts it at the end: the
    triggers are back after it, keeping the histories of later writes."""
    synthetic_generate(sizes=SMALL, seed=1)

    summits = list(Summit.objects.filter(action_items__status_updates__isnull=False).distinct())
    assert summits
    for summit in summits:
        assert summit_score_history(summit) == replayed_score_history(summit)
    update = StatusUpdate.objects.filter(action_item__target_summit=summits[0]).earliest()
    StatusUpdate.objects.create(
        action_item=update.action_item,
        as_of=update.as_of,
        sequence=99,
        status=Status.NOT_FULFILLED,
    )
    assert summit_score_history(summits[0]) == replayed_score_history(summits[0])


@pytest.mark.django_db
def test_tallies_are_counted_after_generation_and_kept_after_it():
    """The generation writes past every tally's triggers and counts the tallies at the
    end: they equal a fresh count, and the triggers are back after it, keeping the
    tallies of later writes."""
    synthetic_generate(sizes=SMALL, seed=1)

    fresh = fresh_tallies()
    assert all(fresh.values())
    assert kept_tallies() == fresh
    item = ActionItem.objects.filter(target_summit__isnull=False, responsible__isnull=False)[0]
    StatusUpdate.objects.create(
        action_item=item, as_of=dt.date(2026, 11, 1), sequence=99, status=Status.WITHDRAWN
    )
    ActionItem.sectors.through.objects.filter(actionitem=item).delete()
    assert kept_tallies() == fresh_tallies() != fresh


@pytest.mark.django_db
def test_command_fills_an_empty_database_and_refuses_a_filled_one(capsys):
    call_command("generate_synthetic", "--items", "50", "--meetings", "20", "--summits", "8")
    assert ActionItem.objects.count() == 50
    output = capsys.readouterr()
    assert "summits.StatusUpdate" in output.out
    # Its progress on standard error, stage by stage, the items with a bar.
    assert "meetings and documents …" in output.err
    assert f"[{'#' * 30}] 100% action items 50 of 50" in output.err
    with pytest.raises(CommandError, match="already holds tracker records"):
        call_command("generate_synthetic", "--items", "50")


@pytest.mark.django_db
def test_command_refuses_a_future_last_day():
    with pytest.raises(CommandError, match="future"):
        call_command("generate_synthetic", "--items", "5", "--until", "2999-01-01")
