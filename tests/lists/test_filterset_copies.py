"""A FilterSet shares its class's filters' querysets and widgets but owns what it changes:
its filters, their options and parent, and its form's fields (summits/lists/filters.py)."""

import pytest
from django.http import QueryDict

from summits.filters import ActionItemFilterSet
from summits.models import ActionItem

pytestmark = pytest.mark.usefixtures("seed")


def filterset(query: str) -> ActionItemFilterSet:
    return ActionItemFilterSet(QueryDict(query), queryset=ActionItem.objects.all())


def test_what_one_filterset_changes_is_not_seen_by_the_next():
    first = filterset("responsible=maritime-board-russia&country=RU")
    assert {item.ref for item in first.qs} == {"MARITIME-2025-1"}
    # Its form's box names the organisation chosen, for pickers.js.
    assert "maritime-board-russia" in first.form.fields["responsible"].widget.attrs["data-chosen"]
    second = filterset("")
    assert "data-chosen" not in second.form.fields["responsible"].widget.attrs
    assert second.form.fields["responsible"] is not first.form.fields["responsible"]
    for name, filter_ in second.filters.items():
        assert filter_ is not first.filters[name]
        assert filter_ is not ActionItemFilterSet.base_filters[name]
        assert filter_.parent is second and filter_.model is ActionItem
    # A filter applied through a method (`filter_country`) calls its own FilterSet.
    assert second.filters["country"].filter.f is second.filters["country"]


def test_the_menus_say_any_and_the_class_filters_stay_as_declared():
    assert filterset("").form.fields["sector"].choices[0] == ("", "any")
    assert "empty_label" not in ActionItemFilterSet.base_filters["priority"].extra
    assert filterset("").filters["priority"].extra["empty_label"] == "any"
