"""What every list page shares, and the filters of meetings, summits, people, organisations
and sources."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db.models import Case, F, Value, When
from django.urls import reverse

from summits.models import (
    FINAL_STATUSES,
    Commission,
    Meeting,
    Place,
    Source,
    Status,
    StatusUpdate,
    Summit,
    SummitSeries,
)
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("seed")

# List URL name, a search that finds exactly one row, that row's text, and its queries
# once the cache is warm: user, count, page, one per related list shown, and the saved
# views' menu (1, however many views: test_saved_views_menu.py); the action items' page
# also reads the user's permissions (2: tick boxes for analysts). The session and the
# filter menus come from the cache (test_caching.py: never stale).
# Query budgets count the viewer's permissions to read (2: their own, their groups').
LISTS = [
    ("actionitem-list", "maritime", "MARITIME-2025-1", 8),
    ("meeting-list", "Patrushev", "Modi–Patrushev meeting in New Delhi", 8),
    ("summit-list", "New Delhi", "23rd India–Russia Annual Summit", 6),
    ("person-list", "Lavrov", "Sergey Lavrov", 6),
    ("organisation-list", "Maritime Board", "Maritime Board of the Russian Federation", 6),
    ("source-list", "Manturov", "Jaishankar meets Manturov in Moscow", 6),
    ("commission-list", "IRIGC", "IRIGC-TEC", 7),
    ("series-list", "Annual", "India–Russia Annual Summit", 7),
]


def rows(response) -> list:
    return [row.record for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_search_finds_the_one_matching_row(viewer_client, name, search, found, budget):
    response = viewer_client.get(reverse(f"summits:{name}"), {"q": search})
    assert response.status_code == 200
    assert len(rows(response)) == 1
    assert found in response.text


@dataclass(frozen=True)
class Unknown:
    """A day that orders its unknowns (null) last, ascending and descending alike."""

    path: str


# What each sortable column's rows are ordered by, said again here: the oracle the pages'
# order is checked against. A status follows its scale, not the alphabet.
ITEM_STATUS = Case(*(When(status=code, then=Value(rank)) for rank, code in enumerate(Status)))
SUMMIT_STATUS = Case(
    *(When(status=code, then=Value(rank)) for rank, code in enumerate(Summit.Status))
)
SORTS = {
    "actionitem-list": {
        "ref": ["ref"],
        "title": ["title"],
        "status": [ITEM_STATUS],
        "due": [Unknown("due_start")],
        "target_summit": ["target_summit__date_start", "target_summit__number"],
        "status_as_of": ["status_as_of"],
        "priority": ["priority"],
        "origin_meeting": ["origin_meeting__date_start"],
    },
    "meeting-list": {
        "date": [Unknown("date_start")],
        "title": ["title"],
        "kind": ["kind"],
        "place": ["place__name"],
        "summit": ["summit__date_start", "summit__number"],
        "commission": ["commission__name"],
        "item_count": ["item_count"],
    },
    "summit-list": {
        "name": ["series__name", "number"],
        "date": [Unknown("date_start")],
        "host_place": ["host_place__name"],
        "country": ["host_place__country__name"],
        "status": [SUMMIT_STATUS],
        "open_items": ["open_items"],
        "meeting_count": ["meeting_count"],
    },
    "person-list": {
        "name": ["name"],
        "title": ["title"],
        "organisation": ["organisation__name"],
        "country": ["country__name"],
        "meeting_count": ["meeting_count"],
    },
    "organisation-list": {
        "name": ["name"],
        "acronym": ["acronym"],
        "kind": ["kind"],
        "country": ["country__name"],
        "parent": ["parent__name"],
        "people_count": ["people_count"],
        "item_count": ["item_count"],
    },
    "source-list": {
        "title": ["title"],
        "publisher": ["publisher"],
        "published_on": ["published_on"],
        "kind": ["kind"],
        "url": ["url"],
    },
    "commission-list": {
        "name": ["name"],
        "acronym": ["acronym"],
        "parent": ["parent__name"],
        "session_count": ["session_count"],
        "item_count": ["item_count"],
    },
    "series-list": {
        "name": ["name"],
        "summit_count": ["summit_count"],
        "item_count": ["item_count"],
    },
}


def _keys(queryset, terms: list, descending: bool) -> tuple[dict, list]:
    """Each row's sort key by pk, and the keys in the order the database sorts them."""
    names = [f"sort_key_{i}" for i in range(len(terms))]
    keyed = queryset.annotate(
        **{
            name: F(term.path if isinstance(term, Unknown) else term)
            if isinstance(term, (str, Unknown))
            else term
            for name, term in zip(names, terms, strict=True)
        }
    )
    ordering = []
    for name, term in zip(names, terms, strict=True):
        last = {"nulls_last": True} if isinstance(term, Unknown) else {}
        ordering.append(F(name).desc(**last) if descending else F(name).asc(**last))
    by_pk = {pk: tuple(key) for pk, *key in keyed.values_list("pk", *names)}
    return by_pk, [tuple(key) for key in keyed.order_by(*ordering).values_list(*names)]


