"""Writes that span records: atomic, validated, used by admin, pages and imports alike."""

import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from . import caching, notifications
from .history import changes_since_version
from .models import (
    FINAL_STATUSES,
    ActionItem,
    ApiToken,
    ComplianceReport,
    ComplianceReportEntry,
    DependencyCycle,
    ExportJob,
    ImportJob,
    Notification,
    NotificationPreference,
    Organisation,
    SavedView,
    Sector,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    dependency_order,
)
from .queries.compliance import compliance_of, parties_by_item, statuses_as_of
from .tasks import export_write, import_run

# Ids per `pk IN (...)` statement: below every backend's limit on query parameters.
CHUNK = 500


class EditConflict(ValidationError):
    """Someone saved the record after this editor opened it: their save must not be lost."""


def edit_conflict_message(item: ActionItem, base_version: int) -> str:
    lines = [
        f"{entry.who} changed {change.field} from “{change.old}” to “{change.new}” "
        f"({entry.when:%d %b %Y %H:%M})"
        for entry in changes_since_version(item, base_version)
        for change in entry.changes
    ]
    told = "; ".join(lines) or "it was saved again"
    return (
        f"Someone else saved {item.ref} while you were editing it: {told}. "
        "Your changes were not saved. Review them against the current values and save again."
    )


@transaction.atomic
def action_item_claim_version(*, item: ActionItem, base_version: int) -> None:
    """Take the next version of an item, or refuse if it moved on since `base_version`.

    One conditional UPDATE, so two concurrent saves can never both succeed: the second
    matches no row (PostgreSQL re-checks the condition after the first commits).
    """
    claimed = ActionItem.objects.filter(pk=item.pk, version=base_version).update(
        version=base_version + 1
    )
    if not claimed:
        raise EditConflict(edit_conflict_message(item, base_version), code="conflict")
    item.version = base_version + 1


@transaction.atomic
def action_item_create(
    *,
    item: ActionItem,
    author: AbstractBaseUser | None = None,
    sectors: Collection[Sector] | None = None,
    responsible: Collection[Organisation] | None = None,
    watchers: Collection[AbstractBaseUser] | None = None,
) -> ActionItem:
    """Save a new item, with its links if given, and the first update an imported report
    gives its items: "not yet assessed", as of today. Without one it would count as stale
    ("last update never") from the moment it exists."""
    item.full_clean()
    item.save()
    action_item_links_set(item=item, sectors=sectors, responsible=responsible, watchers=watchers)
    status_update_record(
        action_item=item,
        status=Status.NOT_ASSESSED,
        as_of=timezone.localdate(),
        note="Recorded; not yet assessed.",
        author=author,
    )
    return item


@transaction.atomic
def action_item_set_owner(
    *, item: ActionItem, owner: AbstractBaseUser | None, base_version: int
) -> None:
    """Make `owner` follow the item up, unless someone saved it since `base_version`."""
    action_item_claim_version(item=item, base_version=base_version)
    item.owner = owner
    # Only the owner: the status fields follow the updates and may have moved meanwhile.
    item.save(update_fields=["owner"])


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    base_version: int,
    values: Mapping[str, object],
    sectors: Collection[Sector] | None = None,
    responsible: Collection[Organisation] | None = None,
    watchers: Collection[AbstractBaseUser] | None = None,
) -> ActionItem:
    """Set an item's own fields (`values`: those its admin form edits, owner included) and
    its links, unless someone saved it since `base_version`: all of it, or nothing.

    Only the fields given are written: the status fields follow the updates and may
    have moved since the item was read.
    """
    action_item_claim_version(item=item, base_version=base_version)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save(update_fields=[*values, "version"])
    action_item_links_set(item=item, sectors=sectors, responsible=responsible, watchers=watchers)
    return item


def action_item_links_set(
    *,
    item: ActionItem,
    sectors: Collection[Sector] | None = None,
    responsible: Collection[Organisation] | None = None,
    watchers: Collection[AbstractBaseUser] | None = None,
) -> None:
    """Replace the links given (None leaves that relation as it is). Sectors and
    responsible organisations are in the item's history (their m2m signals write it)."""
    for relation, records in (
        (item.sectors, sectors),
        (item.responsible, responsible),
        (item.watchers, watchers),
    ):
        if records is not None:
            relation.set(records)


