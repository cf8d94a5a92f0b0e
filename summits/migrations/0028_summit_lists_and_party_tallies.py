"""A summit's items of each status by due date, indexed for its page's lists; and its
items counted by party (models.PartyItemTally), kept by triggers as migration 0025 keeps
the other tallies."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TALLY = "summits_partyitemtally"
ITEM = "summits_actionitem"
LINK = "summits_actionitem_responsible"
ORGANISATION = "summits_organisation"


def parties(items: str, links: str, organisations: str, delta: int) -> str:
    """Rows (summit_id, country_id, status, delta): what each of `items` (id,
    target_summit_id, status) counts in the tally, `links` (actionitem_id,
    organisation_id) and `organisations` (id, country_id) as they stand before or after
    the write: once for each country of its responsible organisations (DISTINCT: two
    ministries of a country bind it once), and once with no country (NULL) if it binds
    any. An item due for no summit counts nowhere.

    The bound items are kept rather than the unattributed (a summit's items less those):
    removing a link or an item then only ever takes from the tally, as a flush, which
    empties the tables in any order, does. Counting the unattributed, a flush removing
    links after the tally would add rows for summits it then deletes."""
    bound = (
        f"SELECT DISTINCT i.id, i.target_summit_id, o.country_id, i.status FROM {items} i "
        f"JOIN {links} l ON l.actionitem_id = i.id "
        f"JOIN {organisations} o ON o.id = l.organisation_id "
        "WHERE o.country_id IS NOT NULL AND i.target_summit_id IS NOT NULL"
    )
    return (
        f"SELECT target_summit_id AS summit_id, country_id, status, {delta} AS delta "
        f"FROM ({bound}) bound "
        f"UNION ALL SELECT i.target_summit_id, NULL, i.status, {delta} FROM {items} i "
        "WHERE i.target_summit_id IS NOT NULL AND EXISTS ("
        f"SELECT 1 FROM {links} l JOIN {organisations} o ON o.id = l.organisation_id "
        "WHERE l.actionitem_id = i.id AND o.country_id IS NOT NULL)"
    )


def moved(before: tuple[str, str, str] | None, after: tuple[str, str, str] | None) -> list[str]:
    """The statements moving the tally from what the items (items, links, organisations)
    counted `before` the write to what they count `after` it: the net change per row,
    rows whose changes cancel out left alone, in one order (no deadlock between two
    writers). Added to by upsert, taken from by UPDATE only, as migration 0025's."""
    changes = " UNION ALL ".join(
        [*([parties(*before, -1)] if before else []), *([parties(*after, 1)] if after else [])]
    )
    sums = (
        f"SELECT summit_id, country_id, status, SUM(delta) AS n FROM ({changes}) changes "
        "GROUP BY summit_id, country_id, status HAVING SUM(delta) <> 0 "
        "ORDER BY summit_id, country_id, status"
    )
    upsert = (
        f"INSERT INTO {TALLY} (summit_id, country_id, status, n) "
        f"SELECT summit_id, country_id, status, n FROM ({sums}) added WHERE n > 0 AND {{which}} "
        f"ON CONFLICT {{conflict}} DO UPDATE SET n = {TALLY}.n + excluded.n"
    )
    return [
        upsert.format(
            which="country_id IS NOT NULL",
            conflict="(summit_id, country_id, status) WHERE country_id IS NOT NULL",
        ),
        upsert.format(
            which="country_id IS NULL", conflict="(summit_id, status) WHERE country_id IS NULL"
        ),
        f"UPDATE {TALLY} SET n = {TALLY}.n + taken.n FROM ({sums}) taken WHERE taken.n < 0 "
        f"AND {TALLY}.summit_id = taken.summit_id AND {TALLY}.status = taken.status "
        f"AND ({TALLY}.country_id = taken.country_id "
        f"OR ({TALLY}.country_id IS NULL AND taken.country_id IS NULL))",
    ]


def links_of(items: str, *, but: str = "", plus: str = "") -> str:
    """The links of the items `items` selects the ids of (as they are now), `but` those
    a condition on the link's id leaves out, `plus` rows (actionitem_id,
    organisation_id) they had: the links as they stood before the write."""
    links = f"SELECT actionitem_id, organisation_id FROM {LINK} WHERE actionitem_id IN ({items})"
    return f"({links}{f' AND {but}' if but else ''}{f' UNION ALL {plus}' if plus else ''})"


def items_where(condition: str) -> str:
    return f"(SELECT id, target_summit_id, status FROM {ITEM} WHERE {condition})"


# Each write as (table, event, SQLite's WHEN, before, after): the items it touches with
# their links and organisations as they were and as they are. SQLite's row triggers read
# OLD and NEW; PostgreSQL's statement triggers read the same from their transition tables
# (rewritten by `statement_level`).
def row_level() -> list[tuple[str, str, str, tuple | None, tuple | None]]:
    def item(row: str) -> str:
        return (
            f"(SELECT {row}.id AS id, {row}.target_summit_id AS target_summit_id, "
            f"{row}.status AS status)"
        )

    linked = items_where("id = {row}.actionitem_id")
    return [
        (ITEM, "INSERT", "", None, (item("NEW"), links_of("NEW.id"), ORGANISATION)),
        (ITEM, "DELETE", "", (item("OLD"), links_of("OLD.id"), ORGANISATION), None),
        (
            ITEM,
            "UPDATE OF status, target_summit_id",
            "OLD.status IS NOT NEW.status OR OLD.target_summit_id IS NOT NEW.target_summit_id",
            (item("OLD"), links_of("OLD.id"), ORGANISATION),
            (item("NEW"), links_of("NEW.id"), ORGANISATION),
        ),
        (
            LINK,
            "INSERT",
            "",
            (
                linked.format(row="NEW"),
                links_of("NEW.actionitem_id", but="id <> NEW.id"),
                ORGANISATION,
            ),
            (linked.format(row="NEW"), links_of("NEW.actionitem_id"), ORGANISATION),
        ),
        (
            LINK,
            "DELETE",
            "",
            (
                linked.format(row="OLD"),
                links_of("OLD.actionitem_id", plus="SELECT OLD.actionitem_id, OLD.organisation_id"),
                ORGANISATION,
            ),
            (linked.format(row="OLD"), links_of("OLD.actionitem_id"), ORGANISATION),
        ),
        (
            LINK,
            "UPDATE",
            "",
            (
                items_where("id IN (OLD.actionitem_id, NEW.actionitem_id)"),
                links_of(
                    "OLD.actionitem_id, NEW.actionitem_id",
                    but="id <> NEW.id",
                    plus="SELECT OLD.actionitem_id, OLD.organisation_id",
                ),
                ORGANISATION,
            ),
            (
                items_where("id IN (OLD.actionitem_id, NEW.actionitem_id)"),
                links_of("OLD.actionitem_id, NEW.actionitem_id"),
                ORGANISATION,
            ),
        ),
        (
            ORGANISATION,
            "UPDATE OF country_id",
            "OLD.country_id IS NOT NEW.country_id",
            (
                items_where(
                    f"id IN (SELECT actionitem_id FROM {LINK} WHERE organisation_id = NEW.id)"
                ),
                links_of(f"SELECT actionitem_id FROM {LINK} WHERE organisation_id = NEW.id"),
                f"(SELECT id, country_id FROM {ORGANISATION} WHERE id <> NEW.id "
                "UNION ALL SELECT OLD.id, OLD.country_id)",
            ),
            (
                items_where(
                    f"id IN (SELECT actionitem_id FROM {LINK} WHERE organisation_id = NEW.id)"
                ),
                links_of(f"SELECT actionitem_id FROM {LINK} WHERE organisation_id = NEW.id"),
                ORGANISATION,
            ),
        ),
    ]


def statement_level() -> list[tuple[str, str, tuple | None, tuple | None]]:
    """The same writes for PostgreSQL's statement triggers (see migration 0025 for why):
    the rows of the statement from its transition tables, the items an UPDATE leaves in
    place (status and summit, or country) left out."""

    def changed(side: str, columns: tuple[str, ...]) -> str:
        differs = " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in columns)
        return f"SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {differs}"

    moved_items = {
        side: f"(SELECT id, target_summit_id, status FROM ({changed(side, ('status', 'target_summit_id'))}) {side}_items)"
        for side in ("o", "n")
    }
    linked = {
        rows: items_where(f"id IN (SELECT actionitem_id FROM {rows})")
        for rows in ("new_rows", "old_rows")
    }
    relinked = items_where(
        "id IN (SELECT actionitem_id FROM old_rows UNION SELECT actionitem_id FROM new_rows)"
    )
    relinked_ids = "SELECT actionitem_id FROM old_rows UNION SELECT actionitem_id FROM new_rows"
    recountried = (
        f"SELECT actionitem_id FROM {LINK} WHERE organisation_id IN "
        f"(SELECT id FROM ({changed('n', ('country_id',))}) countried)"
    )
    return [
        (ITEM, "INSERT", None, ("new_rows", links_of("SELECT id FROM new_rows"), ORGANISATION)),
        (ITEM, "DELETE", ("old_rows", links_of("SELECT id FROM old_rows"), ORGANISATION), None),
        (
            ITEM,
            "UPDATE",
            (moved_items["o"], links_of(f"SELECT id FROM {moved_items['o']} moved"), ORGANISATION),
            (moved_items["n"], links_of(f"SELECT id FROM {moved_items['n']} moved"), ORGANISATION),
        ),
        (
            LINK,
            "INSERT",
            (
                linked["new_rows"],
                links_of(
                    "SELECT actionitem_id FROM new_rows", but="id NOT IN (SELECT id FROM new_rows)"
                ),
                ORGANISATION,
            ),
            (linked["new_rows"], links_of("SELECT actionitem_id FROM new_rows"), ORGANISATION),
        ),
        (
            LINK,
            "DELETE",
            (
                linked["old_rows"],
                links_of(
                    "SELECT actionitem_id FROM old_rows",
                    plus="SELECT actionitem_id, organisation_id FROM old_rows",
                ),
                ORGANISATION,
            ),
            (linked["old_rows"], links_of("SELECT actionitem_id FROM old_rows"), ORGANISATION),
        ),
        (
            LINK,
            "UPDATE",
            (
                relinked,
                links_of(
                    relinked_ids,
                    but="id NOT IN (SELECT id FROM new_rows)",
                    plus="SELECT actionitem_id, organisation_id FROM old_rows",
                ),
                ORGANISATION,
            ),
            (relinked, links_of(relinked_ids), ORGANISATION),
        ),
        (
            ORGANISATION,
            "UPDATE",
            (
                items_where(f"id IN ({recountried})"),
                links_of(recountried),
                f"(SELECT id, country_id FROM {ORGANISATION} WHERE id NOT IN "
                "(SELECT id FROM new_rows) UNION ALL SELECT id, country_id FROM old_rows)",
            ),
            (items_where(f"id IN ({recountried})"), links_of(recountried), ORGANISATION),
        ),
    ]


NAMES = {ITEM: "item", LINK: "responsible", ORGANISATION: "organisation"}


def _name(table: str, event: str) -> str:
    return f"summits_party_{NAMES[table]}_{event.split()[0].lower()}"


def sqlite_triggers() -> list[str]:
    triggers = []
    for table, event, when, before, after in row_level():
        body = "".join(f"{statement};\n" for statement in moved(before, after))
        condition = f" WHEN {when}" if when else ""
        triggers.append(
            f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table}{condition} "
            f"BEGIN\n{body}END"
        )
    return triggers


