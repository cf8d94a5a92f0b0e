"""The site search and the lists' `q` find agreements (title, notes) and outcome documents
(title, and the text of their paragraphs), linking to their pages, on every backend."""

import re
import string
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from summits.models import Agreement, OutcomeDocument, Paragraph
from summits.outcomes.filters import AgreementFilterSet, OutcomeDocumentFilterSet

pytestmark = pytest.mark.usefixtures("today", "outcomes")
URL = reverse("summits:search")
STATEMENT = "2025-12-05-india-russia-joint-statement"
OUTCOMES = "2025-12-05-india-russia-list-of-outcomes"
MINERALS = "2025-12-05-india-russia-critical-minerals"


def _groups(response) -> dict:
    return {group.key: group for group in response.context["groups"]}


def _documents(q: str) -> set[str]:
    found = OutcomeDocumentFilterSet({"q": q}, queryset=OutcomeDocument.objects.all()).qs
    return set(found.values_list("slug", flat=True))


def test_an_agreement_is_found_by_its_title_and_links_to_its_page(viewer_client):
    response = viewer_client.get(URL, {"q": "critical minerals"})
    group = _groups(response)["agreements"]
    assert [agreement.slug for agreement in group.records] == [MINERALS]
    page = unescape(response.text)
    assert f'href="/agreements/{MINERALS}/"' in page
    assert "agreement, signed · signed 5 Dec 2025" in page
    # The list it links to counts the same.
    link = re.search(r'href="(/agreements/\?q=[^"]+)"', page).group(1)
    assert viewer_client.get(link).context["table"].paginator.count == group.count == 1


def test_an_agreement_is_found_by_its_notes(viewer_client):
    Agreement.objects.filter(slug=MINERALS).update(notes="Renewed after the talks in Sochi.")
    group = _groups(viewer_client.get(URL, {"q": "sochi talks"}))["agreements"]
    assert [agreement.slug for agreement in group.records] == [MINERALS]


def test_a_document_is_found_by_a_paragraphs_text_and_links_to_its_page(viewer_client):
    response = viewer_client.get(URL, {"q": "fertiliser"})  # paragraph 3 of the outcomes
    group = _groups(response)["documents"]
    assert [document.slug for document in group.records] == [OUTCOMES]
    page = unescape(response.text)
    assert f'href="/documents/{OUTCOMES}/">List of outcomes of the 23rd' in page
    assert "list of outcomes, adopted 5 Dec 2025 · 23rd India–Russia Annual Summit" in page
    link = re.search(r'href="(/documents/\?q=[^"]+)"', page).group(1)
    assert viewer_client.get(link).context["table"].paginator.count == group.count == 1


@pytest.mark.parametrize(
    ("q", "slugs"),
    [
        ("Joint Statement", {STATEMENT}),  # the title
        ("23rd india", {STATEMENT, OUTCOMES}),  # both titles
        ("investment USD", {STATEMENT}),  # words of two paragraphs of one document
        ("investment fertiliser", set()),  # of two documents: none holds both
        ("IRIGC-TEC", {STATEMENT}),
        ("new delhi welcomed", {STATEMENT}),
        ("zanzibar", set()),
    ],
)
def test_every_word_is_in_the_title_or_some_paragraph_of_the_document(q, slugs):
    assert _documents(q) == slugs


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _model(q: str) -> set[str]:
    """The documents `q` should find, computed in Python: every word, ignoring case, in
    the title, the slug or the text of one of the paragraphs."""
    found = set()
    for document in OutcomeDocument.objects.prefetch_related("paragraphs"):
        texts = [document.title, document.slug, *(p.text for p in document.paragraphs.all())]
        texts = [text.translate(ASCII_LOWER) for text in texts]
        if all(any(word.translate(ASCII_LOWER) in t for t in texts) for word in q.split()):
            found.add(document.slug)
    return found


def test_document_search_agrees_with_a_model_of_it_for_every_word_of_the_texts():
    texts = [*OutcomeDocument.objects.values_list("title", flat=True)]
    texts += Paragraph.objects.values_list("text", flat=True)
    words = sorted({word for text in texts for word in re.findall(r"[A-Za-z]+", text)})
    queries = [*words, *(f"{a} {b}" for a, b in zip(words, reversed(words), strict=True))]
    queries += ["ag", "TRADE sides", "sid", "of"]  # words shorter than a trigram: LIKE
    assert len(words) > 40
    for q in queries:
        assert _documents(q) == _model(q), q


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram index is SQLite's"
)


@sqlite_only
@pytest.mark.parametrize(
    ("filterset", "model", "table"),
    [
        (AgreementFilterSet, Agreement, "summits_agreement_search"),
        (OutcomeDocumentFilterSet, OutcomeDocument, "summits_paragraph_search"),
    ],
)
def test_sqlite_searches_agreements_and_paragraphs_through_their_trigram_index(
    filterset, model, table
):
    found = filterset({"q": "minerals"}, queryset=model.objects.all()).qs
    assert f'"{table}" MATCH' in str(found.query)
    assert found.count() == 1


@sqlite_only
def test_the_paragraph_index_follows_every_write():
    paragraph = Paragraph.objects.get(document__slug=OUTCOMES, number=3)
    paragraph.text = "Business agreement on potash supply."
    paragraph.save()
    assert _documents("potash") == {OUTCOMES}
    assert _documents("fertiliser") == set()
    Paragraph.objects.filter(pk=paragraph.pk).delete()
    assert _documents("potash") == set()
