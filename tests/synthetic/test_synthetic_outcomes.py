"""generate_synthetic's outcome documents, agreements and relations keep the rules that
recorded ones keep: paragraphs numbered from 1, items citing their own session's
protocol, signatories who took part, no circle of "supersedes", a live mechanism watch."""

from collections import Counter, defaultdict

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q

from summits.models import (
    ActionItem,
    ActionItemRelation,
    Agreement,
    Meeting,
    OutcomeDocument,
    Paragraph,
    Participation,
    Signatory,
    Summit,
)
from summits.outcomes.queries import agreements_with_idle_mechanisms
from summits.services import action_item_relations_check
from summits.synthetic import DEFAULT_UNTIL, Sizes, synthetic_generate

SIZES = Sizes(items=1500, summits=24, meetings=300, people=80, updates_per_item=2)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One generation for the module's tests (they only read), removed afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            counts = synthetic_generate(sizes=SIZES, seed=5)
            yield counts
            transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("generated")


def test_held_summits_have_a_joint_statement_and_sessions_a_protocol(db):
    held = Summit.objects.filter(status=Summit.Status.HELD)
    statements = OutcomeDocument.objects.filter(kind=OutcomeDocument.Kind.JOINT_STATEMENT)
    assert set(statements.values_list("summit", flat=True)) == set(
        held.values_list("pk", flat=True)
    )
    sessions = Meeting.objects.filter(kind=Meeting.Kind.COMMISSION_SESSION)
    protocols = OutcomeDocument.objects.filter(kind=OutcomeDocument.Kind.PROTOCOL)
    assert set(protocols.values_list("meeting", flat=True)) == set(
        sessions.values_list("pk", flat=True)
    )
    # Paragraphs numbered 1 to n in every document, with text.
    numbers = defaultdict(list)
    for document, number in Paragraph.objects.values_list("document", "number"):
        numbers[document].append(number)
    assert set(numbers) == set(OutcomeDocument.objects.values_list("pk", flat=True))
    assert all(sorted(found) == list(range(1, len(found) + 1)) for found in numbers.values())
    assert not Paragraph.objects.filter(text="")


def test_a_sessions_items_cite_its_protocols_paragraph_and_no_other_items_do(db):
    from_sessions = ActionItem.objects.filter(origin_meeting__kind=Meeting.Kind.COMMISSION_SESSION)
    assert from_sessions.count() > SIZES.items / 3
    assert not from_sessions.filter(paragraph__isnull=True)
    assert not from_sessions.exclude(paragraph__document__meeting=F("origin_meeting"))
    assert not ActionItem.objects.exclude(
        origin_meeting__kind=Meeting.Kind.COMMISSION_SESSION
    ).filter(paragraph__isnull=False)
    # A paragraph can yield several commitments.
    per_paragraph = Counter(from_sessions.values_list("paragraph", flat=True))
    assert max(per_paragraph.values()) > 1


def test_signatories_took_part_in_the_meeting_they_signed_at(db):
    at_meetings = Signatory.objects.filter(agreement__meeting__isnull=False)
    assert at_meetings.count() > 20
    took_part = Participation.objects.filter(
        meeting=OuterRef("agreement__meeting"), person=OuterRef("person")
    )
    assert not at_meetings.exclude(Exists(took_part))
    # Two signatories each, one for each party, and every agreement cites its source.
    agreements = Agreement.objects.annotate(
        signed=Count("signatories", distinct=True),
        sides=Count("signatories__side", distinct=True),
        parties=Count("countries", distinct=True),
    )
    assert set(agreements.values_list("signed", "sides", "parties").distinct()) == {(2, 2, 2)}
    assert not Agreement.objects.filter(sources__isnull=True)
    assert Agreement.objects.filter(summit__isnull=False, meeting__isnull=True).exists()
    # A business agreement names the ministries that signed, of both parties.
    business = Agreement.objects.filter(level=Agreement.Level.BUSINESS)
    assert business.exists()
    assert not business.exclude(organisations__isnull=False)
    assert not business.annotate(n=Count("organisations__country", distinct=True)).exclude(n=2)
    assert not Agreement.objects.filter(
        level=Agreement.Level.GOVERNMENT, organisations__isnull=False
    )


def test_agreements_have_every_status_and_replacements_name_what_replaced_them(db):
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert statuses >= {"signed", "in_force", "expired", "superseded"}
    superseded = Agreement.objects.filter(status=Agreement.Status.SUPERSEDED)
    assert not superseded.filter(superseded_by__isnull=True)
    # The replacement was signed on the same day or later.
    assert not superseded.exclude(superseded_by__signed_on__gte=F("signed_on"))
    assert not Agreement.objects.filter(expires_on__lte=DEFAULT_UNTIL, status="in_force")
    assert Agreement.objects.filter(action_items__isnull=False).exists()


def test_some_mechanisms_have_not_met_and_others_have(db):
    with_mechanism = Agreement.objects.filter(mechanisms__isnull=False).distinct()
    idle, _ = agreements_with_idle_mechanisms(DEFAULT_UNTIL, 12)
    assert 0 < idle < with_mechanism.count()


def test_restated_commitments_reaffirm_the_one_made_for_an_earlier_summit(db):
    relations = ActionItemRelation.objects.select_related(
        "action_item__target_summit", "other__target_summit"
    )
    kinds = Counter(relations.values_list("kind", flat=True))
    assert kinds["reaffirms"] > kinds["supersedes"] > 0
    assert not relations.exclude(action_item__title=F("other__title"))
    assert not relations.exclude(
        action_item__target_summit__date_start__gt=F("other__target_summit__date_start")
    )
    supersedes = defaultdict(list)
    for item, other in relations.filter(kind="supersedes").values_list("action_item", "other"):
        supersedes[item].append(other)
    action_item_relations_check(supersedes=supersedes)  # raises on a circle
    assert not relations.filter(Q(action_item=F("other")))
