"""Pages outside the admin. Each fetches what its template shows in a fixed number of queries."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import Column

from . import filters, services, tables
from .access import may_read
from .brief.content import brief_content
from .brief.pdf import brief_pdf
from .brief.word import brief_docx
from .caching import ITEM_STATUS, cached
from .charts import ChartRow, sparkline, stacked_bar_chart
from .feeds import PARTS, calendar_pieces, feed_records, feed_since
from .forms import (
    BulkChangeForm,
    BulkStatusUpdateForm,
    ComplianceReportForm,
    FollowUpForm,
    OwnerForm,
    SavedViewSettingsForm,
    StatusUpdateForm,
    error_summary,
)
from .history import record_history, records_history
from .lists.pages import ListPage, view_list_query
from .models import (
    ActionItem,
    CalendarFeedToken,
    Commission,
    ComplianceReport,
    Meeting,
    Organisation,
    Participation,
    Person,
    SavedView,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    SummitSeries,
)
from .outcomes.queries import agreements_with_idle_mechanisms
from .outcomes.views import AgreementList, OutcomeDocumentList
from .queries import (
    DUE_SOON_DAYS,
    OPEN_ITEMS_QUERY,
    PICKABLE,
    action_item_owners,
    count_of,
    evidence_suggestions,
    follow_up_counts,
    follow_up_queues,
    item_counts_by_sector,
    item_counts_by_status,
    my_follow_ups,
    next_summit,
    readiness_items,
    recent_changes,
    records_matching,
    saved_views_by_list,
    saved_views_visible,
    score_percent,
    summit_readiness_from_cache,
    summits_to_update,
    upcoming_meetings,
    upcoming_summits,
    with_follow_up_flags,
    with_latest_meetings,
    with_open_item_counts,
)
from .queries.compliance import summit_compliance_from_cache, summit_compliance_rows
from .queries.frozen import report_reading
from .queries.lineage import item_lineage
from .queries.search import MAX_LENGTH, SHOWN, site_search

PARTICIPATIONS = Prefetch(
    "participations", queryset=Participation.objects.select_related("person", "side")
)


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: what is coming, what is late, how commitments stand, what changed.

    Its figures, and the long list of upcoming summits, are the same for every reader:
    they come from the cache, computed again once a record changes (caching.py).
    """
    today = timezone.localdate()
    summits = list(upcoming_summits(today))
    items_url = reverse("summits:actionitem-list")
    by_status = cached("item-counts-by-status", item_counts_by_status, kinds=ITEM_STATUS)
    status_rows = [
        ChartRow(label, {code: by_status[code]}, {"status": code}) for code, label in Status.choices
    ]
    # Items without a sector are not in the tallies' rows: no list filter picks them.
    sector_rows = [
        ChartRow(sector.name, sector.by_status, {"sector": sector.slug})
        for sector in cached(
            "item-counts-by-sector", item_counts_by_sector, kinds=(*ITEM_STATUS, "sector")
        )
    ]
    upcoming = next_summit(summits, today)
    readiness = summit_readiness_from_cache(upcoming, today) if upcoming else None
    # Each summit's latest meetings and participants, rendered apart and kept: no status
    # update changes them (at 1,000,000 items, rendering them again after each update
    # made the dashboard's next view 120-320 ms; about 95 ms now).
    meetings_html = cached(
        f"upcoming-summits-meetings-html:{today}",
        lambda: {
            summit.pk: render_to_string("summits/home.html#summit-meetings", {"summit": summit})
            for summit in with_latest_meetings(summits)
        },
        kinds=("summit", "series", "place", "country", "meeting", "person"),
    )
    context = {
        "today": today,
        "summits": summits,
        "summits_listed": [(summit, meetings_html[summit.pk]) for summit in summits],
        "next_summit": upcoming,
        "summits_to_update": summits_to_update(summits, today),
        "readiness": readiness,
        "sparkline": readiness and sparkline([score for _, score in readiness.score_history]),
        "meetings": upcoming_meetings(today),
        "counts": cached(
            f"follow-up-counts:{today}", lambda: follow_up_counts(today), kinds=ITEM_STATUS
        ),
        "due_soon_days": DUE_SOON_DAYS,
        "stale_days": settings.TRACKER_STALE_DAYS,
        "statuses": Status.choices,
        "items_url": items_url,
        "open_items_query": OPEN_ITEMS_QUERY,
        "status_chart": stacked_bar_chart(status_rows, items_url),
        "sector_chart": stacked_bar_chart(sector_rows, items_url),
        "changes": cached(
            # The history of these, labelled by the items' references and series' names.
            "recent-changes",
            recent_changes,
            kinds=(*ITEM_STATUS, "summit", "meeting", "series"),
        ),
        "saved_views": saved_views_by_list(request.user),
    }
    return render(request, "summits/home.html", context)


