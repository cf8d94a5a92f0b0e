"""A commitment restated summit after summit shows its lineage and its age since first
made; agreements whose working groups have not met show on the follow-up page."""

import re

import pytest

from summits.models import ActionItem, ActionItemRelation, Meeting
from summits.queries.lineage import item_lineage

pytestmark = pytest.mark.usefixtures("today", "outcomes")  # today: 15 June 2026


def item(ref: str) -> ActionItem:
    return ActionItem.objects.get(ref=ref)


@pytest.fixture
def older() -> ActionItem:
    """A trade target first set in 2024, which the 26th session's restated."""
    meeting = Meeting.objects.create(
        slug="2024-07-09-modi-putin", title="Modi–Putin talks in Moscow", date_start="2024-07-09"
    )
    first = ActionItem.objects.create(
        ref="OLD-TRADE-1", title="Trade target", origin_meeting=meeting
    )
    ActionItemRelation.objects.create(
        action_item=item("IRIGC-TEC-26/TRADE-1"), kind="reaffirms", other=first
    )
    return first


def test_a_restated_commitment_is_dated_from_the_first_it_restates(older):
    lineage = item_lineage(item("SUMMIT-23/TRADE-2"))  # reaffirms IRIGC-TEC-26/TRADE-1
    assert [(how, other.ref) for how, other in lineage.earlier] == [
        ("reaffirms", "IRIGC-TEC-26/TRADE-1")
    ]
    assert (lineage.first, str(lineage.first_made)) == (older, "2024-07-09")


def test_depends_on_does_not_make_a_commitment_older(older):
    ActionItemRelation.objects.filter(other=older).update(kind="depends_on")
    lineage = item_lineage(item("SUMMIT-23/TRADE-2"))
    assert (lineage.first.ref, str(lineage.first_made)) == ("IRIGC-TEC-26/TRADE-1", "2025-08-20")


def test_the_item_page_shows_both_ends_and_the_age(viewer_client, older):
    page = viewer_client.get(item("IRIGC-TEC-26/TRADE-1").get_absolute_url()).text
    section = re.search(r'<h2 id="lineage-heading">.*?</section>', page, re.S).group(0)
    assert 'Reaffirms <a href="/action-items/OLD-TRADE-1/">' in section
    assert 'Reaffirmed by <a href="/action-items/SUMMIT-23/TRADE-2/">' in section
    assert 'Extended by <a href="/action-items/SUMMIT-23/TRADE-1/">' in section
    assert 'First made on <time datetime="2024-07-09">9 July 2024</time>, as' in section
    assert "1\xa0year, 11\xa0months ago" in section


def test_an_item_without_relations_has_no_lineage_section(viewer_client):
    page = viewer_client.get(item("MARITIME-2025-1").get_absolute_url()).text
    assert "lineage-heading" not in page


def test_the_follow_up_page_lists_agreements_whose_mechanisms_have_not_met(viewer_client, settings):
    section = re.compile(r'<section id="mechanisms".*?</section>', re.S)
    page = viewer_client.get("/follow-up/").text
    assert '<span class="count">0</span>' in section.search(page).group(0)  # signed 6 months ago
    settings.TRACKER_MECHANISM_MONTHS = 6
    found = section.search(viewer_client.get("/follow-up/").text).group(0)
    assert '<span class="count">1</span>' in found
    assert "Agreement on a working group on critical minerals" in found
    href = re.search(r'class="queue-link" href="([^"]+)"', found).group(1)
    assert href == "/agreements/?mechanism_idle=6"
    assert viewer_client.get(href).context["table"].paginator.count == 1
