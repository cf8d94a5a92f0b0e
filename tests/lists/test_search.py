"""The lists' `q` finds the same records on SQLite (substrings) and PostgreSQL (full text)."""

import copy
import json
import random
import re
import string

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summits.filters import ActionItemFilterSet, MeetingFilterSet, SourceFilterSet
from summits.importing import ReportFile, report_import
from summits.models import ActionItem, Meeting, Source
from summits.search import substring_search
from summits.synthetic import Sizes, synthetic_generate
from tests.seed import SEED_REPORT

ITEMS = {
    "IRIGC-TEC-26/TRADE-1": ("Raise bilateral trade", "Expand trade in national currencies."),
    "IRIGC-TEC-26/MARITIME-1": ("Launch a shipbuilding partnership", "Build ice-class ships."),
    "IJJC-4/ENERGY-2": ("Civil nuclear power project", "Work towards a nuclear plant."),
}


@pytest.fixture
def records(db) -> None:
    for ref, (title, text) in ITEMS.items():
        ActionItem.objects.create(ref=ref, title=title, text=text)
    Meeting.objects.create(
        slug="2025-08-20-irigc-tec-26",
        title="Session 26 of the IRIGC-TEC",
        summary="Trade, shipbuilding and the maritime corridor.",
        date_start="2025-08-20",
    )
    Meeting.objects.create(
        slug="2025-09-01-ijjc-4", title="Session 4 of the IJJC", date_start="2025-09-01"
    )


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize(
    ("q", "refs"),
    [
        ("shipbuilding", {"IRIGC-TEC-26/MARITIME-1"}),
        ("Shipbuilding PARTNERSHIP", {"IRIGC-TEC-26/MARITIME-1"}),
        ("ship", {"IRIGC-TEC-26/MARITIME-1"}),  # the start of a word is enough
        ("trade", {"IRIGC-TEC-26/TRADE-1"}),
        ("IRIGC-TEC-26", {"IRIGC-TEC-26/TRADE-1", "IRIGC-TEC-26/MARITIME-1"}),
        ("irigc-tec-26/trade-1", {"IRIGC-TEC-26/TRADE-1"}),
        ("nuclear project", {"IJJC-4/ENERGY-2"}),
        ("nuclear trade", set()),  # every word must match
        ("tanker", set()),
    ],
)
def test_action_item_search_finds_the_same_items_on_every_backend(q, refs):
    found = ActionItemFilterSet({"q": q}, queryset=ActionItem.objects.all()).qs
    assert set(found.values_list("ref", flat=True)) == refs


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize(
    ("q", "slugs"),
    [
        ("shipbuilding", {"2025-08-20-irigc-tec-26"}),
        ("session", {"2025-08-20-irigc-tec-26", "2025-09-01-ijjc-4"}),
        ("IJJC", {"2025-09-01-ijjc-4"}),
        ("corridor trade", {"2025-08-20-irigc-tec-26"}),
        ("visit", set()),
    ],
)
def test_meeting_search_finds_the_same_meetings_on_every_backend(q, slugs):
    found = MeetingFilterSet({"q": q}, queryset=Meeting.objects.all()).qs
    assert set(found.values_list("slug", flat=True)) == slugs


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize(
    ("q", "count"), [("23rd", 1), ("23RD india", 1), ("24th", 0), ("23rd Kazan", 0)]
)
def test_the_summit_list_finds_an_edition_by_its_ordinal(viewer_client, q, count):
    response = viewer_client.get(reverse("summits:summit-list"), {"q": q})
    assert response.context["table"].paginator.count == count


@pytest.mark.usefixtures("records")
def test_the_list_page_searches(viewer_client):
    response = viewer_client.get("/action-items/", {"q": "shipbuilding"})
    assert response.status_code == 200
    assert "IRIGC-TEC-26/MARITIME-1" in response.text
    assert "IRIGC-TEC-26/TRADE-1" not in response.text


@pytest.mark.usefixtures("records", "planner_statistics")
def test_postgresql_searches_through_a_gin_index_and_sqlite_through_a_trigram_one():
    with connection.cursor() as cursor:
        indexes = {
            table: connection.introspection.get_constraints(cursor, table)
            for table in ("summits_actionitem", "summits_meeting")
        }
    names = {name for constraints in indexes.values() for name in constraints}
    search = ActionItemFilterSet({"q": "shipbuilding"}, queryset=ActionItem.objects.all()).qs
    if connection.vendor == "postgresql":
        assert {"actionitem_search_gin", "meeting_search_gin"} <= names
        # Three rows would be read directly, or through the primary key; forbid both (for
        # this transaction) so that only an index on the search expression can serve it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        assert "Bitmap Index Scan on actionitem_search_gin" in search.order_by().explain()
    else:
        assert not {"actionitem_search_gin", "meeting_search_gin"} & names
        # Rows by their primary key, from the FTS5 table; no scan of the items with LIKE.
        steps = [line.split(" ", 3)[3] for line in search.order_by().explain().splitlines()]
        assert "SEARCH summits_actionitem USING INTEGER PRIMARY KEY (rowid=?)" in steps
        [scan] = [step for step in steps if step.startswith("SCAN")]
        assert scan.startswith("SCAN summits_actionitem_search VIRTUAL TABLE INDEX")
        assert search.count() == 1