def postgresql_triggers() -> list[str]:
    statements = []
    for table, event, before, after in statement_level():
        function = _name(table, event)
        body = "".join(f"  {statement};\n" for statement in moved(before, after))
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


# The items already recorded, counted once; the triggers keep the counts from then on.
COUNT_EXISTING = (
    f"INSERT INTO {TALLY} (summit_id, country_id, status, n) "
    f"SELECT summit_id, country_id, status, SUM(delta) FROM ({parties(ITEM, LINK, ORGANISATION, 1)}) "
    "counted GROUP BY summit_id, country_id, status"
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
    for table, event, *_ in row_level():
        name = _name(table, event)
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0027_follow_up_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PartyItemTally",
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
            ],
        ),
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                fields=["target_summit", "status", "due_start", "id"],
                name="actionitem_summit_due_idx",
            ),
        ),
        migrations.AddField(
            model_name="partyitemtally",
            name="country",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="summits.country",
            ),
        ),
        migrations.AddField(
            model_name="partyitemtally",
            name="summit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="summits.summit"
            ),
        ),
        migrations.AddConstraint(
            model_name="partyitemtally",
            constraint=models.UniqueConstraint(
                condition=models.Q(("country__isnull", False)),
                fields=("summit", "country", "status"),
                name="partyitemtally_unique_party",
            ),
        ),
        migrations.AddConstraint(
            model_name="partyitemtally",
            constraint=models.UniqueConstraint(
                condition=models.Q(("country__isnull", True)),
                fields=("summit", "status"),
                name="partyitemtally_unique_none",
            ),
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
