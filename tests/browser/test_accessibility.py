"""axe-core audits every kind of page, the tracker's and the admin's, as the people who use
them see them: no serious or critical violation anywhere (tests/browser/axe.py).

No audited page writes (each test checks it), so the module's tests share one database and
one live server, filled once (fixture `site`): a transactional test per page would empty
and refill the database 80 times, most of what these tests cost.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from summits.intake.services import report_draft_create
from summits.models import (
    ActionItem,
    Agreement,
    BackgroundTask,
    Commission,
    ExportJob,
    ImportJob,
    Meeting,
    Notification,
    Organisation,
    OutcomeDocument,
    Person,
    ReportDraft,
    ReportImport,
    Source,
    StatusUpdate,
    Summit,
    SummitSeries,
)
from tests.factories import client_signed_in, user_create
from tests.seed import SEED_REPORT, outcomes_write, seed_rows_write

from .axe import axe_report, axe_violations

BAD_REPORT = Path(__file__).resolve().parent.parent / "data" / "bad" / "dangling-reference.json"
ITEM = "IRIGC-TEC-26/TRADE-1"
SUMMIT = "/summits/india-russia-annual-summit/23/"
REPORT = (
    "MOSCOW, December 3, 2025 (TASS) - Russian Deputy Foreign Minister Andrei Rudenko met "
    "Indian Foreign Secretary Vikram Misri in Moscow on December 2, 2025, to prepare the 23rd "
    "India-Russia Annual Summit.\n\n"
    "The two sides agreed to launch a joint study on a free trade agreement by March 2026."
)

# How a test reaches its page: an address, or steps taken in the browser (a form sent).
Opening = Callable[[Page, str], None]


def at(path: str | Callable[[], str]) -> Opening:
    """The page at `path`, or at the address a function gives once the data is there."""
    return lambda page, base_url: page.goto(base_url + (path if isinstance(path, str) else path()))


def admin_page(model, view: str, **lookup) -> Opening:
    """An admin page: "changelist" and "add", or "change" and "history" of the record
    `lookup` finds."""
    name = f"admin:summits_{model._meta.model_name}_{view}"
    if view in ("changelist", "add"):
        return at(lambda: reverse(name))
    return at(lambda: reverse(name, args=[model.objects.get(**lookup).pk]))


def bulk_refused(page: Page, base_url: str) -> None:
    """The list shown again with its error summary: a status recorded on no ticked item."""
    page.goto(f"{base_url}/action-items/")
    page.get_by_role("button", name="Record for the ticked items").click()
    page.wait_for_selector(".error-summary, [role=alert]")


def bulk_change_confirmation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/action-items/?sector=trade")
    fields = page.get_by_role("group", name="Change the selected items")
    fields.get_by_label("all the items matching the filters").check()
    fields.get_by_label("Priority").select_option(label="high")
    page.get_by_role("button", name="Change the items").click()
    matching = ActionItem.objects.filter(sectors__slug="trade").count()
    page.get_by_role("heading", name=f"Change {matching} action items?").wait_for()


def _records_audited(viewer: User, analyst: User) -> None:
    """Beside the seed and its outcomes: a drafted report, an import's log, the viewer's
    notifications (one read, one not) and background exports (running, done, failed),
    and the analyst's background imports (running, checked, refused). The analyst has
    no notification or export: their pages show the empty states."""
    report_draft_create(text=REPORT, publisher="TASS", published=dt.date(2025, 12, 3), user=None)
    ReportImport.objects.create(
        file_name=SEED_REPORT.name,
        sha256="0" * 64,
        summary={"summits.meeting": {"created": 2, "unchanged": 4}},
    )
    item = ActionItem.objects.get(ref=ITEM)
    for number, read_at in ((1, None), (2, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))):
        Notification.objects.create(
            user=viewer,
            kind=Notification.Kind.ITEM_CHANGED,
            key=f"test:{number}",
            message=f"{ITEM}: status not started → in progress ({number})",
            url=item.get_absolute_url(),
            read_at=read_at,
        )
    for state, fields in EXPORTS.items():
        ExportJob.objects.create(
            owner=viewer,
            list_key="action-items",
            filename="action-items-2026-06-01.xlsx",
            state=state,
            **fields,
        )
    for state, fields in IMPORTS.items():
        ImportJob.objects.create(
            owner=analyst, file_name="big.json", sha256="0" * 64, state=state, **fields
        )


def import_checked(name: str, contents: Callable[[], bytes]) -> Opening:
    """The import page once a file is checked: its summary and changes, or its errors."""

    def opening(page: Page, base_url: str) -> None:
        page.goto(base_url + reverse("admin:summits_reportimport_import"))
        upload = {"name": name, "mimeType": "application/json", "buffer": contents()}
        page.get_by_label("Report fixture").set_input_files(upload)
        page.get_by_role("button", name="Check").click()
        page.wait_for_selector("#import-summary, #import-errors")

    return opening


def seed_with_a_title_changed() -> bytes:
    """The seed report again with one change: the page lists it."""
    records = json.loads(SEED_REPORT.read_text())
    item = next(r for r in records if r["model"] == "summits.actionitem")
    item["fields"]["title"] += " (revised)"
    return json.dumps(records).encode()


def set_status(errors: bool) -> Opening:
    """The admin's "Record a new status" page for two items; with its errors once a final
    status is sent without evidence."""

    def opening(page: Page, base_url: str) -> None:
        page.goto(base_url + reverse("admin:summits_actionitem_changelist"))
        page.locator("input.action-select").nth(0).check()
        page.locator("input.action-select").nth(1).check()
        page.get_by_label("Action:").select_option("set_status")
        page.get_by_role("button", name="Run").click()
        page.wait_for_selector("input[name=apply]")
        if errors:
            page.get_by_label("Status").select_option("fulfilled")
            page.get_by_role("button", name="Record status").click()
            page.wait_for_selector(".errorlist")

    return opening


def notifications(page: Page, base_url: str) -> None:
    """The viewer's notifications, with the header's unread count (fetched after the page)."""
    page.goto(f"{base_url}/notifications/")
    page.wait_for_selector(".bell .badge")


# A background export's page, as its owner follows it: its progress bar while it runs,
# its error once failed, its download when done.
EXPORTS = {
    "running": {"rows_done": 1000, "rows_total": 30000},
    "done": {"rows_done": 30000, "rows_total": 30000},
    "failed": {"error": "The export failed: disk full"},
}


def export_job(state: str) -> Opening:
    return at(lambda: ExportJob.objects.get(state=state).get_absolute_url())


# A large upload's job page, as its owner follows it: its progress bar while the import
# runs, what the check found (summary, a change, a warning, and its "Import" button), or
# the errors that refused it.
WHERE = {"file": "big.json", "position": 3, "model": "summits.meeting", "key": "irigc-tec-26"}
IMPORTS = {
    "running": {"dry_run": False, "records_done": 1000, "records_total": 3000},
    "done": {
        "records_done": 3000,
        "records_total": 3000,
        "result": {
            "dry_run": True,
            "summary": {"summits.meeting": {"created": 2, "updated": 1, "unchanged": 4}},
            "changes": [
                {
                    **WHERE,
                    "fields": [{"name": "title", "old": "Talks", "new": "Trade talks"}],
                }
            ],
            "warnings": [{**WHERE, "field": "title", "message": "a draft note: review it."}],
            "errors": [],
        },
    },
    "failed": {
        "records_total": 3000,
        "result": {
            "dry_run": True,
            "errors": [{**WHERE, "field": "date_start", "message": "not a date: 2026-02-30."}],
        },
    },
}


def import_job(state: str) -> Opening:
    return at(lambda: ImportJob.objects.get(state=state).get_absolute_url())


VIEWER_PAGES = {
    "dashboard": at("/"),
    "follow-up": at("/follow-up/"),
    "my-follow-ups": at("/my-follow-ups/"),
    "action-items": at("/action-items/"),
    "meetings": at("/meetings/"),
    "summits": at("/summits/"),
    "series": at("/series/"),
    "commissions": at("/commissions/"),
    "people": at("/people/"),
    "organisations": at("/organisations/"),
    "sources": at("/sources/"),
    "filtered-with-chips": at("/action-items/?status=not_started&sector=trade&q=trade"),
    "refused-filter": at("/action-items/?sector=no-such-sector"),
    "action-item": at(f"/action-items/{ITEM}/"),
    "action-item-history": at(f"/action-items/{ITEM}/history/"),
    "meeting": at("/meetings/irigc-tec-26/"),
    "meeting-history": at("/meetings/irigc-tec-26/history/"),
    "summit": at(SUMMIT),
    "summit-history": at(f"{SUMMIT}history/"),
    "series-detail": at("/series/india-russia-annual-summit/"),
    "commission": at("/commissions/irigc-tec/"),
    "person": at("/people/s-jaishankar/"),
    "organisation": at("/organisations/mea-india/"),
    "source": at(lambda: Source.objects.get(slug=SEED_REPORT.stem).get_absolute_url()),
    "search": at("/search/?q=India"),
    "agreements": at("/agreements/"),
    "documents": at("/documents/"),
    "agreement": at("/agreements/2025-12-05-india-russia-mou-maritime/"),
    "document": at("/documents/2025-12-05-india-russia-joint-statement/"),
    "compliance-by-party": at(f"{SUMMIT}compliance/"),
    "calendar": at("/calendar/"),
    "notifications": notifications,
    **{f"export-{state}": export_job(state) for state in EXPORTS},
}

ANALYST_PAGES = {
    "action-item-with-forms": at(f"/action-items/{ITEM}/"),
    "action-items-with-bulk-forms": at("/action-items/"),
    "bulk-update-refused": bulk_refused,
    "bulk-change-confirmation": bulk_change_confirmation,
    "reports": at("/reports/"),
    "report-new": at("/reports/new/"),
    "report-review": at(lambda: ReportDraft.objects.get().get_absolute_url()),
    "notifications-none": at("/notifications/"),
}

ADMIN_PAGES = {
    "index": at("/admin/"),
    **{
        f"{model._meta.model_name}-changelist": admin_page(model, "changelist")
        for model in (
            ActionItem,
            StatusUpdate,
            Meeting,
            Summit,
            SummitSeries,
            Commission,
            Person,
            Organisation,
            Source,
            ReportImport,
            BackgroundTask,
        )
    },
    **{
        f"{model._meta.model_name}-{view}": admin_page(model, view, **lookup)
        for model, lookup in (
            (ActionItem, {"ref": ITEM}),
            (Meeting, {"slug": "irigc-tec-26"}),
            (Summit, {"number": 23}),
            (SummitSeries, {"slug": "india-russia-annual-summit"}),
            (Commission, {"slug": "irigc-tec"}),
            (Source, {"slug": SEED_REPORT.stem}),
            (Person, {"slug": "s-jaishankar"}),
            (Organisation, {"slug": "mea-india"}),
            (Agreement, {"slug": "2025-12-05-india-russia-mou-maritime"}),
            (OutcomeDocument, {"slug": "2025-12-05-india-russia-joint-statement"}),
        )
        for view in ("change", "add")
    },
    "statusupdate-change": admin_page(StatusUpdate, "change", action_item__ref=ITEM),
    "statusupdate-add": admin_page(StatusUpdate, "add"),
    "actionitem-history": admin_page(ActionItem, "history", ref=ITEM),
    "record-a-new-status": set_status(errors=False),
    "record-a-new-status-refused": set_status(errors=True),
    "import-report": at(lambda: reverse("admin:summits_reportimport_import")),
    "import-report-checked": import_checked("revised.json", seed_with_a_title_changed),
    "import-report-refused": import_checked("bad.json", BAD_REPORT.read_bytes),
    "import-log": admin_page(ReportImport, "change", sha256="0" * 64),
    **{f"import-job-{state}": import_job(state) for state in IMPORTS},
    "report-draft": admin_page(ReportDraft, "change", publisher="TASS"),
}


@dataclass(frozen=True)
class Site:
    url: str
    sessions: dict[str, dict]  # per group, the cookie of a member signed in


@pytest.fixture(scope="module")
def site(django_db_blocker, _seed_rows, _playwright) -> Iterator[Site]:
    """The seed, its outcomes and the records above, committed once for the module's tests,
    a viewer and an analyst signed in, and a live server of their own: pytest-django's
    `live_server` would make each test transactional. Afterwards, the database emptied and
    its reference data restored, as the tests that follow expect it."""
    with django_db_blocker.unblock():
        try:
            seed_rows_write(_seed_rows)
            outcomes_write()
            users = {
                "Viewers": user_create("bob", "Viewers"),
                "Analysts": user_create("alice", "Analysts"),
            }
            _records_audited(users["Viewers"], users["Analysts"])
            sessions = {group: _session_cookie(user) for group, user in users.items()}
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()  # the server's host allowed
            try:
                yield Site(server.url, sessions)
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            # As a transactional test's teardown and the next one's set-up do: the
            # reference data restored from the set-up's copy (not made again by the
            # post-migrate signal), sequences left running so no later row takes its keys.
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            for alias, contents in _playwright[1].items():
                connections[alias].creation.deserialize_db_from_string(contents)


def _session_cookie(user: User) -> dict:
    session = client_signed_in(user).cookies[settings.SESSION_COOKIE_NAME]
    return {"name": session.key, "value": session.value}


def _row_counts() -> list[tuple[str, int]]:
    """Every table's rows, counted in one query rather than ~85, twice in each test."""
    tables = [connection.ops.quote_name(model._meta.db_table) for model in apps.get_models(True)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables))
        return sorted(cursor.fetchall())  # UNION ALL keeps no order on PostgreSQL