# What a bulk change may set on every item, and the model fields each one writes.
BULK_FIELDS = {
    "owner": ["owner"],
    "due": ["due_start", "due_precision"],
    "priority": ["priority"],
    "target_summit": ["target_summit"],
}


@transaction.atomic
def action_items_bulk_change(
    *,
    item_ids: Collection[int],
    user: AbstractBaseUser,
    values: Mapping[str, object],
    sectors_add: Collection[Sector] = (),
    sectors_remove: Collection[Sector] = (),
    responsible_add: Collection[Organisation] = (),
    responsible_remove: Collection[Organisation] = (),
) -> list[ActionItem]:
    """Set `values` (keys of BULK_FIELDS: owner, due as a FuzzyDate or None, priority,
    target_summit) on every item, and add or remove sectors and responsible
    organisations: all changed, or none.

    Every item is validated before anything is written (full_clean); a refusal lists
    the refs that fail. Each item gets its next version and a history entry by `user`.
    A bounded number of queries per chunk of items, not per item: bulk UPDATEs and
    INSERTs, the history written with simple-history's bulk helper.
    """
    unknown = set(values) - set(BULK_FIELDS)
    if unknown:
        raise ValueError(f"Not a bulk field: {', '.join(sorted(unknown))}")
    ids = sorted(item_ids)
    # Locked until the end: nobody saves an item between its check and its write.
    items = [
        item
        for start in range(0, len(ids), CHUNK)
        for item in ActionItem.objects.select_for_update()
        .filter(pk__in=ids[start : start + CHUNK])
        .order_by("pk")
    ]
    for item in items:
        for name, value in values.items():
            setattr(item, name, value)
    _bulk_validate(items)
    fields = [field for name in values for field in BULK_FIELDS[name]]
    for item in items:
        item.version += 1
    ActionItem.objects.bulk_update(items, [*fields, "version"], batch_size=CHUNK)
    item_ids = [item.pk for item in items]
    _bulk_links(ActionItem.sectors, "sector", item_ids, sectors_add, sectors_remove)
    _bulk_links(
        ActionItem.responsible, "organisation", item_ids, responsible_add, responsible_remove
    )
    records = ActionItem.history.bulk_history_create(
        items, update=True, default_user=user, batch_size=CHUNK
    )
    _bulk_history_links(records, item_ids)
    notifications.changes_note(ActionItem, history_ids=[record.pk for record in records])
    # Bulk writes send no signals: the cached figures are told here. The items' summits
    # may have changed: every summit's figures go.
    caching.records_changed(["actionitem"])
    return items


def _bulk_validate(items: list[ActionItem]) -> None:
    """full_clean every item; raise one error naming each item refused and why.

    The first item is checked whole, which checks the new values once (their records
    exist, the owner may own items, the due date is consistent): they are the same for
    every item. The others are checked field by field in Python; their references,
    unique ref and constraints are already held by the database.
    """
    refused = []
    for index, item in enumerate(items):
        try:
            if index == 0:
                item.full_clean()
            else:
                item.full_clean(
                    exclude=["origin_meeting", "target_summit", "owner"],
                    validate_unique=False,
                    validate_constraints=False,
                )
        except ValidationError as error:
            reasons = "; ".join(error.messages)
            refused.append(f"{item.ref}: {reasons}")
    if refused:
        raise ValidationError(
            [f"Nothing was changed: {len(refused)} item(s) cannot take this change.", *refused],
            code="bulk_refused",
        )


def _bulk_links(
    relation, target: str, item_ids: list[int], add: Collection, remove: Collection
) -> None:
    """Add and remove links of a many-to-many relation for every item, in bulk."""
    through = relation.through
    for start in range(0, len(item_ids), CHUNK):
        chunk = item_ids[start : start + CHUNK]
        if remove:
            through.objects.filter(actionitem_id__in=chunk, **{f"{target}__in": remove}).delete()
        if add:
            through.objects.bulk_create(
                [through(actionitem_id=pk, **{target: record}) for pk in chunk for record in add],
                ignore_conflicts=True,  # an item already linked keeps its one link
            )


