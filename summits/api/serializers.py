"""The records as JSON: every relation named by its natural key, as the pages' addresses
name records (a summit "india-russia-annual-summit/23", an item its ref, a user their
username), so an answer can be fed back into a filter or a write unchanged."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..fuzzydates import FuzzyDate, Precision
from ..models import (
    ActionItem,
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
    Paragraph,
    Participation,
    Person,
    Place,
    Sector,
    Signatory,
    Source,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    SummitSeries,
)


def slugs(model, many: bool = False, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=model.objects.all(), many=many, **kwargs
    )


def read_slugs(many: bool = False, null: bool = False) -> serializers.SlugRelatedField:
    """Related records by slug; `null` for a relation that may be empty (the schema says)."""
    return serializers.SlugRelatedField(
        slug_field="slug", read_only=True, many=many, allow_null=null
    )


def countries(many: bool = False, null: bool = False) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="iso2", read_only=True, many=many, allow_null=null
    )


def usernames(many: bool = False, **kwargs) -> serializers.SlugRelatedField:
    user = get_user_model()
    return serializers.SlugRelatedField(
        slug_field=user.USERNAME_FIELD, queryset=user.objects.all(), many=many, **kwargs
    )


def precision() -> serializers.ChoiceField:
    """How precise a date is; blank when no date is known."""
    return serializers.ChoiceField(choices=Precision.choices, allow_blank=True, read_only=True)


def summit_key(summit: Summit) -> str:
    """A summit's natural key as its address writes it: "<series slug>/<number>"."""
    return f"{summit.series.slug}/{summit.number}"


@extend_schema_field(
    {"type": "string", "nullable": True, "example": "india-russia-annual-summit/23"}
)
class SummitKeyField(serializers.RelatedField):
    """A summit named "<series slug>/<number>"."""

    default_error_messages = {
        "invalid": 'Name a summit as "<series slug>/<number>": "india-russia-annual-summit/23".',
        "missing": "No summit {value!r} is recorded.",
    }

    def __init__(self, **kwargs) -> None:
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Summit.objects.select_related("series"))
        super().__init__(**kwargs)

    def to_representation(self, summit: Summit) -> str:
        return summit_key(summit)

    def to_internal_value(self, data: object) -> Summit:
        series, _, number = str(data).rpartition("/")
        if not series or not number.isdigit():
            self.fail("invalid")
        summit = self.get_queryset().filter(series__slug=series, number=int(number)).first()
        if summit is None:
            self.fail("missing", value=data)
        return summit


@extend_schema_field({"type": "string", "nullable": True, "example": "early December 2025"})
class FuzzyDateField(serializers.Field):
    """A date as reports give it ("early December 2025", "Q1 2026", "2026-03-31")."""

    def to_representation(self, value: FuzzyDate | None) -> str | None:
        return None if value is None else str(value)

    def to_internal_value(self, data: object) -> FuzzyDate | None:
        if data in (None, ""):
            return None
        try:
            return FuzzyDate.parse(str(data))
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "description"]


class PlaceSerializer(serializers.ModelSerializer):
    country = countries()

    class Meta:
        model = Place
        fields = ["slug", "name", "country"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "title", "publisher", "published_on", "url", "kind", "text"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = countries(null=True)
    parent = read_slugs(null=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "acronym", "kind", "country", "parent"]


class PersonSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    country = countries(null=True)
    organisation = read_slugs(null=True)

    class Meta:
        model = Person
        fields = ["slug", "name", "aliases", "title", "country", "organisation"]


class SummitSeriesSerializer(serializers.ModelSerializer):
    countries = countries(many=True)

    class Meta:
        model = SummitSeries
        fields = ["slug", "name", "countries", "description"]


class SummitSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()
    series = read_slugs()
    host_place = read_slugs(null=True)
    date = FuzzyDateField(read_only=True)
    date_precision = precision()
    sources = read_slugs(many=True)

    class Meta:
        model = Summit
        fields = [
            "key",
            "series",
            "number",
            "host_place",
            "date",
            "date_start",
            "date_precision",
            "status",
            "notes",
            "sources",
        ]

    def get_key(self, summit: Summit) -> str:
        return summit_key(summit)


class CommissionSerializer(serializers.ModelSerializer):
    parent = read_slugs(null=True)
    countries = countries(many=True)

    class Meta:
        model = Commission
        fields = ["slug", "name", "acronym", "parent", "countries", "description"]


class ParticipationSerializer(serializers.ModelSerializer):
    person = read_slugs()
    side = countries(null=True)

    class Meta:
        model = Participation
        fields = ["person", "role", "side"]


class MeetingSerializer(serializers.ModelSerializer):
    date = FuzzyDateField(read_only=True)
    place = read_slugs(null=True)
    summit = SummitKeyField(read_only=True)
    commission = read_slugs(null=True)
    sectors = read_slugs(many=True)
    participants = ParticipationSerializer(source="participations", many=True, read_only=True)
    sources = read_slugs(many=True)

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "kind",
            "date",
            "date_start",
            "date_precision",
            "place",
            "summit",
            "commission",
            "session_number",
            "summary",
            "sectors",
            "participants",
            "sources",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    source = read_slugs()

    class Meta:
        model = StatusUpdateEvidence
        fields = ["source", "quote"]


class StatusUpdateSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = StatusUpdate
        fields = ["as_of", "sequence", "status", "note", "author", "evidence"]


class NewSourceSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    publisher = serializers.CharField(max_length=200)
    published_on = serializers.DateField()
    url = serializers.URLField(max_length=500, required=False, default="")


class StatusUpdateWriteSerializer(serializers.Serializer):
    """A status update as the item's page records it (services.status_update_record)."""

    status = serializers.ChoiceField(choices=StatusUpdate._meta.get_field("status").choices)
    as_of = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True)
    evidence = slugs(Source, many=True, required=False, default=list)
    new_source = NewSourceSerializer(required=False, allow_null=True, default=None)
    quote = serializers.CharField(required=False, default="", allow_blank=True)


