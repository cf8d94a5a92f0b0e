"""Django admin: the analysts' main data-entry tool."""

import base64
import json
from dataclasses import replace

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME, AdminForm
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR, SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from . import importing, menus, services
from .admindates import PeriodsHierarchyMixin
from .admininlines import InlineRowsFormSet, RowsReadOnceMixin, StackedInline
from .forms import ActionItemForm, MeetingForm, StatusChangeForm, SummitForm
from .fuzzydates import fuzzy_date_parts
from .importing.background import job_progress, result_plan
from .importing.contract import Unreadable, read_records
from .lists.paging import DeferredJoinPaginator
from .models import (
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
    ImportJob,
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
    editions_typed,
)
from .queries import with_open_item_counts
from .queries.tallies import item_count_kept
from .search import text_search


class SummitListFilter(admin.RelatedFieldListFilter):
    """Filter by summit, every summit named from one query: Django's own filter reads each
    summit's series on its own (120 queries for 120 summits on every changelist)."""

    def field_choices(self, field, request, model_admin) -> list[tuple[int, str]]:
        return [(summit.pk, str(summit)) for summit in Summit.objects.select_related("series")]


class SectorListFilter(admin.SimpleListFilter):
    """Filter by sector as the tracker's lists do, from the cached sector menu. Django's
    filter on a many-to-many field makes the changelist count DISTINCT whole rows; an
    item has each sector once, so one join cannot repeat it."""

    title = "sector"
    parameter_name = "sector"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [(option.key, option.label) for option in menus.sector_menu()]

    def queryset(self, request, queryset):
        return queryset.filter(sectors__slug=self.value()) if self.value() else queryset

    @staticmethod
    def sector_id(slug: str) -> int | None:
        """The sector the filter's value names, from the menu (no query); None if none."""
        return next((option.pk for option in menus.sector_menu() if option.key == slug), None)


class RefuseLostUpdatesMixin:
    """Shows an edit conflict found at save time (a race the form's check could not see)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:
            self.message_user(request, conflict.message, messages.ERROR)
            return HttpResponseRedirect(request.path)


class FuzzyDateChanges(HistoricalRecordContextHelper):
    """A history entry's changes with each fuzzy date as one line in words ("Due: early
    December 2025 → Q1 2026"), not its two stored fields."""

    def context_for_delta_changes(self, delta: ModelDelta) -> list[dict]:
        parts = fuzzy_date_parts(self.model)
        lines, shown = [], set()
        for change in delta.changes:
            name = parts.get(change.field)
            if name is None:
                [line] = super().context_for_delta_changes(replace(delta, changes=[change]))
            elif name in shown:
                continue
            else:
                shown.add(name)
                records = (delta.old_record, delta.new_record)
                dates = (getattr(record.instance, name) for record in records)
                old, new = (str(date) if date else "—" for date in dates)
                line = {"field": capfirst(name), "old": old, "new": new}
            lines.append(line)
        return lines


class FuzzyDateHistoryMixin:
    def get_historical_record_context_helper(self, request, historical_record):
        return FuzzyDateChanges(self.model, historical_record)


def admin_form(form: forms.Form) -> AdminForm:
    """A plain form of one of our own admin pages, in the fieldset layout a change form
    has (templates/admin/summits/_form.html)."""
    return AdminForm(form, [(None, {"fields": list(form.fields)})], prepopulated_fields={})


def json_shown(text: str) -> str:
    """Stored JSON as an analyst reads it: in a box of its own that scrolls past a screen's
    height (static/css/admin.css), which keyboards can scroll too."""
    return format_html('<pre class="json" tabindex="0">{}</pre>', text)


class WrittenCheckboxMixin:
    """A changelist of many rows: each row's checkbox written out, as Django's widget
    renders it. Rendered by the widget, through its templates, the boxes cost a fifth of
    the action items' changelist (about 15 ms of 100 rows)."""

    def action_checkbox(self, obj) -> str:
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


class NotInIndexMixin:
    """A link model (a participation, a citation, evidence): edited in its parent's
    inline, so the index leaves it out; its own pages stay, to search them all and for
    the links to them."""

    def has_module_permission(self, request) -> bool:
        return False


# Inlines ----------------------------------------------------------------------------