def _bulk_history_links(records: list, item_ids: list[int]) -> None:
    """The links each new history entry records, as simple-history's own save would
    (bulk_history_create leaves them out): one read and one insert per relation and chunk.
    """
    by_item = {record.id: record for record in records}
    for field in ActionItem.history.model._history_m2m_fields:
        through = getattr(ActionItem, field.name).through
        link_history = getattr(ActionItem.history.model, field.name).model
        names = [f.attname for f in through._meta.fields]
        for start in range(0, len(item_ids), CHUNK):
            rows = through.objects.filter(actionitem_id__in=item_ids[start : start + CHUNK])
            link_history.objects.bulk_create(
                link_history(history=by_item[row["actionitem_id"]], **row)
                for row in rows.values(*names)
            )


class NewSource(TypedDict):
    """A source typed in beside a status update, recorded with it."""

    title: str
    publisher: str
    published_on: dt.date
    url: str


@transaction.atomic
def source_create(*, title: str, publisher: str, published_on: dt.date, url: str = "") -> Source:
    """A new source with a readable unique slug, or the one already recorded at that URL.

    Reusing the recorded source keeps one record per document, so everything it
    supports shows on one source page.
    """
    if url and (recorded := Source.objects.filter(url=url).first()):
        return recorded
    # The fixtures' convention: "2025-11-20-ani-india-russia-summit-preparations".
    stem = slugify(f"{published_on:%Y-%m-%d} {publisher} {title}")[:110].strip("-")
    taken = set(Source.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    slug, number = stem, 1
    while slug in taken:
        number += 1
        slug = f"{stem}-{number}"
    source = Source(slug=slug, title=title, publisher=publisher, published_on=published_on, url=url)
    source.full_clean()
    source.save()
    return source


def status_update_evidence_check(*, status: str, evidence: Collection[Source]) -> None:
    """A final status must cite at least one source: a claim that a commitment was
    kept or broken is only as good as its evidence. The pages, the admin and the importer
    all ask here."""
    if status in FINAL_STATUSES and not evidence:
        raise ValidationError(
            {"evidence": "A final status needs at least one source as evidence."},
            code="evidence_required",
        )


def agreement_signatories_check(
    *, meeting: object | None, signatories: Mapping[Hashable, str], participants: Collection
) -> None:
    """Who signed an agreement at a meeting took part in that meeting: a signature names a
    person present, so an absent one is a wrong person or a missing participation.

    `signatories` maps each signatory's person (an id, or a natural key: the same kind as
    `participants`) to their name for the message. The admin and the importer ask here.
    """
    absent = [name for person, name in signatories.items() if person not in participants]
    if meeting is not None and absent:
        raise ValidationError(
            {
                "person": f"{', '.join(absent)} did not take part in {meeting}: record "
                "their participation in that meeting first, or correct the signatory."
            },
            code="signatory_absent",
        )


def action_item_relations_check(*, supersedes: Mapping[Hashable, Iterable[Hashable]]) -> None:
    """No commitment supersedes itself through others (A supersedes B supersedes A): its
    lineage would have no first commitment to date it from. `supersedes` maps each
    commitment (an id or a reference) to those it supersedes."""
    nodes = list(
        dict.fromkeys([*supersedes, *(o for others in supersedes.values() for o in others)])
    )
    try:
        dependency_order(nodes, supersedes)
    except DependencyCycle as cycle:
        names = " supersedes ".join(str(node) for node in cycle.nodes)
        circle = ValidationError(
            "These commitments would supersede each other in a circle: %(names)s.",
            code="supersedes_cycle",
            params={"names": names, "cycle": cycle.nodes},
        )
        raise ValidationError({"other": circle}) from None


@transaction.atomic
def status_update_record(
    *,
    action_item: ActionItem,
    status: str,
    as_of: dt.date,
    note: str = "",
    evidence: Iterable[Source] = (),
    new_source: NewSource | None = None,
    quote: str = "",
    quotes: Mapping[Source, str] | None = None,
    author: AbstractBaseUser | None = None,
) -> StatusUpdate:
    """Record one dated assessment of an item; the item's status follows its latest update.

    `new_source`, if given, is recorded (see source_create) and cited with `evidence`.
    Each source is cited with `quote`, or with its own in `quotes` (the admin's rows).
    """
    evidence = list(evidence)
    if new_source is not None:
        evidence.append(source_create(**new_source))
    status_update_evidence_check(status=status, evidence=evidence)
    # Lock the item: two updates recorded at once for the same day must not both take
    # the same sequence number (PostgreSQL; SQLite writes one at a time anyway). Its
    # summit, read under the lock, is current: the cache forgets that summit's figures.
    (action_item.target_summit_id,) = (
        ActionItem.objects.select_for_update()
        .filter(pk=action_item.pk)
        .values_list("target_summit_id")
        .get()
    )
    last = action_item.status_updates.filter(as_of=as_of).aggregate(last=Max("sequence"))["last"]
    update = StatusUpdate(
        action_item=action_item,
        as_of=as_of,
        sequence=(last or 0) + 1,
        status=status,
        note=note,
        author=author if author is not None and author.is_authenticated else None,
    )
    update.full_clean()
    update.save()
    # One by one, not bulk_create: each row's save writes its entry in the audit trail.
    for source in evidence:
        StatusUpdateEvidence.objects.create(
            status_update=update, source=source, quote=(quotes or {}).get(source, quote)
        )
    action_item.refresh_from_db(fields=["status", "status_as_of"])
    return update


@transaction.atomic
def status_update_record_many(
    *,
    action_items: Iterable[ActionItem],
    evidence: Iterable[Source] = (),
    new_source: NewSource | None = None,
    **update,
) -> list[StatusUpdate]:
    """The same update for many items: all recorded, or none; a new source recorded once."""
    evidence = list(evidence)
    if new_source is not None:
        evidence.append(source_create(**new_source))
    return [
        status_update_record(action_item=item, evidence=evidence, **update) for item in action_items
    ]


def action_items_status_refresh(*, item_ids: Collection[int] | None = None) -> None:
    """Set each item's status and last-update day to its latest update's (by as-of, then
    sequence); an item without updates is "not yet assessed", never updated.

    The one home of that rule: signals.py (on every save, delete and fixture load),
    the importer and the synthetic data use it. One UPDATE per chunk of ids, or one for
    every item when `item_ids` is None (after bulk inserts, which send no signals).
    """
    latest = StatusUpdate.objects.filter(action_item=OuterRef("pk")).order_by("-as_of", "-sequence")
    values = {
        "status": Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NOT_ASSESSED)),
        "status_as_of": Subquery(latest.values("as_of")[:1]),
    }
    if item_ids is None:
        ActionItem.objects.update(**values)
        return
    ids = list(item_ids)
    for start in range(0, len(ids), CHUNK):
        ActionItem.objects.filter(pk__in=ids[start : start + CHUNK]).update(**values)


