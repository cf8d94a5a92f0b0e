"""A page of any API list costs the same number of queries however many rows it holds."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.api import urls as api_urls
from summits.models import ActionItem, Summit
from tests.api.conftest import token_client, token_create
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("outcomes")

LISTS = [basename for _prefix, _viewset, basename in api_urls.router.registry]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("basename", LISTS)
def test_a_list_page_costs_the_same_queries_for_few_rows_and_many(viewer_client, basename):
    url = f"{reverse(f'api:{basename}-list')}?per_page=200"
    viewer_client.get(url)  # menus and permissions cached, as on any later request
    few = _queries(viewer_client, url)
    for item in make_action_items(40):
        item.watchers.add(*User.objects.all())
    make_meetings(40, summit=Summit.objects.first())
    assert ActionItem.objects.count() > 40
    assert _queries(viewer_client, url) == few


def test_an_action_item_list_page_has_a_small_fixed_budget(viewer_client):
    make_action_items(60)
    url = reverse("api:actionitem-list") + "?per_page=50&sector=trade&overdue=on"
    viewer_client.get(url)
    # The user and their permissions (3), the count, the page, its rows' sectors,
    # responsible organisations and watchers.
    assert _queries(viewer_client, url) <= 8


def test_a_token_adds_one_query_to_a_request(viewer, viewer_client):
    url = reverse("api:actionitem-list")
    script = token_client(token_create(viewer))
    script.get(url)  # notes its first use
    by_session = _queries(viewer_client, url)
    viewer_client.get(url)
    # The token's row and its user come in one query; the session and its user in two
    # (cached_db sessions read from the cache).
    assert _queries(script, url) <= by_session + 1


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # 3 for the user and their permissions, then the record and each relation once.
        ("/api/action-items/IRIGC-TEC-26/TRADE-1/", 9),
        ("/api/meetings/irigc-tec-26/", 7),
        ("/api/agreements/2025-12-05-india-russia-mou-maritime/", 10),
        ("/api/documents/2025-12-05-india-russia-joint-statement/", 5),
        # The summit, then its kept counts by status, its items at risk, its updates.
        ("/api/summits/india-russia-annual-summit/23/readiness/", 8),
        # Its counts (due dates' and last updates' tallies, items by status, the changed
        # items), then each queue's dated items and, when fewer than a page, its undated.
        ("/api/follow-up/", 16),
    ],
)
def test_a_record_reads_in_a_fixed_number_of_queries(viewer_client, url, budget):
    viewer_client.get(url)
    assert _queries(viewer_client, url) <= budget
