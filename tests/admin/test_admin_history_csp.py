"""The admin's history pages (django-simple-history) hold nothing the CSP blocks."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from summits.models import ActionItem

HISTORY_ADMINS = [
    model_admin
    for model_admin in admin.site._registry.values()
    if isinstance(model_admin, SimpleHistoryAdmin)
]


class InlineCode(HTMLParser):
    """Inline styles and code that SECURE_CSP (no 'unsafe-inline') keeps from running."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.blocked.append(f"<{tag} style={attributes['style']!r}>")
        if tag == "style" and "nonce" not in attributes:
            self.blocked.append("<style> without a nonce")
        if tag == "script" and "src" not in attributes and "nonce" not in attributes:
            self.blocked.append("<script> without a nonce")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes.get("href") or "")


def test_every_history_page_uses_the_templates_overridden_here():
    assert HISTORY_ADMINS
    for model_admin in HISTORY_ADMINS:
        assert model_admin.object_history_template == "simple_history/object_history.html"
        assert model_admin.object_history_list_template == "simple_history/object_history_list.html"


@pytest.mark.usefixtures("seed")
def test_the_history_page_has_no_inline_style(admin_client):
    item = ActionItem.objects.first()
    item.save()  # one more entry: the list and its paginator are shown
    response = admin_client.get(reverse("admin:summits_actionitem_history", args=[item.pk]))
    assert response.status_code == 200
    assert 'id="change-history"' in response.text and 'class="paginator"' in response.text
    page = InlineCode()
    page.feed(response.text)
    assert page.blocked == []
    # The style it had inline comes from our own stylesheet instead.
    assert any(href.endswith("css/admin-history.css") for href in page.stylesheets)
    assert "border-top: 0" in Path(finders.find("css/admin-history.css")).read_text()
