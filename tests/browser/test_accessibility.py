"""axe-core audits every kind of page, the tracker's and the admin's, as the people who use
them see them: no serious or critical violation anywhere (tests/browser/axe.py)."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page

from summits.intake.services import report_draft_create
from summits.models import (
    ActionItem,
    Agreement,
    BackgroundTask,
    Commission,
    ExportJob,
    Meeting,
    Notification,
    Organisation,
    OutcomeDocument,
    Person,
    ReportImport,
    Source,
    StatusUpdate,
    Summit,
    SummitSeries,
)
from tests.factories import client_signed_in, user_create
from tests.seed import SEED_REPORT

from .axe import axe_report, axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

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


def report_review(page: Page, base_url: str) -> None:
    draft = report_draft_create(
        text=REPORT, publisher="TASS", published=dt.date(2025, 12, 3), user=None
    )
    page.goto(f"{base_url}{draft.get_absolute_url()}")


def draft_in_admin(page: Page, base_url: str) -> None:
    draft = report_draft_create(
        text=REPORT, publisher="TASS", published=dt.date(2025, 12, 3), user=None
    )
    page.goto(base_url + reverse("admin:summits_reportdraft_change", args=[draft.pk]))


def import_log(page: Page, base_url: str) -> None:
    log = ReportImport.objects.create(
        file_name=SEED_REPORT.name,
        sha256="0" * 64,
        summary={"summits.meeting": {"created": 2, "unchanged": 4}},
    )
    page.goto(base_url + reverse("admin:summits_reportimport_change", args=[log.pk]))


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
    """The user's notifications, one read and one not, with the header's unread count."""
    item = ActionItem.objects.get(ref=ITEM)
    for number, read_at in ((1, None), (2, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))):
        Notification.objects.create(
            user=User.objects.get(username="bob"),
            kind=Notification.Kind.ITEM_CHANGED,
            key=f"test:{number}",
            message=f"{ITEM}: status not started → in progress ({number})",
            url=item.get_absolute_url(),
            read_at=read_at,
        )
    page.goto(f"{base_url}/notifications/")
    page.wait_for_selector(".bell .badge")


def export_job(state: str, **fields) -> Opening:
    """A background export's page, as its owner follows it: its progress bar while it
    runs, its error once failed, its download when done."""

    def opening(page: Page, base_url: str) -> None:
        job = ExportJob.objects.create(
            owner=User.objects.get(username="bob"),
            list_key="action-items",
            filename="action-items-2026-06-01.xlsx",
            state=state,
            **fields,
        )
        page.goto(base_url + job.get_absolute_url())

    return opening


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
    "notifications-none": at("/notifications/"),
    "export-running": export_job("running", rows_done=1000, rows_total=30000),
    "export-done": export_job("done", rows_done=30000, rows_total=30000),
    "export-failed": export_job("failed", error="The export failed: disk full"),
}

ANALYST_PAGES = {
    "action-item-with-forms": at(f"/action-items/{ITEM}/"),
    "action-items-with-bulk-forms": at("/action-items/"),
    "bulk-update-refused": bulk_refused,
    "bulk-change-confirmation": bulk_change_confirmation,
    "reports": at("/reports/"),
    "report-new": at("/reports/new/"),
    "report-review": report_review,
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
    "import-log": import_log,
    "report-draft": draft_in_admin,
}


def audited(page: Page, base_url: str, user, opening: Opening) -> None:
    client = client_signed_in(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": session.key, "value": session.value, "url": base_url}])
    opening(page, base_url)
    if violations := axe_violations(page):
        pytest.fail(f"{page.url}:\n{axe_report(violations)}")


@pytest.fixture
def base_url(live_server, outcomes) -> str:
    return live_server.url


@pytest.mark.parametrize("opening", VIEWER_PAGES.values(), ids=VIEWER_PAGES.keys())
def test_a_viewers_page_has_no_serious_violation(page, base_url, opening):
    audited(page, base_url, user_create("bob", "Viewers"), opening)


@pytest.mark.parametrize("opening", ANALYST_PAGES.values(), ids=ANALYST_PAGES.keys())
def test_an_analysts_page_has_no_serious_violation(page, base_url, opening):
    audited(page, base_url, user_create("alice", "Analysts"), opening)


@pytest.mark.parametrize("opening", ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_an_admin_page_has_no_serious_violation(page, base_url, opening):
    audited(page, base_url, user_create("alice", "Analysts"), opening)


def test_the_audit_reports_what_to_fix(page):
    """The bar can be failed: an unlabelled field is reported with its rule and element."""
    page.set_content(
        '<html lang="en"><title>Form</title><main><input type="text" id="unnamed"></main></html>'
    )
    report = axe_report(axe_violations(page))
    assert report.startswith("label (critical, 1×): Form elements must have labels")
    assert "    #unnamed" in report
