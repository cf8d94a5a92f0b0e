"""Report intake pages: a new report, its drafts, the review, the import and its summary.

Analysts only (those who may import a report, see importing.report_import_allowed);
everyone else gets 403. Every page works as plain forms (POST, then redirect); with
JavaScript, htmx sends a record's decision and swaps the review in place.
"""

import re
from dataclasses import dataclass, field
from functools import wraps
from itertools import pairwise

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from ..drafting import report_details
from ..importing import ReportInvalid, report_import_allowed
from ..models import ReportDraft
from . import services
from .forms import RecordForm, ReportDetailsForm, ReportTextForm, UseExistingForm
from .records import (
    ACCEPTED,
    DROPPED,
    GROUP_ORDER,
    GROUP_TITLES,
    UNREVIEWED,
    Key,
    is_entity,
    label_field,
    model_of,
    record_key,
    record_label,
    recorded_labels,
    references,
    review,
    review_state,
)

# Suggestions shown beside a new person, place, …: enough to spot the one meant.
SUGGESTIONS = 5


def analysts_only(view):
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not report_import_allowed(request.user):
            raise PermissionDenied("Only analysts who may import reports can see report drafts.")
        return view(request, *args, **kwargs)

    return checked


def _draft(pk: int) -> ReportDraft:
    return get_object_or_404(ReportDraft.objects.select_related("created_by", "reviewed_by"), pk=pk)


@require_GET
@analysts_only
def report_list(request: HttpRequest) -> HttpResponse:
    drafts = ReportDraft.objects.select_related("created_by", "reviewed_by").defer(
        "text", "fixture"
    )
    return render(request, "summits/intake/list.html", {"drafts": drafts})


@analysts_only
def report_new(request: HttpRequest) -> HttpResponse:
    """Two steps: the report (pasted or a file), then what it says about itself, pre-filled."""
    if request.method == "POST" and request.POST.get("step") == "details":
        details = ReportDetailsForm(request.POST)
        if details.is_valid():
            data = details.cleaned_data
            try:
                draft = services.report_draft_create(
                    text=data["text"],
                    publisher=data["publisher"],
                    published=data["published_on"],
                    title=data["title"],
                    url=data["url"],
                    file_name=data["file_name"],
                    user=request.user,
                )
            except ValidationError as error:
                details.add_error(None, error)
            else:
                count = len(draft.records)
                messages.success(request, f"Drafted {count} records: review each, then import.")
                return redirect(draft)
        return _new_page(request, details=details, status=400)
    if request.method == "POST":
        form = ReportTextForm(request.POST, request.FILES)
        if not form.is_valid():
            return _new_page(request, form=form, status=400)
        text = form.cleaned_data["text"]
        found = report_details(text=text)
        details = ReportDetailsForm(
            initial={
                "text": text,
                "title": found.title or "",
                "publisher": found.publisher or "",
                "published_on": found.published,
                "file_name": form.file_name,
            }
        )
        return _new_page(request, details=details)
    return _new_page(request, form=ReportTextForm())


def _new_page(
    request: HttpRequest,
    *,
    form: ReportTextForm | None = None,
    details: ReportDetailsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "details": details}
    return render(request, "summits/intake/new.html", context, status=status)


# The review ------------------------------------------------------------------------------


@dataclass
class RecordView:
    """One drafted record as the review page shows it."""

    index: int
    record: dict
    kind: str
    label: str
    state: str
    why: str
    recorded: bool
    form: RecordForm
    errors: list[str]
    notes: list[str]
    changes: list[tuple[str, object, object]]
    sentence: str
    span: str = ""  # the id of its first highlight in the text
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    use_form: UseExistingForm | None = None
    children: list["RecordView"] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"record-{self.index}"

    @property
    def first_problem_href(self) -> str:
        for bound in self.form:
            if bound.errors:
                return f"#{bound.auto_id}"
        return f"#{self.anchor}"


@dataclass
class Segment:
    text: str
    anchor: str = ""  # the record the highlighted text links to
    id: str = ""


def _with_problems(form: RecordForm, problems: dict[str, list[str]]) -> RecordForm:
    """Show the importer's problems at an unsubmitted form's fields, as its own errors."""
    if problems and not form.is_bound:
        form._errors = ErrorDict(
            {
                name: form.error_class(
                    messages, renderer=form.renderer, field_id=form[name].auto_id
                )
                for name, messages in problems.items()
                if name in form.fields
            }
        )
    return form