def _paragraph_key(paragraph: Paragraph) -> str:
    return f"{paragraph.document.slug}/{paragraph.number}"


class ActionItemSerializer(serializers.ModelSerializer):
    """An item as the list shows it; its detail adds the status history."""

    due = FuzzyDateField(required=False, allow_null=True)
    due_precision = precision()
    sectors = slugs(Sector, many=True, required=False)
    responsible = slugs(Organisation, many=True, required=False)
    origin_meeting = slugs(Meeting, required=False, allow_null=True)
    target_summit = SummitKeyField(required=False, allow_null=True)
    paragraph = serializers.SerializerMethodField()
    owner = usernames(required=False, allow_null=True)
    watchers = usernames(many=True, required=False)

    class Meta:
        model = ActionItem
        fields = [
            "ref",
            "title",
            "text",
            "priority",
            "due",
            "due_start",
            "due_precision",
            "status",
            "status_as_of",
            "sectors",
            "responsible",
            "origin_meeting",
            "target_summit",
            "paragraph",
            "owner",
            "watchers",
            "version",
        ]
        read_only_fields = ["due_start", "due_precision", "status", "status_as_of", "version"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_paragraph(self, item: ActionItem) -> str | None:
        """ "<document slug>/<number>": the paragraph it is drawn from."""
        return None if item.paragraph is None else _paragraph_key(item.paragraph)


class ActionItemDetailSerializer(ActionItemSerializer):
    status_updates = StatusUpdateSerializer(many=True, read_only=True)

    class Meta(ActionItemSerializer.Meta):
        fields = [*ActionItemSerializer.Meta.fields, "status_updates"]


class ActionItemEditSerializer(ActionItemSerializer):
    """An edit: the version it starts from is required, the reference stays."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you read: a newer one means someone saved since (409)."
    )

    class Meta(ActionItemSerializer.Meta):
        read_only_fields = [
            "ref",
            "due_start",
            "due_precision",
            "status",
            "status_as_of",
        ]


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["number", "text"]


class OutcomeDocumentSerializer(serializers.ModelSerializer):
    summit = SummitKeyField(read_only=True)
    meeting = read_slugs(null=True)
    source = read_slugs()
    paragraphs = ParagraphSerializer(many=True, read_only=True)

    class Meta:
        model = OutcomeDocument
        fields = [
            "slug",
            "title",
            "kind",
            "summit",
            "meeting",
            "adopted_on",
            "source",
            "paragraphs",
        ]


class SignatorySerializer(serializers.ModelSerializer):
    person = read_slugs()
    side = countries(null=True)

    class Meta:
        model = Signatory
        fields = ["person", "role", "side"]


class AgreementSerializer(serializers.ModelSerializer):
    countries = countries(many=True)
    organisations = read_slugs(many=True)
    summit = SummitKeyField(read_only=True)
    meeting = read_slugs(null=True)
    place = read_slugs(null=True)
    superseded_by = read_slugs(null=True)
    mechanisms = read_slugs(many=True)
    action_items = serializers.SlugRelatedField(slug_field="ref", read_only=True, many=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    sources = read_slugs(many=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "kind",
            "level",
            "status",
            "countries",
            "organisations",
            "summit",
            "meeting",
            "signed_on",
            "place",
            "entry_into_force",
            "expires_on",
            "renews_automatically",
            "superseded_by",
            "mechanisms",
            "action_items",
            "signatories",
            "notes",
            "sources",
        ]


# The follow-up questions ---------------------------------------------------------------


class QueueItemSerializer(serializers.ModelSerializer):
    due = FuzzyDateField(read_only=True)
    target_summit = SummitKeyField(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["ref", "title", "status", "due", "target_summit"]


class QueueSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rule = serializers.CharField()
    count = serializers.IntegerField()
    filters = serializers.DictField(
        child=serializers.CharField(),
        help_text="The action-item filters that list the whole queue: /api/action-items/?…",
    )
    items = QueueItemSerializer(many=True)


class ReadinessSerializer(serializers.Serializer):
    summit = serializers.CharField()
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    score = serializers.FloatField(allow_null=True)
    score_percent = serializers.IntegerField(allow_null=True)
    score_history = serializers.ListField(
        child=serializers.DictField(), help_text='[{"date": …, "score": …}], oldest first.'
    )
    overdue = serializers.IntegerField()
    stale = serializers.IntegerField()
    at_risk = serializers.IntegerField()
