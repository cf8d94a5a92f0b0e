"""Action items counted by summit, sector, due date and last update, kept by triggers
(models.ItemTally and its kin)."""

import django.db.models.deletion
from django.db import migrations, models

# The rules the triggers keep, written as the database runs them: a change to
# FINAL_STATUSES, or to what a tally counts, needs a migration of its own.
FINAL = "('fulfilled', 'not_fulfilled', 'withdrawn')"
NEVER_UPDATED = "'0001-01-01'"  # models.NEVER_UPDATED
ITEM = "summits_actionitem"
LINK = "summits_actionitem_sectors"
# The columns each tally reads from an item: an UPDATE moves the item in a tally only
# when one of them changed.
READS = {
    "item": ("status", "target_summit_id"),
    "sector": ("status",),
    "due": ("status", "due_start", "due_precision"),
    "update": ("status", "status_as_of"),
}
ITEM_COLUMNS = ", ".join(sorted({column for columns in READS.values() for column in columns}))


def item_added(row: str) -> list[tuple[str, str]]:
    """(tally, statement) counting item `row` in each tally, "{when}" left to fill in.
    Upserts: the first item of a key makes its row."""

    def upsert(table: str, key: str) -> str:
        return f" ON CONFLICT ({key}) DO UPDATE SET n = {table}.n + 1"

    return [
        (
            "item",
            f"INSERT INTO summits_itemtally (summit_id, status, n) "
            f"SELECT {row}.target_summit_id, {row}.status, 1 "
            f"WHERE {{when}} AND {row}.target_summit_id IS NOT NULL"
            + upsert("summits_itemtally", "summit_id, status) WHERE (summit_id IS NOT NULL"),
        ),
        (
            "item",
            f"INSERT INTO summits_itemtally (summit_id, status, n) SELECT NULL, {row}.status, 1 "
            f"WHERE {{when}} AND {row}.target_summit_id IS NULL"
            + upsert("summits_itemtally", "status) WHERE (summit_id IS NULL"),
        ),
        (
            "sector",
            f"INSERT INTO summits_sectoritemtally (sector_id, status, n) "
            f"SELECT sector_id, {row}.status, 1 FROM {LINK} "
            f"WHERE {{when}} AND actionitem_id = {row}.id"
            + upsert("summits_sectoritemtally", "sector_id, status"),
        ),
        (
            "due",
            f"INSERT INTO summits_openitemduetally (due_precision, due_start, n) "
            f"SELECT {row}.due_precision, {row}.due_start, 1 "
            f"WHERE {{when}} AND {row}.status NOT IN {FINAL} AND {row}.due_start IS NOT NULL"
            + upsert("summits_openitemduetally", "due_precision, due_start"),
        ),
        (
            "update",
            f"INSERT INTO summits_openitemupdatetally (status_as_of, n) "
            f"SELECT COALESCE({row}.status_as_of, {NEVER_UPDATED}), 1 "
            f"WHERE {{when}} AND {row}.status NOT IN {FINAL}"
            + upsert("summits_openitemupdatetally", "status_as_of"),
        ),
    ]


def item_removed(row: str) -> list[tuple[str, str]]:
    """(tally, statement) uncounting item `row`: UPDATEs only, its rows exist."""
    return [
        (
            "item",
            f"UPDATE summits_itemtally SET n = n - 1 WHERE {{when}} AND status = {row}.status "
            f"AND {row}.target_summit_id IS NOT NULL AND summit_id = {row}.target_summit_id",
        ),
        (
            "item",
            f"UPDATE summits_itemtally SET n = n - 1 WHERE {{when}} AND status = {row}.status "
            f"AND {row}.target_summit_id IS NULL AND summit_id IS NULL",
        ),
        (
            "sector",
            f"UPDATE summits_sectoritemtally SET n = n - 1 WHERE {{when}} "
            f"AND status = {row}.status "
            f"AND sector_id IN (SELECT sector_id FROM {LINK} WHERE actionitem_id = {row}.id)",
        ),
        (
            "due",
            f"UPDATE summits_openitemduetally SET n = n - 1 WHERE {{when}} "
            f"AND {row}.status NOT IN {FINAL} "
            f"AND due_precision = {row}.due_precision AND due_start = {row}.due_start",
        ),
        (
            "update",
            f"UPDATE summits_openitemupdatetally SET n = n - 1 WHERE {{when}} "
            f"AND {row}.status NOT IN {FINAL} "
            f"AND status_as_of = COALESCE({row}.status_as_of, {NEVER_UPDATED})",
        ),
    ]


