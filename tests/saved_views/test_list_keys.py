"""A saved view names its list by the list page's slug: one key per list page, all of them."""

from django.urls import resolve

from summits.lists.pages import ListPage
from summits.models import SavedView
from summits.views import LIST_PAGES


def every_list_page(cls: type = ListPage) -> set[type[ListPage]]:
    return {sub for child in cls.__subclasses__() for sub in {child, *every_list_page(child)}}


def test_every_list_page_has_a_key_and_every_key_a_list_page():
    assert set(LIST_PAGES.values()) == every_list_page()
    assert dict(SavedView.ListKey.choices) == {key: page.title for key, page in LIST_PAGES.items()}


def test_each_list_page_knows_its_own_address():
    for page in LIST_PAGES.values():
        assert resolve(page.url()).func.view_class is page
        assert page.url("sector=trade") == f"{page.url()}?sector=trade"
