"""The notifications pages: a user's own list, marking read, mail preferences, the
header's unread count; and watching a summit. Any signed-in reader: each only ever
touches the user's own notifications and watches."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import services
from .forms import NotificationPreferencesForm
from .models import Summit

PER_PAGE = 50


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, and how they want each kind mailed."""
    return _page(request, NotificationPreferencesForm(user=request.user))


def _page(request: HttpRequest, form: NotificationPreferencesForm, status: int = 200):
    notifications = request.user.notifications.all()
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": request.user.notifications.filter(read_at__isnull=True).count(),
        "form": form,
    }
    return render(request, "summits/notifications.html", context, status=status)


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count, fetched after the page loads (htmx): no page pays a query
    for it."""
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    return render(request, "summits/notifications.html#badge", {"unread": unread})


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (`id`), or all of them (no `id`)."""
    raw = request.POST.get("id")
    if raw is None:
        count = services.notifications_mark_read(user=request.user)
        messages.success(request, f"Marked {count} notification(s) read.")
    elif raw.isdigit():
        services.notifications_mark_read(user=request.user, ids=[int(raw)])
    else:
        messages.error(request, "That is not a notification: nothing was marked read.")
    return redirect("summits:notification-list")


@require_POST
def notification_preferences(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    services.notification_preferences_set(user=request.user, deliveries=form.cleaned_data)
    messages.success(request, "Your notification settings are saved.")
    return redirect("summits:notification-list")


@require_POST
def summit_watch(request: HttpRequest, series: str, number: int) -> HttpResponse:
    """Watch or stop watching a summit: its watchers are told when its date or status
    changes."""
    summit = get_object_or_404(Summit, series__slug=series, number=number)
    if request.POST.get("watch") == "off":
        summit.watchers.remove(request.user)
        messages.success(request, f"You no longer watch the {summit}.")
    else:
        summit.watchers.add(request.user)
        messages.success(request, f"You watch the {summit}: you are told when it moves.")
    return redirect(summit)