class NamedCellsFormSet(InlineRowsFormSet):
    """A tabular inline's rows, each field named after its column (aria-label): a cell has
    no <label>, only the column's heading, which a screen reader does not read out for a
    field (static/js/admin.js names an autocomplete box after it too)."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)  # adds the Delete box, named here too
        for field in form.fields.values():
            # The widget itself, not a related-field wrapper whose copies share its attrs.
            widget = getattr(field.widget, "widget", field.widget)
            if not widget.is_hidden:
                widget.attrs.setdefault("aria-label", capfirst(field.label))


class TabularInline(RowsReadOnceMixin, admin.TabularInline):
    formset = NamedCellsFormSet


class CitationInline(TabularInline):
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote"]


class SummitCitationInline(CitationInline):
    model = SummitCitation


class MeetingCitationInline(CitationInline):
    model = MeetingCitation


class ActionItemCitationInline(CitationInline):
    model = ActionItemCitation


class StatusEvidenceFormSet(NamedCellsFormSet):
    """A status update's evidence rows, judged with its status by the rule every write
    passes (services.status_update_evidence_check): an error on the form, nothing saved."""

    def clean(self) -> None:
        super().clean()
        rows = (getattr(form, "cleaned_data", {}) for form in self.forms)
        sources = [row["source"] for row in rows if row.get("source") and not row.get("DELETE")]
        try:
            services.status_update_evidence_check(status=self.instance.status, evidence=sources)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class StatusUpdateEvidenceInline(CitationInline):
    model = StatusUpdateEvidence
    formset = StatusEvidenceFormSet
    verbose_name = "evidence"


class ParticipationInline(TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person", "side"]
    fields = ["person", "role", "side"]


class MeetingActionItemInline(StackedInline):
    """The commitments a meeting produced: the essentials here, the rest on each item's page.
    Stacked: as a table's row its seven fields made the page wider than a laptop's screen."""

    model = ActionItem
    form = ActionItemForm
    fk_name = "origin_meeting"
    extra = 0
    show_change_link = True
    autocomplete_fields = ["sectors", "target_summit"]
    fields = [("ref", "priority"), "title", ("due", "target_summit"), "sectors", "base_version"]
    verbose_name = "action item from this meeting"
    verbose_name_plural = "action items from this meeting"

    def get_queryset(self, request):
        # Each row's summit box names its summit after the series.
        return super().get_queryset(request).select_related("target_summit__series")


class StatusUpdateInline(TabularInline):
    """An item's updates, to read: a new one is recorded on the status update page (the
    item's "Record a status update" link), which holds its evidence and goes through
    services.status_update_record, as every other way of recording one does."""

    model = StatusUpdate
    extra = 0
    show_change_link = True
    fields = readonly_fields = ["as_of", "sequence", "status", "note", "author"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RelationsFormSet(NamedCellsFormSet):
    """An item's relations, judged with every other item's by the rule every write
    passes (services.action_item_relations_check): no circle of "supersedes"."""

    def clean(self) -> None:
        super().clean()
        rows = (getattr(form, "cleaned_data", {}) for form in self.forms)
        mine = {
            row["other"].ref
            for row in rows
            if row.get("kind") == ActionItemRelation.Kind.SUPERSEDES
            and row.get("other")
            and not row.get("DELETE")
        }
        supersedes: dict[str, set[str]] = {self.instance.ref: mine}
        others = ActionItemRelation.objects.filter(kind=ActionItemRelation.Kind.SUPERSEDES)
        for ref, other in others.exclude(action_item=self.instance.pk).values_list(
            "action_item__ref", "other__ref"
        ):
            supersedes.setdefault(ref, set()).add(other)
        try:
            services.action_item_relations_check(supersedes=supersedes)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class ActionItemRelationInline(TabularInline):
    model = ActionItemRelation
    formset = RelationsFormSet
    fk_name = "action_item"
    extra = 0
    autocomplete_fields = ["other"]
    fields = ["kind", "other"]
    verbose_name = "relation to an earlier commitment"


class SummitInline(TabularInline):
    model = Summit
    form = SummitForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["host_place"]
    fields = ["number", "date", "host_place", "status"]


# Reference data ----------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "iso2"]
    search_fields = ["name", "iso2"]


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "slug"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "country__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(PeriodsHierarchyMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "url"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "slug", "url", "text"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}


# People and organisations ------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "country", "organisation"]
    list_filter = ["country"]
    list_select_related = ["country", "organisation"]
    search_fields = ["name", "aliases", "title", "slug"]
    autocomplete_fields = ["country", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


# Summits and commissions -------------------------------------------------------------


@admin.register(SummitSeries)
class SummitSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "summit_count"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["countries"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SummitInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(summit_count=Count("summits"))

    @admin.display(description="summits", ordering="summit_count")
    def summit_count(self, series: SummitSeries) -> int:
        return series.summit_count


@admin.register(Summit)
class SummitAdmin(FuzzyDateHistoryMixin, SimpleHistoryAdmin):
    form = SummitForm
    list_display = ["__str__", "date_display", "host_place", "status", "open_items"]
    list_filter = ["status", "series", "host_place__country"]
    list_select_related = ["series", "host_place"]
    search_fields = ["series__name", "series__slug", "host_place__name", "notes"]
    autocomplete_fields = ["series", "host_place"]
    date_hierarchy = "date_start"
    fields = ["series", "number", "date", "host_place", "status", "notes"]
    inlines = [SummitCitationInline]

    def get_queryset(self, request):
        return with_open_item_counts(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        """A number or ordinal ("24", "24th") picks the edition; other words search the
        fields as before, so "annual 24th" is the 24th annual summit."""
        numbers, rest = editions_typed(search_term, bare_numbers=True)
        queryset, may_have_duplicates = super().get_search_results(request, queryset, rest)
        if numbers:
            queryset = queryset.filter(number__in=numbers)
        return queryset, may_have_duplicates

    @admin.display(description="date", ordering="date_start")
    def date_display(self, summit: Summit) -> str:
        return str(summit.date or "—")

    @admin.display(description="open action items", ordering="open_items")
    def open_items(self, summit: Summit) -> int:
        return summit.open_items


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "parent"]
    list_filter = ["countries"]
    list_select_related = ["parent"]
    search_fields = ["name", "acronym", "slug", "description"]
    autocomplete_fields = ["parent", "countries"]
    prepopulated_fields = {"slug": ["acronym"]}


# Meetings ----------------------------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(
    WrittenCheckboxMixin,
    PeriodsHierarchyMixin,
    RefuseLostUpdatesMixin,
    FuzzyDateHistoryMixin,
    SimpleHistoryAdmin,
):
    form = MeetingForm
    list_display = ["title", "date_display", "kind", "place", "summit", "commission_session"]
    list_filter = [
        "kind",
        ("summit", SummitListFilter),
        "commission",
        SectorListFilter,
        "place__country",
    ]
    list_select_related = ["place", "summit__series", "commission"]
    search_fields = ["title", "slug", "summary", "participants__name", "place__name"]
    autocomplete_fields = ["place", "summit", "commission", "sectors"]
    date_hierarchy = "date_start"
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", ("date", "place")]}),
        ("Context", {"fields": ["summit", ("commission", "session_number"), "sectors", "summary"]}),
    ]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, MeetingCitationInline, MeetingActionItemInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not ActionItem:
            super().save_formset(request, form, formset, change)
            return
        # New items get their first update, as on the action item page.
        for item in formset.save(commit=False):
            if item in formset.new_objects:
                services.action_item_create(item=item, author=request.user)
            else:
                item.save()
        for obsolete in formset.deleted_objects:
            obsolete.delete()
        formset.save_m2m()

    @admin.display(description="date", ordering="date_start")
    def date_display(self, meeting: Meeting) -> str:
        return str(meeting.date)

    @admin.display(description="session")
    def commission_session(self, meeting: Meeting) -> str:
        if not meeting.commission_id:
            return ""
        number = f" #{meeting.session_number}" if meeting.session_number else ""
        return f"{meeting.commission}{number}"


@admin.register(Participation)
class ParticipationAdmin(NotInIndexMixin, SimpleHistoryAdmin):
    list_display = ["person", "role", "side", "meeting"]
    list_filter = ["side"]
    list_select_related = ["person", "side", "meeting"]
    search_fields = ["person__name", "role", "meeting__title"]
    autocomplete_fields = ["meeting", "person", "side"]


# Commitments -------------------------------------------------------------------------


@admin.register(ActionItem)
class ActionItemAdmin(
    WrittenCheckboxMixin,
    PeriodsHierarchyMixin,
    RefuseLostUpdatesMixin,
    FuzzyDateHistoryMixin,
    SimpleHistoryAdmin,
):
    form = ActionItemForm
    list_display = [
        "ref",
        "title",
        "status",
        "due_display",
        "priority",
        "target_summit",
        "status_as_of",
    ]
    list_filter = [
        "status",
        "priority",
        ("target_summit", SummitListFilter),
        SectorListFilter,
        "responsible",
        "owner",
    ]
    list_select_related = ["target_summit__series"]
    search_fields = ["ref", "title", "text"]
    autocomplete_fields = [
        "origin_meeting",
        "paragraph",
        "target_summit",
        "sectors",
        "responsible",
        "owner",
        "watchers",
    ]
    date_hierarchy = "due_start"
    # "(N total)" beside a filtered count would count every item again on each page.
    show_full_result_count = False
    readonly_fields = ["status", "status_as_of", "record_update"]
    fieldsets = [
        (None, {"fields": [("ref", "priority"), "title", "text", "base_version"]}),
        (
            "Context",
            {
                "fields": [
                    "origin_meeting",
                    "paragraph",
                    "target_summit",
                    "due",
                    "sectors",
                    "responsible",
                ]
            },
        ),
        ("Follow-up", {"fields": ["owner", "watchers"]}),
        (
            "Status (from the latest update below)",
            {"fields": [("status", "status_as_of"), "record_update"]},
        ),
    ]
    inlines = [ActionItemCitationInline, ActionItemRelationInline, StatusUpdateInline]
    actions = ["set_status"]

    def get_search_results(self, request, queryset, search_term):
        # The tracker's own search (summits/search.py): through the full-text or trigram
        # index, finding what the action items page finds, not icontains over each column.
        if not search_term.strip():
            return queryset, False
        return text_search(queryset, self.search_fields, search_term), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # Counted from the kept tallies where the filters are only what they count, as the
        # action items page counts its rows: a status and a sector at 1,000,000 items
        # counted 27,000 rows from 150,000 links.
        filters = self.kept_count_filters(request)
        known = None if filters is None else item_count_kept(filters)
        return DeferredJoinPaginator(queryset, per_page, known_count=known)

    def kept_count_filters(self, request) -> dict[str, object] | None:
        """The changelist's filters as the lists name them (item_count_kept's `filters`)
        when they are a status, a sector and a target summit at most, each chosen once in
        the list filters; None for anything else (a search, a date, another filter): its
        rows are counted."""
        params = {
            name: values
            for name, values in request.GET.lists()
            if name not in (*IGNORED_PARAMS, PAGE_VAR, ERROR_FLAG)
        }
        if request.GET.get(SEARCH_VAR, "").strip() or any(
            len(values) != 1 or not values[0] for values in params.values()
        ):
            return None
        chosen = {name: values[0] for name, values in params.items()}
        filters: dict[str, object] = {}
        if "status__exact" in chosen:
            filters["status"] = [chosen.pop("status__exact")]
        if "sector" in chosen:
            filters["sector"] = SectorListFilter.sector_id(chosen.pop("sector"))
            if filters["sector"] is None:
                return None
        if "target_summit__id__exact" in chosen:
            summit = chosen.pop("target_summit__id__exact")
            if not summit.isdigit() or not int(summit):  # no such summit: no rows
                return None
            filters["summit"] = int(summit)
        return None if chosen else filters

    @admin.display(description="due", ordering="due_start")
    def due_display(self, item: ActionItem) -> str:
        return str(item.due or "—")

    @admin.display(description="new update")
    def record_update(self, item: ActionItem) -> str:
        if item.pk is None:
            return "Saved items start “not yet assessed”, as of the day they are saved."
        query = urlencode({"action_item": item.pk})
        url = f"{reverse('admin:summits_statusupdate_add')}?{query}"
        return format_html('<a href="{}">Record a status update</a>', url)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.action_item_create(item=obj, author=request.user)

    @admin.action(description="Record a new status for the selected items", permissions=["change"])
    def set_status(self, request, queryset):
        if "apply" in request.POST:
            form = StatusChangeForm(request.POST)
        else:
            form = StatusChangeForm(initial={"as_of": timezone.localdate()})
        evidence = form.fields["evidence"]
        evidence.widget = AutocompleteSelectMultiple(
            StatusUpdate._meta.get_field("evidence"), self.admin_site
        )
        evidence.widget.choices = evidence.choices
        if "apply" in request.POST and form.is_valid():
            try:
                updates = services.status_update_record_many(
                    action_items=queryset, author=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                label = dict(form.fields["status"].choices)[form.cleaned_data["status"]]
                message = f"Recorded “{label}” on {len(updates)} action item(s)."
                self.message_user(request, message, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Record a new status",
            "items": queryset,
            "adminform": admin_form(form),
            "media": self.media + form.media,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/summits/actionitem/set_status.html", context)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(WrittenCheckboxMixin, PeriodsHierarchyMixin, SimpleHistoryAdmin):
    list_display = ["action_item", "as_of", "sequence", "status", "author"]
    list_filter = ["status", ("action_item__target_summit", SummitListFilter)]
    # Their items and authors are read for the page's rows (get_queryset), not joined:
    # with the joins SQLite sorts every update to find the latest 100.
    list_select_related = []
    search_fields = ["action_item__ref", "action_item__title", "note"]
    autocomplete_fields = ["action_item"]
    date_hierarchy = "as_of"
    show_full_result_count = False  # ten updates an item: the largest table
    inlines = [StatusUpdateEvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("action_item", "author")

    def get_fields(self, request, obj=None) -> list[str]:
        if obj is None:  # the service numbers the update and names its author
            return ["action_item", "as_of", "status", "note"]
        return ["action_item", "as_of", "sequence", "status", "note", "author"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is None:
            return []
        # Its place in the item's history is fixed once recorded: a later assessment is
        # a new update, numbered by the service.
        return ["action_item", "as_of", "sequence", "author"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        # A new update is recorded with its evidence, in save_related.

    def save_related(self, request, form, formsets, change) -> None:
        if change:
            super().save_related(request, form, formsets, change)
            return
        update = form.instance
        [evidence] = formsets
        cited = evidence.save(commit=False)  # unsaved rows; also what the log lists
        recorded = services.status_update_record(
            action_item=update.action_item,
            status=update.status,
            as_of=update.as_of,
            note=update.note,
            evidence=[citation.source for citation in cited],
            quotes={citation.source: citation.quote for citation in cited},
            author=request.user,
        )
        # The admin logs and redirects to the object its form built: make it the record.
        update.pk = recorded.pk
        update.refresh_from_db()

    def response_post_save_add(self, request, obj):
        # Back to the item whose history it extends (its "Record a status update" link).
        item_admin = self.admin_site.get_model_admin(ActionItem)
        if item_admin.has_view_or_change_permission(request, obj.action_item):
            url = reverse("admin:summits_actionitem_change", args=[obj.action_item_id])
            return HttpResponseRedirect(url)
        return super().response_post_save_add(request, obj)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, and the people search of an item's owner and watchers.

    That search asks for the permission to view users, which would also open every
    account's page; instead, whoever may change items may search there, and sees names
    only (the owner's among Analysts: action_item_owner_choices).
    """

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) or (
            obj is None
            and getattr(request.resolver_match, "view_name", None) == "admin:autocomplete"
            and request.GET.get("app_label") == ActionItem._meta.app_label
            and request.GET.get("model_name") == ActionItem._meta.model_name
            and request.user.has_perm("summits.change_actionitem")
        )


