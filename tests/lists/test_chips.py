"""The filters a list applies, shown as chips above its results: one per value, each a
link that removes it, and "Clear all"."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.lists import pages

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:actionitem-list")
CHIP = re.compile(
    r'<a class="chip" href="([^"]*)"><span class="visually-hidden">Remove filter </span>'
    r'([^<]*)<span aria-hidden="true"> ×</span></a>'
)


def chips(page: str) -> dict[str, str]:
    """Each chip's visible text, and the address its link leads to."""
    return {unescape(text): unescape(href) for href, text in CHIP.findall(page)}


def test_a_chip_per_value_each_removing_only_itself(viewer_client):
    query = "status=not_started&status=stalled&sector=trade&sort=-due&per_page=50&page=2"
    page = viewer_client.get(f"{URL}?{query}").text
    assert chips(page) == {
        "Status: Not started": f"{URL}?status=stalled&sector=trade&sort=-due&per_page=50",
        "Status: Stalled": f"{URL}?status=not_started&sector=trade&sort=-due&per_page=50",
        "Sector: Trade": f"{URL}?status=not_started&status=stalled&sort=-due&per_page=50",
    }
    assert f'<a class="clear-chips" href="{URL}?sort=-due&amp;per_page=50">Clear all' in page
    # Its accessible name says what it does: "Remove filter Status: Not started".
    assert '<span class="visually-hidden">Remove filter </span>Status: Not started' in page


def test_following_a_chip_leaves_the_other_filters(viewer_client):
    page = viewer_client.get(URL, {"status": "not_started", "sector": "trade"}).text
    after = viewer_client.get(chips(page)["Sector: Trade"])
    assert set(chips(after.text)) == {"Status: Not started"}
    assert after.context["filterset"].form.cleaned_data["sector"] is None


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        (
            "actionitem-list",
            "q=gas+pipeline&origin=irigc-tec-26&summit=india-russia-annual-summit-23"
            "&due_after=2025-12-01&overdue=on&due_within=30&priority=1",
            {
                "Search: gas pipeline",
                "Origin meeting or session: 26th session of the IRIGC-TEC",
                "Target summit: 23rd India–Russia Annual Summit",
                "Due on or after: 1 Dec 2025",
                "Overdue only",
                "Due within (days): 30",
                "Priority: High",
            },
        ),
        (
            "meeting-list",
            "participant=nikolai-patrushev&kind=call&country=IN",
            {"Kind: Call", "Place country: India", "Participants: Nikolai Patrushev"},
        ),
        (
            "summit-list",
            "series=india-russia-annual-summit&status=anticipated",
            {"Series: India–Russia Annual Summit", "Status: Anticipated"},
        ),
        ("person-list", "meeting=irigc-tec-26", {"Took part in: 26th session of the IRIGC-TEC"}),
        (
            "organisation-list",
            "responsible_for=on&kind=ministry",
            {"Kind: Ministry", "Responsible for action items"},
        ),
        (
            "source-list",
            "publisher=ANI&published_before=2026-01-31",
            {"Publisher: ANI", "Published on or before: 31 Jan 2026"},
        ),
    ],
)
def test_every_list_shows_its_filters_as_chips(viewer_client, name, query, expected):
    url = reverse(f"summits:{name}")
    found = chips(viewer_client.get(f"{url}?{query}").text)
    assert set(found) == expected
    for href in found.values():
        assert href.startswith(f"{url}?") and "page=" not in href


def test_a_refused_or_empty_value_has_no_chip(viewer_client):
    response = viewer_client.get(URL, {"sector": "no-such-sector", "q": "", "overdue": ""})
    assert chips(response.text) == {}
    assert "Clear all</a>" not in response.text


def test_no_filter_no_chips(viewer_client):
    assert 'class="chips"' not in viewer_client.get(URL, {"sort": "ref"}).text


def test_the_table_htmx_swaps_carries_the_chips(viewer_client):
    response = viewer_client.get(URL, {"sector": "trade"}, headers={"HX-Request": "true"})
    assert set(chips(response.text)) == {"Sector: Trade"}


def test_chips_cost_no_query(viewer_client, monkeypatch):
    """Related records' names come from what the filters resolved (menus from the cache,
    slugs looked up once to filter): the same queries with the chips as without."""
    query = {
        "status": ["not_started", "stalled"],
        "sector": "trade",
        "summit": "india-russia-annual-summit-23",
        "commission": "irigc-tec",
        "origin": "irigc-tec-26",
        "responsible": "mea-india",
        "country": "IN",
    }
    viewer_client.get(URL, query)  # the session, permissions and menus, cached

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            page = viewer_client.get(URL, query).text
        return [entry["sql"] for entry in captured], page

    with_chips, page = queries()
    assert len(chips(page)) == 8
    monkeypatch.setattr(pages, "filter_chips", lambda filterset: [])
    without_chips, page = queries()
    assert not chips(page)
    assert len(with_chips) == len(without_chips)
