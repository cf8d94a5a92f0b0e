"""A filter that cannot be applied never widens the result: the list is empty, says which
filter and why at the top of the results, and refuses to export."""

import pytest
from django.urls import reverse

from summits.lists.exports import FORMATS

pytestmark = pytest.mark.usefixtures("seed")

# Every list page, with a filter value it cannot apply, and the reason it gives.
WRONG = [
    ("actionitem-list", {"origin": "no-such-meeting"}, "Origin meeting or session: No meeting"),
    ("meeting-list", {"place": "no-such-place"}, "Place: No place has the slug or name"),
    ("summit-list", {"series": "no-such-series"}, "Series: Select a valid choice."),
    ("person-list", {"meeting": "no-such-meeting"}, "Took part in: No meeting has"),
    ("organisation-list", {"kind": "no-such-kind"}, "Kind: Select a valid choice."),
    ("source-list", {"published_after": "someday"}, "Published on or after: Enter a valid date."),
]


@pytest.mark.parametrize(("name", "query", "reason"), WRONG)
def test_a_filter_that_cannot_be_applied_empties_the_list_and_says_why(
    viewer_client, name, query, reason
):
    url = reverse(f"summits:{name}")
    assert viewer_client.get(url).context["table"].paginator.count > 0  # rows to hide
    response = viewer_client.get(url, query)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0
    results = response.text[response.text.index('id="results"') :]
    assert "could not be applied" in results
    assert reason in results
    assert "Download all" not in response.text
    assert "match these filters" not in response.text  # the reason is the story, not "none"


def test_the_message_stays_in_the_results_an_htmx_request_swaps(viewer_client):
    response = viewer_client.get(
        reverse("summits:actionitem-list"),
        {"origin": "no-such-meeting"},
        headers={"HX-Request": "true"},
    )
    assert "<form" not in response.text.split('id="results"')[0]  # the table alone
    assert "No meeting has the slug or name “no-such-meeting”" in response.text


def test_the_good_filters_beside_a_wrong_one_do_not_bring_rows_back(viewer_client):
    response = viewer_client.get(
        reverse("summits:actionitem-list"), {"sector": "trade", "due_within": "soon"}
    )
    assert response.context["table"].paginator.count == 0
    assert "Due within (days): Enter a number." in response.text


def test_empty_fields_a_form_sends_are_no_filter_at_all(viewer_client):
    response = viewer_client.get(reverse("summits:meeting-list"), {"kind": "", "place": ""})
    assert response.context["table"].paginator.count == 6
    assert "could not be applied" not in response.text


@pytest.mark.parametrize("export", FORMATS)
def test_an_export_with_a_filter_that_cannot_be_applied_is_refused(viewer_client, export):
    response = viewer_client.get(
        reverse("summits:actionitem-list"), {"origin": "26th session of nothing", "_export": export}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Nothing exported: a filter could not be applied.")
    assert "Origin meeting or session: No meeting has the slug or name" in text