# Provenance: edited inline on the records they support, listed here to search them all.


class CitationAdmin(NotInIndexMixin, SimpleHistoryAdmin):
    list_filter = ["source__publisher"]
    # An item's or an update's sources: a million rows and more, not counted twice a page.
    show_full_result_count = False
    search_fields = ["quote", "source__title", "source__slug"]
    autocomplete_fields = ["source"]


@admin.register(SummitCitation)
class SummitCitationAdmin(CitationAdmin):
    list_display = ["summit", "source", "quote"]
    list_select_related = ["summit__series", "source"]
    autocomplete_fields = ["summit", "source"]


@admin.register(MeetingCitation)
class MeetingCitationAdmin(CitationAdmin):
    list_display = ["meeting", "source", "quote"]
    list_select_related = ["meeting", "source"]
    autocomplete_fields = ["meeting", "source"]


@admin.register(ActionItemCitation)
class ActionItemCitationAdmin(CitationAdmin):
    list_display = ["action_item", "source", "quote"]
    list_select_related = ["action_item", "source"]
    autocomplete_fields = ["action_item", "source"]


@admin.register(StatusUpdateEvidence)
class StatusUpdateEvidenceAdmin(CitationAdmin):
    """Read-only: evidence is added, changed and removed on its status update's page,
    where "a final status needs evidence" is checked; here the last source of a
    fulfilled update could be deleted or moved away unchecked.

    Its own delete page and bulk delete are closed rather than its delete permission:
    that permission is also what lets a status update or an item be deleted with its
    evidence.
    """

    list_display = ["status_update", "source", "quote"]
    list_select_related = ["status_update__action_item", "source"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        return {}

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied


# Report imports ----------------------------------------------------------------------


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Report fixture",
        help_text="A reviewed report fixture in natural-key JSON (draft_report drafts one).",
    )
    accept_drafts = forms.BooleanField(
        required=False,
        label="Accept draft notes",
        help_text='Import records still marked "draft", each listed to review (as import_report '
        "--accept-drafts does). Off: such records are refused until someone has reviewed them.",
    )


