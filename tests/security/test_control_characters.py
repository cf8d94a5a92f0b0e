"""A NUL or another control character in an address is refused before any query.

PostgreSQL fails on a NUL in any text it is given (a 500 for everyone, anonymous users
included); SQLite just finds nothing. Both must answer the same 404 or 400: run this file
on both backends.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("seed")

AUTOCOMPLETE = {"app_label": "summits", "model_name": "actionitem", "field_name": "owner"}


@pytest.mark.parametrize(
    "path",
    ["/calendar/feed/%00.ics", "/calendar/feed/a%0Ab.ics", "/sources/%7F/"],
)
def test_an_anonymous_address_with_a_control_character_is_404_without_a_query(
    client, django_assert_num_queries, path
):
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/action-items/a%00b/",
        "/action-items/MARITIME-2025-1%00/history/",
        "/action-items/NEW%0ALINE/",
        "/meetings/irigc-tec-26%00/",
        "/admin/summits/actionitem/1%00/change/",
    ],
)
def test_a_signed_in_address_with_a_control_character_is_404(analyst_client, path):
    assert analyst_client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("url", "params", "search"),
    [
        ("admin:autocomplete", AUTOCOMPLETE, "term"),
        ("admin:autocomplete", AUTOCOMPLETE | {"field_name": "origin_meeting"}, "term"),
        ("summits:actionitem-list", {}, "q"),
        ("summits:meeting-list", {}, "q"),
        ("admin:summits_actionitem_changelist", {}, "q"),
    ],
)
def test_a_nul_in_a_search_is_400(analyst_client, url, params, search):
    assert analyst_client.get(reverse(url), params | {search: "a\x00b"}).status_code == 400
    # The same search without it is answered.
    assert analyst_client.get(reverse(url), params | {search: "ab"}).status_code == 200
