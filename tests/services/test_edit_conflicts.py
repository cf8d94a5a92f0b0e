"""Two analysts editing one action item never silently overwrite each other."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from summits import services
from summits.models import ActionItem
from tests.adminforms import change_form_data
from tests.factories import analyst_signed_in

pytestmark = pytest.mark.usefixtures("seed")
REF = "MARITIME-2025-1"


def test_the_second_save_is_refused_and_says_what_changed():
    item = ActionItem.objects.get(ref=REF)
    url = reverse("admin:summits_actionitem_change", args=[item.pk])
    (_, alice), (_, bob) = analyst_signed_in("alice"), analyst_signed_in("bob")
    alice_form = change_form_data(alice.get(url))
    bob_form = change_form_data(bob.get(url))

    alice_form["title"] = "Intensify maritime cooperation (Alice)"
    assert alice.post(url, alice_form).status_code == 302

    bob_form["priority"] = 1
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    assert "Someone else saved MARITIME-2025-1 while you were editing it" in response.text
    assert "alice changed title" in response.text
    assert "Intensify maritime cooperation (Alice)" in response.text
    item.refresh_from_db()
    assert item.title == "Intensify maritime cooperation (Alice)"
    assert item.priority != 1

    # Bob reviewed the message; submitting again deliberately saves his version.
    again = change_form_data(response)
    assert bob.post(url, again).status_code == 302
    item.refresh_from_db()
    assert item.priority == 1
    assert item.version == 3


def test_each_save_takes_a_new_version():
    item = ActionItem.objects.get(ref=REF)
    services.action_item_claim_version(item=item, base_version=item.version)
    with pytest.raises(services.EditConflict):
        services.action_item_claim_version(item=item, base_version=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections")
def test_two_connections_racing_on_postgresql_let_exactly_one_win():
    from django.core.management import call_command

    from tests.seed import SEED_REPORT

    call_command("loaddata", SEED_REPORT, verbosity=0)
    item = ActionItem.objects.get(ref=REF)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save() -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            services.action_item_claim_version(
                item=ActionItem.objects.get(pk=item.pk), base_version=1
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert ActionItem.objects.get(pk=item.pk).version == 2