# SQLite: words of 3 characters or more through the FTS5 trigram index, shorter ones LIKE.

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram index is SQLite's"
)
FIELDS = ActionItemFilterSet.search_fields
HOSTILE = {
    "H-1": ("Talks in Zürich", "100% of the quota; snake_case names."),
    "H-2": ("ZÜRICH office", 'He said "yes" and it\'s done.'),
    "H-3": ("Москва forum", "Visit to МОСКВА, a 50_50 split."),
    "H-4": ("ab", "x"),
}


def _refs(queryset) -> set[str]:
    return set(queryset.values_list("ref", flat=True))


def _found(q: str) -> set[str]:
    return _refs(ActionItemFilterSet({"q": q}, queryset=ActionItem.objects.all()).qs)


def _liked(q: str) -> set[str]:
    return _refs(substring_search(ActionItem.objects.all(), FIELDS, q))


@pytest.fixture
def hostile(db) -> None:
    for ref, (title, text) in HOSTILE.items():
        ActionItem.objects.create(ref=ref, title=title, text=text)


@sqlite_only
@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize(
    ("q", "refs"),
    [
        ("x", {"H-4"}),  # 1 and 2 characters: LIKE
        ("AB", {"H-4"}),
        ("z", {"H-1", "H-2"}),
        ("%", {"H-1"}),  # LIKE's wildcards are plain characters
        ("_", {"H-1", "H-3"}),
        ("e_c", {"H-1"}),  # not "e c", nor "eXc"
        ("100%", {"H-1"}),
        ("0%", {"H-1"}),
        ("50_50", {"H-3"}),
        ('"', {"H-2"}),  # quotes are plain characters, for FTS5 too
        ('"yes"', {"H-2"}),
        ('"yes', {"H-2"}),
        ("'", {"H-2"}),
        ("it's", {"H-2"}),
        ("AND", {"H-2"}),  # FTS5's operators are plain words inside a string
        ("NEAR(", set()),
        ("*", set()),
        ("quota;snake", set()),
        ("quota; SNAKE_case", {"H-1"}),
        ("Москва", {"H-3"}),  # non-ASCII letters, in the case of the text
        ("in zü", {"H-1"}),
        ("Talks 100% ab", set()),  # every word, each in any of the fields
        ("TALKS 100% quota in", {"H-1"}),
        ("tanker", set()),
    ],
)
def test_trigram_search_finds_what_like_finds(q, refs):
    assert _found(q) == _liked(q) == refs


@sqlite_only
@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize(
    ("q", "found", "liked"),
    [
        # The trigram index folds the case of non-ASCII letters as PostgreSQL does; LIKE
        # only that of ASCII letters, so it misses some of what the index finds.
        ("zürich", {"H-1", "H-2"}, {"H-1"}),
        ("Zürich", {"H-1", "H-2"}, {"H-1"}),
        ("ZÜRICH", {"H-1", "H-2"}, {"H-2"}),
        ("москва", {"H-3"}, set()),
        ("ZÜR office", {"H-2"}, {"H-2"}),
        # Shorter than a trigram: LIKE, whose case folding stays ASCII only.
        ("zü", {"H-1"}, {"H-1"}),
        ("ZÜ", {"H-2"}, {"H-2"}),
    ],
)
def test_trigram_search_ignores_the_case_of_non_ascii_letters_too(q, found, liked):
    assert _found(q) == found
    assert _liked(q) == liked


@sqlite_only
@pytest.mark.usefixtures("records")
@pytest.mark.parametrize(
    ("filterset", "model", "q", "matches"),
    [
        (ActionItemFilterSet, ActionItem, "shipbuilding", True),
        (ActionItemFilterSet, ActionItem, "ship of", True),
        (ActionItemFilterSet, ActionItem, "of ab", False),  # no trigram: LIKE alone
        (MeetingFilterSet, Meeting, "corridor", True),
        (SourceFilterSet, Source, "protocol", True),
    ],
)
def test_sqlite_searches_words_of_three_characters_or_more_with_match(filterset, model, q, matches):
    sql = str(filterset({"q": q}, queryset=model.objects.all()).qs.query)
    assert (f'"{model._meta.db_table}_search" MATCH' in sql) is matches


def _seed_item(**fields) -> dict:
    """The seed report's first action item, with `fields` changed."""
    records = json.loads(SEED_REPORT.read_text(encoding="utf-8"))
    item = copy.deepcopy(next(r for r in records if r["model"] == "summits.actionitem"))
    item["fields"].update(fields)
    return item


def _import(*records: dict) -> None:
    data = json.dumps(records).encode()
    report_import(files=[ReportFile(name="report.json", data=data, size=len(data))])


