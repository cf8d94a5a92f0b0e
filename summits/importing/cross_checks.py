"""The rules that span records, checked over the file and the database together: each
asks the service function that holds it, so the import refuses what the pages refuse.

- a final status needs evidence (services.status_update_evidence_check);
- who signed an agreement at a meeting took part in it (services.agreement_signatories_check);
- no commitments supersede each other in a circle (services.action_item_relations_check).
"""

from collections import defaultdict
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError

from .. import services
from ..models import (
    ActionItemRelation,
    Agreement,
    Participation,
    Signatory,
    StatusUpdate,
    StatusUpdateEvidence,
)
from .plan import ImportPlan
from .records import _chunks, _info, _key_text, _Record


def _check_evidence(records: list[_Record], plan: ImportPlan) -> None:
    """Each status update the import writes passes the rule every write passes
    (services.status_update_evidence_check), with the evidence the file gives it or the
    database already holds."""
    updates = [r for r in records if r.info.model is StatusUpdate and r.outcome != "unchanged"]
    cited: dict[tuple, list] = defaultdict(list)
    for record in records:
        if record.info.model is StatusUpdateEvidence:
            cited[record.refs.get("status_update")].append(record.refs.get("source"))
    existing = [r.existing_pk for r in updates if r.existing_pk is not None]
    recorded: dict[Any, list] = defaultdict(list)
    for chunk in _chunks(existing):
        rows = StatusUpdateEvidence.objects.filter(status_update_id__in=chunk)
        for update_id, source_id in rows.values_list("status_update_id", "source_id"):
            recorded[update_id].append(source_id)
    evidence_label = _info(StatusUpdateEvidence).label
    for record in updates:
        evidence = cited[record.key] + recorded.get(record.existing_pk, [])
        try:
            services.status_update_evidence_check(status=record.instance.status, evidence=evidence)
        except ValidationError as error:
            plan.errors.extend(
                record.problem(
                    f"{message} Add a {evidence_label} record citing a source for this "
                    "update, or give a status that is not final.",
                    field="status",
                )
                for message in error.messages
            )


def _check_signatories(records: list[_Record], plan: ImportPlan) -> None:
    """Each agreement the file gives or signs passes the signatories rule, with the
    meeting, signatories and participations of the file and of the database."""
    agreements = {r.key: r for r in records if r.info.model is Agreement}
    signed = [r for r in records if r.info.model is Signatory]
    keys = agreements.keys() | {r.refs.get("agreement") for r in signed} - {None}
    if not keys:
        return
    slugs = [key[0] for key in keys]
    meeting: dict[tuple, tuple | None] = {}
    signers: dict[tuple, dict[tuple, Any]] = defaultdict(dict)
    for chunk in _chunks(slugs):
        for slug, meeting_slug in Agreement.objects.filter(slug__in=chunk).values_list(
            "slug", "meeting__slug"
        ):
            meeting[(slug,)] = (meeting_slug,) if meeting_slug else None
        rows = Signatory.objects.filter(agreement__slug__in=chunk)
        for slug, person in rows.values_list("agreement__slug", "person__slug"):
            signers[(slug,)][(person,)] = None  # recorded: the database's, not the file's
    for key, record in agreements.items():
        meeting[key] = record.refs.get("meeting")
    for record in signed:
        signers[record.refs.get("agreement")][record.refs.get("person")] = record
    meetings = {m for m in meeting.values() if m is not None}
    present: dict[tuple, set[tuple]] = defaultdict(set)
    for chunk in _chunks([m[0] for m in meetings]):
        rows = Participation.objects.filter(meeting__slug__in=chunk)
        for meeting_slug, person in rows.values_list("meeting__slug", "person__slug"):
            present[(meeting_slug,)].add((person,))
    for record in records:
        if record.info.model is Participation:
            present[record.refs.get("meeting")].add(record.refs.get("person"))
    for key in keys:
        at = meeting.get(key)
        for person, record in signers[key].items():
            try:
                services.agreement_signatories_check(
                    meeting=at and _key_text(at),
                    signatories={person: _key_text(person)},
                    participants=present[at] if at else (),
                )
            except ValidationError as error:
                blamed = record or agreements.get(key)
                field = "person" if record else "meeting"
                plan.errors.extend(blamed.problem(m, field=field) for m in error.messages)


def _check_relations(records: list[_Record], plan: ImportPlan) -> None:
    """The file's "supersedes" relations, with the database's, form no circle."""
    given = {
        (r.refs["action_item"][0], r.refs["other"][0]): r
        for r in records
        if r.info.model is ActionItemRelation
        and r.values.get("kind") == "supersedes"
        and r.refs.get("action_item")
        and r.refs.get("other")
    }
    if not given:
        return
    supersedes: dict[Any, set] = defaultdict(set)
    rows = ActionItemRelation.objects.filter(kind="supersedes")
    for ref, other in rows.values_list("action_item__ref", "other__ref"):
        supersedes[ref].add(other)
    for ref, other in given:
        supersedes[ref].add(other)
    try:
        services.action_item_relations_check(supersedes=supersedes)
    except ValidationError as error:
        # Blame a relation of the file's that closes the circle.
        cycle = error.error_dict["other"][0].params["cycle"]
        closing = next(
            (given[pair] for pair in pairwise(cycle) if pair in given),
            next(iter(given.values())),
        )
        plan.errors.extend(closing.problem(m, field="other") for m in error.messages)
