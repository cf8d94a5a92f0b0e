"""A list of action items counted up to a limit (TRACKER_LIST_COUNT_LIMIT): what the list
page's tests and the API's share."""

import pytest
from django.db.models import QuerySet

from summits.models import ActionItem
from tests.records import make_action_items

LIMIT = 30
# A filter keeping every item made here that the kept figures cannot answer (a due date):
# its rows are counted, not read from the tallies (tests/lists/test_kept_list_counts.py).
FILTER = {"status": "not_assessed", "due_before": "2026-12-31"}


@pytest.fixture
def counted_up_to_limit(settings, seed) -> None:
    """Sixty items more than the seed's, counted up to thirty."""
    settings.TRACKER_LIST_COUNT_LIMIT = LIMIT
    make_action_items(60)


def filtered_items() -> QuerySet[ActionItem]:
    """The items FILTER keeps, from a plain queryset."""
    return ActionItem.objects.filter(status=FILTER["status"], due_start__lte=FILTER["due_before"])
