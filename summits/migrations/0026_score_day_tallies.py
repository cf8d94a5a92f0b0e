"""A summit's score history kept per day by triggers (models.ScoreDayTally), and the
index its items at risk are counted from (queries.summit_risk_counts).

Each status update changes its item's contribution to its summit's score: from the
status of the update before it (not yet assessed before the first) to its own. An
update inserted, moved or deleted between two others also changes what the next one
changes, so every trigger here takes the items a write touched, subtracts what their
updates contributed before the write and adds what they contribute after it: both
computed with LAG over the item's own updates (about ten), written once below
(`contributions`) for both databases, for every write.

An item counts for its target summit as it is now, as the readiness query reads it: a
write to an update reads its item's summit; an item's insert, delete or move carries
its whole history to or from its summit. So the tallies equal the history replayed
from the updates however the rows are written, in whichever order: an update written
before its item (loaddata defers foreign keys) is counted when the item is.
"""

import django.db.models.deletion
from django.db import migrations, models

# The rules the triggers keep, written as the database runs them (models.STATUS_SCORES:
# fulfilled +1; in progress, stalled, partially fulfilled 0; not fulfilled -1; the rest
# not counted): a change to the scores needs a migration of its own.
SCORE = "CASE status WHEN 'fulfilled' THEN 1 WHEN 'not_fulfilled' THEN -1 ELSE 0 END"
COUNTED = (
    "CASE WHEN status IN ('in_progress', 'stalled', 'partially_fulfilled', 'fulfilled', "
    "'not_fulfilled') THEN 1 ELSE 0 END"
)
TALLY = "summits_scoredaytally"
UPDATE = "summits_statusupdate"
ITEM = "summits_actionitem"
COLUMNS = "action_item_id, as_of, sequence, id, status"
# What an update's write may change of the history: an UPDATE of other columns (its
# note) leaves the tallies alone.
READS = ("action_item_id", "as_of", "sequence", "status")


def contributions(rows: str, summits: str) -> str:
    """Per summit and day, what the updates `rows` (COLUMNS) change of the summit's sums,
    each update from the one before it of the same item; `summits`: (id,
    target_summit_id) of their items. Items due for no summit are in no summit's."""
    window = "OVER (PARTITION BY action_item_id ORDER BY as_of, sequence, id)"
    return (
        "SELECT item.target_summit_id AS summit_id, u.as_of AS day, "
        "SUM(u.score - u.score_before) AS total, "
        "SUM(u.counted - u.counted_before) AS counted, COUNT(*) AS updates "
        f"FROM (SELECT action_item_id, as_of, {SCORE} AS score, {COUNTED} AS counted, "
        f"LAG({SCORE}, 1, 0) {window} AS score_before, "
        f"LAG({COUNTED}, 1, 0) {window} AS counted_before FROM ({rows}) r) u "
        f"JOIN ({summits}) item ON item.id = u.action_item_id "
        "WHERE item.target_summit_id IS NOT NULL GROUP BY item.target_summit_id, u.as_of"
    )


def changes(before: tuple[str, str] | None, after: tuple[str, str] | None) -> str:
    """Per summit and day, the contributions `after` (rows, summits) less those `before`,
    where they differ; `was` says a row of the tally exists for that summit and day, as
    the rows before made it."""
    parts = []
    if after:
        parts.append(
            "SELECT summit_id, day, total, counted, updates, 0 AS was "
            f"FROM ({contributions(*after)}) a"
        )
    if before:
        parts.append(
            "SELECT summit_id, day, -total AS total, -counted AS counted, "
            f"-updates AS updates, 1 AS was FROM ({contributions(*before)}) b"
        )
    return (
        "SELECT summit_id, day, SUM(total) AS total, SUM(counted) AS counted, "
        f"SUM(updates) AS updates, MAX(was) AS was FROM ({' UNION ALL '.join(parts)}) c "
        "GROUP BY summit_id, day "
        "HAVING SUM(total) <> 0 OR SUM(counted) <> 0 OR SUM(updates) <> 0"
    )


SUMS = ("total", "counted", "updates")


