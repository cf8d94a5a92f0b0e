"""Rows added in rounds for the admin's query-count tests (test_admin_query_counts.py).

Each round adds `k` records of every kind an admin lists, and `k` related rows (inline
rows, many-to-many links, a series' summits) to the first record of each kind, whose
change page the tests open. The data only grows from round to round: a filter choice or
a search that found rows in the first round still finds them in the second.
"""

import datetime as dt
import string
from itertools import product

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Max, Model
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.models import (
    ActionItem,
    ActionItemCitation,
    ActionItemRelation,
    Agreement,
    AgreementCitation,
    BackgroundTask,
    Commission,
    ComplianceReport,
    ComplianceReportEntry,
    Country,
    Meeting,
    MeetingCitation,
    Organisation,
    OutcomeDocument,
    Paragraph,
    Participation,
    Person,
    Place,
    ReportDraft,
    ReportImport,
    SavedView,
    Sector,
    Signatory,
    Source,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    SummitCitation,
    SummitSeries,
)
from tests.factories import user_create

DAY = dt.date(2024, 1, 1)


def first[M: Model](model: type[M]) -> M:
    """The record whose change page the tests open, and which each round adds rows to."""
    return model._default_manager.order_by("pk").first()


def admin_rows_add(*, k: int, round: int) -> None:
    """Add `k` records of every kind, and `k` related rows to the first record of each.
    `round` (1, 2, …) keeps the new records' names and keys apart from earlier rounds'."""
    tags = [f"{round}-{i}" for i in range(1, k + 1)]
    users = [user_create(f"grown-{tag}", "Analysts") for tag in tags]
    countries = _countries(tags)
    sectors = [Sector.objects.create(slug=f"grown-{t}", name=f"Grown sector {t}") for t in tags]
    sources = [
        Source.objects.create(
            slug=f"grown-{t}",
            title=f"Grown report {t}",
            publisher=f"Grown Press {t}",
            published_on=DAY + dt.timedelta(days=i),
        )
        for i, t in enumerate(tags)
    ]
    places = [
        Place.objects.create(slug=f"grown-{t}", name=f"Grown city {t}", country=country)
        for t, country in zip(tags, countries, strict=True)
    ]
    organisations = [
        Organisation.objects.create(
            slug=f"grown-{t}", name=f"Grown ministry {t}", country=c, parent=first(Organisation)
        )
        for t, c in zip(tags, countries, strict=True)
    ]
    people = [
        Person.objects.create(
            slug=f"grown-{t}", name=f"Grown official {t}", country=c, organisation=o
        )
        for t, c, o in zip(tags, countries, organisations, strict=True)
    ]
    _groups_add(tags, users)
    _summits_add(tags, countries, places, sources, users)
    commissions = [
        Commission.objects.create(
            slug=f"grown-{t}", name=f"Grown commission {t}", parent=first(Commission)
        )
        for t in tags
    ]
    for commission in commissions:
        commission.countries.set(countries[:2])
    _meetings_add(tags, places, commissions, sectors, sources, people, countries)
    items = _items_add(tags, sectors, organisations, users, sources)
    _outcomes_add(tags, sources, places, commissions, items, people, countries, organisations)
    _intake_add(tags, users, items)
    _sign_ins_add(tags)


def _countries(tags: list[str]) -> list[Country]:
    taken = set(Country.objects.values_list("iso2", flat=True))
    codes = ("".join(pair) for pair in product(string.ascii_uppercase, repeat=2))
    free = (code for code in codes if code not in taken)
    return [Country.objects.create(iso2=next(free), name=f"Grownland {t}") for t in tags]


def _groups_add(tags: list[str], users: list[User]) -> None:
    permissions = list(Permission.objects.order_by("pk")[: len(tags)])
    groups = [Group.objects.create(name=f"Grown group {t}") for t in tags]
    for group in groups:
        group.permissions.set(permissions)
    first(User).groups.add(*groups)
    first(User).user_permissions.add(*permissions)


def _summits_add(tags, countries, places, sources, users) -> None:
    for tag, source in zip(tags, sources, strict=True):
        series = SummitSeries.objects.create(slug=f"grown-{tag}", name=f"Grown summit {tag}")
        series.countries.set(countries[:2])
        summit = Summit.objects.create(series=series, number=1, host_place=places[0])
        SummitCitation.objects.create(summit=summit, source=source)
    # The first series' editions (its inline) and the first summit's citations.
    series = first(SummitSeries)
    number = series.summits.aggregate(Max("number"))["number__max"] or 0
    for i, (place, source) in enumerate(zip(places, sources, strict=True), start=1):
        summit = Summit(series=series, number=number + i, host_place=place, status="scheduled")
        summit.date = FuzzyDate(DAY + dt.timedelta(days=i))
        summit.save()
        SummitCitation.objects.create(summit=first(Summit), source=source)
        ComplianceReport.objects.create(
            summit=first(Summit),
            kind="interim",
            cut_off=DAY + dt.timedelta(days=ComplianceReport.objects.count()),
            created_by=users[i - 1],
        )
    report = first(ComplianceReport)
    done = report.entries.count()
    for i in range(1, len(tags) + 1):
        ComplianceReportEntry.objects.create(
            report=report, ref=f"GROWN-{done + i}", title="Grown entry", status="in_progress"
        )


