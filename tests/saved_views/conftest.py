"""Two readers, bob (the `viewer` fixture) and carol, and views they save."""

import pytest
from django.contrib.auth.models import User

from summits import services
from summits.models import SavedView
from tests.factories import client_signed_in, user_create

# The done-when scenario: action items from the 26th IRIGC-TEC session, trade, not yet assessed.
TRADE_26 = "status=not_assessed&sector=trade&session_of=irigc-tec&session_number=26"


@pytest.fixture
def carol(db) -> User:
    return user_create("carol", "Viewers", email="carol@example.org", first_name="Carol")


@pytest.fixture
def carol_client(carol):
    return client_signed_in(carol)


def saved(owner: User, name: str, *, query: str = TRADE_26, **fields) -> SavedView:
    fields.setdefault("list_key", SavedView.ListKey.ACTION_ITEMS)
    return services.saved_view_create(owner=owner, name=name, query=query, **fields)