def _suggestions(record: dict, offered: dict, recorded: dict) -> list[tuple[str, str]]:
    """Recorded records a drafted one may be: the drafter's candidates, then name matches."""
    model = model_of(record)
    label = model._meta.label_lower
    found = [
        (slug, recorded[(label, (slug,))])
        for slug in offered
        if (label, (slug,)) in recorded and slug
    ]
    name_field = label_field(model)
    words = re.findall(r"\w{4,}", str(record["fields"].get(name_field) or ""))
    if name_field and words:
        (path,) = model._default_manager.key_fields
        longest = max(words, key=len)
        rows = model._default_manager.filter(**{f"{name_field}__icontains": longest})
        found += [(str(k), str(n)) for k, n in rows.values_list(path, name_field)[:SUGGESTIONS]]
    return list(dict.fromkeys(found))[:SUGGESTIONS]


def _candidates(record: dict) -> list[str]:
    draft = record.get("draft")
    offered = draft.get("candidates") if isinstance(draft, dict) else None
    if not isinstance(offered, list):
        return []
    return [str(c["slug"]) for c in offered if isinstance(c, dict) and c.get("slug")]


def _spans(record: dict, text: str) -> list[tuple[int, int]]:
    """Where in the text the drafter read the record: its spans, else its sentence."""
    draft = record.get("draft") if isinstance(record.get("draft"), dict) else {}
    spans = [
        (s, e)
        for s, e in (
            span for span in draft.get("spans") or [] if isinstance(span, list) and len(span) == 2
        )
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)
    ]
    if spans:
        return spans
    sentence = " ".join(str(draft.get("sentence") or "").split())
    if not sentence:
        return []
    start = text.find(sentence)
    if start >= 0:
        return [(start, start + len(sentence))]
    # The text may break the sentence across lines or double its spaces.
    pattern = r"\s+".join(re.escape(word) for word in sentence.split()[:200])
    match = re.search(pattern, text)
    return [match.span()] if match else []


def _highlights(text: str, views: list[RecordView]) -> list[Segment]:
    """The text cut where a span starts or ends; each highlighted piece links to the most
    telling record read from it (a meeting rather than its citation)."""
    rank = {label: n for n, label in enumerate(GROUP_ORDER)}
    covered: list[tuple[int, int, int, RecordView]] = []
    for view in views:
        if view.record.get("model") == "summits.source":
            continue
        order = rank.get(view.record.get("model"), len(rank))
        covered += [(s, e, order, view) for s, e in _spans(view.record, text)]
    cuts = sorted({0, len(text), *(s for s, *_ in covered), *(e for _, e, *_ in covered)})
    segments: list[Segment] = []
    for start, end in pairwise(cuts):
        over = [c for c in covered if c[0] <= start and end <= c[1]]
        if not over:
            segments.append(Segment(text[start:end]))
            continue
        best = min(over, key=lambda c: (c[2], c[3].index))[3]
        segment = Segment(text[start:end], anchor=best.anchor, id=f"span-{len(segments)}")
        segments.append(segment)
        for *_, view in over:
            view.span = view.span or segment.id
    return segments


