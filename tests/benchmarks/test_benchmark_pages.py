"""The benchmark's page measurement on the suite's own database: a list filter that finds
nothing (only its COUNT runs, no page query) is measured like any other, raw SQL and all."""

import pytest

from benchmarks.run import measure_page

pytestmark = pytest.mark.usefixtures("seed")


@pytest.mark.parametrize("url", ["/action-items/", "/action-items/?q=zzzq"])
def test_a_list_is_measured_with_the_sql_it_ran(viewer_client, url):
    result = measure_page(viewer_client, "action items", url, 2, "summits_actionitem")
    assert result.median_ms > 0 and result.queries > 1
    assert result.raw_sql_ms is not None