@pytest.mark.usefixtures("seed")
def test_every_way_of_writing_keeps_the_search_current():
    """The trigram index follows every write, the ORM's or raw SQL, through its triggers."""
    first = _seed_item()["fields"]["ref"]
    # The import INSERTs new items with raw SQL and changes others with bulk_update.
    _import(_seed_item(title="Deliver icebreakers"), _seed_item(ref="NEW-1", title="Dredge ports"))
    assert _found("icebreakers") == {first}
    assert _found("underscored decisions") >= {first, "NEW-1"}  # both kept the seed's text
    assert first not in _found("26th")  # from its old title
    assert _found("26th") == _liked("26th")
    assert _found("Dredge") == {"NEW-1"}

    ActionItem.objects.bulk_create([ActionItem(ref="NEW-2", title="Survey the Arctic route")])
    ActionItem.objects.filter(ref="NEW-1").update(title="Deepen the harbour")
    assert _found("arctic") == {"NEW-2"}
    assert _found("dredge") == set() and _found("harbour") == {"NEW-1"}

    item = ActionItem.objects.get(ref="NEW-2")
    item.text = "Chart the sea ice"
    item.save()
    ActionItem.objects.filter(ref="NEW-1").delete()
    assert _found("arctic ice") == {"NEW-2"}
    assert _found("harbour") == set()  # deleted


@sqlite_only
@pytest.mark.django_db
def test_synthetic_data_is_searched_as_with_like():
    """Bulk inserts reach the trigram index too."""
    synthetic_generate(sizes=Sizes(items=80, summits=4, meetings=16, people=10), seed=3)
    rng = random.Random(3)
    texts = ActionItem.objects.values_list("title", "text")
    words = sorted({w for title, text in texts for w in re.findall(r"\w+", title + text)})
    for word in [*rng.sample(words, 12), "ANNUAL", "tion", "ssion of"]:
        assert _found(word) == _liked(word), word
    assert _found(words[0])  # not everything missing


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unmigrating_drops_the_trigram_index_and_migrating_builds_it_for_existing_rows():
    ActionItem.objects.create(ref="M-1", title="Launch a shipbuilding partnership")
    qs = ActionItem.objects.all()
    try:
        call_command("migrate", "summits", "0008_indexes_for_dashboard", verbosity=0)
        search = ActionItemFilterSet({"q": "shipbuilding"}, queryset=qs).qs
        assert "MATCH" not in str(search.query)  # no index: LIKE, still right
        assert _refs(search) == {"M-1"}
    finally:
        call_command("migrate", "summits", verbosity=0)
    search = ActionItemFilterSet({"q": "shipbuilding"}, queryset=qs).qs
    assert "MATCH" in str(search.query)
    assert _refs(search) == {"M-1"}


# A few letters in both cases (ASCII, Latin-1, Cyrillic), LIKE's wildcards, FTS5's quotes.
LETTERS = "abAB\u00fc\u00dc\u044f\u042f%_\"'*-"
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _model(rows: list[tuple[str, ...]], q: str, *, unicode: bool) -> set[int]:
    """The rows where each word of `q` is in a field, computed in Python: ignoring the case
    of ASCII letters, or with `unicode` for words of 3 characters or more, of all letters."""

    def fold(text: str, word: str) -> str:
        return text.lower() if unicode and len(word) >= 3 else text.translate(ASCII_LOWER)

    return {
        i
        for i, fields in enumerate(rows)
        if all(any(fold(word, word) in fold(f, word) for f in fields) for word in q.split())
    }


@sqlite_only
@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.text(LETTERS + " ", max_size=12), st.text(LETTERS + " ", max_size=12)),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.text(LETTERS, min_size=1, max_size=4), min_size=1, max_size=3).map(" ".join),
)
def test_trigram_search_is_like_with_unicode_case_folding(texts, q):
    with transaction.atomic():
        ActionItem.objects.bulk_create(
            ActionItem(ref=f"P-{i}", title=title, text=text)
            for i, (title, text) in enumerate(texts)
        )
        found = {int(ref[2:]) for ref in _found(q)}
        liked = {int(ref[2:]) for ref in _liked(q)}
        transaction.set_rollback(True)
    rows = [(f"P-{i}", title, text) for i, (title, text) in enumerate(texts)]
    assert liked == _model(rows, q, unicode=False)
    assert found == _model(rows, q, unicode=True)


@sqlite_only
@pytest.mark.parametrize("q", ["Zürich", "zür", "100%", '"yes"', "TASS", "protocol of", "of"])
def test_sources_are_found_through_their_index_as_like_finds_them(db, q):
    for number, (title, publisher, text) in enumerate(
        [
            ("Talks in Zürich", "TASS", "100% of the quota."),
            ("Protocol signed", "MEA", 'He said "yes".'),
            ("A protocol of intent", "ANI", ""),
        ]
    ):
        Source.objects.create(
            slug=f"s-{number}",
            title=title,
            publisher=publisher,
            text=text,
            published_on="2025-11-20",
        )
    fields = SourceFilterSet.search_fields
    found = SourceFilterSet({"q": q}, queryset=Source.objects.all()).qs
    liked = substring_search(Source.objects.all(), fields, q)
    assert set(found) == set(liked) != set()