def _rows_that_differ_in_every_column() -> None:
    """Beside the seed's one summit, one source, one commission, one series and items not
    yet started: more of each."""
    summit = Summit.objects.get()
    Summit.objects.create(
        series=summit.series,
        number=summit.number + 1,
        host_place=Place.objects.get(slug="moscow"),
        date_start=dt.date(2026, 9, 1),
        date_precision="month",
        status=Summit.Status.SCHEDULED,
    )
    # Scheduled before cancelled on the scale, after it in the alphabet.
    Summit.objects.create(
        series=summit.series, number=summit.number + 2, status=Summit.Status.CANCELLED
    )
    Source.objects.create(
        slug="extra-source",
        title="Another report",
        publisher="Another publisher",
        published_on=dt.date(2025, 12, 1),
        kind=Source.Kind.PRESS_RELEASE,
        url="https://example.org/another-report",
    )
    open_statuses = [status for status in Status if status not in FINAL_STATUSES]
    for item, status in zip(make_action_items(12), open_statuses[1:3] * 6, strict=False):
        StatusUpdate.objects.create(action_item=item, as_of=dt.date(2025, 12, 1), status=status)
    meetings = make_meetings(12, summit=summit)
    group = Commission.objects.create(
        slug="wg-trade",
        name="Working group on trade",
        acronym="WG-T",
        parent=Commission.objects.get(),
    )
    Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings[:3]]).update(commission=group)
    SummitSeries.objects.create(slug="brics-summit", name="BRICS Summit")


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_every_sortable_column_sorts_both_ways(viewer_client, name, search, found, budget):
    _rows_that_differ_in_every_column()
    url = reverse(f"summits:{name}")
    table_class = type(viewer_client.get(url).context["table"])
    every_column = [name for name, _ in table_class.column_choices()]
    viewer_client.post(url, {"columns": every_column})
    table = viewer_client.get(url).context["table"]
    sortable = [column.name for column in table.columns if column.orderable]
    assert sorted(sortable) == sorted(SORTS[name])  # every sortable column is checked
    for column, terms in SORTS[name].items():
        for descending in (False, True):
            sort = f"-{column}" if descending else column
            response = viewer_client.get(url, {"sort": sort, "per_page": 200})
            assert response.status_code == 200, sort
            shown = [row.pk for row in rows(response)]
            assert len(shown) == response.context["table"].paginator.count, sort
            key_of, expected = _keys(table.data.data, terms, descending)
            assert [key_of[pk] for pk in shown] == expected, sort
            assert len(set(expected)) > 1, f"{sort}: every row has the same key"


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_htmx_gets_just_the_table(viewer_client, name, search, found, budget):
    response = viewer_client.get(reverse(f"summits:{name}"), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="results"')


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_no_match_shows_an_empty_state_with_a_way_out(viewer_client, name, search, found, budget):
    response = viewer_client.get(reverse(f"summits:{name}"), {"q": "zzzz-nothing"})
    assert "match these filters" in response.text and "clear all filters" in response.text


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_query_count_stays_the_same_with_many_rows(
    viewer_client, django_assert_max_num_queries, name, search, found, budget
):
    make_action_items(30)
    make_meetings(30, summit=Summit.objects.first())
    table_class = viewer_client.get(reverse(f"summits:{name}")).context["table"]
    every_column = [name for name, _ in type(table_class).column_choices()]
    viewer_client.post(reverse(f"summits:{name}"), {"columns": every_column})
    with django_assert_max_num_queries(budget):
        response = viewer_client.get(reverse(f"summits:{name}"), {"per_page": 100})
    assert len(rows(response)) >= 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"participant": "nikolai-patrushev"}, {"2025-11-18-modi-patrushev"}),
        ({"place": "new-delhi"}, {"2025-11-18-modi-patrushev"}),
        ({"country": "IN"}, {"2025-11-18-modi-patrushev"}),
        ({"kind": "commission_session"}, {"irigc-tec-26"}),
        ({"commission": "irigc-tec"}, {"irigc-tec-26"}),
        ({"sector": "maritime"}, {"2025-11-18-modi-patrushev"}),
        ({"date_after": "2025-11-18", "date_before": "2025-11-18"}, {"2025-11-18-modi-patrushev"}),
        (
            {"summit": "india-russia-annual-summit-23"},
            {
                "2025-11-18-modi-patrushev",
                "2025-11-19-jaishankar-manturov",
                "2025-11-jaishankar-lavrov",
            },
        ),
    ],
)
def test_meeting_filters(viewer_client, query, expected):
    response = viewer_client.get(reverse("summits:meeting-list"), query)
    assert {meeting.slug for meeting in rows(response)} == expected