def always(statements: list[tuple[str, str]]) -> list[str]:
    return [statement.format(when="true") for _, statement in statements]


def item_changed(differs) -> list[str]:
    """An item's UPDATE, uncounted then counted again in the tallies whose columns changed
    (`differs(column)` is the vendor's "OLD and NEW differ")."""
    changed = {
        tally: "(" + " OR ".join(differs(column) for column in columns) + ")"
        for tally, columns in READS.items()
    }
    return [
        statement.format(when=changed[tally])
        for tally, statement in item_removed("OLD") + item_added("NEW")
    ]


def link_added(row: str) -> list[str]:
    """A link to an item not yet written counts when the item does (item_added)."""
    return [
        f"INSERT INTO summits_sectoritemtally (sector_id, status, n) "
        f"SELECT {row}.sector_id, status, 1 FROM {ITEM} WHERE id = {row}.actionitem_id "
        "ON CONFLICT (sector_id, status) DO UPDATE SET n = summits_sectoritemtally.n + 1"
    ]


def link_removed(row: str) -> list[str]:
    """A link whose item is already deleted was uncounted with it (item_removed)."""
    return [
        f"UPDATE summits_sectoritemtally SET n = n - 1 WHERE sector_id = {row}.sector_id "
        f"AND status = (SELECT status FROM {ITEM} WHERE id = {row}.actionitem_id)"
    ]


def sqlite_triggers() -> list[str]:
    def trigger(name: str, event: str, table: str, statements: list[str]) -> str:
        body = "".join(f"{statement};\n" for statement in statements)
        return f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n{body}END"

    changed = item_changed(lambda column: f"OLD.{column} IS NOT NEW.{column}")
    return [
        trigger("summits_item_tally_insert", "INSERT", ITEM, always(item_added("NEW"))),
        trigger("summits_item_tally_delete", "DELETE", ITEM, always(item_removed("OLD"))),
        trigger("summits_item_tally_update", f"UPDATE OF {ITEM_COLUMNS}", ITEM, changed),
        trigger("summits_link_tally_insert", "INSERT", LINK, link_added("NEW")),
        trigger("summits_link_tally_delete", "DELETE", LINK, link_removed("OLD")),
        trigger(
            "summits_link_tally_update", "UPDATE", LINK, link_removed("OLD") + link_added("NEW")
        ),
    ]


SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS summits_{table}_tally_{event}"
    for table in ("item", "link")
    for event in ("insert", "delete", "update")
]


# On PostgreSQL, statement triggers that read the statement's rows as transition tables:
# each tally row changes once per statement, by the sum of its items' changes. Row
# triggers changed a row once per item, and PostgreSQL keeps every version of a row
# updated in one transaction: one UPDATE of 100,000 items (the generator's statuses)
# ran for over ten minutes, each item's change walking the versions before it.
ITEM_CHANGES = {
    "INSERT": "SELECT *, 1 AS delta FROM new_rows",
    "DELETE": "SELECT *, -1 AS delta FROM old_rows",
    "UPDATE": "SELECT *, 1 AS delta FROM new_rows UNION ALL SELECT *, -1 FROM old_rows",
}
LINK_CHANGES = {
    "INSERT": "SELECT actionitem_id, sector_id, 1 AS delta FROM new_rows",
    "DELETE": "SELECT actionitem_id, sector_id, -1 AS delta FROM old_rows",
    "UPDATE": "SELECT actionitem_id, sector_id, 1 AS delta FROM new_rows "
    "UNION ALL SELECT actionitem_id, sector_id, -1 FROM old_rows",
}


