"""Deleting a record others depend on is refused, naming what depends on it."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from summits.models import Person, Source

pytestmark = pytest.mark.usefixtures("seed")


@pytest.mark.parametrize(
    ("model", "key", "dependent"),
    [
        (Person, "narendra-modi", "Nikolai Patrushev at"),  # a participation in the same meeting
        (Source, "2025-11-20-ani-india-russia-summit-preparations", "MARITIME-2025-1"),
    ],
)
def test_admin_refuses_and_lists_what_depends(analyst_client, model, key, dependent):
    record = model.objects.get(slug=key)
    url = reverse(f"admin:summits_{model._meta.model_name}_delete", args=[record.pk])
    page = analyst_client.get(url)
    assert "would require deleting the following protected related objects" in page.text
    assert analyst_client.post(url, {"post": "yes"}).status_code == 200
    assert model.objects.filter(pk=record.pk).exists()


def test_the_database_layer_refuses_too():
    with pytest.raises(ProtectedError) as refused:
        Person.objects.get(slug="s-jaishankar").delete()
    assert any("Jaishankar" in str(obj) for obj in refused.value.protected_objects)
