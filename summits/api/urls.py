"""/api/: the endpoints, the OpenAPI schema (/api/schema/) and its browsable docs
(/api/docs/, Swagger UI from our own static files)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"


class Router(DefaultRouter):
    # No ".json" suffixes: JSON is the only format, and a reference may hold a ".".
    include_format_suffixes = False


router = Router()
router.register("action-items", views.ActionItemViewSet, basename="actionitem")
router.register("summits", views.SummitViewSet, basename="summit")
router.register("series", views.SummitSeriesViewSet, basename="series")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("commissions", views.CommissionViewSet, basename="commission")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("documents", views.OutcomeDocumentViewSet, basename="document")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("places", views.PlaceViewSet, basename="place")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("sources", views.SourceViewSet, basename="source")

# Scripts have no session: REST framework's views authenticate each request themselves
# (summits.api.auth) and answer 401 or 403 in JSON; they are exempt from the site's
# LoginRequiredMiddleware, which would send the login page instead.
urlpatterns = [
    path("follow-up/", views.FollowUpView.as_view(), name="follow-up"),
    path("imports/", views.ReportImportView.as_view(), name="imports"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
    # A page for people: someone not signed in is sent to log in, as on every page.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
