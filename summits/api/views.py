"""The endpoints: a read-only viewset per record, addressed by its natural key and
filtered by its list page's FilterSet; the action items' writes; the follow-up
questions; report imports.

Each list reads a page in a fixed number of queries (its `queryset` joins and prefetches
what its serializer shows), in a stable order: the model's own, then the id.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import importing, services
from ..filters import (
    ActionItemFilterSet,
    CommissionFilterSet,
    MeetingFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    SourceFilterSet,
    SummitFilterSet,
    SummitSeriesFilterSet,
)
from ..forms import FollowUpForm
from ..lists.filters import MenuFilter
from ..models import (
    REF_PATTERN,
    SLUG_PATTERN,
    ActionItem,
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
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
from ..outcomes.filters import AgreementFilterSet, OutcomeDocumentFilterSet
from ..queries import follow_up_queues, summit_readiness
from . import serializers as s
from .auth import token_may_write
from .pagination import ListFilterBackend

SUMMIT_KEY_PATTERN = rf"{SLUG_PATTERN}/[0-9]+"

# A menu filter takes a record's key as text (a slug, an ISO code, "series-number"), also
# where its method, not a model field, applies it ("country", "session_of"): the schema
# says so rather than guess from a field (a warning `check --deploy` fails on).
extend_schema_field(OpenApiTypes.STR)(MenuFilter)


def in_stable_order(queryset: QuerySet) -> QuerySet:
    """The model's own order with the id last: no row on two pages, or on none."""
    return queryset.order_by(*queryset.model._meta.ordering, "pk")


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A kind of record: its list (filtered, paginated) and each record by its slug."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filter_backends = [ListFilterBackend]

    def get_queryset(self) -> QuerySet:
        return in_stable_order(self.queryset.all())


class SectorViewSet(RecordViewSet):
    """Areas of cooperation."""

    queryset = Sector.objects.all()
    serializer_class = s.SectorSerializer


class PlaceViewSet(RecordViewSet):
    """Cities and venues."""

    queryset = Place.objects.select_related("country")
    serializer_class = s.PlaceSerializer


class SourceViewSet(RecordViewSet):
    """Reports, press releases, statements: where every fact comes from."""

    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    filterset_class = SourceFilterSet


class OrganisationViewSet(RecordViewSet):
    queryset = Organisation.objects.select_related("country", "parent")
    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilterSet


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.select_related("country", "organisation")
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilterSet


class SummitSeriesViewSet(RecordViewSet):
    queryset = SummitSeries.objects.prefetch_related("countries")
    serializer_class = s.SummitSeriesSerializer
    filterset_class = SummitSeriesFilterSet


class CommissionViewSet(RecordViewSet):
    """Commissions and their working groups (`level=working_group`)."""

    queryset = Commission.objects.select_related("parent").prefetch_related("countries")
    serializer_class = s.CommissionSerializer
    filterset_class = CommissionFilterSet


class MeetingViewSet(RecordViewSet):
    """Meetings with their participants; a commission's sessions are its meetings of kind
    `commission_session` (`?commission=irigc-tec&kind=commission_session`)."""

    queryset = Meeting.objects.select_related(
        "place", "summit__series", "commission"
    ).prefetch_related(
        "sectors",
        "sources",
        Prefetch("participations", Participation.objects.select_related("person", "side")),
    )
    serializer_class = s.MeetingSerializer
    filterset_class = MeetingFilterSet


class SummitViewSet(RecordViewSet):
    """Summits, each at `<series slug>/<number>/`; its readiness below it."""

    queryset = Summit.objects.select_related("series", "host_place").prefetch_related("sources")
    serializer_class = s.SummitSerializer
    filterset_class = SummitFilterSet
    lookup_field = "key"
    lookup_value_regex = SUMMIT_KEY_PATTERN

    def get_object(self) -> Summit:
        series, number = self.kwargs["key"].rsplit("/", 1)
        summit = get_object_or_404(self.get_queryset(), series__slug=series, number=int(number))
        self.check_object_permissions(self.request, summit)
        return summit

    @extend_schema(responses=s.ReadinessSerializer)
    @action(detail=True)
    def readiness(self, request: Request, key: str) -> Response:
        """Its items by status, at risk (overdue or stale, by the follow-up rules) and its
        compliance score, as the summit's page shows them."""
        summit = self.get_object()
        readiness = summit_readiness(summit, timezone.localdate())
        body = {
            "summit": s.summit_key(summit),
            "total": readiness.total,
            "by_status": readiness.by_status,
            "score": readiness.score,
            "score_percent": readiness.score_percent,
            "score_history": [
                {"date": day, "score": score} for day, score in readiness.score_history
            ],
            "overdue": readiness.overdue,
            "stale": readiness.stale,
            "at_risk": readiness.at_risk,
        }
        return Response(s.ReadinessSerializer(body).data)