def _review_context(
    draft: ReportDraft,
    *,
    bound: RecordForm | None = None,
    bound_use: UseExistingForm | None = None,
    changed: int | None = None,
    import_errors: list[str] | None = None,
) -> dict:
    records = draft.records
    problems = review(records)
    keys = [(r.get("model"), record_key(r)) for r in records]
    wanted = {(label, key) for label, key in keys if key is not None}
    for record in records:
        wanted |= {(ref.target._meta.label_lower, ref.key) for ref in references(record)}
        if (model := model_of(record)) is not None and is_entity(model):
            label = model._meta.label_lower
            wanted |= {(label, (slug,)) for slug in _candidates(record)}
    recorded = recorded_labels(wanted)
    names = {**recorded}
    drafted: dict[tuple[str, Key], int] = {}
    for index, (label, key) in enumerate(keys):
        if key is not None and review_state(records[index]) != DROPPED:
            names[(label, key)] = record_label(records[index], {})
            drafted.setdefault((label, key), index)
    views: list[RecordView] = []
    for index, record in enumerate(records):
        model = model_of(record)
        state = review_state(record)
        is_recorded = (record.get("model"), keys[index]) in recorded
        form = bound if bound is not None and bound.prefix == f"r{index}" else None
        form = form or _with_problems(
            RecordForm(record=record, index=index), problems.at_field.get(index, {})
        )
        draft_notes = record.get("draft") if isinstance(record.get("draft"), dict) else {}
        view = RecordView(
            index=index,
            record=record,
            kind=str(model._meta.verbose_name) if model else "record",
            label=record_label(record, names),
            state=state,
            why=str((record.get("review") or {}).get("why") or ""),
            recorded=is_recorded,
            form=form,
            errors=problems.at_record.get(index, []),
            notes=[str(draft_notes["review"])] if draft_notes.get("review") else [],
            changes=problems.changes.get(index, []),
            sentence=str(draft_notes.get("sentence") or ""),
        )
        view.notes += problems.notes.get(index, [])
        if model is not None and is_entity(model) and not is_recorded and state != DROPPED:
            view.suggestions = _suggestions(record, _candidates(record), recorded)
            use = bound_use if bound_use is not None and bound_use.prefix == f"use{index}" else None
            view.use_form = use or UseExistingForm(model=model, index=index)
        views.append(view)
    source = next((r for r in records if r.get("model") == "summits.source"), None)
    text = str((source or {}).get("fields", {}).get("text") or draft.text)
    segments = _highlights(text, views)
    return {
        "draft": draft,
        "segments": segments,
        "groups": _groups(views, drafted),
        "problems": problems,
        "summary": _problem_summary(views, problems.errors),
        "unreviewed": [v for v in views if v.state == UNREVIEWED],
        "counts": {
            state: sum(v.state == state for v in views) for state in (UNREVIEWED, ACCEPTED, DROPPED)
        },
        "changed": changed,
        "import_errors": import_errors or [],
        "focus_errors": bool(import_errors) or bound is not None or bound_use is not None,
    }


def _groups(views: list[RecordView], drafted: dict) -> list[tuple[str, list[RecordView]]]:
    """Records grouped as an analyst reads them: each under the record its key starts
    with, if drafted (participants under their meeting, an update under its item)."""
    tops: list[RecordView] = []
    for view in views:
        model = model_of(view.record)
        parent = None
        if model is not None:
            first = next(iter(references(view.record)), None)
            parts = model._default_manager.key_fields
            if first is not None and first.field == parts[0].split("__")[0]:
                parent = drafted.get((first.target._meta.label_lower, first.key))
        if parent is not None and parent != view.index:
            views[parent].children.append(view)
        else:
            tops.append(view)
    rank = {label: n for n, label in enumerate(GROUP_ORDER)}
    by_label: dict[str, list[RecordView]] = {}
    for view in sorted(tops, key=lambda v: rank.get(v.record.get("model"), len(rank))):
        by_label.setdefault(str(view.record.get("model")), []).append(view)
    groups = []
    for label, members in by_label.items():
        model = model_of(members[0].record)
        title = GROUP_TITLES.get(label) or (
            str(model._meta.verbose_name_plural).capitalize() if model else "Unknown records"
        )
        groups.append((title, members))
    return groups


def _problem_summary(views: list[RecordView], errors: list[str]) -> list[tuple[str, str]]:
    """Every problem once, linking to the field (or record) where it is shown."""
    summary = [("#records", message) for message in errors]
    for view in views:
        for bound in view.form:
            summary += [
                (f"#{bound.auto_id}", f"{view.label}: {bound.label}: {e}") for e in bound.errors
            ]
        summary += [(f"#{view.anchor}", f"{view.label}: {e}") for e in view.errors]
        if view.use_form is not None and view.use_form.is_bound:
            summary += [
                (f"#{view.use_form['query'].auto_id}", f"{view.label}: {e}")
                for e in view.use_form.errors.get("__all__", [])
            ]
    return summary


def _review_page(request: HttpRequest, draft: ReportDraft, status: int = 200, **kwargs):
    context = _review_context(draft, **kwargs)
    if request.htmx and not request.htmx.history_restore_request:
        # htmx swaps only 2xx answers: the errors are in the part it swaps.
        return render(request, "summits/intake/review.html#review", context)
    return render(request, "summits/intake/review.html", context, status=status)


@require_GET
@analysts_only
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(pk)
    if draft.state == ReportDraft.State.IMPORTED:
        return _imported_page(request, draft)
    return _review_page(request, draft)


