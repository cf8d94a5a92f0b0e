from django.urls import path

from . import views

app_name = "summits"

urlpatterns = [
    path("", views.home, name="home"),
    path("action-items/", views.ActionItemList.as_view(), name="actionitem-list"),
    path("meetings/", views.MeetingList.as_view(), name="meeting-list"),
    path("summits/", views.SummitList.as_view(), name="summit-list"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("organisations/", views.OrganisationList.as_view(), name="organisation-list"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("summits/<slug:series>/<int:number>/", views.summit_detail, name="summit-detail"),
    path("series/<slug:slug>/", views.series_detail, name="series-detail"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("commissions/<slug:slug>/", views.commission_detail, name="commission-detail"),
    # References contain slashes ("IRIGC-TEC-26/TRADE-1").
    path("action-items/<path:ref>/", views.actionitem_detail, name="actionitem-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]