@pytest.mark.parametrize(
    ("name", "query", "record"),
    [
        ("meeting-list", {"participant": "no-such-person"}, "person"),
        ("meeting-list", {"place": "no-such-place"}, "place"),
        ("person-list", {"meeting": "no-such-meeting"}, "meeting"),
    ],
)
def test_big_relations_are_typed_as_slugs_and_unknown_ones_are_reported(
    viewer_client, name, query, record
):
    response = viewer_client.get(reverse(f"summits:{name}"), query)
    assert response.status_code == 200
    field = response.context["filterset"].form[next(iter(query))]
    assert field.widget_type == "picker" and "<select" not in str(field)  # not a menu of all
    assert f"No {record} has the slug or name “no-such-" in response.text


def test_person_filter_by_meeting_slug(viewer_client):
    response = viewer_client.get(
        reverse("summits:person-list"), {"meeting": "2025-11-18-modi-patrushev"}
    )
    assert "nikolai-patrushev" in {person.slug for person in rows(response)}


def test_meetings_show_participants_and_their_number_of_action_items(viewer_client):
    response = viewer_client.get(reverse("summits:meeting-list"), {"commission": "irigc-tec"})
    (session,) = rows(response)
    assert session.item_count == Meeting.objects.get(slug="irigc-tec-26").action_items.count()
    assert session.item_count == 5


def test_summit_counts_are_not_multiplied_by_each_other(viewer_client):
    make_meetings(3, summit=Summit.objects.get(number=23))
    (summit,) = rows(viewer_client.get(reverse("summits:summit-list")))
    assert summit.open_items == 7
    assert summit.meeting_count == 6


@pytest.mark.parametrize(
    ("name", "query", "count"),
    [
        ("summit-list", {"status": "anticipated", "country": "IN"}, 1),
        ("summit-list", {"status": "held"}, 0),
        ("summit-list", {"series": "india-russia-annual-summit"}, 1),
        ("person-list", {"country": "RU"}, 4),
        ("person-list", {"organisation": "mea-india"}, 1),
        ("person-list", {"meeting": "2025-11-19-jaishankar-manturov"}, 2),
        ("organisation-list", {"kind": "mission"}, 2),
        ("organisation-list", {"parent": "mea-india"}, 2),
        ("organisation-list", {"responsible_for": "on", "country": "RU"}, 4),
        ("source-list", {"publisher": "ani", "kind": "news_report"}, 1),
        ("source-list", {"published_after": "2025-11-21"}, 0),
    ],
)
def test_other_list_filters(viewer_client, name, query, count):
    assert len(rows(viewer_client.get(reverse(f"summits:{name}"), query))) == count


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_lists_need_a_login(client, name, search, found, budget):
    response = client.get(reverse(f"summits:{name}"), {"_export": "csv"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
