"""What every list page shares, and the filters of meetings, summits, people, organisations
and sources."""

import pytest
from django.urls import reverse

from summits.models import Meeting, Summit
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("seed")

# List URL name, a search that finds exactly one row, that row's text, and its queries
# once the cache is warm: user, count, page, one per related list shown; the action
# items' page also reads the user's permissions (2: tick boxes for analysts). The
# session and the filter menus come from the cache (test_caching.py: never stale).
# Query budgets count the viewer's permissions to read (2: their own, their groups').
LISTS = [
    ("actionitem-list", "maritime", "MARITIME-2025-1", 9),
    ("meeting-list", "Patrushev", "Modi–Patrushev meeting in New Delhi", 7),
    ("summit-list", "New Delhi", "23rd India–Russia Annual Summit", 5),
    ("person-list", "Lavrov", "Sergey Lavrov", 5),
    ("organisation-list", "Maritime Board", "Maritime Board of the Russian Federation", 5),
    ("source-list", "Manturov", "Jaishankar meets Manturov in Moscow", 5),
]


def rows(response) -> list:
    return [row.record for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_search_finds_the_one_matching_row(viewer_client, name, search, found, budget):
    response = viewer_client.get(reverse(f"summits:{name}"), {"q": search})
    assert response.status_code == 200
    assert len(rows(response)) == 1
    assert found in response.text


@pytest.mark.parametrize(("name", "search", "found", "budget"), LISTS)
def test_every_sortable_column_sorts_both_ways(viewer_client, name, search, found, budget):
    url = reverse(f"summits:{name}")
    table = viewer_client.get(url).context["table"]
    for column in table.columns:
        if column.orderable:
            for sort in (column.name, f"-{column.name}"):
                response = viewer_client.get(url, {"sort": sort})
                assert response.status_code == 200, sort
                assert len(rows(response)) == len(table.rows), sort


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
    every_column = list(type(table_class).base_columns)
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
    assert field.widget_type == "text"  # not a menu of every record
    assert f"No {record} has the slug “no-such-" in response.text


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