def _model_name(label: str) -> str:
    """ "summits.meeting" as "meetings"; a label no model answers to (removed since the
    import) as it was logged."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:
        return label


@admin.register(ReportImport)
class ReportImportAdmin(admin.ModelAdmin):
    """Past imports, read-only; its "Import report" page checks and loads a new one."""

    # The uploaded file waits in the session between "Check" and "Import". Sessions are
    # kept in the database with the cache in front (SESSION_ENGINE "cached_db", settings),
    # so the confirming request may reach any web process that shares the cache.
    PENDING = "summits_report_import_pending"

    list_display = ["file_name", "imported_at", "imported_by", "records"]
    list_select_related = ["imported_by"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "imported_at"
    fields = ["file_name", "sha256", "imported_at", "imported_by", "summary_display"]
    readonly_fields = ["summary_display"]

    # The log is written by imports only: nobody adds, edits or deletes its rows.
    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": importing.report_import_allowed(request.user)}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="records created / updated / unchanged")
    def records(self, log: ReportImport) -> str:
        rows = log.summary.values()
        return " / ".join(
            str(sum(row.get(outcome, 0) for row in rows))
            for outcome in ("created", "updated", "unchanged")
        )

    @admin.display(description="records")
    def summary_display(self, log: ReportImport) -> str:
        """The summary as the import page showed it: a row per kind of record."""
        if not log.summary:
            return "No records."
        outcomes = ("created", "updated", "unchanged")
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (_model_name(label), *(row.get(outcome, 0) for outcome in outcomes))
                for label, row in log.summary.items()
            ),
        )
        return format_html(
            '<table class="import-summary"><thead><tr><th scope="col">records</th>'
            '<th scope="col">created</th><th scope="col">updated</th>'
            '<th scope="col">unchanged</th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )

    def get_urls(self):
        view = never_cache(self.import_view)
        job = never_cache(self.job_view)
        return [
            path("import/", view, name="summits_reportimport_import"),
            path("import/jobs/<int:pk>/", job, name="summits_reportimport_job"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not importing.report_import_allowed(request.user):
            raise PermissionDenied
        form = ReportUploadForm()
        plan, report = None, None
        if request.method == "POST" and "confirm" in request.POST:
            pending = request.session.get(self.PENDING)
            if not pending or pending["sha256"] != request.POST.get("sha256"):
                message = "That upload is no longer waiting to be imported: upload it again."
                self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            data = base64.b64decode(pending["data"])
            report = importing.ReportFile(name=pending["name"], data=data, size=len(data))
            try:
                plan = importing.report_import(
                    files=[report],
                    user=request.user,
                    # Uploads checked before drafts could be accepted hold no such choice.
                    accept_drafts=pending.get("accept_drafts", False),
                )
            except importing.ReportInvalid as invalid:
                plan = invalid.plan  # the database changed since the check
            else:
                del request.session[self.PENDING]
                log = plan.imports[0]
                self.message_user(
                    request,
                    f"Imported {log.file_name}: {self.records(log)} records "
                    "(created / updated / unchanged).",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:summits_reportimport_changelist"))
        elif request.method == "POST":
            form = ReportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read(settings.TRACKER_IMPORT_MAX_BYTES + 1)
                report = importing.ReportFile(name=upload.name, data=data, size=upload.size)
                accept_drafts = form.cleaned_data["accept_drafts"]
                if (records := _records_in(report)) > settings.TRACKER_BACKGROUND_IMPORT_RECORDS:
                    job = services.import_job_create(
                        owner=request.user,
                        file_name=report.name,
                        data=data,
                        records=records,
                        dry_run=True,
                        accept_drafts=accept_drafts,
                    )
                    return HttpResponseRedirect(job.get_absolute_url())
                plan = importing.report_validate(files=[report], accept_drafts=accept_drafts)
                if plan.ok:
                    request.session[self.PENDING] = {
                        "name": report.name,
                        "sha256": report.sha256,
                        "data": base64.b64encode(data).decode("ascii"),
                        "accept_drafts": accept_drafts,
                    }
        context = {
            **self.admin_site.each_context(request),
            "title": "Import report",
            "opts": self.model._meta,
            "adminform": admin_form(form),
            "plan": plan,
            "summary": plan.summary() if plan else {},
            "file_name": report.name if report else "",
            "sha256": report.sha256 if report else "",
        }
        return TemplateResponse(request, "admin/summits/reportimport/import.html", context)

    def job_view(self, request, pk: int):
        """A large upload's check or import (importing.background), to its owner alone:
        its progress (polled by htmx) while it runs, then the plan as import_view shows
        it; a finished check's "Import" (POST) starts the import as a new job."""
        if not importing.report_import_allowed(request.user):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        if job.owner_id != request.user.pk:
            raise PermissionDenied("This import is another user's.")
        if request.method == "POST":
            if (imported := services.import_job_confirm(job=job)) is None:
                message = "That upload is no longer waiting to be imported: upload it again."
                self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:summits_reportimport_import"))
            return HttpResponseRedirect(imported.get_absolute_url())
        done, total = job_progress(job)
        plan = result_plan(job.result) if job.result else None
        action = "Check" if job.dry_run else "Import"
        context = {
            **self.admin_site.each_context(request),
            "title": f"{action} of {job.file_name}",
            "opts": self.model._meta,
            "job": job,
            "done": done,
            "total": total,
            "plan": plan,
            "summary": job.result.get("summary", {}),
            "file_name": job.file_name,
        }
        template = "admin/summits/reportimport/job.html"
        if request.htmx and not request.htmx.history_restore_request:
            template += "#status"
        return TemplateResponse(request, template, context)


