from django.urls import path

from . import views

app_name = "summits"

urlpatterns = [
    path("", views.home, name="home"),
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
