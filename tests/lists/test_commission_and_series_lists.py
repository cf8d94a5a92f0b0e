"""The commission and summit-series lists: their filters, their counts, and the lists each
count links to (a figure always equals the count of the list it links to)."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from summits.lists.columns import CountColumn
from summits.models import ActionItem, Commission, Country, Meeting, Summit, SummitSeries
from tests.lists.test_exports import csv_rows
from tests.records import make_action_items, make_meetings

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
COMMISSIONS = reverse("summits:commission-list")
SERIES = reverse("summits:series-list")


def slugs(response) -> set[str]:
    return {row.record.slug for row in response.context["table"].paginated_rows}


@pytest.fixture
def working_group(seed) -> Commission:
    """A working group of IRIGC-TEC with two sessions and three items from them, and a
    commission of no country with no session."""
    group = Commission.objects.create(
        slug="irigc-tec-wg-trade",
        name="Working Group on Priority Investment Projects",
        acronym="WG-PIP",
        parent=Commission.objects.get(slug="irigc-tec"),
    )
    group.countries.set(Country.objects.filter(iso2__in=["IN", "RU"]))
    first, second = make_meetings(2)
    Meeting.objects.filter(pk__in=[first.pk, second.pk]).update(commission=group)
    for meeting, count in [(first, 2), (second, 1)]:
        items = make_action_items(count, prefix=f"WG-{count}")
        ActionItem.objects.filter(pk__in=[item.pk for item in items]).update(
            origin_meeting=meeting, target_summit=None
        )
    Commission.objects.create(slug="lonely", name="A commission that never met")
    return group


@pytest.fixture
def second_series(seed) -> SummitSeries:
    """A series of two summits in Russia, one with four items targeting it."""
    series = SummitSeries.objects.create(slug="brics-summit", name="BRICS Summit")
    series.countries.set(Country.objects.filter(iso2="RU"))
    for number in (16, 17):
        summit = Summit.objects.create(
            series=series, number=number, date_start=dt.date(2026, 10, 1), date_precision="day"
        )
    items = make_action_items(4, prefix="BRICS")
    ActionItem.objects.filter(pk__in=[item.pk for item in items]).update(
        target_summit=summit, origin_meeting=None
    )
    return series


def test_the_seed_commission_counts_its_session_and_the_items_from_it(viewer_client):
    response = viewer_client.get(COMMISSIONS)
    (commission,) = [row.record for row in response.context["table"].paginated_rows]
    assert (commission.slug, commission.session_count, commission.item_count) == ("irigc-tec", 1, 5)
    assert 'href="/meetings/?commission=irigc-tec">1<' in response.text
    assert 'href="/action-items/?commission=irigc-tec">5<' in response.text


def test_the_seed_series_counts_its_summit_and_the_items_targeting_it(viewer_client):
    response = viewer_client.get(SERIES)
    (series,) = [row.record for row in response.context["table"].paginated_rows]
    assert (series.slug, series.summit_count, series.item_count) == (
        "india-russia-annual-summit",
        1,
        7,
    )
    assert 'href="/summits/?series=india-russia-annual-summit">1<' in response.text
    assert 'href="/action-items/?series=india-russia-annual-summit">7<' in response.text


@pytest.mark.usefixtures("working_group", "second_series")
@pytest.mark.parametrize(("url", "counts"), [(COMMISSIONS, 2), (SERIES, 2)])
def test_every_count_links_to_a_list_of_exactly_that_many_rows(viewer_client, url, counts):
    response = viewer_client.get(url)
    table = response.context["table"]
    columns = [column.name for column in table.columns if isinstance(column.column, CountColumn)]
    assert len(columns) == counts  # every count column is checked
    links = re.findall(r'<a href="([^"]+)">(\d+)<span class="visually-hidden">', response.text)
    assert len(links) == counts * len(table.paginated_rows)
    figures = [getattr(row.record, name) for row in table.paginated_rows for name in columns]
    assert sorted(int(figure) for _, figure in links) == sorted(figures)
    assert len(set(figures)) > 2  # counts that differ, not all zero
    for href, figure in links:
        listed = viewer_client.get(f"{unescape(href)}&per_page=200")  # data would replace it
        assert listed.status_code == 200, href
        assert listed.context["table"].paginator.count == int(figure), href


@pytest.mark.usefixtures("working_group")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "priority investment"}, {"irigc-tec-wg-trade"}),
        ({"q": "WG-PIP"}, {"irigc-tec-wg-trade"}),
        ({"country": "IN"}, {"irigc-tec", "irigc-tec-wg-trade"}),
        ({"level": "top"}, {"irigc-tec", "lonely"}),
        ({"level": "working_group"}, {"irigc-tec-wg-trade"}),
        ({"parent": "irigc-tec"}, {"irigc-tec-wg-trade"}),
        ({"has_sessions": "on"}, {"irigc-tec", "irigc-tec-wg-trade"}),
        ({"has_sessions": "on", "level": "top"}, {"irigc-tec"}),
        ({}, {"irigc-tec", "irigc-tec-wg-trade", "lonely"}),
    ],
)
def test_commission_filters(viewer_client, query, expected):
    assert slugs(viewer_client.get(COMMISSIONS, query)) == expected


@pytest.mark.usefixtures("second_series")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "brics"}, {"brics-summit"}),
        ({"q": "alternately"}, {"india-russia-annual-summit"}),  # its description
        ({"country": "IN"}, {"india-russia-annual-summit"}),
        ({"country": "RU"}, {"india-russia-annual-summit", "brics-summit"}),
    ],
)
def test_series_filters(viewer_client, query, expected):
    assert slugs(viewer_client.get(SERIES, query)) == expected


@pytest.mark.usefixtures("second_series")
def test_action_items_filter_by_the_series_of_their_target_summit(viewer_client):
    response = viewer_client.get(reverse("summits:actionitem-list"), {"series": "brics-summit"})
    found = {row.record.ref for row in response.context["table"].paginated_rows}
    assert found == {f"BRICS-{number:03}" for number in range(1, 5)}


@pytest.mark.usefixtures("working_group", "second_series")
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            COMMISSIONS,
            [
                ["A commission that never met", "", "", "", "0", "0"],
                [
                    "Working Group on Priority Investment Projects",
                    "WG-PIP",
                    "IRIGC-TEC",
                    "India, Russia",
                    "2",
                    "3",
                ],
            ],
        ),
        (
            SERIES,
            [
                ["BRICS Summit", "Russia", "2", "4"],
                ["India–Russia Annual Summit", "India, Russia", "1", "7"],
            ],
        ),
    ],
)
def test_exports_hold_every_row_with_plain_counts(viewer_client, url, expected):
    columns = [name for name, _ in viewer_client.get(url).context["table"].column_choices()]
    viewer_client.post(url, {"columns": columns})
    _header, *rows = csv_rows(viewer_client.get(url, {"_export": "csv"}))
    assert len(rows) == viewer_client.get(url).context["table"].paginator.count
    by_name = {row[0]: row for row in rows}
    for row in expected:
        assert by_name[row[0]] == row
    for export_format in ("json", "xlsx"):
        response = viewer_client.get(url, {"_export": export_format})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")


def test_both_lists_are_in_the_menu(viewer_client):
    page = viewer_client.get(COMMISSIONS).text
    assert f'<a href="{COMMISSIONS}" aria-current="page">Commissions</a>' in page
    assert f'<a href="{SERIES}">Summit series</a>' in page
