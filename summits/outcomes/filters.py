"""The agreements' and documents' list filters, on the list framework's pieces."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import menus
from ..lists.filters import DATE_INPUT, MenuFilter, TrackerFilterSet, search_filter
from ..models import Agreement, OutcomeDocument, Paragraph
from ..search import substring_q, text_search
from .queries import expiring_q, idle_mechanism_q


class AgreementFilterSet(TrackerFilterSet):
    search_fields = ["title", "notes", "slug"]
    q = search_filter("Title or notes.")
    party = MenuFilter(field_name="countries", label="Party", menu=menus.agreement_country_menu)
    kind = django_filters.MultipleChoiceFilter(
        choices=Agreement.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Agreement.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    level = django_filters.ChoiceFilter(choices=Agreement.Level.choices)
    summit = MenuFilter(label="Signed at summit", menu=menus.summit_menu)
    expiring_within = django_filters.NumberFilter(
        label="Expiring within (days)",
        method="filter_expiring",
        min_value=0,
        max_value=36500,
        help_text="Signed or in force, and ending within this many days.",
    )
    mechanism_idle = django_filters.NumberFilter(
        label="Mechanism not met for (months)",
        method="filter_idle",
        min_value=1,
        max_value=1200,
        help_text="Sets up a working group or commission that has not met for this long.",
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_expiring(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(expiring_q(int(value), timezone.localdate()))

    def filter_idle(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(idle_mechanism_q(int(value), timezone.localdate()))


class OutcomeDocumentFilterSet(TrackerFilterSet):
    search_fields = ["title", "slug"]
    q = search_filter("Title or the text of its paragraphs.")
    kind = django_filters.MultipleChoiceFilter(
        choices=OutcomeDocument.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    summit = MenuFilter(menu=menus.summit_menu)
    adopted_after = django_filters.DateFilter(
        field_name="adopted_on", lookup_expr="gte", label="Adopted on or after", widget=DATE_INPUT
    )
    adopted_before = django_filters.DateFilter(
        field_name="adopted_on", lookup_expr="lte", label="Adopted on or before", widget=DATE_INPUT
    )

    class Meta:
        model = OutcomeDocument
        fields: list[str] = []

    @classmethod
    def searched(cls, queryset: QuerySet, value: str) -> QuerySet:
        """Each word in the title or in one of the paragraphs, not necessarily the same
        one: a document is found by what an analyst remembers of its text. The
        paragraphs are searched through their own index (search.TRIGRAM_INDEXED)."""
        for word in value.split():
            paragraphs = text_search(Paragraph.objects.all(), ["text"], word)
            queryset = queryset.filter(
                substring_q(cls.search_fields, word) | Q(pk__in=paragraphs.values("document"))
            )
        return queryset