# Saved views: a reader's own settings, not tracker records. Anyone who may read saves,
# shares and deletes their own; "only analysts write" is about the records.


def _saved_view_name_check(*, view: SavedView) -> None:
    """Refuse a name the owner already gave another view of the same list (case aside)."""
    taken = SavedView.objects.filter(
        owner=view.owner, list_key=view.list_key, name__iexact=view.name
    ).exclude(pk=view.pk)
    if taken.exists():
        raise ValidationError(
            {
                "name": f"You already have a view of {view.get_list_key_display().lower()} "
                f"called “{view.name}”: choose another name, or delete that one first."
            },
            code="duplicate_name",
        )


@transaction.atomic
def saved_view_create(
    *,
    owner: AbstractBaseUser,
    list_key: str,
    name: str,
    query: str,
    shared: bool = False,
    digest: str = SavedView.Digest.NONE,
) -> SavedView:
    """Keep a list's `query` (normalised by its page: lists.pages.view_query) under `name`."""
    view = SavedView(
        owner=owner,
        list_key=list_key,
        name=name.strip(),
        query=query,
        shared=shared,
        digest=digest,
    )
    _saved_view_name_check(view=view)
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def saved_view_update(
    *,
    view: SavedView,
    user: AbstractBaseUser,
    name: str | None = None,
    shared: bool | None = None,
    digest: str | None = None,
) -> SavedView:
    """Rename, share or stop sharing, or change the digest of a view; only its owner may."""
    if view.owner_id != user.pk:
        # Staff may delete a view, not speak for its owner: no one else changes it.
        raise PermissionDenied(f"Only its owner may change the saved view “{view.name}”.")
    if name is not None:
        view.name = name.strip()
    if shared is not None:
        view.shared = shared
    if digest is not None:
        view.digest = digest
    _saved_view_name_check(view=view)
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def saved_view_delete(*, view: SavedView, user: AbstractBaseUser) -> None:
    """Delete a view: its owner may, and staff (a shared view nobody should see any more)."""
    if view.owner_id != user.pk and not user.is_staff:
        raise PermissionDenied(f"Only its owner may delete the saved view “{view.name}”.")
    view.delete()


