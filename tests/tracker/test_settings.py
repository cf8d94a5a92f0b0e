"""Settings come from the environment; production mode is strict."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

STRONG_KEY = "k" * 20 + "-production-secret-for-tests-only-" + "q" * 20


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_mode_refuses_a_weak_secret_key():
    result = _manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "a" * 50,  # long enough, but one character
        "abcd" * 20,  # four distinct characters
        "django-insecure-" + STRONG_KEY,  # what startproject writes for development
    ],
)
def test_production_mode_refuses_a_key_djangos_deployment_check_calls_weak(key):
    result = _manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_boolean_is_reported_clearly():
    result = _manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr
