"""`rebuild_tallies` counts every kept figure again from the items: it repairs tallies a
write past the triggers left wrong."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from summits.models import (
    ActionItem,
    ItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    PartyItemTally,
    ScoreDayTally,
    SectorItemTally,
)

from .oracle import fresh_tallies, kept_tallies
from .test_kept_score_days import kept_days


@pytest.mark.django_db
def test_rebuild_tallies_repairs_corrupted_tallies(seed):
    ItemTally.objects.update(n=F("n") + 5)
    SectorItemTally.objects.filter(pk=SectorItemTally.objects.first().pk).delete()
    OpenItemDueTally.objects.create(due_precision="day", due_start=dt.date(2030, 1, 1), n=3)
    OpenItemUpdateTally.objects.update(n=0)
    days = kept_days()
    assert days  # the seed's updates, on the day it assessed them
    ScoreDayTally.objects.update(total=F("total") + 1, updates=0)
    assert kept_tallies() != fresh_tallies()
    out = StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert kept_tallies() == fresh_tallies()
    assert kept_days() == days
    assert "Rebuilt the tallies" in out.getvalue()
    # No row is left at zero or for a key without items.
    assert not OpenItemDueTally.objects.filter(due_start=dt.date(2030, 1, 1)).exists()


@pytest.mark.django_db
def test_tables_emptied_tallies_first_leave_no_count_below_zero(seed):
    """A flush deletes every table's rows in any order: items deleted after their tallies
    take nothing from rows that are gone (a test's flush once left -7 items due in early
    December 2025 on PostgreSQL, and every later overdue figure below zero)."""
    tallies = (ItemTally, SectorItemTally, OpenItemDueTally, OpenItemUpdateTally, PartyItemTally)
    for model in (*tallies, ScoreDayTally):
        model.objects.all().delete()
    ActionItem.sectors.through.objects.all().delete()
    ActionItem.responsible.through.objects.all().delete()
    ActionItem.objects.all().delete()
    below_zero = {model.__name__: model.objects.filter(n__lt=0).count() for model in tallies}
    assert below_zero == dict.fromkeys(below_zero, 0)
    # Nor a score's day made again by the updates deleted with their items.
    assert not ScoreDayTally.objects.exists()
    # Nor is a row added: it would point at a summit the flush deletes next (the links'
    # removal only takes from the parties' counts).
    assert not PartyItemTally.objects.exists()
