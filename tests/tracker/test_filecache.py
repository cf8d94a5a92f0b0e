"""The file cache lists its directory once in CULL_EVERY sets, and keeps sessions apart."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from tracker.filecache import FileCache


def _files(directory: Path) -> int:
    return len(list(directory.glob("*.djcache")))


def test_the_directory_is_listed_once_in_cull_every_sets(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000, "CULL_EVERY": 10}})
    listings = []
    listed = FileCache._list_cache_files
    monkeypatch.setattr(
        FileCache, "_list_cache_files", lambda self: listings.append(1) or listed(self)
    )
    for number in range(25):
        cache.set(f"figure:{number}", number)
    assert len(listings) == 3  # the 1st, 11th and 21st sets
    assert cache.get("figure:24") == 24


def test_the_directory_is_still_culled_past_max_entries(tmp_path):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_EVERY": 5}})
    for number in range(200):
        cache.set(f"figure:{number}", number)
        # At most CULL_EVERY sets past the last listing, which culled a third if full.
        assert _files(tmp_path) <= 20 + 5


@pytest.mark.django_db
def test_a_session_outlives_the_figures_culled(settings, tmp_path, django_assert_num_queries):
    """Sessions have their own directory: however many figures are stored and culled,
    a session is read from its cache, not the database."""
    figures, sessions = tmp_path / "figures", tmp_path / "sessions"
    options = {"MAX_ENTRIES": 10, "CULL_EVERY": 1}
    backend = "tracker.filecache.FileCache"
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": str(figures), "OPTIONS": options},
        "sessions": {"BACKEND": backend, "LOCATION": str(sessions), "OPTIONS": options},
    }
    store = importlib.import_module(django_settings.SESSION_ENGINE).SessionStore
    session = store()
    session["reader"] = "bob"
    session.create()
    for number in range(300):
        caches["default"].set(f"figure:{number}", number)
    assert _files(figures) <= 10 + 1
    with django_assert_num_queries(0):
        assert store(session.session_key).load() == {"reader": "bob"}
