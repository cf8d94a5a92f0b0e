"""`{% fixed_url 'summits:home' %}`: the address of a page that takes no arguments,
reversed once per process rather than on every page.

The header links to twenty pages; `{% url %}` reversed each of them for every page shown,
about a millisecond in all, an eighth of a short list's time. Such an address changes only
with the URLconf or the prefix the site is served under, which key the memory.
"""

from functools import cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@cache
def _reversed(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)