class AgreementViewSet(RecordViewSet):
    """Agreements with their signatories."""

    queryset = Agreement.objects.select_related(
        "summit__series", "meeting", "place", "superseded_by"
    ).prefetch_related(
        "countries",
        "organisations",
        "mechanisms",
        "action_items",
        "sources",
        Prefetch("signatories", Signatory.objects.select_related("person", "side")),
    )
    serializer_class = s.AgreementSerializer
    filterset_class = AgreementFilterSet


class OutcomeDocumentViewSet(RecordViewSet):
    """Outcome documents with their numbered paragraphs."""

    queryset = OutcomeDocument.objects.select_related(
        "summit__series", "meeting", "source"
    ).prefetch_related("paragraphs")
    serializer_class = s.OutcomeDocumentSerializer
    filterset_class = OutcomeDocumentFilterSet


CONFLICT = inline_serializer(
    "EditConflict",
    {"detail": serializers.CharField(), "current_version": serializers.IntegerField()},
)


@extend_schema_view(
    create=extend_schema(request=s.ActionItemSerializer, responses=s.ActionItemDetailSerializer),
    partial_update=extend_schema(
        request=s.ActionItemEditSerializer,
        responses={200: s.ActionItemDetailSerializer, 409: CONFLICT},
    ),
)
class ActionItemViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Action items at `<ref>/` ("IRIGC-TEC-26/TRADE-1/": a reference's slashes stay
    slashes). Analysts create and edit them and record status updates; an edit names the
    version it started from, and a newer one answers 409 with the current version."""

    queryset = ActionItem.objects.select_related(
        "target_summit__series", "origin_meeting", "paragraph__document", "owner"
    ).prefetch_related("sectors", "responsible", "watchers")
    filter_backends = [ListFilterBackend]
    filterset_class = ActionItemFilterSet
    lookup_field = "ref"
    lookup_value_regex = REF_PATTERN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # The pages' permissions for the same writes (summits/views.py, the admin).
    write_permissions = {
        "create": ["summits.add_actionitem"],
        "partial_update": ["summits.change_actionitem"],
        "status_updates": ["summits.add_statusupdate"],
        # Watching is anyone's own business, as on the item's page.
        "watch": [],
    }

    def get_queryset(self) -> QuerySet:
        queryset = in_stable_order(self.queryset.all())
        if self.action != "list":
            updates = StatusUpdate.objects.select_related("author").prefetch_related(
                Prefetch("citations", StatusUpdateEvidence.objects.select_related("source"))
            )
            queryset = queryset.prefetch_related(Prefetch("status_updates", updates))
        return queryset

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "list":
            return s.ActionItemSerializer
        if self.action == "partial_update":
            return s.ActionItemEditSerializer
        if self.action == "create":
            return s.ActionItemSerializer
        return s.ActionItemDetailSerializer

    def _detail(self, ref: str, code: int = status.HTTP_200_OK) -> Response:
        item = get_object_or_404(self.get_queryset(), ref=ref)
        return Response(s.ActionItemDetailSerializer(item).data, status=code)

    def create(self, request: Request) -> Response:
        """A new item, "not yet assessed" as of today, as the admin makes one."""
        serializer = s.ActionItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        links = {name: data.pop(name, None) for name in ("sectors", "responsible", "watchers")}
        due = data.pop("due", None)
        item = ActionItem(**data)
        item.due = due
        try:
            services.action_item_create(item=item, author=request.user, **links)
        except DjangoValidationError as error:
            return _refused(error)
        return self._detail(item.ref, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, ref: str) -> Response:
        """Change the fields given; `version` (required) is the one you read."""
        item = self.get_object()
        serializer = s.ActionItemEditSerializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        base_version = data.pop("version", None)
        if base_version is None:
            raise serializers.ValidationError(
                {
                    "version": "Give the version you read (the item's `version`): an edit must "
                    "not overwrite one saved meanwhile."
                }
            )
        links = {name: data.pop(name, None) for name in ("sectors", "responsible", "watchers")}
        values = dict(data)
        if "due" in values:
            due = values.pop("due")
            values["due_start"] = due.start if due else None
            values["due_precision"] = due.precision if due else ""
        try:
            services.action_item_update(
                item=item, base_version=base_version, values=values, **links
            )
        except services.EditConflict as conflict:
            current = ActionItem.objects.values_list("version", flat=True).get(pk=item.pk)
            return Response(
                {"detail": conflict.message, "current_version": current},
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as error:
            return _refused(error)
        return self._detail(item.ref)

    @extend_schema(
        request=s.StatusUpdateWriteSerializer,
        responses={200: s.StatusUpdateSerializer(many=True), 201: s.StatusUpdateSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="status-updates")
    def status_updates(self, request: Request, ref: str) -> Response:
        """GET: the item's status history, latest first. POST: record one, as the item's
        page does (a final status needs a source as evidence)."""
        item = self.get_object()
        if request.method == "GET":
            updates = item.status_updates.all()
            return Response(s.StatusUpdateSerializer(updates, many=True).data)
        serializer = s.StatusUpdateWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            update = services.status_update_record(
                action_item=item, author=request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            return _refused(error)
        update = (
            StatusUpdate.objects.select_related("author")
            .prefetch_related(
                Prefetch("citations", StatusUpdateEvidence.objects.select_related("source"))
            )
            .get(pk=update.pk)
        )
        return Response(s.StatusUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ActionItemDetailSerializer)
    @action(detail=True, methods=["post", "delete"])
    def watch(self, request: Request, ref: str) -> Response:
        """POST: watch the item yourself (it shows in your follow-ups); DELETE: stop."""
        item = self.get_object()
        if request.method == "POST":
            item.watchers.add(request.user)
        else:
            item.watchers.remove(request.user)
        return self._detail(item.ref)


def _refused(error: DjangoValidationError) -> Response:
    """A rule of the model or the service refused the write: 400, saying which and why."""
    if hasattr(error, "error_dict"):
        return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
    return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)


class FollowUpView(APIView):
    """The follow-up page's queues: overdue, due soon, stale, not yet assessed, recently
    changed; each count is the count of `/api/action-items/?<its filters>`."""

    @extend_schema(
        parameters=[
            OpenApiParameter(name, int, description=f"Default {days} days.")
            for name, days in FollowUpForm.defaults().items()
        ],
        responses=s.QueueSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        form = FollowUpForm(request.query_params or None)
        if form.is_bound and not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        queues = follow_up_queues(timezone.localdate(), timezone.now(), **form.windows())
        return Response(s.QueueSerializer(queues, many=True).data)


class ImportForm(serializers.Serializer):
    file = serializers.FileField(help_text="A report fixture (natural-key JSON).")
    dry_run = serializers.BooleanField(default=False, help_text="Check only; write nothing.")
    accept_drafts = serializers.BooleanField(
        default=False,
        help_text='Import records still marked "draft" (import_report --accept-drafts).',
    )


class ProblemSerializer(serializers.Serializer):
    """An import's error or warning, where it is and the sentence the import page shows."""

    file = serializers.CharField()
    record = serializers.IntegerField(allow_null=True, help_text="1-based position in the file.")
    model = serializers.CharField()
    key = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


