"""Every URL of the app, walked as an anonymous user, a user in no group, a viewer and an
analyst.

The walk is built from the URLconf: every named route of the `summits` app, of the
account pages and every admin route of every registered model must be in it, so a new
page cannot be left out.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from summits import services
from summits import urls as summit_urls
from summits.access import NO_ACCESS
from summits.models import (
    ActionItem,
    ActionItemRelation,
    Agreement,
    BackgroundTask,
    CalendarFeedToken,
    Commission,
    ComplianceReport,
    ExportJob,
    ImportJob,
    Meeting,
    Organisation,
    OutcomeDocument,
    Person,
    ReportDraft,
    ReportImport,
    SavedView,
    Signatory,
    Source,
    Status,
    StatusUpdateEvidence,
    Summit,
    SummitSeries,
)
from summits.tasks import reminders_send
from tracker import urls as tracker_urls

pytestmark = pytest.mark.usefixtures("outcomes")  # the seed, and agreements and documents
# "nobody" has logged in but is in no group: a login alone reads nothing.
ROLES = ("anonymous", "nobody", "viewer", "analyst")
LOGIN = "login"  # a redirect to the site's or the admin's login page
READ = {"anonymous": LOGIN, "nobody": 403, "viewer": 200, "analyst": 200}
ANALYSTS_WRITE = {"anonymous": LOGIN, "nobody": 403, "viewer": 403, "analyst": 302}
ANYONE_WRITES = {"anonymous": LOGIN, "nobody": 403, "viewer": 302, "analyst": 302}
# Report drafts are analysts' work in progress: viewers neither see nor change them.
ANALYSTS_READ = {"anonymous": LOGIN, "nobody": 403, "viewer": 403, "analyst": 200}
# One's own account: anyone signed in, whatever their groups.
SIGNED_IN = {"anonymous": LOGIN, "nobody": 200, "viewer": 200, "analyst": 200}
# The records with a list page, by the names of their list URLs ("summits:<name>-list").
LISTS = (
    "actionitem",
    "meeting",
    "summit",
    "series",
    "commission",
    "person",
    "organisation",
    "source",
    "agreement",
    "document",
)
WALK_SOURCE = {
    "slug": "2025-12-01-walk-report",
    "title": "Walk report",
    "publisher": "Walk",
    "published_on": "2025-12-01",
}


@dataclass
class Visit:
    route: str  # the URL's name, "summits:home" or "admin:summits_meeting_change"
    url: str
    expect: dict[str, int | str]
    method: str = "get"
    data: Callable[[], dict] = field(default=dict)  # built when sent: versions move


def _app_visits() -> list[Visit]:
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    records = {
        "summit": Summit.objects.get(number=23),
        "series": SummitSeries.objects.get(),
        "meeting": Meeting.objects.get(slug="irigc-tec-26"),
        "commission": Commission.objects.get(slug="irigc-tec"),
        "actionitem": item,
        "person": Person.objects.get(slug="s-jaishankar"),
        "organisation": Organisation.objects.get(slug="mea-india"),
        "source": Source.objects.get(slug="2025-11-20-ani-india-russia-summit-preparations"),
        "agreement": Agreement.objects.get(slug="2025-12-05-india-russia-mou-maritime"),
        "document": OutcomeDocument.objects.get(slug="2025-12-05-india-russia-joint-statement"),
    }
    visits = [
        Visit(f"summits:{name}", reverse(f"summits:{name}"), READ)
        for name in ["home", "follow-up", "my-follow-ups", "calendar"]
    ]
    visits.append(Visit("summits:pick", reverse("summits:pick", args=["meeting"]) + "?q=26", READ))
    search = reverse("summits:search")
    visits += [Visit("summits:search", f"{search}{query}", READ) for query in ["", "?q=trade"]]
    for name in LISTS:
        url = reverse(f"summits:{name}-list")
        visits.append(Visit(f"summits:{name}-list", url, READ))
        visits += [
            Visit(f"summits:{name}-list", f"{url}?_export={kind}", READ)
            for kind in ["csv", "xlsx", "json"]
        ]
        # Choosing columns, and saving a view, is anyone's own business.
        visits.append(
            Visit(f"summits:{name}-list", url, ANYONE_WRITES, "post", lambda: {"columns": []})
        )
        visits.append(
            Visit(
                f"summits:{name}-list",
                f"{url}?q=walk",
                ANYONE_WRITES,
                "post",
                lambda: {"save_view": "1", "view-name": "Walk", "view-digest": "none"},
            )
        )
    for name, record in records.items():
        url = record.get_absolute_url()
        visits.append(Visit(f"summits:{name}-detail", url, READ))
        visits.append(Visit(f"summits:{name}-history", f"{url}history/", READ))
    ref = item.ref
    visits += [
        Visit(
            "summits:actionitem-status-update",
            reverse("summits:actionitem-status-update", args=[ref]),
            ANALYSTS_WRITE,
            "post",
            lambda: {"status": Status.IN_PROGRESS, "as_of": "2025-12-01"},
        ),
        Visit(
            "summits:actionitem-owner",
            reverse("summits:actionitem-owner", args=[ref]),
            ANALYSTS_WRITE,
            "post",
            lambda: {"owner": "", "base_version": ActionItem.objects.get(ref=ref).version},
        ),
        Visit(
            "summits:actionitem-watch",
            reverse("summits:actionitem-watch", args=[ref]),
            ANYONE_WRITES,
            "post",
            lambda: {"watch": "on"},
        ),
        Visit(
            "summits:actionitem-list",
            reverse("summits:actionitem-list"),
            ANALYSTS_WRITE,
            "post",
            lambda: {
                "record_status": "1",
                "items": [item.pk],
                "status": Status.STALLED,
                "as_of": "2025-12-02",
            },
        ),
        Visit(
            "summits:calendar",
            reverse("summits:calendar"),
            ANYONE_WRITES,
            "post",
            lambda: {"action": "create"},
        ),
        # API tokens: anyone who reads makes and revokes their own; a token does no
        # more than its user may (tests/api).
        Visit("summits:api-tokens", reverse("summits:api-tokens"), READ),
        Visit(
            "summits:api-tokens",
            reverse("summits:api-tokens"),
            READ,
            "post",
            lambda: {"name": "Walk", "scope": "read", "days": "30"},
        ),
        *_api_token_visits(),
        # One's own notifications, their mail settings, and watching a summit.
        Visit("summits:notification-list", reverse("summits:notification-list"), READ),
        Visit("summits:notification-badge", reverse("summits:notification-badge"), READ),
        Visit(
            "summits:notifications-read",
            reverse("summits:notifications-read"),
            ANYONE_WRITES,
            "post",
            lambda: {},
        ),
        Visit(
            "summits:notification-preferences",
            reverse("summits:notification-preferences"),
            ANYONE_WRITES,
            "post",
            lambda: {"item_changed": "digest", "summit_changed": "never", "reminder": "digest"},
        ),
        Visit(
            "summits:summit-watch",
            reverse("summits:summit-watch", args=["india-russia-annual-summit", 23]),
            ANYONE_WRITES,
            "post",
            lambda: {"watch": "on"},
        ),
    ]
    visits += _report_visits()
    visits += _saved_view_visits()
    visits += _export_visits()
    # The feed: its secret address stands for a login; an unknown one shows nothing, nor
    # does one whose owner may not read. Its owners walk nothing, so the walk's own
    summit = Summit.objects.get(number=23)
    freeze = reverse("summits:compliance-report-freeze", args=[summit.series.slug, 23])
    visits += [
        Visit("summits:compliance-report", _a_frozen_report().get_absolute_url(), READ),
        Visit(
            "summits:compliance-report-freeze",
            freeze,
            ANALYSTS_WRITE,
            "post",
            lambda: {"kind": "final", "cut_off": "2025-12-02"},
        ),
        *(
            Visit(
                "summits:summit-brief",
                reverse("summits:summit-brief", args=[summit.series.slug, 23, extension]),
                READ,
            )
            for extension in ("docx", "pdf")
        ),
        Visit(
            "summits:summit-compliance",
            reverse("summits:summit-compliance", args=[summit.series.slug, 23]),
            READ,
        ),
    ]
    # "create a new address" leaves them valid.
    carol = User.objects.create_user("carol")
    carol.groups.add(Group.objects.get(name="Viewers"))
    dave = User.objects.create_user("dave")
    visits += [
        Visit("summits:calendar-feed", _feed_url(carol), dict.fromkeys(ROLES, 200)),
        Visit("summits:calendar-feed", _feed_url(dave), dict.fromkeys(ROLES, 404)),
        Visit(
            "summits:calendar-feed",
            reverse("summits:calendar-feed", args=["nope"]),
            dict.fromkeys(ROLES, 404),
        ),
    ]
    return visits


def _export_visits() -> list[Visit]:
    """A background export's page and file: its owner's alone (the walk's viewer here);
    the file only once written."""
    job = ExportJob.objects.create(
        owner=User.objects.get(username="bob"), list_key="meetings", filename="m.xlsx"
    )
    owner_only = {"anonymous": LOGIN, "nobody": 403, "viewer": 200, "analyst": 403}
    return [
        Visit("summits:export-job", job.get_absolute_url(), owner_only),
        Visit(
            "summits:export-job-download",
            reverse("summits:export-job-download", args=[job.pk]),
            {**owner_only, "viewer": 404},
        ),
    ]


def _saved_view_visits() -> list[Visit]:
    """A view is opened by anyone who reads if shared, by its owner alone if not; changed
    by its owner alone; deleted by its owner or staff (analysts)."""
    erin = User.objects.create_user("erin")
    erin.groups.add(Group.objects.get(name="Viewers"))
    bob = User.objects.get(username="bob")  # the walk's viewer
    shared, private, doomed = (
        SavedView.objects.create(owner=owner, list_key="meetings", name=name, shared=share)
        for owner, name, share in [
            (erin, "Shared", True),
            (bob, "Bob's", False),
            (erin, "Old", True),
        ]
    )
    owner_only = {"anonymous": LOGIN, "nobody": 403, "viewer": 302, "analyst": 404}
    settings = {"digest": "weekly"}
    return [
        Visit(
            "summits:saved-view", shared.get_absolute_url(), {**READ, "viewer": 302, "analyst": 302}
        ),
        Visit("summits:saved-view", private.get_absolute_url(), owner_only),
        Visit(
            "summits:saved-view", private.get_absolute_url(), owner_only, "post", lambda: settings
        ),
        Visit(
            "summits:saved-view",
            shared.get_absolute_url(),
            {**owner_only, "viewer": 403, "analyst": 403},
            "post",
            lambda: settings,
        ),
        Visit(
            "summits:saved-view-delete",
            reverse("summits:saved-view-delete", args=[doomed.pk]),
            {**owner_only, "viewer": 403, "analyst": 302},
            "post",
        ),
    ]


def _api_token_visits() -> list[Visit]:
    """Revoking: one's own token only; someone else's is not found."""
    erin = User.objects.get_or_create(username="erin-tokens")[0]
    theirs = services.api_token_create(user=erin, name="Erin's", scope="read", days=30)[0]
    bob = User.objects.get(username="bob")  # the walk's viewer
    own = services.api_token_create(user=bob, name="Bob's", scope="read", days=30)[0]
    return [
        Visit(
            "summits:api-token-revoke",
            reverse("summits:api-token-revoke", args=[theirs.pk]),
            {"anonymous": LOGIN, "nobody": 403, "viewer": 404, "analyst": 404},
            "post",
        ),
        Visit(
            "summits:api-token-revoke",
            reverse("summits:api-token-revoke", args=[own.pk]),
            {"anonymous": LOGIN, "nobody": 403, "viewer": 302, "analyst": 404},
            "post",
        ),
    ]


def _feed_url(user: User) -> str:
    token = CalendarFeedToken.objects.create(user=user).token
    return reverse("summits:calendar-feed", args=[token])


def _account_visits() -> list[Visit]:
    """Logging in and out, changing one's password; resetting it is not offered (404)."""
    everyone = dict.fromkeys(ROLES, 200)
    gone = dict.fromkeys(ROLES, 404)
    return [
        Visit("login", reverse("login"), everyone),
        Visit("password_change", reverse("password_change"), SIGNED_IN),
        Visit("password_change_done", reverse("password_change_done"), SIGNED_IN),
        # The routes django.contrib.auth.urls would add.
        Visit("password_reset", "/accounts/password_reset/", gone),
        Visit("password_reset", "/accounts/password_reset/", gone, "post", lambda: _EMAIL),
        Visit("password_reset_done", "/accounts/password_reset/done/", gone),
        Visit("password_reset_confirm", "/accounts/reset/MQ/set-password/", gone),
        Visit("password_reset_complete", "/accounts/reset/done/", gone),
        # Last: it ends the session the visits before it use.
        Visit(
            "logout", reverse("logout"), {**dict.fromkeys(ROLES, 302), "anonymous": LOGIN}, "post"
        ),
    ]


_EMAIL = {"email": "bob@example.org"}


def _report_visits() -> list[Visit]:
    """The intake pages: a draft with one record, accepted then imported by the analyst."""
    draft = ReportDraft.objects.create(
        title="Walk report",
        publisher="Walk",
        published_on="2025-12-01",
        text="Walk report.",
        records=[{"model": "summits.source", "fields": WALK_SOURCE}],
    )
    imported = ReportDraft.objects.create(
        title="Imported", publisher="Walk", published_on="2025-12-01", text="x", fixture="[]"
    )
    imported.state = ReportDraft.State.IMPORTED
    imported.save()
    details = {
        "step": "details",
        "text": "NEW DELHI, Dec 1 (ANI): The ministers met.",
        "publisher": "ANI",
        "published_on": "2025-12-01",
    }
    record = {f"r0-{name}": value for name, value in WALK_SOURCE.items()}
    return [
        Visit("summits:report-list", reverse("summits:report-list"), ANALYSTS_READ),
        Visit("summits:report-new", reverse("summits:report-new"), ANALYSTS_READ),
        Visit(
            "summits:report-new",
            reverse("summits:report-new"),
            ANALYSTS_WRITE,
            "post",
            lambda: details,
        ),
        Visit("summits:report-review", draft.get_absolute_url(), ANALYSTS_READ),
        Visit(
            "summits:report-record",
            reverse("summits:report-record", args=[draft.pk, 0]),
            ANALYSTS_WRITE,
            "post",
            lambda: {**record, "action": "accept"},
        ),
        Visit(
            "summits:report-import",
            reverse("summits:report-import", args=[draft.pk]),
            ANALYSTS_WRITE,
            "post",
        ),
        Visit(
            "summits:report-fixture",
            reverse("summits:report-fixture", args=[imported.pk]),
            ANALYSTS_READ,
        ),
    ]


def _one_of_each() -> None:
    """A record for every admin page to show: the seed has no import, frozen report,
    login records or background task."""
    ReportImport.objects.create(file_name="seed.json", sha256="0" * 64)
    _a_frozen_report()
    request = {
        "user_agent": "test",
        "ip_address": "127.0.0.1",
        "username": "mallory",  # not a user who logs in: a login would reset her attempts
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**request, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**request)
    AccessFailureLog.objects.create(**request)
    reminders_send.enqueue()  # a background task's record


def _a_frozen_report() -> ComplianceReport:
    summit = Summit.objects.get(number=23)
    return ComplianceReport.objects.get_or_create(
        summit=summit, kind="interim", cut_off=dt.date(2025, 12, 1)
    )[0]


def _admin_visits() -> list[Visit]:
    _one_of_each()
    visits = [Visit("admin:index", reverse("admin:index"), _admin(200))]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        # Analysts manage the tracker's records; users, groups and login records are the
        # superuser's. The import log is read-only: nobody adds or deletes an entry. Drafts
        # are made on the Reports pages, so the admin only shows them, or deletes one.
        # Evidence is edited on its status update's page, where its rule is checked.
        ours = model._meta.app_label == "summits"
        read = _admin(200 if ours else 403)
        shown_only = (ReportImport, StatusUpdateEvidence)
        write = _admin(200 if ours and model not in shown_only else 403)
        # Signatories and relations are added on their parent's page, judged together; a
        # frozen report on its summit's page (deleted here, if frozen by mistake).
        added_on_parent = (Signatory, ActionItemRelation, ComplianceReport)
        # Background tasks are the worker's records: listed, never added by hand.
        not_added = (*shown_only, *added_on_parent, ReportDraft, BackgroundTask)
        add = _admin(200 if ours and model not in not_added else 403)
        record = model.objects.first()
        assert record is not None, f"nothing to show on the admin pages of {model.__name__}"
        key = record.pk
        visits += [
            Visit(f"{info}_changelist", reverse(f"{info}_changelist"), read),
            Visit(f"{info}_add", reverse(f"{info}_add"), add),
            Visit(f"{info}_change", reverse(f"{info}_change", args=[key]), read),
            Visit(f"{info}_history", reverse(f"{info}_history", args=[key]), read),
            Visit(f"{info}_delete", reverse(f"{info}_delete", args=[key]), write),
        ]
        if hasattr(model, "history"):  # simple-history's view of one past version
            if not model.history.filter(id=key).exists():
                record.save()  # reference data from a migration has no history yet
            version = model.history.filter(id=key).first()
            url = reverse(f"{info}_simple_history", args=[key, version.history_id])
            visits.append(Visit(f"{info}_simple_history", url, read))
        if model is User:
            url = reverse("admin:auth_user_password_change", args=[key])
            visits.append(Visit("admin:auth_user_password_change", url, read))
        if model is ReportImport:
            # Its own view refuses a signed-in user who may not import, not a redirect.
            url = reverse("admin:summits_reportimport_import")
            expect = {"anonymous": LOGIN, "nobody": 403, "viewer": 403, "analyst": 200}
            visits.append(Visit("admin:summits_reportimport_import", url, expect))
            # A large upload's job page: its owner's alone (the walk's analyst here).
            job = ImportJob.objects.create(
                owner=User.objects.get(username="alice"), file_name="big.json", sha256="0" * 64
            )
            visits.append(Visit("admin:summits_reportimport_job", job.get_absolute_url(), expect))
    return visits


def _admin(analyst: int) -> dict[str, int | str]:
    return {"anonymous": LOGIN, "nobody": LOGIN, "viewer": LOGIN, "analyst": analyst}


def _routes_to_cover() -> set[str]:
    routes = {f"summits:{pattern.name}" for pattern in summit_urls.urlpatterns}
    routes |= {pattern.name for pattern in tracker_urls.accounts}
    for model_admin in admin.site._registry.values():
        routes |= {f"admin:{p.name}" for p in model_admin.get_urls() if p.name}
    return routes | {"admin:index"}


def _outcome(response) -> int | str:
    logins = (f"{reverse('login')}?next=", f"{reverse('admin:login')}?next=")
    if response.status_code == 302 and response.url.startswith(logins):
        return LOGIN
    return response.status_code


def test_every_url_answers_each_role_as_expected(viewer, analyst):
    visits = _app_visits() + _admin_visits() + _account_visits()
    assert _routes_to_cover() - {visit.route for visit in visits} == set()
    clients = {role: Client() for role in ROLES}
    clients["nobody"].force_login(User.objects.create_user("nobody"))
    clients["viewer"].force_login(viewer)
    clients["analyst"].force_login(analyst)
    wrong = []
    for role in ROLES:
        for visit in visits:
            send = getattr(clients[role], visit.method)
            outcome = _outcome(
                send(visit.url, visit.data()) if visit.method == "post" else send(visit.url)
            )
            if outcome != (expected := visit.expect[role]):
                wrong.append(
                    f"{role} {visit.method.upper()} {visit.url}: {outcome}, not {expected}"
                )
    assert wrong == [], "\n".join(wrong)
    # The analyst's writes went through: an update, a bulk update, a watch, a report.
    item = ActionItem.objects.get(ref="MARITIME-2025-1")
    assert item.status == Status.STALLED
    assert set(item.watchers.all()) == {viewer, analyst}
    assert Source.objects.filter(slug=WALK_SOURCE["slug"]).exists()
    # Both readers saved a view of every list; the analyst deleted a shared one.
    assert SavedView.objects.filter(name="Walk").count() == 2 * len(LISTS)
    assert not SavedView.objects.filter(name="Old").exists()


def test_taking_a_viewer_out_of_the_group_closes_the_tracker_at_once(client, viewer):
    client.force_login(viewer)
    client.post(reverse("summits:calendar"), {"action": "create"})
    feed = reverse("summits:calendar-feed", args=[CalendarFeedToken.objects.get(user=viewer).token])
    pages = [
        reverse("summits:home"),
        reverse("summits:actionitem-list"),
        f"{reverse('summits:actionitem-list')}?_export=csv",
        ActionItem.objects.get(ref="MARITIME-2025-1").get_absolute_url(),
    ]
    assert [client.get(page).status_code for page in [*pages, feed]] == [200] * 5
    menu = f'href="{reverse("summits:actionitem-list")}"'
    assert menu in client.get(pages[0]).text

    viewer.groups.clear()  # the same session goes on: nothing is remembered in it

    refused = [client.get(page) for page in pages]
    assert [response.status_code for response in refused] == [403] * 4
    assert NO_ACCESS in refused[0].text  # a page saying whom to ask, not a login loop
    assert menu not in refused[0].text  # no menu of pages that would all refuse them
    assert Client().get(feed).status_code == 404
    assert client.post(reverse("summits:calendar"), {"action": "create"}).status_code == 403
    assert client.post(reverse("logout")).status_code == 302
