from django.urls import path, register_converter

from . import export_pages, notification_pages, views
from .api import tokens as api_tokens
from .intake import views as intake
from .models import (
    REF_PATTERN,
    Agreement,
    Commission,
    Meeting,
    Organisation,
    OutcomeDocument,
    Person,
    Source,
    SummitSeries,
)
from .outcomes import views as outcomes


class RefConverter:
    """An action item's reference, as the model allows it (models.REF_PATTERN).

    References contain slashes ("IRIGC-TEC-26/TRADE-1") but each of their parts starts
    with a capital or a digit, and an item's own pages are lower-case words: "…/history/"
    can only be the history page. An address no reference can have is a 404 at once.
    """

    regex = REF_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RefConverter, "ref")

app_name = "summits"

urlpatterns = [
    path("", views.home, name="home"),
    path("follow-up/", views.follow_up, name="follow-up"),
    path("my-follow-ups/", views.my_follow_up_list, name="my-follow-ups"),
    path("search/", views.search, name="search"),
    path("action-items/", views.ActionItemList.as_view(), name="actionitem-list"),
    path("meetings/", views.MeetingList.as_view(), name="meeting-list"),
    path("summits/", views.SummitList.as_view(), name="summit-list"),
    path("series/", views.SummitSeriesList.as_view(), name="series-list"),
    path("commissions/", views.CommissionList.as_view(), name="commission-list"),
    path("agreements/", outcomes.AgreementList.as_view(), name="agreement-list"),
    path("documents/", outcomes.OutcomeDocumentList.as_view(), name="document-list"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("saved-views/<int:pk>/", views.saved_view_open, name="saved-view"),
    path("saved-views/<int:pk>/delete/", views.saved_view_delete, name="saved-view-delete"),
    path("pick/<slug:kind>/", views.pick, name="pick"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("api-tokens/", api_tokens.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", api_tokens.api_token_revoke, name="api-token-revoke"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("summits/<slug:series>/<int:number>/", views.summit_detail, name="summit-detail"),
    path(
        "summits/<slug:series>/<int:number>/watch/",
        notification_pages.summit_watch,
        name="summit-watch",
    ),
    path("exports/<int:pk>/", export_pages.export_job, name="export-job"),
    path(
        "exports/<int:pk>/download/", export_pages.export_job_download, name="export-job-download"
    ),
    path("notifications/", notification_pages.notification_list, name="notification-list"),
    path("notifications/unread/", notification_pages.notification_badge, name="notification-badge"),
    path("notifications/read/", notification_pages.notifications_read, name="notifications-read"),
    path(
        "notifications/settings/",
        notification_pages.notification_preferences,
        name="notification-preferences",
    ),
    path(
        "summits/<slug:series>/<int:number>/compliance/",
        views.summit_compliance_page,
        name="summit-compliance",
    ),
    path(
        "summits/<slug:series>/<int:number>/brief.<str:extension>",
        views.summit_brief,
        name="summit-brief",
    ),
    path(
        "summits/<slug:series>/<int:number>/reports/",
        views.compliance_report_freeze,
        name="compliance-report-freeze",
    ),
    path(
        "summits/<slug:series>/<int:number>/reports/<int:pk>/",
        views.compliance_report,
        name="compliance-report",
    ),
    path(
        "summits/<slug:series>/<int:number>/history/",
        views.summit_history,
        name="summit-history",
    ),
    path("series/<slug:slug>/", views.series_detail, name="series-detail"),
    path(
        "series/<slug:slug>/history/",
        views.slug_history,
        {"model": SummitSeries},
        name="series-history",
    ),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path(
        "meetings/<slug:slug>/history/",
        views.slug_history,
        {"model": Meeting},
        name="meeting-history",
    ),
    path("agreements/<slug:slug>/", outcomes.agreement_detail, name="agreement-detail"),
    path(
        "agreements/<slug:slug>/history/",
        views.slug_history,
        {"model": Agreement},
        name="agreement-history",
    ),
    path("documents/<slug:slug>/", outcomes.document_detail, name="document-detail"),
    path(
        "documents/<slug:slug>/history/",
        views.slug_history,
        {"model": OutcomeDocument},
        name="document-history",
    ),
    path("commissions/<slug:slug>/", views.commission_detail, name="commission-detail"),
    path(
        "commissions/<slug:slug>/history/",
        views.slug_history,
        {"model": Commission},
        name="commission-history",
    ),
    path(
        "action-items/<ref:ref>/history/",
        views.actionitem_history,
        name="actionitem-history",
    ),
    path(
        "action-items/<ref:ref>/status-updates/",
        views.actionitem_status_update,
        name="actionitem-status-update",
    ),
    path("action-items/<ref:ref>/owner/", views.actionitem_owner, name="actionitem-owner"),
    path("action-items/<ref:ref>/watch/", views.actionitem_watch, name="actionitem-watch"),
    path("action-items/<ref:ref>/", views.actionitem_detail, name="actionitem-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path(
        "people/<slug:slug>/history/", views.slug_history, {"model": Person}, name="person-history"
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisations/<slug:slug>/history/",
        views.slug_history,
        {"model": Organisation},
        name="organisation-history",
    ),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("reports/", intake.report_list, name="report-list"),
    path("reports/new/", intake.report_new, name="report-new"),
    path("reports/<int:pk>/", intake.report_review, name="report-review"),
    path("reports/<int:pk>/records/<int:index>/", intake.report_record, name="report-record"),
    path("reports/<int:pk>/import/", intake.report_import, name="report-import"),
    path("reports/<int:pk>/fixture.json", intake.report_fixture, name="report-fixture"),
    path(
        "sources/<slug:slug>/history/", views.slug_history, {"model": Source}, name="source-history"
    ),
]
