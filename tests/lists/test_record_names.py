"""The record filters' text boxes take a slug in any case, a name, another name, or a
session's number, and then show the list at the address naming the record's slug; the
pickers' endpoint offers the records matching what is typed."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from summits.models import Meeting, Person, Place
from summits.queries import PICKS, records_matching
from summits.queries.picking import _text_q, records_named

pytestmark = pytest.mark.usefixtures("seed")
ITEMS = reverse("summits:actionitem-list")
MEETINGS = reverse("summits:meeting-list")
PEOPLE = reverse("summits:person-list")


@pytest.mark.parametrize(
    ("url", "name", "typed", "slug"),
    [
        (ITEMS, "origin", "IRIGC-TEC-26", "irigc-tec-26"),
        (ITEMS, "origin", "26th session of the IRIGC-TEC", "irigc-tec-26"),
        (ITEMS, "origin", "IRIGC-TEC 26", "irigc-tec-26"),
        (ITEMS, "origin", "irigc-tec 26th session", "irigc-tec-26"),
        (ITEMS, "origin", "26th session", "irigc-tec-26"),  # the only 26th session
        (ITEMS, "origin", "Jaishankar–Manturov talks in Moscow", "2025-11-19-jaishankar-manturov"),
        (ITEMS, "responsible", "MEA", "mea-india"),
        (ITEMS, "responsible", "maritime board of the russian federation", "maritime-board-russia"),
        (MEETINGS, "place", "New Delhi", "new-delhi"),
        (MEETINGS, "participant", "PM Modi", "narendra-modi"),  # an alias
        (MEETINGS, "participant", "Nikolai Patrushev", "nikolai-patrushev"),
        (PEOPLE, "meeting", "IRIGC-TEC 26", "irigc-tec-26"),
    ],
)
def test_a_record_named_in_the_box_becomes_its_slug_in_the_address(
    viewer_client, url, name, typed, slug
):
    response = viewer_client.get(url, {name: typed, "sort": "-title"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{name}={slug}&sort=-title"
    assert viewer_client.get(url, {name: slug}).context["table"].paginator.count > 0


def test_the_box_then_shows_the_record_s_name_and_the_list_what_its_slug_gives(viewer_client):
    response = viewer_client.get(ITEMS, {"origin": "IRIGC-TEC 26"}, follow=True)
    assert response.redirect_chain == [(f"{ITEMS}?origin=irigc-tec-26", 302)]
    assert "Showing: 26th session of the IRIGC-TEC." in response.text
    assert len(response.context["table"].paginated_rows) == 5
    assert "?origin=irigc-tec-26&amp;_export=csv" in response.text  # the exports name the slug


def test_an_export_by_name_is_sent_from_the_slug_s_address(viewer_client):
    response = viewer_client.get(ITEMS, {"origin": "IRIGC-TEC 26", "_export": "csv"})
    assert response["Location"] == f"{ITEMS}?origin=irigc-tec-26&_export=csv"


def test_a_name_several_records_go_by_lists_them_with_their_slugs(viewer_client):
    Person.objects.create(slug="nikolai-other", name="Nikolai Other", aliases="Patrushev")
    response = viewer_client.get(MEETINGS, {"participant": "patrushev"})
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0
    assert (
        "“patrushev” could be any of Nikolai Other (nikolai-other); "
        "Nikolai Patrushev (nikolai-patrushev): type the slug of the one you mean."
    ) in response.text


def test_an_ambiguous_name_lists_five_records_and_says_there_are_more(viewer_client):
    country = Place.objects.first().country_id
    Place.objects.bulk_create(
        Place(slug=f"springfield-{n}", name="Springfield", country_id=country) for n in range(7)
    )
    response = viewer_client.get(MEETINGS, {"place": "Springfield"})
    problem = response.context["filterset"].problems[0]
    assert problem.count("(springfield-") == 5
    assert ", and more: type the slug" in problem


def test_a_slug_is_one_record_even_where_another_s_name_reads_the_same(viewer_client):
    country = Place.objects.first().country_id
    Place.objects.create(slug="delhi-new", name="new-delhi", country_id=country)
    response = viewer_client.get(MEETINGS, {"place": "new-delhi"})
    assert response.status_code == 200
    assert response.context["filterset"].problems == []


def test_a_slug_is_read_by_its_index_alone(django_assert_num_queries):
    with django_assert_num_queries(1) as read:
        assert [p.slug for p in records_named(Place, "new-delhi", limit=5)] == ["new-delhi"]
    assert 'WHERE "summits_place"."slug" = ' in read.captured_queries[0]["sql"]


def test_a_slug_shaped_name_that_is_no_slug_is_still_found_by_name(django_assert_num_queries):
    country = Place.objects.first().country_id
    Place.objects.create(slug="volga-port-1", name="volga-port", country_id=country)
    with django_assert_num_queries(2):  # the slug first, then the names
        assert [p.slug for p in records_named(Place, "volga-port", limit=5)] == ["volga-port-1"]


def test_a_wrong_session_number_is_no_record(viewer_client):
    response = viewer_client.get(ITEMS, {"origin": "IRIGC-TEC 25"})
    assert "No meeting has the slug or name “IRIGC-TEC 25”" in response.text


# The pickers' endpoint ---------------------------------------------------------------


def picks(client, kind: str, q: str) -> list[dict]:
    response = client.get(reverse("summits:pick", args=[kind]), {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(
    ("kind", "q", "slug", "label"),
    [
        ("meeting", "IRIGC-TEC 26", "irigc-tec-26", "26th session of the IRIGC-TEC"),
        ("meeting", "26", "irigc-tec-26", "26th session of the IRIGC-TEC"),
        (
            "meeting",
            "manturov",
            "2025-11-19-jaishankar-manturov",
            "Jaishankar–Manturov talks in Moscow",
        ),
        ("person", "PM Mo", "narendra-modi", "Narendra Modi"),
        ("organisation", "kreml", "presidential-executive-office-russia", None),
        ("place", "delhi", "new-delhi", "New Delhi"),
    ],
)
def test_a_picker_offers_records_by_name_other_name_or_number(viewer_client, kind, q, slug, label):
    found = {pick["slug"]: pick["label"] for pick in picks(viewer_client, kind, q)}
    assert slug in found
    assert label is None or found[slug] == label


def test_a_picker_offers_twenty_at_most_in_one_query(viewer_client, django_assert_max_num_queries):
    country = Place.objects.first().country_id
    Place.objects.bulk_create(
        Place(slug=f"town-{n}", name=f"Town {n}", country_id=country) for n in range(PICKS + 5)
    )
    viewer_client.get(reverse("summits:pick", args=["place"]))  # the session, warm
    # The user, their permissions to read (2: their own, their groups'), then the records.
    with django_assert_max_num_queries(4):
        assert len(picks(viewer_client, "place", "town")) == PICKS


def test_a_picker_of_no_such_kind_is_not_found(viewer_client):
    assert viewer_client.get(reverse("summits:pick", args=["source"])).status_code == 404


def test_a_picker_needs_the_permission_to_read(client, django_user_model):
    url = reverse("summits:pick", args=["person"])
    assert client.get(url, {"q": "modi"}).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get(url, {"q": "modi"}).status_code == 403


# On SQLite the meetings' picker reads their trigram index: the same records as LIKE alone.

MEETING_TITLES = ["Talks in Zürich", 'He said "yes"', "100% of the quota", "Москва forum"]


@pytest.mark.parametrize(
    "q",
    ["Zür", "zür", '"yes"', 'said "', "100%", "0% o", "Москва", "extra-meeting-00", "tanker"],
)
def test_the_meeting_picker_finds_what_like_finds(q):
    for number, title in enumerate(MEETING_TITLES, start=1):
        Meeting.objects.create(
            slug=f"extra-meeting-{number:03}",
            title=title,
            date_start=dt.date(2026, 1, number),
            date_precision="day",
        )
    liked = Meeting.objects.filter(Q(slug__icontains=q) | Q(title__icontains=q))
    found = {pick.slug for pick in records_matching(Meeting, q, limit=100)}
    assert found == set(liked.values_list("slug", flat=True))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the trigram index is SQLite's")
@pytest.mark.usefixtures("planner_statistics")
def test_the_meeting_picker_reads_the_trigram_index_not_every_title():
    query = Meeting.objects.filter(_text_q(Meeting, "Manturov", "icontains")).explain()
    assert "SCAN summits_meeting_search VIRTUAL TABLE" in query
    assert "SCAN summits_meeting " not in query and "SCAN summits_meeting\n" not in query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PG's")
def test_the_meeting_picker_reads_the_trigram_indexes_not_every_title():
    """Migration 0030: a whole title typed is looked up by its trigrams, not compared with
    every meeting's title and slug."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a dozen meetings: a scan would win
    typed = "Talks of the ministers of trade in Moscow"  # a title, no session's number
    query = Meeting.objects.filter(_text_q(Meeting, typed, "icontains")).order_by().explain()
    assert "meeting_title_trgm" in query and "meeting_slug_trgm" in query
