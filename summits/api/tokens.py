"""The "API tokens" page: a user makes personal tokens for scripts and revokes them.

A new token's secret is shown once, on the page that answers its creation, and never
stored (services.api_token_create keeps its hash).
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import services
from ..forms import error_summary
from ..models import ApiToken

# How long a new token lasts: long enough for a scheduled script, never for ever.
LIFETIMES = [(30, "30 days"), (90, "90 days"), (365, "a year")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What it is for, e.g. “weekly trade export”.", label="Name"
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="A token does what you may and no more: a viewer's token reads only.",
    )
    days = forms.TypedChoiceField(
        label="Valid for", choices=LIFETIMES, coerce=int, initial=LIFETIMES[1][0]
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens, and a form for a new one; its secret shows once, here."""
    form = ApiTokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        _token, secret = services.api_token_create(user=request.user, **form.cleaned_data)
        form = ApiTokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user),
        "now": timezone.now(),
        "api_docs": reverse("api:docs"),
        "error_summary": error_summary(form),
    }
    # No copy of the secret is kept anywhere: signed-in pages are sent "no-store"
    # (accounts.no_store_when_signed_in).
    return render(request, "summits/api_tokens.html", context, status=400 if form.errors else 200)


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, user=request.user)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("summits:api-tokens")
