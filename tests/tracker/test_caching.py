"""Cached menus and figures are never older than the last change to the records."""

import json
import os
import socket
import subprocess
import sys
import threading
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from summits import caching, menus
from summits.importing import ReportFile, report_import
from summits.models import ActionItem, Country, Organisation, Sector
from tests.conftest import ROOT
from tests.seed import SEED_REPORT

pytestmark = pytest.mark.usefixtures("seed")
URL = reverse("summits:actionitem-list")
SEED = json.loads(SEED_REPORT.read_text(encoding="utf-8"))


def options(response, name: str) -> list[str]:
    """The keys a filter menu offers (its empty "any" left out)."""
    field = response.context["filterset"].form.fields[name]
    return [key for key, _ in field.choices if key]


def test_a_new_sector_is_offered_on_the_next_request(viewer_client):
    before = viewer_client.get(URL)
    assert "orbit" not in options(before, "sector")
    Sector.objects.create(slug="orbit", name="Orbital services")
    after = viewer_client.get(URL)
    assert "orbit" in options(after, "sector")
    # The rendered filter fields are cached too, under the versions of the kinds they show.
    assert '<option value="orbit">Orbital services</option>' in after.text
    Sector.objects.filter(slug="orbit").delete()
    assert "orbit" not in viewer_client.get(URL).text


def test_a_new_responsible_link_adds_its_country_to_the_menu(viewer_client):
    """The country menu depends on an m2m link: changing the link changes the menu."""
    assert "KZ" not in options(viewer_client.get(URL), "country")
    kazakhstan = Country.objects.get(iso2="KZ")
    ministry = Organisation.objects.create(
        slug="mfa-kazakhstan", name="Foreign Ministry", kind="ministry", country=kazakhstan
    )
    assert "KZ" not in options(viewer_client.get(URL), "country")  # no item yet
    item = ActionItem.objects.first()
    item.responsible.add(ministry)
    response = viewer_client.get(URL, {"country": "KZ"})
    assert "KZ" in options(response, "country")
    assert [row.record for row in response.context["table"].paginated_rows] == [item]


def test_a_menu_choice_filters_by_its_record_and_an_unknown_one_is_reported(viewer_client):
    trade = viewer_client.get(URL, {"sector": "trade"})
    shown = {row.record for row in trade.context["table"].paginated_rows}
    assert shown and shown == set(ActionItem.objects.filter(sectors__slug="trade"))
    unknown = viewer_client.get(URL, {"sector": "astrology"})
    assert "astrology is not one of the available choices" in unknown.text


def test_menus_cost_no_query_once_cached(django_assert_num_queries):
    first = menus.sector_menu()
    with django_assert_num_queries(0):
        assert menus.sector_menu() == first
    Sector.objects.create(slug="orbit", name="Orbital services")
    with django_assert_num_queries(1):
        assert "orbit" in [option.key for option in menus.sector_menu()]


# A real transaction, not the test's savepoint: the hooks run at its commit.
in_own_transaction = pytest.mark.django_db(transaction=True, serialized_rollback=True)


SECTOR_TOKEN = f"{caching.TOKEN_PREFIX}sector"


@pytest.fixture
def replacements(monkeypatch) -> list[str]:
    """The sector tokens set from now on."""
    replaced, replace = [], caching._replace

    def spy(keys) -> None:
        replace(keys)
        if SECTOR_TOKEN in keys:
            replaced.append(cache.get(SECTOR_TOKEN))  # not records_version(): no read

    monkeypatch.setattr(caching, "_replace", spy)
    return replaced


@in_own_transaction
def test_a_change_inside_a_transaction_is_seen_again_after_the_commit():
    """A reader on another connection may cache the old figures under the token set by
    the write, before the commit: the commit sets a new one."""
    with transaction.atomic():
        Sector.objects.create(slug="orbit", name="Orbital services")
        during = caching.records_version(["sector"])
    assert caching.records_version(["sector"]) != during


@in_own_transaction
def test_a_transaction_of_many_writes_replaces_the_token_once_then_at_the_commit(
    replacements,
):
    caching.records_version(["sector"])
    with transaction.atomic():
        for number in range(50):
            Sector.objects.create(slug=f"sector-{number}", name=f"Sector {number}")
        assert len(replacements) == 1
    assert len(replacements) == 2


