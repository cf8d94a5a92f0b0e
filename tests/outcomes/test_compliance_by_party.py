"""Compliance by party, checked against scores worked out by hand: each commitment counts
for every country responsible for it, and each party scores the mean of its scored ones."""

import datetime as dt
import re

import pytest

from summits import services
from summits.models import ActionItem, Organisation, Source, Status, Summit
from summits.queries.compliance import compliance_of, parties_by_item, summit_compliance
from summits.scoring import compliance_by_party

pytestmark = pytest.mark.usefixtures("today", "seed")

SUMMIT_URL = "/summits/india-russia-annual-summit/23/"


def _assess(ref: str, status: str) -> None:
    services.status_update_record(
        action_item=ActionItem.objects.get(ref=ref),
        status=status,
        as_of=dt.date(2026, 6, 1),
        evidence=[Source.objects.get()],
    )


@pytest.fixture
def assessed() -> None:
    # By hand: India is bound by TRADE, INVESTMENT, FINANCE, ENERGY, INDUSTRY and PREP (6),
    # scored +1, −1, 0: mean 0.00 (50 %). Russia by those and MARITIME (7), scored
    # +1, −1, 0, +1: mean 0.25 (62 %, rounded half to even). One item binds nobody.
    _assess("IRIGC-TEC-26/TRADE-1", Status.FULFILLED)
    _assess("IRIGC-TEC-26/INVESTMENT-1", Status.NOT_FULFILLED)
    _assess("IRIGC-TEC-26/FINANCE-1", Status.IN_PROGRESS)
    maritime = ActionItem.objects.get(ref="MARITIME-2025-1")
    maritime.responsible.set([Organisation.objects.get(slug="maritime-board-russia")])
    _assess("MARITIME-2025-1", Status.FULFILLED)
    ActionItem.objects.create(
        ref="SUMMIT-23/NOBODY-1",
        title="Nobody named",
        target_summit=Summit.objects.get(number=23),
    )


def test_each_party_scores_the_mean_of_the_commitments_that_bind_it(assessed):
    compliance = summit_compliance(Summit.objects.get(number=23))
    figures = {p.iso2: (p.total, p.scored, p.score, p.score_percent) for p in compliance.parties}
    assert figures == {"IN": (6, 3, 0.0, 50), "RU": (7, 4, 0.25, 62)}
    assert compliance.unattributed == 1


def test_an_item_counts_once_for_a_party_with_two_responsible_organisations():
    counts = compliance_by_party([("fulfilled", ["IN", "IN", "RU"]), ("stalled", ["IN"])])
    assert {party: {s: n for s, n in c.items() if n} for party, c in counts.items()} == {
        "IN": {"fulfilled": 1, "stalled": 1},
        "RU": {"fulfilled": 1},
    }


def test_the_summit_page_shows_each_partys_score_and_links_its_count(viewer_client, assessed):
    page = viewer_client.get(SUMMIT_URL).text
    section = re.search(r'<h2 id="compliance-heading">.*?</section>', page, re.S).group(0)
    assert "+0.25 (62 %)" in section
    assert "+0.00 (50 %)" in section
    href = re.search(r'href="([^"]*country=RU)">7<', section).group(1).replace("&amp;", "&")
    assert viewer_client.get(href).context["table"].paginator.count == 7
    assert "1 commitment names no responsible organisation" in section


def test_the_full_table_has_a_row_per_commitment_and_a_column_per_party(viewer_client, assessed):
    response = viewer_client.get(f"{SUMMIT_URL}compliance/")
    rows = {row.item.ref: cells for row, cells in response.context["rows"]}
    assert rows["MARITIME-2025-1"] == [("India", False, 1), ("Russia", True, 1)]
    assert rows["IRIGC-TEC-26/INVESTMENT-1"] == [("India", True, -1), ("Russia", True, -1)]
    assert rows["IRIGC-TEC-26/ENERGY-1"] == [("India", True, None), ("Russia", True, None)]
    assert '<td class="number" data-label="Russia">n.a.</td>' in response.text
    assert "+0.25 (62 %)" in response.text


def test_the_compliance_page_keeps_its_queries_with_more_items(
    viewer_client, assessed, django_assert_max_num_queries
):
    summit = Summit.objects.get(number=23)
    for n in range(30):
        ActionItem.objects.create(ref=f"MORE-{n}", title=f"More {n}", target_summit=summit)
    # User, permissions (2), summit, the kept counts by party and of the summit's items (a
    # cache miss), the rows' items and their parties.
    with django_assert_max_num_queries(8):
        assert viewer_client.get(f"{SUMMIT_URL}compliance/").status_code == 200


def test_two_ministries_of_a_country_bind_it_once_in_the_kept_figures(
    assessed, django_assert_num_queries
):
    summit = Summit.objects.get(number=23)
    item = ActionItem.objects.create(ref="SUMMIT-23/TWO-1", title="Two", target_summit=summit)
    before = summit_compliance(summit)
    item.responsible.set(Organisation.objects.filter(slug__in=["mea-india", "pmo-india"]))
    with django_assert_num_queries(2):  # the kept rows by party, the summit's items
        after = summit_compliance(summit)
    india = {party.iso2: party.total for party in after.parties}["IN"]
    assert india == {party.iso2: party.total for party in before.parties}["IN"] + 1
    assert after.unattributed == before.unattributed - 1
    # One of the two moved to no country: still bound by the other.
    Organisation.objects.filter(slug="pmo-india").update(country=None)
    assert {party.iso2: party.total for party in summit_compliance(summit).parties}["IN"] == india
    # Both: as counted from the items (the frozen reports' count).
    Organisation.objects.filter(slug="mea-india").update(country=None)
    statuses = dict(summit.action_items.values_list("pk", "status"))
    assert summit_compliance(summit) == compliance_of(statuses, parties_by_item(summit))