def _sums(changes: str, key: str, source: str = "changes", where: str = "true") -> str:
    """The net change per `key`, keys in order (rows locked in one order: no deadlock
    between two statements' tallies), keys whose changes cancel out left out."""
    return (
        f"WITH changes AS ({changes}) SELECT {key}, SUM(delta) AS n FROM {source} "
        f"WHERE {where} GROUP BY {key} HAVING SUM(delta) <> 0 ORDER BY {key}"
    )


def _upsert(table: str, columns: str, conflict: str, select: str) -> str:
    return (
        f"INSERT INTO {table} ({columns}, n) {select} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET n = {table}.n + excluded.n"
    )


def _moved(table: str, columns: str, conflict: str, sums: str, match: str) -> list[str]:
    """Tally rows moved by `sums` (the key's columns, then n): added to by upsert, taken
    from by UPDATE only, as SQLite's row triggers do. A count is only ever taken from a
    row its items made, so tables emptied in any order (a flush deleting the tallies
    before the items, a sector's cascade) leave no row below zero."""
    return [
        _upsert(table, columns, conflict, f"SELECT * FROM ({sums}) added WHERE n > 0"),
        f"UPDATE {table} t SET n = t.n + taken.n FROM ({sums}) taken WHERE taken.n < 0 AND {match}",
    ]


def _sector_sums(sums: str) -> list[str]:
    return _moved(
        "summits_sectoritemtally",
        "sector_id, status",
        "sector_id, status",
        sums,
        "t.sector_id = taken.sector_id AND t.status = taken.status",
    )


def item_statements(changes: str) -> list[str]:
    open_rows = f"status NOT IN {FINAL}"
    return [
        *_moved(
            "summits_itemtally",
            "summit_id, status",
            "summit_id, status) WHERE (summit_id IS NOT NULL",
            _sums(changes, "target_summit_id, status", where="target_summit_id IS NOT NULL"),
            "t.summit_id = taken.target_summit_id AND t.status = taken.status",
        ),
        *_moved(
            "summits_itemtally",
            "status",
            "status) WHERE (summit_id IS NULL",
            _sums(changes, "status", where="target_summit_id IS NULL"),
            "t.summit_id IS NULL AND t.status = taken.status",
        ),
        *_sector_sums(
            _sums(
                changes,
                "link.sector_id, item.status",
                source=f"changes item JOIN {LINK} link ON link.actionitem_id = item.id",
            )
        ),
        *_moved(
            "summits_openitemduetally",
            "due_precision, due_start",
            "due_precision, due_start",
            _sums(
                changes, "due_precision, due_start", where=f"{open_rows} AND due_start IS NOT NULL"
            ),
            "t.due_precision = taken.due_precision AND t.due_start = taken.due_start",
        ),
        *_moved(
            "summits_openitemupdatetally",
            "status_as_of",
            "status_as_of",
            _sums(
                changes.replace(
                    "SELECT *,", f"SELECT *, COALESCE(status_as_of, {NEVER_UPDATED}) AS day,"
                ),
                "day",
                where=open_rows,
            ),
            "t.status_as_of = taken.day",
        ),
    ]


def link_statements(changes: str) -> list[str]:
    return _sector_sums(
        _sums(
            changes,
            "link.sector_id, item.status",
            source=f"changes link JOIN {ITEM} item ON item.id = link.actionitem_id",
        )
    )


