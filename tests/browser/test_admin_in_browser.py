"""The admin's pages in a real browser: they fit the screen they are read on."""

import pytest

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
