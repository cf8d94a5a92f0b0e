"""Detail pages: a summit's readiness and countdown, edit links for analysts only, and a
fixed number of queries however many related records a page shows."""

import datetime as dt

import pytest
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.models import (
    ActionItem,
    Commission,
    Meeting,
    Organisation,
    Person,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    SummitSeries,
)
from summits.views import LISTED_MEETINGS
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)


def summit() -> Summit:
    return Summit.objects.get(number=23)


def test_summit_readiness_groups_its_items_by_status_in_the_scales_order(viewer_client):
    for ref, status in [
        ("MARITIME-2025-1", Status.FULFILLED),
        ("SUMMIT-23/PREP-1", Status.STALLED),
    ]:
        StatusUpdate.objects.create(
            action_item=ActionItem.objects.get(ref=ref), as_of="2025-11-25", status=status
        )
    response = viewer_client.get(summit().get_absolute_url())
    groups = [
        (group.code, [item.ref for item in group.items]) for group in response.context["groups"]
    ]
    assert [code for code, _ in groups] == ["not_assessed", "stalled", "fulfilled"]
    assert groups[1][1] == ["SUMMIT-23/PREP-1"] and groups[2][1] == ["MARITIME-2025-1"]
    assert len(groups[0][1]) == 5
    assert "?summit=india-russia-annual-summit-23&amp;status=stalled" in response.text


def test_summit_page_counts_the_days_to_go(viewer_client):
    target = summit()
    target.date = FuzzyDate(timezone.localdate() + dt.timedelta(days=9), "day")
    target.save()
    page = viewer_client.get(target.get_absolute_url()).text
    assert "<dt>Days to go</dt><dd><strong>9</strong> days</dd>" in page


def test_summit_page_says_when_its_date_has_passed(viewer_client):
    target = summit()
    target.date = FuzzyDate(timezone.localdate() - dt.timedelta(days=30), "month")
    target.save()
    assert "its expected date has passed" in viewer_client.get(target.get_absolute_url()).text


def detail_urls() -> list[str]:
    return [
        summit().get_absolute_url(),
        Meeting.objects.get(slug="irigc-tec-26").get_absolute_url(),
        ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1").get_absolute_url(),
        Person.objects.get(slug="s-jaishankar").get_absolute_url(),
        Organisation.objects.get(slug="mea-india").get_absolute_url(),
        Source.objects.get().get_absolute_url(),
        Commission.objects.get().get_absolute_url(),
        SummitSeries.objects.get().get_absolute_url(),
    ]


def test_analysts_see_an_edit_link_on_every_detail_page(analyst_client):
    for url in detail_urls():
        assert "Edit in admin</a>" in analyst_client.get(url).text, url


def test_viewers_see_no_edit_link(viewer_client):
    for url in detail_urls():
        response = viewer_client.get(url)
        assert response.status_code == 200 and "Edit in admin" not in response.text, url


def test_no_edit_link_for_a_user_the_admin_would_refuse(client, analyst):
    """Permissions without staff status do not open the admin: no link to it either."""
    analyst.is_staff = False
    analyst.save()
    client.force_login(analyst)
    for url in detail_urls():
        response = client.get(url)
        assert response.status_code == 200 and "Edit in admin" not in response.text, url


def test_action_item_page_links_to_everything_related(viewer_client):
    page = viewer_client.get(
        ActionItem.objects.get(ref="CONSULATES-2025-1").get_absolute_url()
    ).text
    assert 'href="/action-items/?sector=tourism">Tourism</a>' in page
    assert 'href="/organisations/consulate-general-india-kazan/"' in page
    assert 'href="/meetings/2025-11-jaishankar-consulates-yekaterinburg-kazan/"' in page


@pytest.fixture
def many_related(seed) -> None:
    """Each detail page's lists grown well past one record."""
    target = summit()
    meetings = make_meetings(15, summit=target)
    items = make_action_items(25)
    source = Source.objects.get()
    for item in items:
        update = StatusUpdate.objects.create(
            action_item=item, as_of="2025-11-25", status=Status.IN_PROGRESS
        )
        StatusUpdateEvidence.objects.create(status_update=update, source=source, quote="Quoted.")
        item.citations.create(source=source, quote="Quoted.")
    for meeting in meetings:
        meeting.citations.create(source=source)
    trade = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    for day in range(2, 12):
        update = StatusUpdate.objects.create(
            action_item=trade, as_of=dt.date(2025, 12, day), status=Status.IN_PROGRESS
        )
        StatusUpdateEvidence.objects.create(status_update=update, source=source)


@pytest.mark.usefixtures("many_related")
def test_detail_pages_run_a_fixed_number_of_queries(analyst_client, django_assert_max_num_queries):
    # Session, user, the analyst's permissions (2), the record, then one per list shown;
    # a summit's readiness reads its kept counts by status (1), counts its items at risk
    # (1) and replays their status updates (1)
    # and its compliance by party reads their statuses, parties and the parties' names (3)
    # before the cache holds them, and it lists its frozen reports (1); an item's page
    # offers sources as evidence (1), owners to choose from (1) and its relations to
    # other commitments (1, both ways: queries/lineage.py).
    budgets = [16, 9, 13, 6, 7, 9, 7, 6]
    for url, budget in zip(detail_urls(), budgets, strict=True):
        with django_assert_max_num_queries(budget, info=url):
            analyst_client.get(url)


def test_summit_page_lists_its_latest_meetings_and_links_to_them_all(viewer_client):
    the_summit = summit()
    made = make_meetings(LISTED_MEETINGS + 5, summit=the_summit)
    response = viewer_client.get(the_summit.get_absolute_url())
    listed = list(response.context["meetings"])
    assert len(listed) == LISTED_MEETINGS
    assert listed == sorted(made, key=lambda m: m.date_start)[-LISTED_MEETINGS:]  # in date order
    link = response.context["all_meetings_url"]
    assert link in response.content.decode().replace("&amp;", "&")
    everything = viewer_client.get(link)
    assert everything.context["filterset"].problems == []
    assert everything.context["table"].paginator.count == the_summit.meetings.count()


def test_summit_page_with_few_meetings_lists_them_all_without_a_link(viewer_client):
    response = viewer_client.get(summit().get_absolute_url())
    assert list(response.context["meetings"]) == list(summit().meetings.order_by("date_start"))
    assert response.context["all_meetings_url"] is None