# How many dated scores a summit page lists under its sparkline.
RECENT_SCORES = 10
LISTED_MEETINGS = 20  # a summit's page lists its latest preparatory meetings


def summit_detail(
    request: HttpRequest,
    series: str,
    number: int,
    *,
    report_form: ComplianceReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    watching = Summit.watchers.through.objects.filter(summit=OuterRef("pk"), user=request.user.pk)
    summit = get_object_or_404(
        Summit.objects.select_related("series", "host_place__country").annotate(
            is_watched=Exists(watching)
        ),
        series__slug=series,
        number=number,
    )
    today = timezone.localdate()
    readiness = summit_readiness_from_cache(summit, today)
    groups, at_risk_items = readiness_items(summit, readiness, today)
    meetings = list(
        summit.meetings.select_related("place")
        .prefetch_related(PARTICIPATIONS)
        .order_by("-date_start", "-pk")[: LISTED_MEETINGS + 1]
    )
    context = {
        "summit": summit,
        # The latest, in date order; the rest a link away (a summit of 16,000 commitments
        # had 409, nine tenths of its page's time).
        "meetings": meetings[:LISTED_MEETINGS][::-1],
        "all_meetings_url": (
            f"{reverse('summits:meeting-list')}?summit={summit.filter_key}"
            if len(meetings) > LISTED_MEETINGS
            else None
        ),
        "citations": summit.citations.select_related("source"),
        "today": today,
        "readiness": readiness,
        "groups": groups,
        "at_risk_items": at_risk_items,
        "sparkline": sparkline([score for _, score in readiness.score_history]),
        # The table under the line: the latest scores, newest first.
        "recent_scores": [
            (day, score, score_percent(score))
            for day, score in readiness.score_history[::-1][:RECENT_SCORES]
        ],
        "compliance": summit_compliance_from_cache(summit),
        "reports": summit.compliance_reports.order_by("-cut_off", "kind"),
        "report_form": report_form or ComplianceReportForm(initial={"cut_off": today}),
        "error_summary": error_summary(report_form),
    }
    return render(request, "summits/summit_detail.html", context, status=status)


@require_POST
@permission_required("summits.add_compliancereport", raise_exception=True)
def compliance_report_freeze(request: HttpRequest, series: str, number: int) -> HttpResponse:
    """Freeze the summit's compliance at the cut-off the form gives; on a problem, the
    summit's page again with the form's errors."""
    watching = Summit.watchers.through.objects.filter(summit=OuterRef("pk"), user=request.user.pk)
    summit = get_object_or_404(
        Summit.objects.select_related("series", "host_place__country").annotate(
            is_watched=Exists(watching)
        ),
        series__slug=series,
        number=number,
    )
    form = ComplianceReportForm(request.POST)
    if form.is_valid():
        try:
            report = services.compliance_report_freeze(
                summit=summit, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Frozen: {report}.")
            return redirect(report)
    return summit_detail(request, series, number, report_form=form, status=400)


BRIEF_FORMATS = {
    "docx": (brief_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (brief_pdf, "application/pdf"),
}


@require_GET
def summit_brief(request: HttpRequest, series: str, number: int, extension: str) -> HttpResponse:
    """The pre-summit brief as a file to circulate, Word or PDF, rendered on request."""
    if extension not in BRIEF_FORMATS:
        raise Http404("The brief comes as .docx or .pdf.")
    watching = Summit.watchers.through.objects.filter(summit=OuterRef("pk"), user=request.user.pk)
    summit = get_object_or_404(
        Summit.objects.select_related("series", "host_place__country").annotate(
            is_watched=Exists(watching)
        ),
        series__slug=series,
        number=number,
    )
    today = timezone.localdate()
    render_file, content_type = BRIEF_FORMATS[extension]
    data = render_file(brief_content(summit, today))
    response = HttpResponse(data, content_type=content_type)
    name = f"brief-{series}-{number}-{today.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def compliance_report(request: HttpRequest, series: str, number: int, pk: int) -> HttpResponse:
    """A frozen report: its figures as of its cut-off and what moved since the one before."""
    report = get_object_or_404(
        ComplianceReport.objects.select_related("summit__series", "created_by"),
        summit__series__slug=series,
        summit__number=number,
        pk=pk,
    )
    context = {"reading": report_reading(report), "entries": report.entries.all()}
    return render(request, "summits/compliance_report.html", context)


def summit_compliance_page(request: HttpRequest, series: str, number: int) -> HttpResponse:
    """Rows per commitment, a column per party: the G7/G20 Research Group's table."""
    summit = get_object_or_404(
        Summit.objects.select_related("series"), series__slug=series, number=number
    )
    compliance = summit_compliance_from_cache(summit)
    rows = summit_compliance_rows(summit)
    context = {
        "summit": summit,
        "compliance": compliance,
        "rows": [
            (row, [(p.name, p.iso2 in row.parties, row.score) for p in compliance.parties])
            for row in rows
        ],
    }
    return render(request, "summits/summit_compliance.html", context)


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The series' summits, each with the items targeting it; their sum is the count of
    the action-item list filtered on the series (an item targets one summit at most)."""
    series = get_object_or_404(SummitSeries, slug=slug)
    summits = list(
        series.summits.select_related("series", "host_place")
        .annotate(item_count=count_of(ActionItem.objects.all(), "target_summit"))
        .order_by("-number")
    )
    context = {
        "series": series,
        "summits": summits,
        "item_count": sum(summit.item_count for summit in summits),
    }
    return render(request, "summits/series_detail.html", context)


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "place__country", "summit__series", "commission"
        ).prefetch_related(PARTICIPATIONS, "sectors"),
        slug=slug,
    )
    context = {
        "meeting": meeting,
        "action_items": meeting.action_items.all(),
        "citations": meeting.citations.select_related("source"),
    }
    return render(request, "summits/meeting_detail.html", context)


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Its sessions, each with the items that came out of it; their sum is the count of the
    action-item list filtered on the commission (an item has one origin at most)."""
    commission = get_object_or_404(Commission.objects.select_related("parent"), slug=slug)
    sessions = list(
        commission.meetings.select_related("place")
        .annotate(item_count=count_of(ActionItem.objects.all(), "origin_meeting"))
        .order_by("-date_start")
    )
    context = {
        "commission": commission,
        "working_groups": commission.working_groups.all(),
        "sessions": sessions,
        "item_count": sum(session.item_count for session in sessions),
    }
    return render(request, "summits/commission_detail.html", context)


def _actionitem(request: HttpRequest, ref: str) -> ActionItem:
    """The item with everything its page shows, flagged overdue (by the list filter's rule),
    and whether the user watches it."""
    updates = StatusUpdate.objects.select_related("author").prefetch_related(
        Prefetch("citations", queryset=StatusUpdateEvidence.objects.select_related("source"))
    )
    watching = ActionItem.watchers.through.objects.filter(
        actionitem=OuterRef("pk"), user=request.user.pk
    )
    items = ActionItem.objects.select_related("origin_meeting", "target_summit__series", "owner")
    return get_object_or_404(
        with_follow_up_flags(items, timezone.localdate())
        .prefetch_related("sectors", "responsible", Prefetch("status_updates", queryset=updates))
        .annotate(is_watched=Exists(watching)),
        ref=ref,
    )


def _actionitem_page(
    request: HttpRequest,
    item: ActionItem,
    *,
    status_form: StatusUpdateForm | None = None,
    owner_form: OwnerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The item's page; a form given is shown as submitted, with its errors."""
    user = request.user
    if status_form is None and user.has_perm("summits.add_statusupdate"):
        status_form = StatusUpdateForm(
            initial={"status": item.status, "as_of": timezone.localdate()},
            suggested=evidence_suggestions(item),
        )
    if owner_form is None and user.has_perm("summits.change_actionitem"):
        owner_form = OwnerForm(
            initial={"owner": item.owner_id, "base_version": item.version},
            owners=action_item_owners(item.owner_id),
        )
    context = {
        "item": item,
        "lineage": item_lineage(item),
        "citations": item.citations.select_related("source"),
        "status_form": status_form,
        "owner_form": owner_form,
        "error_summary": error_summary(status_form, owner_form),
    }
    return render(request, "summits/actionitem_detail.html", context, status=status)


def actionitem_detail(request: HttpRequest, ref: str) -> HttpResponse:
    return _actionitem_page(request, _actionitem(request, ref))


@require_POST
@permission_required("summits.add_statusupdate", raise_exception=True)
def actionitem_status_update(request: HttpRequest, ref: str) -> HttpResponse:
    """Record a status update from the item's page; on a problem, show the form again."""
    item = _actionitem(request, ref)
    form = StatusUpdateForm(request.POST, suggested=evidence_suggestions(item))
    if form.is_valid():
        try:
            update = services.status_update_record(
                action_item=item, author=request.user, **form.update()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"Recorded “{update.get_status_display()}” as of {update.as_of:%d %B %Y}.",
            )
            return redirect(item)
    return _actionitem_page(request, item, status_form=form, status=400)


@require_POST
@permission_required("summits.change_actionitem", raise_exception=True)
def actionitem_owner(request: HttpRequest, ref: str) -> HttpResponse:
    """Set who follows the item up, refusing to overwrite a change made meanwhile."""
    item = _actionitem(request, ref)
    form = OwnerForm(request.POST, owners=action_item_owners(item.owner_id))
    if form.is_valid():
        try:
            services.action_item_set_owner(
                item=item,
                owner=form.cleaned_data["owner"],
                base_version=form.cleaned_data["base_version"],
            )
        except services.EditConflict as conflict:
            # Submitting again after reading the message deliberately saves this choice.
            form.data = form.data.copy()
            form.data["base_version"] = item.version
            form.add_error(None, conflict.message)
            return _actionitem_page(request, item, owner_form=form, status=409)
        owner = form.cleaned_data["owner"]
        messages.success(request, f"{owner or 'Nobody'} now follows {item.ref} up.")
        return redirect(item)
    return _actionitem_page(request, item, owner_form=form, status=400)


@require_POST
def actionitem_watch(request: HttpRequest, ref: str) -> HttpResponse:
    """Watch or stop watching an item (anyone signed in): it then shows in My follow-ups
    and in the user's digest."""
    item = get_object_or_404(ActionItem, ref=ref)
    if request.POST.get("watch") == "off":
        item.watchers.remove(request.user)
        messages.success(request, f"You no longer watch {item.ref}.")
    else:
        item.watchers.add(request.user)
        messages.success(request, f"You watch {item.ref}: it shows in your follow-ups.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(back)
    return redirect(item)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("country", "organisation"), slug=slug)
    participations = person.participations.select_related("meeting__place").order_by(
        "-meeting__date_start"
    )
    return render(
        request,
        "summits/person_detail.html",
        {"person": person, "participations": participations},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("country", "parent"), slug=slug
    )
    context = {
        "organisation": organisation,
        "people": organisation.people.all(),
        "action_items": organisation.action_items.all(),
    }
    return render(request, "summits/organisation_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    context = {
        "source": source,
        "summits": source.summits.select_related("series"),
        "meetings": source.meetings.all(),
        "action_items": source.action_items.all(),
        "status_updates": source.status_updates.select_related("action_item"),
    }
    return render(request, "summits/source_detail.html", context)


# History pages -------------------------------------------------------------------------


def _history_page(
    request: HttpRequest, record: Model, sections: list[tuple[str, list]] | None = None
) -> HttpResponse:
    """Who changed the record, when, what (field by field) and why; other sections (a
    record's dependent records) follow its own."""
    context = {
        "record": record,
        "kind": record._meta.verbose_name,
        "entries": record_history(record),
        "sections": sections or [],
    }
    return render(request, "summits/history.html", context)


def slug_history(request: HttpRequest, slug: str, model: type[Model]) -> HttpResponse:
    """The history page of a record found by its slug; the URL names the model."""
    return _history_page(request, get_object_or_404(model, slug=slug))


def summit_history(request: HttpRequest, series: str, number: int) -> HttpResponse:
    summit = get_object_or_404(
        Summit.objects.select_related("series"), series__slug=series, number=number
    )
    return _history_page(request, summit)


def actionitem_history(request: HttpRequest, ref: str) -> HttpResponse:
    """The item's own history, then its status updates' and their evidence's (separate
    records), deleted ones included."""
    item = get_object_or_404(ActionItem, ref=ref)
    updates = StatusUpdate.history.filter(action_item_id=item.pk)
    days = dict(updates.values_list("id", "as_of").distinct())

    def update_label(row) -> str:
        return f"Status update as of {row.as_of:%d %b %Y} (no. {row.sequence})"

    def evidence_label(row) -> str:
        day = days.get(row.status_update_id)
        return f"Evidence of the update as of {day:%d %b %Y}" if day else "Evidence"

    evidence = StatusUpdateEvidence.history.filter(status_update_id__in=list(days))
    sections = [
        ("Status updates", records_history(updates, update_label, omit=["action_item"])),
        (
            "Evidence of the status updates",
            records_history(evidence, evidence_label, omit=["status_update"]),
        ),
    ]
    return _history_page(request, item, sections)


# Follow-up -------------------------------------------------------------------------------


def follow_up(request: HttpRequest) -> HttpResponse:
    """The weekly queues: overdue, due soon, stale, recently changed; each section's figure
    is the count of the action-item list it links to."""
    form = FollowUpForm(request.GET or None)
    windows = form.windows()
    today = timezone.localdate()
    queues = follow_up_queues(today, timezone.now(), **windows)
    months = settings.TRACKER_MECHANISM_MONTHS
    idle_count, idle = agreements_with_idle_mechanisms(today, months)
    context = {
        "form": form,
        "queues": queues,
        "items_url": reverse("summits:actionitem-list"),
        "mechanisms": {"months": months, "count": idle_count, "agreements": idle},
    }
    return render(request, "summits/follow_up.html", context)


def my_follow_up_list(request: HttpRequest) -> HttpResponse:
    """What the user owns or watches, flagged by what needs doing."""
    items = list(my_follow_ups(request.user, timezone.localdate()))
    context = {
        "items": items,
        "due_soon_days": DUE_SOON_DAYS,
        "stale_days": settings.TRACKER_STALE_DAYS,
    }
    return render(request, "summits/my_follow_ups.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Every kind of record the header's search box finds, grouped by kind with counts."""
    text = request.GET.get("q", "").strip()
    too_long = len(text) > MAX_LENGTH
    groups = site_search(text) if text and not too_long else []
    context = {
        "q": text,
        "too_long": too_long,
        "max_length": MAX_LENGTH,
        "shown": SHOWN,
        "groups": groups,
        "total": sum(group.count for group in groups),
    }
    return render(request, "summits/search.html", context)


# List pages (the framework they share is summits/lists/) -------------------------------


class ActionItemList(ListPage):
    """Analysts also tick items in the table and record one status update for them all.

    The tick boxes and the update's fields sit in one plain form around the table, so
    it works without JavaScript; htmx swaps only the table inside it.
    """

    queryset = ActionItem.objects.select_related(
        "target_summit__series", "origin_meeting"
    ).prefetch_related("sectors", "responsible")
    filterset_class = filters.ActionItemFilterSet
    table_class = tables.ActionItemTable
    title = "Action items"
    slug = "action-items"
    url_name = "summits:actionitem-list"
    intro = "Commitments and decisions to follow up, with their latest status."
    empty_text = "No action items are recorded yet."
    calendar = "action-items"
    ticked: frozenset[str] = frozenset()  # item ids ticked in a submission shown again

    def extra_columns(self, request: HttpRequest) -> list[tuple[str, Column]]:
        if request.user.has_perm("summits.add_statusupdate"):
            return [("select", tables.SelectColumn(ticked=self.ticked))]
        return []

    def page_context(self, request: HttpRequest) -> dict:
        context = {}
        if request.user.has_perm("summits.add_statusupdate"):
            context["bulk_form"] = BulkStatusUpdateForm(suggested=evidence_suggestions())
        if request.user.has_perm("summits.change_actionitem"):
            context["change_form"] = BulkChangeForm(owners=action_item_owners())
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        if "change_items" in request.POST:
            return self.change_items(request)
        if "record_status" not in request.POST:
            return super().post(request)  # the choice of columns
        if not request.user.has_perm("summits.add_statusupdate"):
            raise PermissionDenied
        form = BulkStatusUpdateForm(request.POST, suggested=evidence_suggestions())
        if form.is_valid():
            items = form.cleaned_data["items"]
            try:
                updates = services.status_update_record_many(
                    action_items=items, author=request.user, **form.update()
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                label = dict(Status.choices)[form.cleaned_data["status"]]
                refs = ", ".join(update.action_item.ref for update in updates)
                messages.success(
                    request, f"Recorded “{label}” on {len(updates)} action item(s): {refs}."
                )
                return HttpResponseRedirect(request.get_full_path())
        # Shown again as submitted: the same filters, boxes ticked, fields filled.
        self.ticked = frozenset(request.POST.getlist("items"))
        response = self.render_list(request, bulk_form=form, error_summary=error_summary(form))
        response.status_code = 400
        return response

    def change_items(self, request: HttpRequest) -> HttpResponse:
        """New values for the ticked items, or for all the rows the filters match once
        the analyst has confirmed how many that is."""
        if not request.user.has_perm("summits.change_actionitem"):
            raise PermissionDenied
        form = BulkChangeForm(request.POST, owners=action_item_owners())
        if form.is_valid():
            if form.cleaned_data["scope"] == "all":
                filterset = self.filterset_class(request.GET, queryset=ActionItem.objects.all())
                if filterset.problems:
                    form.add_error(None, "A filter could not be applied: nothing was changed.")
                item_ids = list(filterset.qs.values_list("pk", flat=True))
            else:
                item_ids = [item.pk for item in form.cleaned_data["items"]]
            confirmed = form.cleaned_data["scope"] == "ticked" or "confirm" in request.POST
            if form.is_valid() and not confirmed:
                # The same data again, in hidden fields, with the number it will change.
                hidden = [
                    (name, value)
                    for name, values in request.POST.lists()
                    if name not in ("csrfmiddlewaretoken", "change_items")
                    for value in values
                ]
                return render(
                    request,
                    "summits/bulk_change_confirm.html",
                    {"count": len(item_ids), "hidden": hidden, "changes": form.described()},
                )
            if form.is_valid():
                try:
                    items = services.action_items_bulk_change(
                        item_ids=item_ids, user=request.user, **form.change()
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    refs = ", ".join(item.ref for item in items[:20])
                    more = f" and {len(items) - 20} more" if len(items) > 20 else ""
                    messages.success(request, f"Changed {len(items)} action item(s): {refs}{more}.")
                    return HttpResponseRedirect(request.get_full_path())
        self.ticked = frozenset(request.POST.getlist("items"))
        response = self.render_list(request, change_form=form, error_summary=error_summary(form))
        response.status_code = 400
        return response


class MeetingList(ListPage):
    queryset = (
        Meeting.objects.select_related("place", "summit__series", "commission")
        .prefetch_related("participants", "sectors")
        .annotate(item_count=count_of(ActionItem.objects.all(), "origin_meeting"))
    )
    filterset_class = filters.MeetingFilterSet
    table_class = tables.MeetingTable
    title = "Meetings"
    slug = "meetings"
    url_name = "summits:meeting-list"
    intro = "Talks, commission sessions, calls and visits: who met whom, where and when."
    empty_text = "No meetings are recorded yet."
    calendar = "meetings"


class SummitList(ListPage):
    queryset = with_open_item_counts(
        Summit.objects.select_related("series", "host_place__country")
    ).annotate(meeting_count=count_of(Meeting.objects.all(), "summit"))
    filterset_class = filters.SummitFilterSet
    table_class = tables.SummitTable
    title = "Summits"
    slug = "summits"
    url_name = "summits:summit-list"
    intro = "Every edition of every summit series, with its open commitments."
    empty_text = "No summits are recorded yet."
    calendar = "summits"


class PersonList(ListPage):
    queryset = Person.objects.select_related("organisation", "country").annotate(
        meeting_count=count_of(Participation.objects.all(), "person")
    )
    filterset_class = filters.PersonFilterSet
    table_class = tables.PersonTable
    title = "People"
    slug = "people"
    url_name = "summits:person-list"
    intro = "Officials named in the reports, with their current titles."
    empty_text = "No people are recorded yet."


class OrganisationList(ListPage):
    queryset = Organisation.objects.select_related("country", "parent").annotate(
        people_count=count_of(Person.objects.all(), "organisation"),
        item_count=count_of(ActionItem.responsible.through.objects.all(), "organisation"),
    )
    filterset_class = filters.OrganisationFilterSet
    table_class = tables.OrganisationTable
    title = "Organisations"
    slug = "organisations"
    url_name = "summits:organisation-list"
    intro = "Ministries, agencies, missions and companies, and what they are responsible for."
    empty_text = "No organisations are recorded yet."


class SourceList(ListPage):
    queryset = Source.objects.all()
    filterset_class = filters.SourceFilterSet
    table_class = tables.SourceTable
    title = "Sources"
    slug = "sources"
    url_name = "summits:source-list"
    intro = "The reports, statements and protocols every fact rests on."
    empty_text = "No sources are recorded yet."


class CommissionList(ListPage):
    queryset = (
        Commission.objects.select_related("parent")
        .prefetch_related("countries")
        .annotate(
            session_count=count_of(Meeting.objects.all(), "commission"),
            item_count=count_of(ActionItem.objects.all(), "origin_meeting__commission"),
        )
    )
    filterset_class = filters.CommissionFilterSet
    table_class = tables.CommissionTable
    title = "Commissions"
    slug = "commissions"
    url_name = "summits:commission-list"
    intro = "Standing commissions and their working groups, their sessions and what was agreed."
    empty_text = "No commissions are recorded yet."


class SummitSeriesList(ListPage):
    queryset = SummitSeries.objects.prefetch_related("countries").annotate(
        summit_count=count_of(Summit.objects.all(), "series"),
        item_count=count_of(ActionItem.objects.all(), "target_summit__series"),
    )
    filterset_class = filters.SummitSeriesFilterSet
    table_class = tables.SummitSeriesTable
    title = "Summit series"
    slug = "series"
    url_name = "summits:series-list"
    intro = "Recurring summits, with their editions and the commitments due for them."
    empty_text = "No summit series are recorded yet."


# The list pages by their slug, the key a saved view names its list by.
LIST_PAGES: dict[str, type[ListPage]] = {
    page.slug: page
    for page in (
        ActionItemList,
        MeetingList,
        SummitList,
        SummitSeriesList,
        CommissionList,
        AgreementList,
        OutcomeDocumentList,
        PersonList,
        OrganisationList,
        SourceList,
    )
}


# Saved views -------------------------------------------------------------------------


def _saved_view(request: HttpRequest, pk: int) -> SavedView:
    """A view the user may open: theirs, or shared. Another's private view is a 404, so
    its name is not given away either."""
    return get_object_or_404(saved_views_visible(request.user), pk=pk)


def _back(request: HttpRequest, view: SavedView) -> HttpResponseRedirect:
    """Where the user was (`next`, on this site), or the view's list."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(LIST_PAGES[view.list_key].url())


def saved_view_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a saved view: its columns become the user's choice on that list, then the
    list at the address of its filters and sort. POST: its owner shares it or not, and
    asks for its digest or not."""
    view = _saved_view(request, pk)
    if request.method == "POST":
        form = SavedViewSettingsForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "Choose whether to share the view and how often to mail it."
            )
        services.saved_view_update(view=view, user=request.user, **form.cleaned_data)
        shared = "shared with everyone" if view.shared else "seen by you only"
        mailed = (
            "not mailed"
            if view.digest == SavedView.Digest.NONE
            else f"mailed to you {view.get_digest_display()}"
        )
        messages.success(request, f"The view “{view.name}” is {shared}, {mailed}.")
        return _back(request, view)
    page = LIST_PAGES[view.list_key]
    query, columns = view_list_query(view.query)
    if columns:
        request.session[page.columns_key()] = columns
    else:  # saved with the default columns: shown with them, as its owner saw it
        request.session.pop(page.columns_key(), None)
    return HttpResponseRedirect(page.url(query))


@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a saved view (its owner, or staff), then go back where the user was."""
    view = _saved_view(request, pk)
    services.saved_view_delete(view=view, user=request.user)
    messages.success(request, f"Deleted the saved view “{view.name}”.")
    return _back(request, view)


@require_GET
def pick(request: HttpRequest, kind: str) -> JsonResponse:
    """The records of `kind` whose name, other name or number `q` may be the start of:
    what the list filters' text boxes offer while one types (static/js/pickers.js)."""
    if kind not in PICKABLE:
        raise Http404(f"Nothing to pick called “{kind}”.")
    picks = records_matching(PICKABLE[kind], request.GET.get("q", ""))
    return JsonResponse({"results": [{"slug": p.slug, "label": p.label} for p in picks]})


# Calendar ------------------------------------------------------------------------------


def calendar_page(request: HttpRequest) -> HttpResponse:
    """The user's secret feed address, with the filters of the list they came from.

    POST "create" makes a new address (the old one stops working); POST "revoke" ends it.
    """
    if request.method == "POST":
        action = request.POST.get("action")
        CalendarFeedToken.objects.filter(user=request.user).delete()
        if action == "create":
            CalendarFeedToken.objects.create(user=request.user)
            messages.success(request, "Your new calendar address is ready; any older one stopped.")
        else:
            messages.success(request, "Your calendar address is revoked: it shows nothing now.")
        return redirect(request.get_full_path())
    feed_token = CalendarFeedToken.objects.filter(user=request.user).first()
    feed_url = ""
    if feed_token:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        feed_url = request.build_absolute_uri(
            reverse("summits:calendar-feed", args=[feed_token.token]) + query
        )
    included = [part for part in PARTS if part in request.GET.getlist("include")] or PARTS
    filters = [(name, value) for name, value in request.GET.lists() if name != "include"]
    context = {
        "feed_token": feed_token,
        "feed_url": feed_url,
        "included": [part.replace("-", " ") for part in included],
        "filters": filters,
    }
    return render(request, "summits/calendar.html", context)


@login_not_required  # a calendar program has no session; the secret token stands for one
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse | StreamingHttpResponse:
    feed_token = (
        CalendarFeedToken.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    # Its owner's permission, checked on every fetch: leaving the groups ends the feed too.
    if feed_token is None or not may_read(feed_token.user):
        raise Http404("No such calendar feed: it may have been revoked.")
    try:
        since = feed_since(request.GET, timezone.localdate())
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    summits, meetings, items = feed_records(request.GET, since=since)
    pieces = calendar_pieces(
        name="Summit tracker",
        summits=summits,
        meetings=meetings,
        action_items=items,
        absolute_url=request.build_absolute_uri,
    )
    response = StreamingHttpResponse(pieces, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="summit-tracker.ics"'
    # The address is a secret: no shared cache may keep a copy.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
