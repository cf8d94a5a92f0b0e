"""The site search: every kind of record, grouped, counted, each count that of the list
it links to; a fixed number of queries; the search box in every page's header."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.models import (
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
    Paragraph,
    Person,
    Place,
    Source,
    Summit,
)
from summits.queries.search import KINDS, MAX_LENGTH, SHOWN
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:search")


def groups(response) -> dict:
    return {group.key: group for group in response.context["groups"]}


@pytest.mark.parametrize(
    ("q", "key", "found", "url"),
    [
        ("IRIGC-TEC-26/TRADE", "action-items", "IRIGC-TEC-26/TRADE-1", None),
        ("maritime capabilities", "action-items", "MARITIME-2025-1", None),  # its text
        ("23rd India–Russia", "summits", "23rd India–Russia Annual Summit", None),
        ("Manturov talks", "meetings", "Jaishankar–Manturov talks in Moscow", None),
        ("Subrahmanyam", "people", "S. Jaishankar", None),  # another spelling
        ("Maritime Board", "organisations", "Maritime Board of the Russian Federation", None),
        ("Yekaterinburg", "places", "Yekaterinburg", "/meetings/?place=yekaterinburg"),
        ("Manturov in Moscow ahead", "sources", None, None),
        ("IRIGC-TEC", "commissions", "IRIGC-TEC", None),
        ("India–Russia Annual", "series", "India–Russia Annual Summit", None),
    ],
)
def test_each_kind_is_found_and_links_to_its_record(viewer_client, q, key, found, url):
    response = viewer_client.get(URL, {"q": q})
    assert response.status_code == 200
    group = groups(response)[key]
    assert group.count >= 1
    record = group.records[0]
    if found:
        assert found in {str(record), getattr(record, "ref", None)}
    href = url or record.get_absolute_url()
    assert f'href="{href}"' in unescape(response.text)


def test_text_found_nowhere_says_so(viewer_client):
    response = viewer_client.get(URL, {"q": "zanzibar"})
    assert response.context["total"] == 0
    assert "Nothing matches every word of “zanzibar”" in response.text


def test_every_kind_is_a_group_with_its_count_and_a_heading(viewer_client):
    response = viewer_client.get(URL, {"q": "Moscow"})
    found = groups(response)
    assert list(found) == [kind.key for kind in KINDS]
    assert response.context["total"] == sum(group.count for group in found.values())
    page = response.text
    for group in found.values():
        assert len(group.records) == min(group.count, SHOWN)
        if group.count:
            heading = f'<h2 id="{group.key}-heading">{group.title} <span class="count">'
            assert f"{heading}{group.count}</span></h2>" in page
    assert found["meetings"].count >= 3 and found["places"].count == 1


@pytest.mark.parametrize("q", ["extra", "Moscow", "India", "23rd", "IRIGC-TEC-26/TRADE"])
def test_each_see_all_link_counts_what_its_list_shows(viewer_client, q):
    make_action_items(SHOWN + 2, prefix="EXTRA")
    make_meetings(SHOWN + 3)
    response = viewer_client.get(URL, {"q": q})
    page = unescape(response.text)
    found = [group for group in response.context["groups"] if group.count]
    assert found
    for group in found:
        if not group.list_route:
            continue
        links = re.findall(rf'href="({reverse(group.list_route)}\?q=[^"]+)">', page)
        assert len(links) == 1, group.key
        table = viewer_client.get(links[0]).context["table"]
        assert table.paginator.count == group.count, group.key
    if q == "extra":
        assert "See all 12 in the action items list" in response.text
        assert "See all 13 in the meetings list" in response.text


def test_a_kind_without_a_list_says_how_many_it_leaves_out(viewer_client):
    country = Place.objects.get(slug="moscow").country
    Place.objects.bulk_create(
        Place(slug=f"lake-{n}", name=f"Lake town {n}", country=country) for n in range(SHOWN + 4)
    )
    response = viewer_client.get(URL, {"q": "lake town"})
    assert groups(response)["places"].count == SHOWN + 4
    assert f"The first {SHOWN} of {SHOWN + 4}: add a word to narrow the search." in response.text


def _many_records_matching(word: str, count: int, start: int) -> None:
    """`count` records of every kind that `word` finds."""
    country = Place.objects.get(slug="moscow").country
    numbers = range(start, start + count)
    make_action_items(count, prefix=f"{word.upper()}{start}")
    Person.objects.bulk_create(Person(slug=f"p-{n}", name=f"{word} person {n}") for n in numbers)
    Organisation.objects.bulk_create(
        Organisation(slug=f"o-{n}", name=f"{word} board {n}", country=country) for n in numbers
    )
    Place.objects.bulk_create(
        Place(slug=f"pl-{n}", name=f"{word} town {n}", country=country) for n in numbers
    )
    Source.objects.bulk_create(
        Source(slug=f"s-{n}", title=f"{word} report {n}", publisher="X", published_on="2025-01-01")
        for n in numbers
    )
    Commission.objects.bulk_create(
        Commission(slug=f"c-{n}", name=f"{word} commission {n}") for n in numbers
    )
    Meeting.objects.bulk_create(
        Meeting(slug=f"m-{n}", title=f"{word} meeting {n}", date_start="2026-01-01")
        for n in numbers
    )
    Agreement.objects.bulk_create(
        Agreement(slug=f"a-{n}", title=f"{word} MoU {n}") for n in numbers
    )
    # Documents found by their paragraphs' text, not their titles.
    summit, source = Summit.objects.first(), Source.objects.get(slug=f"s-{start}")
    documents = OutcomeDocument.objects.bulk_create(
        OutcomeDocument(
            slug=f"d-{n}",
            title=f"Statement {n}",
            summit=summit,
            adopted_on=summit.date_start,
            source=source,
        )
        for n in numbers
    )
    Paragraph.objects.bulk_create(
        Paragraph(document=document, number=number, text=f"The sides discussed {word} {number}.")
        for document in documents
        for number in (1, 2)
    )


def test_the_query_count_does_not_grow_with_the_records_found(viewer_client):
    viewer_client.get(URL, {"q": "warmup"})  # SQLite looks for its trigram index once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_client.get(URL, {"q": "Extra"}).status_code == 200
        return len(captured)

    _many_records_matching("Extra", SHOWN + 1, 0)
    first = queries()
    _many_records_matching("Extra", 40, 100)
    # Session, user, permissions to read (2); per kind its first rows and its count.
    assert queries() == first <= 4 + 2 * len(KINDS)


@pytest.mark.parametrize("q", ["", "   ", "\t"])
def test_an_empty_search_shows_a_hint(viewer_client, q):
    response = viewer_client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "Type a name, a reference or a few words" in response.text


def test_no_q_at_all_shows_the_hint(viewer_client):
    assert "Type a name, a reference" in viewer_client.get(URL).text


def test_a_search_too_long_is_refused_with_a_message(viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # session, user, permissions: no search
        response = viewer_client.get(URL, {"q": "trade " * 40})
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert f"search for at most {MAX_LENGTH}" in response.text


def test_a_search_of_the_longest_length_runs(viewer_client):
    q = ("Moscow " * 40)[:MAX_LENGTH]
    response = viewer_client.get(URL, {"q": q})
    assert groups(response)["places"].count == 1


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("nobody", 403), ("viewer", 200)]
)
def test_only_readers_may_search(viewer, who, expected):
    client = Client()
    if who != "anonymous":
        client.force_login(viewer if who == "viewer" else User.objects.create_user("nobody"))
    response = client.get(URL, {"q": "trade"})
    assert response.status_code == expected
    if who == "anonymous":
        assert response.url.startswith(f"{reverse('login')}?next=")


def test_the_search_box_is_in_every_readers_header(viewer_client):
    for page in [reverse("summits:home"), reverse("summits:actionitem-list"), URL]:
        text = viewer_client.get(page).text
        assert f'<form class="site-search" role="search" method="get" action="{URL}">' in text
        assert '<label for="site-search-q" class="visually-hidden">' in text
    # On the results, the box holds the search.
    assert 'value="Moscow talks"' in viewer_client.get(URL, {"q": "Moscow talks"}).text


def test_no_search_box_for_who_may_not_read(client):
    client.force_login(User.objects.create_user("nobody"))
    assert 'role="search"' not in client.get(reverse("summits:home")).text
