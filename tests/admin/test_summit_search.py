"""The Summit and Target summit pickers of the admin find a summit by its edition:
"24", "24th"; other words still search its series, place and notes."""

import pytest
from django.urls import reverse

from summits.models import Summit, SummitSeries

pytestmark = pytest.mark.usefixtures("seed")


@pytest.fixture
def summit_24(seed) -> Summit:
    return Summit.objects.create(series=SummitSeries.objects.get(), number=24)


def target_summits(client, term: str) -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "summits",
            "model_name": "actionitem",
            "field_name": "target_summit",
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.usefixtures("summit_24")
@pytest.mark.parametrize("term", ["24", "24th", "24TH", " 24th "])
def test_the_target_summit_picker_finds_a_summit_by_its_number(analyst_client, term):
    assert target_summits(analyst_client, term) == ["24th India–Russia Annual Summit"]


@pytest.mark.usefixtures("summit_24")
def test_a_number_and_words_find_that_edition_of_the_series_named(analyst_client):
    assert target_summits(analyst_client, "annual 23rd") == ["23rd India–Russia Annual Summit"]
    assert target_summits(analyst_client, "bilateral 23rd") == []


@pytest.mark.usefixtures("summit_24")
def test_the_summit_changelist_search_finds_the_edition_too(analyst_client):
    response = analyst_client.get(reverse("admin:summits_summit_changelist"), {"q": "24th"})
    assert "24th India–Russia Annual Summit" in response.text
    assert "23rd India–Russia Annual Summit" not in response.text
