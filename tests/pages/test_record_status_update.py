"""Recording a status update from an action item's page: evidence, a new source on the
spot, clear errors that keep what was typed, analysts only."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from summits.models import ActionItem, Source, Status

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
# The refusals are checked at 23:59 on this day: "tomorrow", worked out when the tests are
# collected, is still tomorrow (a run crossing midnight made it today). A day before
# conftest's TODAY, so the session a fixture opened on the pinned clock has not expired.
TODAY = dt.date(2026, 1, 15)
REF = "MARITIME-2025-1"
SEED_SOURCE = "2025-11-20-ani-india-russia-summit-preparations"


def item() -> ActionItem:
    return ActionItem.objects.get(ref=REF)


def post_url() -> str:
    return reverse("summits:actionitem-status-update", args=[REF])


def update(**fields) -> dict:
    data = {
        "status": Status.IN_PROGRESS,
        "as_of": "2025-12-05",
        "note": "The boards met in Vladivostok.",
        "quote": "",
    }
    return data | fields


def test_analyst_records_a_final_status_with_evidence(analyst_client, analyst):
    data = update(status=Status.FULFILLED, evidence=[SEED_SOURCE], quote="Agreement signed.")
    response = analyst_client.post(post_url(), data)
    assert response.status_code == 302 and response.url == item().get_absolute_url()
    recorded = item().status_updates.get(as_of=dt.date(2025, 12, 5))
    assert (recorded.status, recorded.author, recorded.note) == (
        Status.FULFILLED,
        analyst,
        "The boards met in Vladivostok.",
    )
    citation = recorded.citations.get()
    assert (citation.source.slug, citation.quote) == (SEED_SOURCE, "Agreement signed.")
    assert item().status == Status.FULFILLED
    page = analyst_client.get(response.url).text
    assert "Recorded “fulfilled” as of 05 December 2025." in page


def test_a_new_source_is_recorded_on_the_spot_and_cited(analyst_client):
    data = update(
        status=Status.FULFILLED,
        **{
            "new_source-title": "Maritime corridor opens",
            "new_source-publisher": "TASS",
            "new_source-published_on": "2025-12-04",
            "new_source-url": "https://tass.example/corridor",
        },
    )
    assert analyst_client.post(post_url(), data).status_code == 302
    source = Source.objects.get(url="https://tass.example/corridor")
    assert source.slug == "2025-12-04-tass-maritime-corridor-opens"
    assert list(item().status_updates.get(as_of=dt.date(2025, 12, 5)).evidence.all()) == [source]
    # The same address again cites the recorded source rather than a copy.
    data["as_of"] = "2025-12-06"
    data["new_source-title"] = "Corridor opens (retitled)"
    assert analyst_client.post(post_url(), data).status_code == 302
    assert Source.objects.filter(url="https://tass.example/corridor").count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"as_of": (TODAY + dt.timedelta(days=1)).isoformat()},
            "An update cannot be dated in the future",
        ),
        ({"status": Status.WITHDRAWN}, "A final status needs at least one source as evidence."),
        (
            {
                "new_source-title": "Corridor opens",
                "new_source-publisher": "TASS",
                "new_source-published_on": "2025-12-04",
                "new_source-url": "ftp://tass.example/corridor",
            },
            "Give an http:// or https:// address.",
        ),
        ({"new_source-title": "Corridor opens"}, "This field is required."),
        ({"evidence": ["no-such-source"]}, "Select a valid choice."),
    ],
    ids=["future", "final-without-evidence", "url-scheme", "incomplete-source", "unknown"],
)
@time_machine.travel(dt.datetime.combine(TODAY, dt.time(23, 59), tzinfo=dt.UTC), tick=False)
def test_a_refused_update_says_why_and_keeps_the_input(analyst_client, fields, message):
    before = item().status_updates.count()
    response = analyst_client.post(post_url(), update(**fields))
    assert response.status_code == 400
    assert message in response.text
    assert "The boards met in Vladivostok.</textarea>" in response.text  # the note kept
    for name, value in fields.items():
        if isinstance(value, str):
            assert f'value="{value}"' in response.text or f">{value}<" in response.text, name
    assert item().status_updates.count() == before
    assert not Source.objects.filter(title="Corridor opens").exists()


def test_a_back_dated_update_does_not_replace_a_later_status(analyst_client):
    analyst_client.post(post_url(), update(as_of="2025-12-10"))
    analyst_client.post(
        post_url(), update(status=Status.STALLED, as_of="2025-12-01", note="Earlier news.")
    )
    assert item().status == Status.IN_PROGRESS
    assert item().status_as_of == dt.date(2025, 12, 10)
    assert list(item().status_updates.values_list("status", flat=True)) == [
        Status.IN_PROGRESS,
        Status.STALLED,
        Status.NOT_ASSESSED,
    ]


def test_viewers_see_no_form_and_cannot_post(viewer_client):
    page = viewer_client.get(item().get_absolute_url()).text
    assert "Record a status update" not in page and post_url() not in page
    response = viewer_client.post(post_url(), update(status=Status.IN_PROGRESS))
    assert response.status_code == 403
    assert item().status_updates.count() == 1


def test_analysts_see_the_form_with_the_likely_sources_offered(analyst_client, today):
    page = analyst_client.get(item().get_absolute_url()).text
    assert "Record a status update" in page
    assert f'value="{SEED_SOURCE}"' in page  # cited by the item: offered as evidence
    assert 'name="new_source-url"' in page
    assert f'value="{today.isoformat()}"' in page  # as of today by default
