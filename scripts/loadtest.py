#!/usr/bin/env python
"""Load-test a tracker served on this machine: signed-in users browsing for a fixed time.

    .venv/bin/python scripts/loadtest.py [--url http://127.0.0.1:8000] [--users 20] [--duration 60]

Start the server first (`make serve`) on the database the load test should read, and run
this with the same DATABASE_URL: it creates (or resets) the viewers loadtest-01 … -NN
there with a fresh password and picks the detail pages to visit from the records.
Each user signs in through the login form, then loops over the dashboard, filtered
lists and detail pages until the time is up. Prints requests per second, p50/p95/p99
latency and the errors (any answer but 200, or no answer).

Bounded on purpose: loopback addresses only, at most 100 users, 300 seconds and
--max-requests requests.
"""

import argparse
import http.client
import ipaddress
import json
import os
import random
import re
import socket
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
MAX_USERS, MAX_SECONDS = 100, 300
# How often each kind of page is asked for.
MIX = {"dashboard": 2, "list": 5, "detail": 5}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer
    seconds: float


@dataclass
class Shared:
    deadline: float
    max_requests: int
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, sample: Sample) -> bool:
        """Keep a sample; False once time or the request budget is used up."""
        with self.lock:
            self.samples.append(sample)
            return len(self.samples) < self.max_requests and time.monotonic() < self.deadline


def require_loopback(host: str) -> None:
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        raise SystemExit(f"refusing to load-test {host}: only loopback addresses are allowed")


def prepare(users: int, seed: int) -> tuple[str, dict[str, list[str]]]:
    """Create or reset the load-test viewers; return their password and the pages to visit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    import secrets

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connections

    from summits.models import ActionItem, Meeting, Sector, Summit

    password = secrets.token_urlsafe(16)
    viewers = Group.objects.get(name="Viewers")
    for number in range(1, users + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"loadtest-{number:02d}")
        user.set_password(password)
        user.save()
        user.groups.add(viewers)

    rng = random.Random(seed)

    def sample(queryset, size: int) -> list:
        pks = list(queryset.values_list("pk", flat=True))
        chosen = rng.sample(pks, min(size, len(pks)))
        return list(queryset.model.objects.filter(pk__in=chosen))

    sectors = list(Sector.objects.values_list("slug", flat=True)) or [""]
    last_page = ActionItem.objects.count() // 25 or 1
    lists = [
        "/action-items/",
        "/action-items/?q=shipbuilding",
        "/meetings/",
        "/meetings/?kind=bilateral",
        "/summits/",
    ]
    for _ in range(20):
        status = rng.choice(["in_progress", "stalled", "not_started"])
        lists.append(
            f"/action-items/?{urlencode({'status': status, 'sector': rng.choice(sectors)})}"
        )
        lists.append(f"/action-items/?sort=due&page={rng.randint(1, last_page)}")
    details = [
        *sample(ActionItem.objects.all(), 100),
        *sample(Meeting.objects.all(), 50),
        *sample(Summit.objects.all(), 20),
    ]
    pages = {
        "dashboard": ["/"],
        "list": lists,
        "detail": [record.get_absolute_url() for record in details],
    }
    connections.close_all()
    return password, pages


class Browser:
    """One user: a keep-alive connection and the session cookie, sent over plain HTTP.

    Production cookies are marked Secure; a client library would not send them back over
    http://, so the cookies are kept and sent here by hand.
    """

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0, ""
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def sign_in(self, username: str, password: str) -> bool:
        status, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page)
        if status != 200 or not token:
            return False
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        status, _ = self.request("POST", "/accounts/login/", urlencode(form))
        return status == 302 and "sessionid" in self.cookies


def user_loop(
    number: int,
    target: tuple[str, int],
    password: str,
    pages: dict[str, list[str]],
    shared: Shared,
    seed: int,
) -> None:
    browser = Browser(*target)
    started = time.perf_counter()
    signed_in = browser.sign_in(f"loadtest-{number:02d}", password)
    if not shared.record(Sample("sign-in", 200 if signed_in else 0, time.perf_counter() - started)):
        return
    if not signed_in:
        return
    rng = random.Random(seed * 1000 + number)
    while True:
        kind = rng.choices(list(MIX), list(MIX.values()))[0]
        path = rng.choice(pages[kind])
        started = time.perf_counter()
        status, _ = browser.request("GET", path)
        if not shared.record(Sample(kind, status, time.perf_counter() - started)):
            return


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def summarise(samples: list[Sample], seconds: float) -> dict:
    def figures(chosen: list[Sample]) -> dict:
        times = [s.seconds * 1000 for s in chosen]
        return {
            "requests": len(chosen),
            "errors": sum(1 for s in chosen if s.status != 200),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
        }

    pages = [s for s in samples if s.kind != "sign-in"]
    summary = figures(pages)
    summary["requests_per_second"] = round(len(pages) / seconds, 1)
    summary["seconds"] = round(seconds, 1)
    summary["sign_in_failures"] = sum(1 for s in samples if s.kind == "sign-in" and s.status != 200)
    summary["by_kind"] = {
        kind: figures([s for s in pages if s.kind == kind])
        for kind in sorted({s.kind for s in pages})
    }
    errors: dict[str, int] = {}
    for s in pages:
        if s.status != 200:
            errors[str(s.status)] = errors.get(str(s.status), 0) + 1
    summary["errors_by_status"] = errors
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 0 < args.duration <= MAX_SECONDS:
        parser.error(f"--users 1 to {MAX_USERS}, --duration up to {MAX_SECONDS} seconds")
    url = urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        parser.error("--url must be http://<loopback host>:<port>")
    require_loopback(url.hostname)

    password, pages = prepare(args.users, args.seed)
    print(
        f"{args.users} users on {args.url} for {args.duration:g} s "
        f"(dashboard, {len(pages['list'])} filtered lists, {len(pages['detail'])} details) …",
        flush=True,
    )
    started = time.monotonic()
    shared = Shared(deadline=started + args.duration, max_requests=args.max_requests)
    target = (url.hostname, url.port or 80)
    threads = [
        threading.Thread(
            target=user_loop, args=(n, target, password, pages, shared, args.seed), daemon=True
        )
        for n in range(1, args.users + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A request in flight at the deadline may take up to its 30 s timeout.
        thread.join(timeout=max(0.0, shared.deadline - time.monotonic()) + 35)
    summary = summarise(list(shared.samples), time.monotonic() - started)
    print(
        f"{summary['requests']} requests in {summary['seconds']} s: "
        f"{summary['requests_per_second']} requests/s, p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
        f"{summary['errors']} errors, {summary['sign_in_failures']} failed sign-ins"
    )
    for kind, figures in summary["by_kind"].items():
        print(
            f"  {kind:<10} {figures['requests']:>6} requests  p50 {figures['p50_ms']:>8} ms  "
            f"p95 {figures['p95_ms']:>8} ms  p99 {figures['p99_ms']:>8} ms  "
            f"errors {figures['errors']}"
        )
    if args.output:
        Path(args.output).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 1 if summary["errors"] or summary["sign_in_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
