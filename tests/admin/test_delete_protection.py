"""Deleting a record others depend on is refused, naming what depends on it."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from summits.models import ActionItemCitation, Participation, Person, Source

pytestmark = pytest.mark.usefixtures("seed")

SOURCE = "2025-11-20-ani-india-russia-summit-preparations"


@pytest.mark.parametrize(
    ("model", "key", "dependent_model", "dependent"),
    [
        # Modi's part in a meeting.
        (
            Person,
            "narendra-modi",
            Participation,
            {"person__slug": "narendra-modi", "meeting__slug": "2025-11-18-modi-patrushev"},
        ),
        # An item that cites the source.
        (
            Source,
            SOURCE,
            ActionItemCitation,
            {"source__slug": SOURCE, "action_item__ref": "MARITIME-2025-1"},
        ),
    ],
    ids=["person", "source"],
)
def test_admin_refuses_and_lists_what_depends(
    analyst_client, model, key, dependent_model, dependent
):
    record = model.objects.get(slug=key)
    depending = dependent_model.objects.get(**dependent)
    link = reverse(f"admin:summits_{dependent_model._meta.model_name}_change", args=[depending.pk])
    url = reverse(f"admin:summits_{model._meta.model_name}_delete", args=[record.pk])
    page = analyst_client.get(url)
    assert "would require deleting the following protected related objects" in page.text
    assert link in _protected(page)
    refused = analyst_client.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert link in _protected(refused)
    assert model.objects.filter(pk=record.pk).exists()


def _protected(page) -> str:
    """The records the admin's delete page lists as protecting the one to delete."""
    return " ".join(str(obj) for obj in page.context["protected"])


def test_the_database_layer_refuses_too():
    with pytest.raises(ProtectedError) as refused:
        Person.objects.get(slug="s-jaishankar").delete()
    assert any("Jaishankar" in str(obj) for obj in refused.value.protected_objects)
