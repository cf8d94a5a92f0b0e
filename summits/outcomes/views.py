"""The agreements' and documents' lists and pages."""

from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ..lists.pages import ListPage
from ..models import (
    ActionItem,
    Agreement,
    Commission,
    OutcomeDocument,
    Paragraph,
    Signatory,
)
from ..queries import count_of
from .filters import AgreementFilterSet, OutcomeDocumentFilterSet
from .tables import AgreementTable, OutcomeDocumentTable

ITEMS = ActionItem.objects.select_related("target_summit__series").order_by("ref")


class AgreementList(ListPage):
    queryset = Agreement.objects.prefetch_related("countries").annotate(
        signatory_count=count_of(Signatory.objects.all(), "agreement"),
        item_count=count_of(Agreement.action_items.through.objects.all(), "agreement"),
    )
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    title = "Agreements"
    slug = "agreements"
    url_name = "summits:agreement-list"
    intro = "Agreements, memoranda and treaties signed at summits and meetings, and their state."
    empty_text = "No agreements are recorded yet."


class OutcomeDocumentList(ListPage):
    queryset = OutcomeDocument.objects.select_related("summit__series", "meeting").annotate(
        paragraph_count=count_of(Paragraph.objects.all(), "document"),
        item_count=count_of(ActionItem.objects.all(), "paragraph__document"),
    )
    filterset_class = OutcomeDocumentFilterSet
    table_class = OutcomeDocumentTable
    title = "Outcome documents"
    slug = "documents"
    url_name = "summits:document-list"
    intro = "Joint statements, lists of outcomes and declarations, paragraph by paragraph."
    empty_text = "No outcome documents are recorded yet."


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Its parties and signatories, when it was signed, is in force and ends, what it sets
    up (with when each mechanism last met) and the commitments it carries."""
    agreement = get_object_or_404(
        Agreement.objects.select_related(
            "summit__series", "meeting", "place", "superseded_by"
        ).prefetch_related(
            "countries",
            "organisations",
            Prefetch("signatories", Signatory.objects.select_related("person", "side")),
            Prefetch(
                "mechanisms",
                Commission.objects.annotate(
                    last_met=Max("meetings__date_start"), meeting_count=Count("meetings")
                ),
            ),
            Prefetch("action_items", ITEMS),
            "supersedes",
        ),
        slug=slug,
    )
    timeline = [
        ("Signed", agreement.signed_on),
        ("Entered into force", agreement.entry_into_force),
        ("Expires", agreement.expires_on),
    ]
    context = {
        "agreement": agreement,
        "timeline": [(label, day) for label, day in timeline if day],
        "citations": agreement.citations.select_related("source"),
    }
    return render(request, "summits/agreement_detail.html", context)


def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Its paragraphs in order, each with the commitments drawn from it."""
    document = get_object_or_404(
        OutcomeDocument.objects.select_related("summit__series", "meeting", "source"), slug=slug
    )
    paragraphs = document.paragraphs.prefetch_related(Prefetch("action_items", ITEMS))
    context = {
        "document": document,
        "paragraphs": paragraphs,
        "item_count": ActionItem.objects.filter(paragraph__document=document).count(),
    }
    return render(request, "summits/document_detail.html", context)