def audited(page: Page, site: Site, group: str, opening: Opening) -> None:
    """No serious violation on the page `opening` reaches as a member of `group`; and
    nothing written on the way, which a later test's page would show."""
    page.context.add_cookies([{**site.sessions[group], "url": site.url}])
    before = _row_counts()
    opening(page, site.url)
    violations = axe_violations(page)
    assert _row_counts() == before, "the page wrote: audit it on a database of its own"
    if violations:
        pytest.fail(f"{page.url}:\n{axe_report(violations)}")


# A test of the module's data: an ordinary database test (in a transaction, among the
# tests that run before the transactional ones); `serialized_rollback` asks pytest-django
# to keep the reference data at set-up, which `site` restores once it has emptied the tables.
on_site = pytest.mark.django_db(serialized_rollback=True)


@on_site
@pytest.mark.parametrize("opening", VIEWER_PAGES.values(), ids=VIEWER_PAGES.keys())
def test_a_viewers_page_has_no_serious_violation(browser_page, site, opening):
    audited(browser_page, site, "Viewers", opening)


@on_site
@pytest.mark.parametrize("opening", ANALYST_PAGES.values(), ids=ANALYST_PAGES.keys())
def test_an_analysts_page_has_no_serious_violation(browser_page, site, opening):
    audited(browser_page, site, "Analysts", opening)


@on_site
@pytest.mark.parametrize("opening", ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_an_admin_page_has_no_serious_violation(browser_page, site, opening):
    audited(browser_page, site, "Analysts", opening)


def test_the_audit_reports_what_to_fix(browser_page):
    """The bar can be failed: an unlabelled field is reported with its rule and element."""
    browser_page.set_content(
        '<html lang="en"><title>Form</title><main><input type="text" id="unnamed"></main></html>'
    )
    report = axe_report(axe_violations(browser_page))
    assert report.startswith("label (critical, 1×): Form elements must have labels")
    assert "    #unnamed" in report
