"""Signing in: the login form, with "Keep me signed in on this device"."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpResponse


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