@transaction.atomic
def compliance_report_freeze(
    *, summit: Summit, kind: str, cut_off: dt.date, author: AbstractBaseUser | None = None
) -> ComplianceReport:
    """Freeze the summit's compliance as of the end of `cut_off`: each commitment's status
    then (its latest update by that day), and the scores overall and per party. Stored, so
    later updates leave the report as it was published."""
    if cut_off > timezone.localdate():
        raise ValidationError(
            {
                "cut_off": "A report is frozen at a day that has passed, or today: later "
                "statuses are not known yet."
            },
            code="future_cut_off",
        )
    statuses = statuses_as_of(summit, cut_off)
    parties = parties_by_item(summit)
    by_status = dict.fromkeys(Status.values, 0)
    for status in statuses.values():
        by_status[status] += 1
    report = ComplianceReport(
        summit=summit,
        kind=kind,
        cut_off=cut_off,
        created_by=author,
        figures={"by_status": by_status, **compliance_of(statuses, parties).as_figures()},
    )
    report.full_clean()
    report.save()
    items = ActionItem.objects.only("ref", "title").in_bulk(list(statuses))
    ComplianceReportEntry.objects.bulk_create(
        ComplianceReportEntry(
            report=report,
            action_item=items[pk],
            ref=items[pk].ref,
            title=items[pk].title,
            status=status,
            parties=sorted(parties.get(pk, ())),
        )
        for pk, status in statuses.items()
    )
    return report


# API tokens: a user's own keys for scripts (summits.api.auth reads them).


def api_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# The secret's first characters, kept to tell tokens apart on the tokens page.
API_TOKEN_PREFIX = "st_"
API_TOKEN_SHOWN = 10


@transaction.atomic
def api_token_create(
    *, user: AbstractBaseUser, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days; returns it and its secret, which is
    stored nowhere: the caller shows it once."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:API_TOKEN_SHOWN],
        digest=api_token_digest(secret),
        scope=scope,
        created=now,
        expires=now + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: AbstractBaseUser) -> None:
    """End a token at once; kept, marked revoked, so its owner sees when it stopped."""
    if token.user_id != user.pk:
        raise PermissionDenied("Only its owner may revoke an API token.")
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])


def notifications_mark_read(*, user: AbstractBaseUser, ids: Collection[int] | None = None) -> int:
    """Mark `user`'s notifications among `ids` (all of them when None) read; how many were
    unread. Another user's ids are left alone."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: AbstractBaseUser, deliveries: Mapping[str, str]) -> None:
    """How `user` wants each kind of notification mailed (kinds as keys, deliveries as
    values: NotificationPreference's choices)."""
    for kind, delivery in deliveries.items():
        preference = NotificationPreference(user=user, kind=kind, delivery=delivery)
        preference.full_clean(validate_unique=False, validate_constraints=False)
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )


# Background exports ----------------------------------------------------------------------


def export_job_create(
    *, owner: AbstractBaseUser, list_key: str, query: str, filename: str, rows_total: int
) -> ExportJob:
    """Record a list's XLSX export for the background task (lists.background), which is
    enqueued once this transaction commits."""
    job = ExportJob(
        owner=owner, list_key=list_key, query=query, filename=filename, rows_total=rows_total
    )
    job.full_clean()
    job.save()

    def enqueue() -> None:
        try:
            export_write.enqueue(job_id=job.pk)
        except Exception as error:  # a queue that cannot be reached: said on the job page
            export_job_fail(job=job, error=f"The export could not be started: {error}")

    transaction.on_commit(enqueue)
    return job


