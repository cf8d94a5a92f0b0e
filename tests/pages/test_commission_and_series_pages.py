"""A commission's page lists its sessions and a series' page its summits, each with the
number of action items and links to the lists those figures count."""

import re
from html import unescape

import pytest

from summits.models import Commission, Meeting, SummitSeries
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)


def commission() -> Commission:
    return Commission.objects.get(slug="irigc-tec")


def series() -> SummitSeries:
    return SummitSeries.objects.get(slug="india-russia-annual-summit")


def listed_count(client, href: str) -> int:
    """How many rows the list a link points to holds (all pages)."""
    response = client.get(unescape(href))
    assert response.status_code == 200, href
    return response.context["table"].paginator.count


def test_commission_page_lists_its_session_with_number_date_place_and_items(viewer_client):
    page = viewer_client.get(commission().get_absolute_url()).text
    row = re.search(r"<tr>\s*<td data-label=\"Session\">.*?</tr>", page, re.S).group(0)
    assert ">26th<" in row
    assert ">20 August 2025<" in row
    assert ">Moscow<" in row
    assert 'href="/meetings/irigc-tec-26/"' in row
    assert 'href="/action-items/?origin=irigc-tec-26">5<' in row


def test_commission_page_counts_link_to_lists_of_that_many_rows(viewer_client):
    page = viewer_client.get(commission().get_absolute_url()).text
    sessions = re.search(r'id="sessions-link" href="([^"]+)">(\d+) meeting', page)
    items = re.search(r'id="items-link" href="([^"]+)">(\d+) action item', page)
    assert sessions.group(1) == "/meetings/?commission=irigc-tec"
    assert items.group(1) == "/action-items/?commission=irigc-tec"
    assert (int(sessions.group(2)), int(items.group(2))) == (1, 5)
    for link in (sessions, items):
        assert listed_count(viewer_client, link.group(1)) == int(link.group(2))


def test_series_page_lists_its_summit_and_links_to_its_items(viewer_client):
    page = viewer_client.get(series().get_absolute_url()).text
    summits = re.search(r'id="summits-link" href="([^"]+)">(\d+) summit', page)
    items = re.search(r'id="items-link" href="([^"]+)">(\d+) action item', page)
    assert summits.group(1) == "/summits/?series=india-russia-annual-summit"
    assert items.group(1) == "/action-items/?series=india-russia-annual-summit"
    assert (int(summits.group(2)), int(items.group(2))) == (1, 7)
    for link in (summits, items):
        assert listed_count(viewer_client, link.group(1)) == int(link.group(2))
    row = re.search(r"<tr>\s*<td data-label=\"Summit\">.*?</tr>", page, re.S).group(0)
    assert 'href="/summits/india-russia-annual-summit/23/"' in row
    assert ">New Delhi<" in row
    assert 'href="/action-items/?summit=india-russia-annual-summit-23">7<' in row
    assert listed_count(viewer_client, "/action-items/?summit=india-russia-annual-summit-23") == 7


def test_commission_page_keeps_its_queries_with_many_sessions(
    viewer_client, django_assert_max_num_queries
):
    meetings = make_meetings(20)
    Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).update(
        commission=commission()
    )
    make_action_items(10)
    # Session, user, the viewer's permissions (2), the commission, its sessions, its
    # working groups.
    with django_assert_max_num_queries(7):
        response = viewer_client.get(commission().get_absolute_url())
    assert len(response.context["sessions"]) == 21