def applied(change: str, prelude: str = "") -> list[str]:
    """The statements moving the tally by `change`: rows the history had before are
    changed by UPDATE only, new ones made by upsert (in the keys' order: no deadlock
    between two writers). As with migration 0025's tallies, nothing is taken from a row
    that is gone: tables emptied in any order (a flush, tallies first) make no row."""

    def added(source: str) -> str:
        return ", ".join(f"{column} = {TALLY}.{column} + {source}.{column}" for column in SUMS)

    return [
        f"{prelude}UPDATE {TALLY} SET {added('n')} FROM ({change}) n WHERE n.was = 1 "
        f"AND {TALLY}.summit_id = n.summit_id AND {TALLY}.day = n.day",
        f"{prelude}INSERT INTO {TALLY} (summit_id, day, {', '.join(SUMS)}) "
        f"SELECT summit_id, day, {', '.join(SUMS)} FROM ({change}) n WHERE n.was = 0 "
        f"ORDER BY summit_id, day ON CONFLICT (summit_id, day) DO UPDATE SET {added('excluded')}",
    ]


def updates_of(items: str, *, without: str | None = None, old: str | None = None) -> str:
    """The updates of `items` (a list or subquery of item ids) as they are now, less the
    rows of ids `without`, plus the rows `old` (COLUMNS): the updates before a write."""
    rows = f"SELECT {COLUMNS} FROM {UPDATE} WHERE action_item_id IN ({items})"
    if without:
        rows += f" AND id NOT IN ({without})"
    if old:
        rows += f" UNION ALL {old}"
    return rows


def summits_of(items: str) -> str:
    return f"SELECT id, target_summit_id FROM {ITEM} WHERE id IN ({items})"


def sqlite_triggers() -> list[str]:
    def trigger(name: str, event: str, table: str, when: str, statements: list[str]) -> str:
        body = "".join(f"{statement};\n" for statement in statements)
        when = f" WHEN {when}" if when else ""
        return f"CREATE TRIGGER {name} AFTER {event} ON {table}{when} BEGIN\n{body}END"

    def item(prefix: str) -> str:
        return f"SELECT {prefix}.id AS id, {prefix}.target_summit_id AS target_summit_id"

    def row(prefix: str) -> str:
        return "SELECT " + ", ".join(f"{prefix}.{column}" for column in COLUMNS.split(", "))

    inserted, deleted = "NEW.action_item_id", "OLD.action_item_id"
    both = f"{deleted}, {inserted}"
    differs = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in READS)
    return [
        trigger(
            "summits_scoreday_update_insert",
            "INSERT",
            UPDATE,
            None,
            applied(
                changes(
                    (updates_of(inserted, without="NEW.id"), summits_of(inserted)),
                    (updates_of(inserted), summits_of(inserted)),
                )
            ),
        ),
        trigger(
            "summits_scoreday_update_delete",
            "DELETE",
            UPDATE,
            None,
            applied(
                changes(
                    (updates_of(deleted, old=row("OLD")), summits_of(deleted)),
                    (updates_of(deleted), summits_of(deleted)),
                )
            ),
        ),
        trigger(
            "summits_scoreday_update_update",
            f"UPDATE OF {', '.join(READS)}",
            UPDATE,
            differs,
            applied(
                changes(
                    (updates_of(both, without="NEW.id", old=row("OLD")), summits_of(both)),
                    (updates_of(both), summits_of(both)),
                )
            ),
        ),
        trigger(
            "summits_scoreday_item_insert",
            "INSERT",
            ITEM,
            "NEW.target_summit_id IS NOT NULL",
            applied(changes(None, (updates_of("NEW.id"), item("NEW")))),
        ),
        trigger(
            "summits_scoreday_item_delete",
            "DELETE",
            ITEM,
            "OLD.target_summit_id IS NOT NULL",
            applied(changes((updates_of("OLD.id"), item("OLD")), None)),
        ),
        trigger(
            "summits_scoreday_item_update",
            "UPDATE OF target_summit_id",
            ITEM,
            "OLD.target_summit_id IS NOT NEW.target_summit_id",
            applied(
                changes(
                    (updates_of("OLD.id"), item("OLD")),
                    (updates_of("NEW.id"), item("NEW")),
                )
            ),
        ),
    ]