def postgresql_triggers() -> list[str]:
    statements = []
    for table, name, changes, build in (
        (ITEM, "item", ITEM_CHANGES, item_statements),
        (LINK, "link", LINK_CHANGES, link_statements),
    ):
        for event, rows in changes.items():
            function = f"summits_{name}_tally_{event.lower()}"
            body = "".join(f"  {statement};\n" for statement in build(rows))
            statements.append(
                f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n{body}  RETURN NULL;\nEND\n$$"
            )
            referencing = {
                "INSERT": "NEW TABLE AS new_rows",
                "DELETE": "OLD TABLE AS old_rows",
                "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            }[event]
            statements.append(
                f"CREATE TRIGGER {function} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return statements


POSTGRESQL_DROP = [
    statement
    for table, name in ((ITEM, "item"), (LINK, "link"))
    for event in ("insert", "delete", "update")
    for statement in (
        f"DROP TRIGGER IF EXISTS summits_{name}_tally_{event} ON {table}",
        f"DROP FUNCTION IF EXISTS summits_{name}_tally_{event}()",
    )
]

# The items already recorded, counted once; the triggers keep the counts from then on.
COUNT_EXISTING = [
    f"INSERT INTO summits_itemtally (summit_id, status, n) "
    f"SELECT target_summit_id, status, COUNT(*) FROM {ITEM} GROUP BY target_summit_id, status",
    f"INSERT INTO summits_sectoritemtally (sector_id, status, n) "
    f"SELECT link.sector_id, item.status, COUNT(*) FROM {LINK} link "
    f"JOIN {ITEM} item ON item.id = link.actionitem_id GROUP BY link.sector_id, item.status",
    f"INSERT INTO summits_openitemduetally (due_precision, due_start, n) "
    f"SELECT due_precision, due_start, COUNT(*) FROM {ITEM} "
    f"WHERE status NOT IN {FINAL} AND due_start IS NOT NULL GROUP BY due_precision, due_start",
    f"INSERT INTO summits_openitemupdatetally (status_as_of, n) "
    f"SELECT COALESCE(status_as_of, {NEVER_UPDATED}), COUNT(*) FROM {ITEM} "
    f"WHERE status NOT IN {FINAL} GROUP BY COALESCE(status_as_of, {NEVER_UPDATED})",
]


def triggers_create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = sqlite_triggers()
    elif vendor == "postgresql":
        statements = postgresql_triggers()
    else:
        raise NotImplementedError(f"No tally triggers are written for {vendor}.")
    for statement in [*COUNT_EXISTING, *statements]:
        schema_editor.execute(statement, params=None)


def triggers_drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0024_list_count_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenItemDueTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("due_start", models.DateField()),
                (
                    "due_precision",
                    models.CharField(
                        choices=[
                            ("day", "day"),
                            ("early", "early month (1–10)"),
                            ("mid", "mid-month (11–20)"),
                            ("late", "late month (21–end)"),
                            ("month", "month"),
                            ("quarter", "quarter"),
                            ("half", "half-year"),
                            ("year", "year"),
                        ],
                        max_length=10,
                    ),
                ),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("due_precision", "due_start"), name="openitemduetally_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OpenItemUpdateTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("status_as_of", models.DateField()),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status_as_of",), name="openitemupdatetally_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ItemTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_assessed", "not yet assessed"),
                            ("not_started", "not started"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("partially_fulfilled", "partially fulfilled"),
                            ("fulfilled", "fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("withdrawn", "withdrawn"),
                        ],
                        max_length=20,
                    ),
                ),
                ("n", models.BigIntegerField(default=0)),
                (
                    "summit",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="summits.summit",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("summit__isnull", False)),
                        fields=("summit", "status"),
                        name="itemtally_unique_summit",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("summit__isnull", True)),
                        fields=("status",),
                        name="itemtally_unique_none",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SectorItemTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_assessed", "not yet assessed"),
                            ("not_started", "not started"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("partially_fulfilled", "partially fulfilled"),
                            ("fulfilled", "fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("withdrawn", "withdrawn"),
                        ],
                        max_length=20,
                    ),
                ),
                ("n", models.BigIntegerField(default=0)),
                (
                    "sector",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="summits.sector",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("sector", "status"), name="sectoritemtally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