IMPORT_RESPONSE = inline_serializer(
    "ReportImportResult",
    {
        "dry_run": serializers.BooleanField(),
        "summary": serializers.DictField(),
        "warnings": ProblemSerializer(many=True),
        "drafts_pending": serializers.IntegerField(
            help_text='In a dry run, the records still marked "draft": the import itself '
            "refuses them unless accept_drafts."
        ),
        "import_log": serializers.IntegerField(allow_null=True),
    },
)
IMPORT_ERRORS = inline_serializer(
    "ReportImportErrors",
    {
        "detail": serializers.CharField(),
        "errors": ProblemSerializer(many=True),
        "more": serializers.IntegerField(),
    },
)


class ReportImportView(APIView):
    """Import a report fixture through the importer the admin's "Import report" page uses:
    every record checked first, then all written or none. `dry_run` checks and answers
    what it would create, update and leave unchanged, writing nothing."""

    parser_classes = [MultiPartParser]
    write_permissions = {"POST": []}  # report_import_allowed decides, as on the admin page

    @extend_schema(
        request={"multipart/form-data": ImportForm},
        responses={
            200: IMPORT_RESPONSE,
            201: IMPORT_RESPONSE,
            400: IMPORT_ERRORS,
            403: OpenApiResponse(description="Only analysts may import."),
        },
    )
    def post(self, request: Request) -> Response:
        if not importing.report_import_allowed(request.user) or not token_may_write(request):
            raise PermissionDenied("Only analysts may import a report, with a read-write token.")
        form = ImportForm(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        data = upload.read(settings.TRACKER_IMPORT_MAX_BYTES + 1)
        report = importing.ReportFile(name=upload.name, data=data, size=upload.size)
        dry_run = form.validated_data["dry_run"]
        try:
            plan = importing.report_import(
                files=[report],
                user=request.user,
                dry_run=dry_run,
                accept_drafts=form.validated_data["accept_drafts"],
            )
        except importing.ReportInvalid as invalid:
            reported = invalid.plan.reported_errors
            return Response(
                {
                    "detail": f"{len(invalid.plan.errors)} error(s); nothing was imported.",
                    "errors": [_problem(problem) for problem in reported.shown],
                    "more": reported.more,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        body = {
            "dry_run": dry_run,
            "summary": plan.summary(),
            "warnings": [_problem(problem) for problem in plan.reported_warnings.shown],
            "drafts_pending": plan.drafts_pending,
            "import_log": plan.imports[0].pk if plan.imports else None,
        }
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


def _problem(problem: importing.Problem) -> dict:
    return {
        "file": problem.file,
        "record": problem.position,
        "model": problem.model,
        "key": problem.key,
        "field": problem.field,
        "message": problem.message,
        "text": str(problem),
    }
