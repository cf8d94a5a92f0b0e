"""The admin's pages in a real browser: they fit the screen they are read on."""

import re

import pytest
from playwright.sync_api import expect

from summits.models import Meeting
from tests.factories import user_create

from .machinery import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("alice", "Analysts", password=PASSWORD)
    return live_server.url


def test_a_meetings_change_page_fits_a_1280_pixel_screen(page, base_url):
    # The meeting with the most participants, citations and action items: the widest.
    meeting = max(
        Meeting.objects.all(),
        key=lambda m: (m.participations.count(), m.action_items.count(), m.citations.count()),
    )
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/admin/summits/meeting/{meeting.pk}/change/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width


def test_autocomplete_boxes_and_inline_cells_are_named_after_their_field(page, base_url):
    """What a screen reader says for them (static/js/admin.js, admin.TabularInline): the
    field's label, or the column's for a cell, and the record chosen in a box."""
    meeting = Meeting.objects.get(slug="irigc-tec-26")
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/admin/summits/meeting/{meeting.pk}/change/")
    context = page.get_by_role("group", name="Context")
    commission = context.get_by_role("combobox", name="Commission", exact=False)
    expect(commission).to_have_accessible_name(re.compile(r"^Commission .*IRIGC-TEC"))
    expect(context.get_by_role("combobox", name="Sectors", exact=True)).to_have_count(1)
    participants = page.locator("#participations-group")
    expect(participants.get_by_role("combobox", name=re.compile("^Person "))).to_have_count(
        meeting.participations.count()
    )
    expect(participants.get_by_role("textbox", name="Role", exact=True)).to_have_count(
        meeting.participations.count()
    )
    expect(participants.get_by_role("checkbox", name="Delete", exact=True)).to_have_count(
        meeting.participations.count()
    )
