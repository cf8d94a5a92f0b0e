"""My follow-ups: what a user owns or watches, flagged overdue, due soon or stale."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, Status, StatusUpdate
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:my-follow-ups")


def due_in(item: ActionItem, days: int) -> None:
    item.due = FuzzyDate(timezone.localdate() + dt.timedelta(days=days), "day")
    item.save()


def row(page: str, ref: str) -> str:
    start = page.index(f">{ref}</a>")
    return page[start : page.index("</tr>", start)]


def test_lists_what_the_user_owns_or_watches_with_flags_in_words(viewer_client, viewer, analyst):
    today = timezone.localdate()
    late, soon, quiet, fresh, other = make_action_items(5, prefix="MINE")
    for item in (late, soon, quiet, fresh, other):
        due_in(item, 200)
    due_in(late, -3)
    due_in(soon, 10)
    for item, days_ago in [(quiet, 90), (late, 1), (soon, 1), (fresh, 1)]:
        StatusUpdate.objects.create(
            action_item=item, as_of=today - dt.timedelta(days=days_ago), status=Status.IN_PROGRESS
        )
    late.owner = viewer
    late.save()
    for item in (soon, quiet, fresh):
        item.watchers.add(viewer)
    other.owner = analyst  # neither owned nor watched by the viewer
    other.save()

    response = viewer_client.get(URL)
    assert [item.ref for item in response.context["items"]] == [
        "MINE-001",
        "MINE-002",
        "MINE-003",
        "MINE-004",
    ]
    page = response.text
    assert '<strong class="flag overdue">overdue</strong>' in row(page, "MINE-001")
    assert ">own\n" in row(page, "MINE-001") and "Stop watching" not in row(page, "MINE-001")
    assert '<strong class="flag due-soon">due soon</strong>' in row(page, "MINE-002")
    assert '<strong class="flag stale">stale</strong>' in row(page, "MINE-003")
    assert "nothing now" in row(page, "MINE-004") and "Stop watching" in row(page, "MINE-004")
    assert "MINE-005" not in page


def test_says_what_to_do_when_the_user_follows_nothing(viewer_client):
    page = viewer_client.get(URL).text
    assert "You neither own nor watch any action item." in page
    assert 'href="/follow-up/"' in page


def test_the_menu_links_to_it(viewer_client):
    page = viewer_client.get(reverse("summits:home")).text
    assert f'<a href="{URL}">My follow-ups</a>' in page


def test_query_count_does_not_grow_with_items(viewer_client, viewer, django_assert_max_num_queries):
    for item in make_action_items(30, prefix="MINE"):
        item.watchers.add(viewer)
    # Session, user, permissions to read (2), the items with their flags, summits and owners.
    with django_assert_max_num_queries(5):
        response = viewer_client.get(URL)
    assert len(response.context["items"]) == 30