def _meetings_add(tags, places, commissions, sectors, sources, people, countries) -> None:
    for i, (tag, place, commission) in enumerate(zip(tags, places, commissions, strict=True)):
        meeting = Meeting.objects.create(
            slug=f"grown-{tag}",
            title=f"Grown talks {tag}",
            date_start=DAY + dt.timedelta(days=i),
            place=place,
            summit=first(Summit),
            commission=commission,
        )
        meeting.sectors.set(sectors)
    meeting = first(Meeting)
    for person, source, country in zip(people, sources, countries, strict=True):
        Participation.objects.create(meeting=meeting, person=person, role="Envoy", side=country)
        MeetingCitation.objects.create(meeting=meeting, source=source)
    meeting.sectors.add(*sectors)


def _items_add(tags, sectors, organisations, users, sources) -> list[ActionItem]:
    items = []
    for i, (tag, user) in enumerate(zip(tags, users, strict=True)):
        # Made at the first meeting (its inline), for the first summit.
        item = ActionItem(
            ref=f"GROWN-{tag}",
            title=f"Grown commitment {tag}",
            origin_meeting=first(Meeting),
            target_summit=first(Summit),
            paragraph=first(Paragraph),
            owner=user,
            status="in_progress",
        )
        item.due = FuzzyDate(DAY + dt.timedelta(days=i), "month")
        item.save()
        item.sectors.set(sectors)
        item.responsible.set(organisations)
        item.watchers.set(users)
        StatusUpdate.objects.create(
            action_item=item, as_of=DAY, sequence=1, status="in_progress", author=user
        )
        ActionItemCitation.objects.create(action_item=item, source=sources[i])
        items.append(item)
    # The first item's citations, relations and updates (its inlines), and the first
    # update's evidence.
    item = first(ActionItem)
    updates = item.status_updates.count()
    for i, (other, user, source) in enumerate(zip(items, users, sources, strict=True), 1):
        ActionItemCitation.objects.create(action_item=item, source=source)
        ActionItemRelation.objects.create(action_item=item, kind="reaffirms", other=other)
        StatusUpdate.objects.create(
            action_item=item,
            as_of=DAY - dt.timedelta(days=updates + i),
            sequence=1,
            status="in_progress",
            author=user,
        )
        StatusUpdateEvidence.objects.create(status_update=first(StatusUpdate), source=source)
    item.sectors.add(*sectors)
    item.responsible.add(*organisations)
    item.watchers.add(*users)
    return items


def _outcomes_add(tags, sources, places, commissions, items, people, countries, organisations):
    for i, (tag, source, place) in enumerate(zip(tags, sources, places, strict=True)):
        OutcomeDocument.objects.create(
            slug=f"grown-{tag}",
            title=f"Grown statement {tag}",
            summit=first(Summit),
            adopted_on=DAY + dt.timedelta(days=i),
            source=source,
        )
        agreement = Agreement.objects.create(
            slug=f"grown-{tag}",
            title=f"Grown agreement {tag}",
            summit=first(Summit),
            signed_on=DAY + dt.timedelta(days=i),
            place=place,
        )
        agreement.countries.set(countries)
        agreement.organisations.set(organisations)
        agreement.mechanisms.set(commissions)
        agreement.action_items.set(items)
        AgreementCitation.objects.create(agreement=agreement, source=source)
    document = first(OutcomeDocument)
    number = document.paragraphs.aggregate(Max("number"))["number__max"] or 0
    for i in range(1, len(tags) + 1):
        Paragraph.objects.create(document=document, number=number + i, text="Grown paragraph.")
    agreement = first(Agreement)
    for person, source, country in zip(people, sources, countries, strict=True):
        Signatory.objects.create(agreement=agreement, person=person, role="Envoy", side=country)
        AgreementCitation.objects.create(agreement=agreement, source=source)
    agreement.countries.add(*countries)
    agreement.organisations.add(*organisations)
    agreement.mechanisms.add(*commissions)
    agreement.action_items.add(*items)


def _intake_add(tags, users, items) -> None:
    now = timezone.now()
    imports = [
        ReportImport.objects.create(
            file_name=f"grown-{tag}.json", sha256=tag, imported_by=user, summary={}
        )
        for tag, user in zip(tags, users, strict=True)
    ]
    for tag, user in zip(tags, users, strict=True):
        ReportDraft.objects.create(
            title=f"Grown draft {tag}",
            publisher="Grown Press",
            published_on=DAY,
            text="Grown report text.",
            created_by=user,
            reviewed_by=user,
            reviewed_at=now,
        )
        SavedView.objects.create(owner=user, name=f"Grown view {tag}", list_key="action-items")
        BackgroundTask.objects.create(
            status="FAILED",
            args_kwargs={"args": [], "kwargs": {"attempt": 1}},
            task_path=f"summits.tasks.grown_{tag.replace('-', '_')}",
            backend_name="default",
            run_after=now,
            exception_class_path="ValueError",
            traceback="Traceback …\nValueError: grown",
        )
    first(ReportDraft).imports.add(*imports)


def _sign_ins_add(tags: list[str]) -> None:
    for tag in tags:
        visit = {
            "user_agent": f"Grown browser {tag}",
            "ip_address": "127.0.0.1",
            "username": f"grown-{tag}",
            "http_accept": "text/html",
            "path_info": "/accounts/login/",
        }
        AccessAttempt.objects.create(**visit, get_data="", post_data="", failures_since_start=1)
        AccessLog.objects.create(**visit)
        AccessFailureLog.objects.create(**visit, locked_out=False)
