"""The saved views' writes and the database's own guard of their rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from summits import services
from summits.models import SavedView

from .conftest import saved


def test_create_refuses_a_name_the_owner_gave_another_view_of_the_list(viewer):
    saved(viewer, "Trade")
    with pytest.raises(ValidationError) as refused:
        saved(viewer, " trade ")
    assert refused.value.message_dict == {
        "name": [
            "You already have a view of action items called “trade”: choose another name, "
            "or delete that one first."
        ]
    }


def test_the_database_refuses_a_duplicate_name_even_without_the_service(viewer):
    saved(viewer, "Trade")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedView.objects.create(owner=viewer, list_key="action-items", name="TRADE")


@pytest.mark.parametrize(
    ("field", "value"),
    [("list_key", "dashboards"), ("digest", "hourly"), ("name", "")],
)
def test_the_database_refuses_values_outside_the_choices(viewer, field, value):
    fields = {"owner": viewer, "list_key": "meetings", "name": "Meetings", field: value}
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedView.objects.create(**fields)


def test_the_owner_renames_shares_and_subscribes(viewer):
    view = saved(viewer, "Trade")
    services.saved_view_update(
        view=view, user=viewer, name="Trade items", shared=True, digest="weekly"
    )
    view.refresh_from_db()
    assert (view.name, view.shared, view.digest) == ("Trade items", True, "weekly")


def test_a_rename_onto_another_views_name_is_refused(viewer):
    saved(viewer, "Trade")
    other = saved(viewer, "Energy")
    with pytest.raises(ValidationError):
        services.saved_view_update(view=other, user=viewer, name="Trade")


def test_nobody_but_the_owner_changes_a_view_not_even_staff(viewer, analyst):
    view = saved(viewer, "Trade", shared=True)
    with pytest.raises(PermissionDenied):
        services.saved_view_update(view=view, user=analyst, shared=False)
    view.refresh_from_db()
    assert view.shared


def test_delete_is_for_the_owner_or_staff(viewer, carol, analyst):
    view = saved(viewer, "Trade", shared=True)
    with pytest.raises(PermissionDenied):
        services.saved_view_delete(view=view, user=carol)
    services.saved_view_delete(view=view, user=analyst)
    assert not SavedView.objects.exists()
