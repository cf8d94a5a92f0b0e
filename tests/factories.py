"""Builders the tests share: users in a role, clients signed in as them, report files.

One definition each, used by tests/conftest.py's fixtures (`analyst`, `viewer`) and by any
test that needs one more. Many rows at once (action items, meetings) are tests/records.py's.
"""

import json

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from summits.importing import ReportFile

# The password of the users the fixtures make. tests/browser/machinery.py holds the same
# one apart: scripts/screenshots.py imports it without setting Django up.
PASSWORD = "correct horse battery staple"


def user_create(username: str, group: str | None = None, *, password=None, **fields) -> User:
    """A user in `group` ("Analysts" or "Viewers"; none if not given). Analysts are staff,
    as create_demo_users makes them: the admin is their main tool. Without a password the
    user can only be signed in by `force_login`."""
    fields.setdefault("is_staff", group == "Analysts")
    user = User.objects.create_user(username, password=password, **fields)
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    return user


def client_signed_in(user: User) -> Client:
    """A client of its own signed in as `user`: for a second person beside pytest-django's
    `client` and the `analyst_client`/`viewer_client` fixtures."""
    client = Client()
    client.force_login(user)
    return client


def analyst_signed_in(username: str) -> tuple[User, Client]:
    """One more analyst and a client signed in as them: two analysts at once."""
    user = user_create(username, "Analysts")
    return user, client_signed_in(user)


def report_file(records: list[dict], name: str = "report.json") -> ReportFile:
    """Fixture records as the report file `name`, as report_validate and report_import take
    it. The name is the one their messages and the import log give."""
    data = json.dumps(records).encode()
    return ReportFile(name=name, data=data, size=len(data))


def report_upload(records: list[dict], name: str = "report.json") -> SimpleUploadedFile:
    """Fixture records as the file `name` uploaded to the admin's "Import report" page."""
    return SimpleUploadedFile(name, json.dumps(records).encode(), "application/json")
