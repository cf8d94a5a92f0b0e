"""Requests no page can answer, refused before any view or query sees them."""

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

# C0 control characters and DEL. No slug, reference or token can hold one (see the
# models' key patterns), and PostgreSQL refuses NUL in any text it is given.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """404 for an address with a control character in its path, 400 for NUL in a parameter.

    One place for every view, the admin's included: a path such as
    `/calendar/feed/%00.ics` or a search such as the admin autocomplete's `term=%00` would
    otherwise reach the database, where PostgreSQL fails on the NUL (a 500) and SQLite
    finds nothing. Other control characters in parameters (a line break in a search) are
    ordinary text that forms validate.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_CHARACTERS.search(request.path):
            raise Http404("No page has a control character in its address.")
        if any("\x00" in "".join([key, *values]) for key, values in request.GET.lists()):
            raise BadRequest("A parameter contains a NUL character.")
        return self.get_response(request)