def _records_in(report: importing.ReportFile) -> int:
    """How many records the file holds; 0 if it cannot be read (the check says why)."""
    try:
        return len(read_records(report.data, report.size))
    except Unreadable:
        return 0


@admin.register(ReportDraft)
class ReportDraftAdmin(admin.ModelAdmin):
    """Drafts are made and reviewed on the Reports pages; here they are read, or deleted
    when abandoned."""

    list_display = ["title", "publisher", "published_on", "state", "created_by", "created_at"]
    list_filter = ["state", "published_on", "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["title", "publisher", "url", "file_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["review_link", "outcomes_shown", "records_shown", "fixture_shown"]
    fields = [
        "review_link",
        "title",
        "publisher",
        "published_on",
        "url",
        "file_name",
        "state",
        "created_by",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "imports",
        "outcomes_shown",
        "records_shown",
        "fixture_shown",
        "text",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="review page")
    def review_link(self, draft: ReportDraft) -> str:
        return format_html('<a href="{}">{}</a>', draft.get_absolute_url(), "Open the review")

    @admin.display(description="outcomes (per imported record)")
    def outcomes_shown(self, draft: ReportDraft) -> str:
        if not draft.outcomes:
            return "Not imported yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (row["model"], ", ".join(map(str, row["key"] or [])), row["outcome"])
                for row in draft.outcomes
            ),
        )
        return format_html(
            '<table class="draft-outcomes"><thead><tr><th scope="col">model</th>'
            '<th scope="col">key</th><th scope="col">outcome</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="records (as drafted, with their review)")
    def records_shown(self, draft: ReportDraft) -> str:
        return json_shown(json.dumps(draft.records, indent=2, ensure_ascii=False))

    @admin.display(description="reviewed fixture (as imported)")
    def fixture_shown(self, draft: ReportDraft) -> str:
        # The file's own text, as imported and as the review page offers to download it.
        return json_shown(draft.fixture) if draft.fixture else "Not imported yet."


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    """Readers save their views on the list pages; here analysts find them, e.g. to tidy
    up a shared one nobody uses any more."""

    list_display = ["name", "list_key", "owner", "shared", "digest", "last_sent", "updated"]
    list_filter = ["list_key", "shared", "digest"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__username", "query"]
    fields = ["owner", "name", "list_key", "query", "shared", "digest", "last_sent", "created"]
    readonly_fields = ["last_sent", "created"]
    # Users are the superuser's to list: the owner is shown, not picked from all accounts.
    raw_id_fields = ["owner"]


# django-tasks-db's own page of the same rows: replaced by Background tasks below.
admin.site.unregister(DBTaskResult)


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    """What the worker ran: a failed task with its error, and whether it is tried again
    (TRACKER_TASK_RETRY_SECONDS) or was given up. Read-only: the worker writes these."""

    list_display = ["task_name", "status", "attempt_shown", "enqueued_at", "finished_at", "error"]
    list_filter = ["status", "task_path"]
    ordering = ["-enqueued_at"]
    fields = [
        "task_path",
        "status",
        "attempt_shown",
        "args_kwargs",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "return_value",
        "exception_class_path",
        "traceback_shown",
    ]
    readonly_fields = fields

    @admin.display(description="attempt")
    def attempt_shown(self, task: BackgroundTask) -> str:
        tries = len(settings.TRACKER_TASK_RETRY_SECONDS) + 1
        given_up = task.status == "FAILED" and task.attempt >= tries
        return f"{task.attempt} of {tries}" + (": given up" if given_up else "")

    @admin.display(description="error")
    def error(self, task: BackgroundTask) -> str:
        lines = task.traceback.strip().splitlines()
        return lines[-1] if lines else "—"

    @admin.display(description="traceback")
    def traceback_shown(self, task: BackgroundTask) -> str:
        return format_html("<pre>{}</pre>", task.traceback) if task.traceback else "—"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# What summits produce ----------------------------------------------------------------


class ParagraphInline(StackedInline):
    model = Paragraph
    extra = 0
    fields = ["number", "text"]


@admin.register(OutcomeDocument)
class OutcomeDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "adopted_on", "summit", "meeting"]
    list_filter = ["kind", "summit__series"]
    list_select_related = ["summit__series", "meeting"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["summit", "meeting", "source"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "adopted_on"
    fields = ["title", "slug", "kind", "summit", "meeting", "adopted_on", "source"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(NotInIndexMixin, SimpleHistoryAdmin):
    """Edited in their document's page; searched here by the items' paragraph picker."""

    list_display = ["document", "number"]
    list_select_related = ["document"]
    search_fields = ["document__title", "text"]
    autocomplete_fields = ["document"]

    def get_queryset(self, request):
        # The picker shows each paragraph as "<document>, paragraph N".
        return super().get_queryset(request).select_related("document")


class SignatoriesFormSet(NamedCellsFormSet):
    """The signatories, judged against the meeting the agreement was signed at by the
    rule every write passes (services.agreement_signatories_check)."""

    def clean(self) -> None:
        super().clean()
        meeting = self.instance.meeting
        if meeting is None:
            return
        rows = (getattr(form, "cleaned_data", {}) for form in self.forms)
        people = {row["person"].pk: str(row["person"]) for row in rows if row.get("person")}
        present = set(meeting.participations.values_list("person_id", flat=True))
        try:
            services.agreement_signatories_check(
                meeting=meeting, signatories=people, participants=present
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class SignatoryInline(TabularInline):
    model = Signatory
    formset = SignatoriesFormSet
    extra = 0
    autocomplete_fields = ["person", "side"]
    fields = ["person", "role", "side"]


class AgreementCitationInline(CitationInline):
    model = AgreementCitation


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "level", "status", "signed_on", "expires_on"]
    list_filter = ["status", "kind", "level", "countries", "summit__series"]
    search_fields = ["title", "slug", "notes"]
    autocomplete_fields = [
        "countries",
        "organisations",
        "summit",
        "meeting",
        "place",
        "superseded_by",
        "mechanisms",
        "action_items",
    ]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "signed_on"
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "level"), "countries", "organisations"]}),
        ("Signed", {"fields": ["summit", "meeting", "signed_on", "place"]}),
        (
            "Validity",
            {
                "fields": [
                    ("entry_into_force", "expires_on"),
                    "renews_automatically",
                    ("status", "superseded_by"),
                ]
            },
        ),
        ("What it sets up and carries", {"fields": ["mechanisms", "action_items", "notes"]}),
    ]
    inlines = [SignatoryInline, AgreementCitationInline]


