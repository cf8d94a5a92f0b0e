"""The seed report in a test's database: loaded by the real `loaddata` once per run (and
xdist worker), then written back as rows for each test that asks for it, which costs a
fraction of parsing the file and saving every record again."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import ForeignKey, Model
from django.utils import timezone

from summits.importing import ReportFile, report_import
from summits.models import TALLY_MODELS

SEED_REPORT = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "reports"
    / "2025-11-20-ani-india-russia-summit-preparations.json"
)
# Made up to exercise outcome documents, agreements and relations between commitments.
OUTCOMES_REPORT = (
    Path(__file__).resolve().parent
    / "data"
    / "outcomes"
    / "2025-12-05-made-up-india-russia-joint-statement.json"
)
# The clock loading runs on: every time it stamps (a history row's date) is after this.
LOADED_FROM = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class SeedRows:
    tables: list[tuple[type[Model], list[dict]]]  # per model, the rows loading added
    loaded_at: dt.datetime  # when loading ended, on its clock
    referenced: dict[type[Model], set]  # rows from before (reference data) they point to


def seed_rows_read() -> SeedRows:
    """What loading the seed adds, in a transaction rolled back at once."""
    # The tallies are left out: the database's triggers count the rows written back.
    models = [m for m in apps.get_models(include_auto_created=True) if m not in TALLY_MODELS]
    with transaction.atomic():
        before = {model: {row[_pk(model)]: row for row in _rows(model)} for model in models}
        with time_machine.travel(LOADED_FROM):
            call_command("loaddata", SEED_REPORT, verbosity=0)
            loaded_at = timezone.now()
        tables = []
        for model in models:
            rows = _rows(model)
            changed = [row for row in rows if before[model].get(row[_pk(model)], row) != row]
            # Replaying inserts only: a seed that starts changing existing rows (reference
            # data) needs this module to write those changes back too.
            assert not changed, f"loading the seed changes existing {model.__name__} rows"
            added = [row for row in rows if row[_pk(model)] not in before[model]]
            if added:
                tables.append((model, added))
        transaction.set_rollback(True)
    return SeedRows(tables, loaded_at, _referenced(tables))


def seed_rows_write(seed: SeedRows) -> None:
    """The seed's rows, stamped as if loaded just now; through `loaddata` itself where
    the test's own records took a key the rows use, or reference data they need is gone."""
    if not _fits(seed):
        call_command("loaddata", SEED_REPORT, verbosity=0)
        return
    shift = timezone.now() - seed.loaded_at
    with transaction.atomic():
        for model, rows in seed.tables:
            model._base_manager.bulk_create(model(**_shifted(row, shift)) for row in rows)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in seed.tables]):
                cursor.execute(sql)


def outcomes_write() -> None:
    """The outcomes report imported as on the day after its summit: the `outcomes` fixture's
    data, and test_accessibility.py's."""
    report = OUTCOMES_REPORT.read_bytes()
    with time_machine.travel(dt.datetime(2025, 12, 6, 12, tzinfo=dt.UTC)):
        report_import(files=[ReportFile(name=OUTCOMES_REPORT.name, data=report, size=len(report))])


def _rows(model: type[Model]) -> list[dict]:
    return list(model._base_manager.values(*(f.attname for f in model._meta.concrete_fields)))


def _pk(model: type[Model]) -> str:
    return model._meta.pk.attname


def _referenced(tables: list[tuple[type[Model], list[dict]]]) -> dict[type[Model], set]:
    added = {model: {row[_pk(model)] for row in rows} for model, rows in tables}
    referenced: dict[type[Model], set] = {}
    for model, rows in tables:
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey):
                target = field.related_model
                keys = {row[field.attname] for row in rows} - {None} - added.get(target, set())
                if keys:
                    referenced.setdefault(target, set()).update(keys)
    return referenced


def _fits(seed: SeedRows) -> bool:
    for model, rows in seed.tables:
        if model._base_manager.filter(pk__in=[row[_pk(model)] for row in rows]).exists():
            return False
    return all(
        model._base_manager.filter(pk__in=keys).count() == len(keys)
        for model, keys in seed.referenced.items()
    )


def _shifted(row: dict, shift: dt.timedelta) -> dict:
    return {
        name: value + shift if isinstance(value, dt.datetime) and value >= LOADED_FROM else value
        for name, value in row.items()
    }
