"""A list counts its rows up to TRACKER_LIST_COUNT_LIMIT, then says "more than" and
counts them all when asked; its pages stay the pages of the exact count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.models import ActionItem, Meeting
from tests.count_limit import FILTER, LIMIT, counted_up_to_limit, filtered_items  # noqa: F401
from tests.records import make_meetings

URL = reverse("summits:actionitem-list")
pytestmark = pytest.mark.usefixtures("counted_up_to_limit")


def count_text(response) -> str:
    """What the list says of its rows, as read: "More than 30 action items, showing 1–25"."""
    html = re.search(r'<p id="results-count" class="count">(.*?)</p>', response.text, re.S)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def refs(response) -> list[str]:
    return [row.record.ref for row in response.context["table"].paginated_rows]


def page_links(response) -> list[str]:
    """The page numbers linked under the table, "…" where some are left out."""
    nav = re.search(r'<nav class="pages".*?</nav>', response.text, re.S)[0]
    return [number or gap for number, gap in re.findall(r"</span>(\d+)</a>|>(…)</span>", nav)]


def total() -> int:
    return filtered_items().count()


def test_past_the_limit_the_list_says_more_than_and_links_the_exact_count(viewer_client):
    response = viewer_client.get(URL, FILTER)
    assert count_text(response) == f"More than {LIMIT} action items, showing 1–25 Count them all"
    assert response.context["table"].paginator.more_than == LIMIT
    assert 'href="?status=not_assessed&amp;due_before=2026-12-31&amp;count=all"' in response.text
    assert "Download all:" in response.text
    # The last page counted so far is not the last page.
    assert page_links(response) == ["1", "2", "…"]


def test_the_exact_count_on_demand(viewer_client):
    assert total() > LIMIT
    response = viewer_client.get(URL, FILTER | {"count": "all"})
    assert count_text(response) == f"{total()} action items, showing 1–25"
    assert response.context["table"].paginator.more_than is None
    assert f"Download all {total()}:" in response.text
    assert "Count them all" not in response.text
    assert page_links(response)[-1] == str(-(-total() // 25))


def test_a_whole_table_is_counted_to_the_limit_except_by_sqlite(viewer_client):
    # The action items' from their kept tallies (test_kept_list_counts.py); the meetings'
    # by the database.
    response = viewer_client.get(URL)
    assert count_text(response) == f"{ActionItem.objects.count()} action items, showing 1–25"
    make_meetings(LIMIT + 5)
    response = viewer_client.get(reverse("summits:meeting-list"))
    paginator = response.context["table"].paginator
    if connection.vendor == "sqlite":
        assert paginator.more_than is None and paginator.count == Meeting.objects.count()
    else:
        assert paginator.more_than == LIMIT


def test_under_the_limit_the_count_is_exact_as_before(viewer_client, settings):
    settings.TRACKER_LIST_COUNT_LIMIT = 1000
    response = viewer_client.get(URL, FILTER)
    assert count_text(response) == f"{total()} action items, showing 1–25"
    assert "Count them all" not in response.text


@pytest.mark.parametrize("per_page", [25, 50])
def test_every_page_shows_the_rows_and_range_of_the_exact_count(viewer_client, per_page):
    """Asked for a page past the limit, the list counts past that page: its rows, its
    range and whether a next page follows are those the exact count gives."""
    pages = -(-total() // per_page)
    # None: no page asked for; one past the end: the last page, as before.
    for number in [None, "x", *range(1, pages + 2)]:
        asked = FILTER | {"per_page": per_page} | ({"page": number} if number else {})
        limited = viewer_client.get(URL, asked)
        exact = viewer_client.get(URL, asked | {"count": "all"})
        assert refs(limited) == refs(exact)
        shown, exact_page = limited.context["table"].page, exact.context["table"].page
        assert (shown.number, shown.start_index(), shown.end_index(), shown.has_next()) == (
            exact_page.number,
            exact_page.start_index(),
            exact_page.end_index(),
            exact_page.has_next(),
        )
        if limited.context["table"].paginator.more_than:
            assert shown.has_next()  # never the last page while more rows follow


def test_a_page_past_the_limit_says_how_many_it_knows_of(viewer_client):
    response = viewer_client.get(URL, FILTER | {"page": 2})
    assert count_text(response) == "More than 50 action items, showing 26–50 Count them all"
    assert (
        'href="?status=not_assessed&amp;due_before=2026-12-31&amp;page=2&amp;count=all"'
        in response.text
    )


def test_the_count_stops_at_the_limit_in_the_database(viewer_client):
    viewer_client.get(URL)  # fills the cache with the filter menus
    with CaptureQueriesContext(connection) as captured:
        viewer_client.get(URL, FILTER)
    counts = [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(")]
    assert len(counts) == 1 and f"LIMIT {LIMIT + 1}" in counts[0]


def test_the_limit_costs_no_query(viewer_client, django_assert_max_num_queries):
    viewer_client.get(URL)
    # As without a limit (test_action_item_list.py): user, permissions (2), count, page,
    # sectors, responsible organisations, saved views.
    with django_assert_max_num_queries(8):
        response = viewer_client.get(URL, FILTER | {"per_page": 50})
    assert response.context["table"].paginator.more_than == 50
    with django_assert_max_num_queries(8):
        viewer_client.get(URL, FILTER | {"per_page": 50, "count": "all"})