class ReadOnlyLinkMixin(NotInIndexMixin):
    """A link whose rule spans its siblings (every signatory against the meeting, every
    relation against the others): added and changed only on its parent's page, where
    the formset judges them together; here, read or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Signatory)
class SignatoryAdmin(ReadOnlyLinkMixin, SimpleHistoryAdmin):
    list_display = ["person", "agreement", "role", "side"]
    list_filter = ["side"]
    list_select_related = ["person", "agreement", "side"]
    search_fields = ["person__name", "role", "agreement__title"]
    autocomplete_fields = ["agreement", "person", "side"]


@admin.register(AgreementCitation)
class AgreementCitationAdmin(NotInIndexMixin, SimpleHistoryAdmin):
    list_display = ["agreement", "source"]
    list_select_related = ["agreement", "source"]
    search_fields = ["agreement__title", "source__title", "quote"]
    autocomplete_fields = ["agreement", "source"]


@admin.register(ActionItemRelation)
class ActionItemRelationAdmin(ReadOnlyLinkMixin, SimpleHistoryAdmin):
    list_display = ["action_item", "kind", "other"]
    list_filter = ["kind"]
    list_select_related = ["action_item", "other"]
    search_fields = ["action_item__ref", "other__ref"]
    autocomplete_fields = ["action_item", "other"]


class ComplianceReportEntryInline(TabularInline):
    model = ComplianceReportEntry
    extra = 0
    fields = readonly_fields = ["ref", "title", "status", "parties"]


@admin.register(ComplianceReport)
class ComplianceReportAdmin(admin.ModelAdmin):
    """Frozen on the summit's page (services.compliance_report_freeze): read or deleted
    here, never changed, or it would no longer be what was reported."""

    list_display = ["summit", "kind", "cut_off", "created_by", "created_at"]
    list_filter = ["kind", "summit__series"]
    list_select_related = ["summit__series", "created_by"]
    search_fields = ["summit__series__name"]
    fields = readonly_fields = ["summit", "kind", "cut_off", "figures", "created_by", "created_at"]
    inlines = [ComplianceReportEntryInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
