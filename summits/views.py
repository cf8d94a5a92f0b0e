"""Pages outside the admin. Each fetches what its template shows in a fixed number of queries."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import (
    ActionItem,
    Commission,
    Meeting,
    Organisation,
    Participation,
    Person,
    Source,
    StatusUpdate,
    Summit,
    SummitSeries,
)
from .queries import upcoming_summits

PARTICIPATIONS = Prefetch(
    "participations", queryset=Participation.objects.select_related("person", "side")
)


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request, "summits/home.html", {"summits": upcoming_summits(today), "today": today}
    )


def summit_detail(request: HttpRequest, series: str, number: int) -> HttpResponse:
    summit = get_object_or_404(
        Summit.objects.select_related("series", "host_place__country"),
        series__slug=series,
        number=number,
    )
    context = {
        "summit": summit,
        "meetings": summit.meetings.select_related("place")
        .prefetch_related(PARTICIPATIONS)
        .order_by("date_start"),
        "action_items": summit.action_items.order_by("status", "ref"),
        "citations": summit.citations.select_related("source"),
        "today": timezone.localdate(),
    }
    return render(request, "summits/summit_detail.html", context)


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(SummitSeries, slug=slug)
    summits = series.summits.select_related("series", "host_place").order_by("-number")
    return render(request, "summits/series_detail.html", {"series": series, "summits": summits})


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "place__country", "summit__series", "commission"
        ).prefetch_related(PARTICIPATIONS, "sectors"),
        slug=slug,
    )
    context = {
        "meeting": meeting,
        "action_items": meeting.action_items.all(),
        "citations": meeting.citations.select_related("source"),
    }
    return render(request, "summits/meeting_detail.html", context)


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission.objects.select_related("parent"), slug=slug)
    context = {
        "commission": commission,
        "working_groups": commission.working_groups.all(),
        "sessions": commission.meetings.select_related("place").order_by("-date_start"),
    }
    return render(request, "summits/commission_detail.html", context)


def actionitem_detail(request: HttpRequest, ref: str) -> HttpResponse:
    updates = StatusUpdate.objects.select_related("author").prefetch_related(
        Prefetch(
            "citations", queryset=StatusUpdate.evidence.through.objects.select_related("source")
        )
    )
    item = get_object_or_404(
        ActionItem.objects.select_related(
            "origin_meeting", "target_summit__series"
        ).prefetch_related("sectors", "responsible", Prefetch("status_updates", queryset=updates)),
        ref=ref,
    )
    context = {
        "item": item,
        "citations": item.citations.select_related("source"),
        "today": timezone.localdate(),
    }
    return render(request, "summits/actionitem_detail.html", context)


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("country", "organisation"), slug=slug)
    participations = person.participations.select_related("meeting__place").order_by(
        "-meeting__date_start"
    )
    return render(
        request,
        "summits/person_detail.html",
        {"person": person, "participations": participations},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("country", "parent"), slug=slug
    )
    context = {
        "organisation": organisation,
        "people": organisation.people.all(),
        "action_items": organisation.action_items.all(),
    }
    return render(request, "summits/organisation_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    context = {
        "source": source,
        "summits": source.summits.select_related("series"),
        "meetings": source.meetings.all(),
        "action_items": source.action_items.all(),
        "status_updates": source.status_updates.select_related("action_item"),
    }
    return render(request, "summits/source_detail.html", context)