def export_job_progress(*, job: ExportJob, rows_done: int, rows_total: int) -> None:
    """How far the task has written (read by the job page as it polls)."""
    job.state, job.rows_done, job.rows_total = ExportJob.State.RUNNING, rows_done, rows_total
    job.save(update_fields=["state", "rows_done", "rows_total"])


def export_job_done(*, job: ExportJob, rows_done: int) -> None:
    job.state, job.rows_done, job.rows_total = ExportJob.State.DONE, rows_done, rows_done
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "rows_done", "rows_total", "finished_at"])


def export_job_fail(*, job: ExportJob, error: str) -> None:
    job.state, job.error, job.finished_at = ExportJob.State.FAILED, error, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def export_jobs_expire(*, before: dt.datetime) -> int:
    """Delete the files of exports created before `before` and mark them expired; how many."""
    expired = 0
    jobs = ExportJob.objects.filter(created_at__lt=before).exclude(state=ExportJob.State.EXPIRED)
    for job in jobs:
        job.path.unlink(missing_ok=True)
        job.state = ExportJob.State.EXPIRED
        job.save(update_fields=["state"])
        expired += 1
    return expired


def import_job_create(
    *,
    owner: AbstractBaseUser,
    file_name: str,
    data: bytes,
    records: int,
    dry_run: bool,
    accept_drafts: bool,
) -> ImportJob:
    """Keep an uploaded report file under TRACKER_IMPORT_DIR and record its check or
    import for the background task (importing.background), enqueued once this commits."""
    job = ImportJob(
        owner=owner,
        file_name=file_name[: ImportJob._meta.get_field("file_name").max_length],
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        accept_drafts=accept_drafts,
        records_total=records,
    )
    job.full_clean()
    job.save()
    job.path.parent.mkdir(parents=True, exist_ok=True)
    job.path.write_bytes(data)

    def enqueue() -> None:
        try:
            import_run.enqueue(job_id=job.pk)
        except Exception as error:  # a queue that cannot be reached: said on the job page
            import_job_fail(job=job, error=f"The import could not be started: {error}")

    transaction.on_commit(enqueue)
    return job


def import_job_start(*, job: ImportJob) -> None:
    job.state, job.records_done = ImportJob.State.RUNNING, 0
    job.save(update_fields=["state", "records_done"])


def import_job_finish(*, job: ImportJob, result: dict, records: int) -> None:
    """The task's outcome: done, or failed when the plan has errors (nothing written)."""
    failed = bool(result.get("errors"))
    job.state = ImportJob.State.FAILED if failed else ImportJob.State.DONE
    job.result, job.finished_at = result, timezone.now()
    if failed:
        job.records_done = 0
    else:  # merged duplicates make fewer records than the file held
        job.records_done = job.records_total = records
    job.save(update_fields=["state", "result", "records_done", "records_total", "finished_at"])


def import_job_fail(*, job: ImportJob, error: str) -> None:
    job.state, job.error, job.finished_at = ImportJob.State.FAILED, error, timezone.now()
    job.save(update_fields=["state", "error", "finished_at"])


def import_job_confirm(*, job: ImportJob) -> ImportJob | None:
    """Import the file a finished check found no error in, as a new job that takes over
    its file; None if that file no longer waits (already confirmed)."""
    if not (job.dry_run and job.state == ImportJob.State.DONE):
        return None
    claimed = job.path.with_suffix(".confirmed")
    try:
        # A rename happens once: "Import" sent twice at once starts one import.
        os.replace(job.path, claimed)
    except FileNotFoundError:
        return None
    data = claimed.read_bytes()
    imported = import_job_create(
        owner=job.owner,
        file_name=job.file_name,
        data=data,
        records=job.records_total,
        dry_run=False,
        accept_drafts=job.accept_drafts,
    )
    claimed.unlink()
    return imported
