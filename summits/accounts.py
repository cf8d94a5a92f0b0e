"""Signing in, and what a signed-in response carries: the login form with "Keep me signed
in on this device", and no stored copy of any page or export a signed-in user receives."""

from collections.abc import Callable

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class SignInForm(AuthenticationForm):
    remember = forms.BooleanField(required=False, label="Keep me signed in on this device")


class SignInView(LoginView):
    """Django's login view; unless the user asks to be remembered, the session cookie is
    dropped when the browser closes (a shared or borrowed computer). Either way the session
    ends after SESSION_COOKIE_AGE (TRACKER_SESSION_HOURS)."""

    authentication_form = SignInForm

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        if not form.cleaned_data["remember"]:
            self.request.session.set_expiry(0)
        return response


def no_store_when_signed_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: `Cache-Control: no-store, private` on every response to a signed-in user.

    Pages and exports show records to one user: neither the browser's disk cache (a shared
    computer, the back button after logging out) nor a proxy may keep a copy. Static files
    never get here (WhiteNoise answers them first), so they stay cacheable; the calendar
    feed, signed by its token rather than a session, sets its own private caching.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
