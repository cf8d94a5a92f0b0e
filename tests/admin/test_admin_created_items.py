"""An item added in the admin starts as an imported one does: with a first update,
"not yet assessed" as of the day it is recorded, so it is not stale from its first moment."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from summits.models import ActionItem, Meeting, Status
from summits.queries import stale_items_q
from tests.adminforms import change_form_data

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)

TODAY = dt.date(2026, 2, 10)


def _assert_starts_not_yet_assessed_today(ref: str, analyst) -> None:
    item = ActionItem.objects.get(ref=ref)
    update = item.status_updates.get()
    assert (update.status, update.as_of, update.sequence) == (Status.NOT_ASSESSED, TODAY, 1)
    assert update.author == analyst
    assert (item.status, item.status_as_of) == (Status.NOT_ASSESSED, TODAY)
    assert not ActionItem.objects.filter(stale_items_q(TODAY), pk=item.pk).exists()


@time_machine.travel(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC), tick=False)
def test_an_item_added_on_its_page_gets_its_first_update(analyst_client, analyst):
    url = reverse("admin:summits_actionitem_add")
    data = change_form_data(analyst_client.get(url)) | {
        "ref": "ADMIN-1",
        "title": "Open a consulate in Kazan",
    }
    response = analyst_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    _assert_starts_not_yet_assessed_today("ADMIN-1", analyst)


@time_machine.travel(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC), tick=False)
def test_an_item_added_on_its_meetings_page_gets_its_first_update(analyst_client, analyst):
    meeting = Meeting.objects.get(slug="2025-11-18-modi-patrushev")
    url = reverse("admin:summits_meeting_change", args=[meeting.pk])
    data = change_form_data(analyst_client.get(url))
    n = data["action_items-TOTAL_FORMS"]
    data["action_items-TOTAL_FORMS"] = n + 1
    data |= {
        f"action_items-{n}-ref": "ADMIN-2",
        f"action_items-{n}-title": "Hold maritime talks",
        f"action_items-{n}-priority": 2,
    }
    response = analyst_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    _assert_starts_not_yet_assessed_today("ADMIN-2", analyst)
    assert ActionItem.objects.get(ref="ADMIN-2").origin_meeting == meeting
