"""/api/docs/: Swagger UI for people who read, from our own static files, under the CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("seed")
DOCS = reverse("api:docs")


def test_the_docs_load_everything_from_our_own_site(viewer_client):
    page = viewer_client.get(DOCS)
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and not [url for url in sources if "//" in url]  # no CDN, no other host
    for url in sources:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    nonce = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"])[1]
    assert f'<style nonce="{nonce}">' in page.text
    # The page's own start-up script, a file too (no inline script for the CSP to refuse).
    script = viewer_client.get(f"{DOCS}?script=")
    assert script.status_code == 200
    assert reverse("api:schema") in script.text


def test_the_docs_are_a_page_like_any_other(client, db):
    response = client.get(DOCS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