@in_own_transaction
def test_the_writer_reads_its_own_changes_and_a_savepoint_rollback_keeps_the_commit_hook(
    replacements,
):
    def sector_slugs() -> list[str]:
        return caching.cached(
            "test:sectors", lambda: list(Sector.objects.values_list("slug")), kinds=["sector"]
        )

    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            Sector.objects.create(slug="lunar", name="Lunar trade")
            raise RuntimeError  # the savepoint goes, and the commit hook it registered
        Sector.objects.create(slug="orbit", name="Orbital services")
        assert ("orbit",) in sector_slugs()
        Sector.objects.create(slug="deep-sea", name="Deep-sea mining")
        assert ("deep-sea",) in sector_slugs()  # read between two writes: no stale copy
        before_commit = caching.records_version(["sector"])
    assert caching.records_version(["sector"]) != before_commit == replacements[-2]
    assert ("lunar",) not in sector_slugs()


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


BACKENDS = [
    pytest.param(
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"},
        id="file",
    ),
    pytest.param(
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        },
        id="redis",
        marks=pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379"),
    ),
]


@pytest.mark.parametrize("config", BACKENDS)
def test_a_change_made_through_one_worker_reaches_another(settings, tmp_path, config):
    """Each thread opens its own cache connection, as each gunicorn worker does: the
    kinds' versions live in the shared store, so one worker's write reaches the other."""
    # Keys of this test's own, removed at the end: the store (Redis's database 15) may hold
    # the developer's or another test run's, which clearing it would wipe.
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"LOCATION": str(tmp_path), **config, "KEY_PREFIX": prefix}}
    computed = []

    def menu() -> list[str]:
        computed.append(1)
        return ["first"]

    def other_worker_writes(kind: str) -> None:
        worker = threading.Thread(target=caching.records_changed, args=[[kind]])
        worker.start()
        worker.join()

    try:
        assert caching.cached("menu:test", menu, kinds=["sector"]) == ["first"]
        assert caching.cached("menu:test", menu, kinds=["sector"]) == ["first"]
        assert len(computed) == 1

        other_worker_writes("person")  # another kind: the menu stays
        caching.cached("menu:test", menu, kinds=["sector"])
        assert len(computed) == 1

        other_worker_writes("sector")
        caching.cached("menu:test", menu, kinds=["sector"])
        assert len(computed) == 2
    finally:
        if config["BACKEND"].endswith("RedisCache"):
            store = redis.Redis.from_url(config["LOCATION"])
            for key in store.scan_iter(f"{prefix}:*"):
                store.delete(key)


def _settings_value(expression: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "tracker.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_cache_is_a_file_cache_unless_redis_is_configured():
    backend = "settings.CACHES['default']['BACKEND']"
    assert _settings_value(backend) == "tracker.filecache.FileCache"
    redis = _settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis.endswith("RedisCache")


def test_sessions_are_cached_apart_from_the_figures():
    """In a directory of their own: the figures' files, culled at random, never take a
    session's with them (tests/tracker/test_filecache.py)."""
    alias = _settings_value("settings.SESSION_CACHE_ALIAS")
    assert alias != "default"
    default = _settings_value("settings.CACHES['default']['LOCATION']")
    sessions = _settings_value(f"settings.CACHES[{alias!r}]['LOCATION']")
    assert sessions.startswith(default) and sessions != default


def test_two_databases_never_share_cached_figures():
    prefix = "settings.CACHES['default']['KEY_PREFIX']"
    one = _settings_value(prefix, DATABASE_URL="sqlite:////tmp/one.sqlite3")
    other = _settings_value(prefix, DATABASE_URL="sqlite:////tmp/other.sqlite3")
    assert one and other and one != other


def test_an_imported_report_shows_on_the_next_dashboard(viewer_client):
    """The import writes its rows in bulk, past the model signals: the figures follow."""
    home = reverse("summits:home")
    before = viewer_client.get(home).context["counts"]["open"]
    item = next(r for r in SEED if r["model"] == "summits.actionitem")
    new = {**item, "fields": {**item["fields"], "ref": "IRIGC-TEC-26/TRADE-9"}}
    data = json.dumps([new]).encode()
    report_import(files=[ReportFile(name="new.json", data=data, size=len(data))])
    assert viewer_client.get(home).context["counts"]["open"] == before + 1
