"""Each user is throttled (TRACKER_API_RATE): past the rate, 429 with when to retry."""

import pytest
from rest_framework.throttling import UserRateThrottle

from tests.factories import client_signed_in
from tests.tracker.test_settings import _manage

pytestmark = pytest.mark.usefixtures("seed")


def test_a_user_past_the_rate_waits_and_others_do_not(monkeypatch, viewer, analyst):
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    script = client_signed_in(viewer)
    assert [script.get("/api/sectors/").status_code for _ in range(3)] == [200] * 3
    refused = script.get("/api/sectors/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()
    assert client_signed_in(analyst).get("/api/sectors/").status_code == 200


def test_the_rate_comes_from_the_environment():
    shown = "from rest_framework.throttling import UserRateThrottle as T; print(T().rate)"
    result = _manage("shell", "--no-imports", "-c", shown, TRACKER_API_RATE="7/minute")
    assert result.stdout.strip() == "7/minute", result.stderr
    wrong = _manage("check", TRACKER_API_RATE="lots")
    assert wrong.returncode != 0
    assert "TRACKER_API_RATE must be a number of requests per" in wrong.stderr