@require_POST
@analysts_only
def report_record(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """One record's decision: accept (as edited), drop, restore, or use a recorded one."""
    draft = _draft(pk)
    if not 0 <= index < len(draft.records) or draft.state == ReportDraft.State.IMPORTED:
        raise Http404("No such record to review.")
    record, action = draft.records[index], request.POST.get("action", "accept")
    try:
        if action == "use-existing":
            model = model_of(record)
            if model is None or not is_entity(model):
                raise Http404("Only a person, place or organisation can be a recorded one.")
            use = UseExistingForm(request.POST, model=model, index=index)
            if not use.is_valid():
                return _review_page(request, draft, 400, bound_use=use)
            existing: Model = use.cleaned_data["record"]
            draft = services.report_draft_record_replace(
                draft=draft, index=index, existing=existing, user=request.user
            )
            noun = model._meta.verbose_name
            done = f"“{record_label(record, {})}” is the recorded {noun} “{existing}”."
        elif action == "accept":
            form = RecordForm(request.POST, record=record, index=index)
            if not form.is_valid():
                return _review_page(request, draft, 400, bound=form)
            draft = services.report_draft_record_update(
                draft=draft,
                index=index,
                action="accept",
                fields=form.record_fields(),
                user=request.user,
            )
            done = f"Accepted “{record_label(draft.records[index], {})}”."
        elif action in ("drop", "restore"):
            draft = services.report_draft_record_update(
                draft=draft, index=index, action=action, user=request.user
            )
            dropped = "Dropped" if action == "drop" else "Restored"
            done = f"{dropped} “{record_label(record, {})}”."
        else:
            raise Http404("Unknown action: accept, drop, restore or use-existing.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(draft)
    if request.htmx:
        return _review_page(request, draft, changed=index)
    messages.success(request, done)
    return redirect(f"{draft.get_absolute_url()}#record-{index}")


@require_POST
@analysts_only
def report_import(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(pk)
    try:
        plan = services.report_draft_import(draft=draft, user=request.user)
    except ReportInvalid as invalid:
        errors = [str(problem) for problem in invalid.plan.errors]
        return _review_page(request, draft, 400, import_errors=errors)
    except ValidationError as error:
        if draft.state == ReportDraft.State.IMPORTED:
            return redirect(draft)
        return _review_page(request, draft, 400, import_errors=error.messages)
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for row in plan.summary().values():
        for outcome in totals:
            totals[outcome] += row[outcome]
    messages.success(
        request,
        "Imported: {created} created, {updated} updated, {unchanged} unchanged.".format(**totals),
    )
    return redirect(draft)


# After the import ----------------------------------------------------------------------------


def _record_url(label: str, key: list | None) -> tuple[str, str]:
    """The page of an imported record (or of the record it belongs to), and its name."""
    record = {"model": label}
    model = model_of(record)
    if model is None or key is None:
        return "", ""
    try:
        obj = model._default_manager.get_by_natural_key(*key)
    except (model.DoesNotExist, ValueError, ValidationError, TypeError):
        return "", ""
    target = obj
    while not hasattr(target, "get_absolute_url"):
        # A participation or a citation has no page: the record its key starts with has.
        first = type(target)._default_manager.key_fields[0].split("__")[0]
        target = getattr(target, first, None)
        if not isinstance(target, Model):
            return "", str(obj)
    return target.get_absolute_url(), str(obj)


def _imported_page(request: HttpRequest, draft: ReportDraft) -> HttpResponse:
    rows = []
    for outcome in draft.outcomes:
        model = model_of(outcome)
        url, name = _record_url(outcome["model"], outcome.get("key"))
        rows.append(
            {
                "kind": model._meta.verbose_name if model else outcome["model"],
                "name": name or " / ".join(str(k) for k in outcome.get("key") or []),
                "url": url,
                "outcome": outcome["outcome"],
            }
        )
    order = {"created": 0, "updated": 1, "unchanged": 2}
    rows.sort(key=lambda row: order.get(row["outcome"], 3))
    context = {"draft": draft, "rows": rows, "imports": draft.imports.all()}
    return render(request, "summits/intake/imported.html", context)


@require_GET
@analysts_only
def report_fixture(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewed fixture as imported, named as fixtures/reports/ names them."""
    draft = _draft(pk)
    if draft.state != ReportDraft.State.IMPORTED or not draft.fixture:
        raise Http404("This draft is not imported yet: its reviewed fixture is kept at import.")
    name = slugify(draft.fixture_name.removesuffix(".json")) or f"report-draft-{draft.pk}"
    response = HttpResponse(draft.fixture, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
