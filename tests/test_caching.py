"""Cached menus and figures are never older than the last change to the records."""

import json
import os
import socket
import subprocess
import sys
import threading

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from summits import caching, menus
from summits.importing import ReportFile, report_import
from summits.models import ActionItem, Country, Organisation, Sector
from tests.conftest import ROOT, SEED_REPORT

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
    # The rendered filter fields are cached too, under the same records version.
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


def test_a_change_inside_a_transaction_is_seen_again_after_the_commit(
    django_capture_on_commit_callbacks,
):
    """A reader on another connection may cache the old figures under the token set by
    the write, before the commit: the commit sets a new one."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Sector.objects.create(slug="orbit", name="Orbital services")
        during = caching.records_version()
    assert caching.records_version() != during


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
    records version lives in the shared store, so one worker's write reaches the other."""
    settings.CACHES = {
        "default": {
            "LOCATION": str(tmp_path),
            **config,
            "KEY_PREFIX": f"test-{os.getpid()}-{threading.get_ident()}",
        }
    }
    cache.clear()
    computed = []

    def menu() -> list[str]:
        computed.append(1)
        return ["first"]

    assert caching.cached("menu:test", menu) == ["first"]
    assert caching.cached("menu:test", menu) == ["first"]
    assert len(computed) == 1

    other_worker = threading.Thread(target=caching.records_changed)
    other_worker.start()
    other_worker.join()

    caching.cached("menu:test", menu)
    assert len(computed) == 2
    cache.clear()


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
    assert _settings_value(backend).endswith("FileBasedCache")
    redis = _settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis.endswith("RedisCache")


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