TRIGGERS = [
    f"summits_scoreday_{table}_{event}"
    for table in ("update", "item")
    for event in ("insert", "delete", "update")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


# On PostgreSQL, statement triggers reading the statement's rows as transition tables,
# as migration 0025's: one statement's items recomputed at once (the generator's COPY of
# a chunk of updates, a cascade deleting thousands).
def postgresql_statements(table: str, event: str) -> list[str]:
    if table == UPDATE:
        if event == "INSERT":
            items, without, old = "SELECT action_item_id FROM new_rows", "new_rows", None
        elif event == "DELETE":
            items, without, old = "SELECT action_item_id FROM old_rows", None, "old_rows"
        else:
            items, without, old = "SELECT action_item_id FROM changed", "new_rows", "old_rows"
        before = updates_of(
            items,
            without=without and f"SELECT id FROM {without}",
            old=old and f"SELECT {COLUMNS} FROM {old} WHERE action_item_id IN ({items})",
        )
        change = changes((before, summits_of(items)), (updates_of(items), summits_of(items)))
        if event != "UPDATE":
            return applied(change)
        # The items of the updates whose history columns changed, before and after.
        differs = " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in READS)
        prelude = (
            "WITH changed AS (SELECT o.action_item_id FROM old_rows o JOIN new_rows n "
            f"ON n.id = o.id WHERE {differs} UNION SELECT n.action_item_id FROM old_rows o "
            f"JOIN new_rows n ON n.id = o.id WHERE {differs}) "
        )
        return applied(change, prelude)
    if event == "INSERT":
        items = "SELECT id FROM new_rows WHERE target_summit_id IS NOT NULL"
        return applied(
            changes(None, (updates_of(items), "SELECT id, target_summit_id FROM new_rows"))
        )
    if event == "DELETE":
        items = "SELECT id FROM old_rows WHERE target_summit_id IS NOT NULL"
        return applied(
            changes((updates_of(items), "SELECT id, target_summit_id FROM old_rows"), None)
        )
    # The items moved to another summit (or to none, or from none).
    prelude = (
        "WITH moved AS (SELECT n.id, o.target_summit_id AS old_summit, "
        "n.target_summit_id AS new_summit FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "WHERE o.target_summit_id IS DISTINCT FROM n.target_summit_id) "
    )
    items = "SELECT id FROM moved"
    return applied(
        changes(
            (updates_of(items), "SELECT id, old_summit AS target_summit_id FROM moved"),
            (updates_of(items), "SELECT id, new_summit AS target_summit_id FROM moved"),
        ),
        prelude,
    )


def postgresql_triggers() -> list[str]:
    statements = []
    for table, name in ((UPDATE, "update"), (ITEM, "item")):
        for event in ("INSERT", "DELETE", "UPDATE"):
            function = f"summits_scoreday_{name}_{event.lower()}"
            body = "".join(f"  {statement};\n" for statement in postgresql_statements(table, event))
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
    for table, name in ((UPDATE, "update"), (ITEM, "item"))
    for event in ("insert", "delete", "update")
    for statement in (
        f"DROP TRIGGER IF EXISTS summits_scoreday_{name}_{event} ON {table}",
        f"DROP FUNCTION IF EXISTS summits_scoreday_{name}_{event}()",
    )
]

# The updates already recorded, counted once; the triggers keep the tally from then on.
COUNT_EXISTING = (
    f"INSERT INTO {TALLY} (summit_id, day, total, counted, updates) "
    f"SELECT * FROM ({contributions(f'SELECT {COLUMNS} FROM {UPDATE}', f'SELECT id, target_summit_id FROM {ITEM}')}) c"
)


def triggers_create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = sqlite_triggers()
    elif vendor == "postgresql":
        statements = postgresql_triggers()
    else:
        raise NotImplementedError(f"No tally triggers are written for {vendor}.")
    for statement in [COUNT_EXISTING, *statements]:
        schema_editor.execute(statement, params=None)


def triggers_drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0025_item_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreDayTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("total", models.BigIntegerField(default=0)),
                ("counted", models.BigIntegerField(default=0)),
                ("updates", models.BigIntegerField(default=0)),
                (
                    "summit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="summits.summit",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("summit", "day"), name="scoredaytally_unique")
                ],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                fields=["target_summit", "status", "due_precision", "due_start", "status_as_of"],
                name="actionitem_summit_risk_idx",
            ),
        ),
    ]
