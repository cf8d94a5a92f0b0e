"""The big changelists' row checkboxes, written out (summits/admin.py WrittenCheckboxMixin):
the very markup Django's checkbox widget renders, for every admin that writes them."""

import pytest
from django.contrib import admin

from summits.admin import WrittenCheckboxMixin
from summits.models import ActionItem

WRITTEN = [a for a in admin.site._registry.values() if isinstance(a, WrittenCheckboxMixin)]


@pytest.mark.parametrize("model_admin", WRITTEN, ids=lambda a: a.model._meta.label)
def test_a_rows_checkbox_is_the_one_djangos_widget_renders(outcomes, model_admin):
    for row in model_admin.model._default_manager.all()[:20]:
        assert model_admin.action_checkbox(row) == admin.ModelAdmin.action_checkbox(
            model_admin, row
        )


def test_a_title_with_markup_is_escaped_once(seed):
    item = ActionItem.objects.first()
    item.ref = 'A&B <"x">'
    model_admin = admin.site._registry[ActionItem]
    written = model_admin.action_checkbox(item)
    assert written == admin.ModelAdmin.action_checkbox(model_admin, item)
    assert "A&amp;B &lt;&quot;x&quot;&gt;" in written
