#!/usr/bin/env python
"""Load-test a tracker served on this machine: signed-in users browsing, and analysts writing.

    .venv/bin/python scripts/loadtest.py [--url http://127.0.0.1:8000] [--users 20] [--duration 60]
        [--write-share 0.10] [--analysts 10]

Start the server first (`make serve`) on the database the load test should read, and run
this with the same DATABASE_URL: it creates (or resets) the users loadtest-01 … -NN there
with a fresh password (the first --analysts of them analysts, the rest viewers) and picks
the detail pages to visit and the items to update from the records. Each user signs in
through the login form (before the clock starts), then loops over the dashboard,
filtered lists and detail pages until the time is up. Prints requests per second,
p50/p95/p99 latency per kind of page and the errors (any answer but 200, a write's but
its redirect, or no answer).

With --write-share, that share of all requests are analysts' writes: a status update
posted through an item's form (with its CSRF token), as an analyst records one. The test
then runs twice, each for --duration: read-only first, then with the writes, and
reports the throughput with writes as a share of the read-only one (issue 17's goal:
at least 80%, with no errors).

Bounded on purpose: loopback addresses only, at most 100 users, 300 seconds a phase and
--max-requests requests.
"""

import argparse
import datetime as dt
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
# The statuses analysts' updates move an item between: none final, so that the items
# stay open (a final one needs evidence, which these updates cite anyway).
WRITE_STATUSES = ("in_progress", "stalled", "partially_fulfilled")
# With writes, the throughput kept of the read-only one (issue 17).
KEPT_GOAL = 0.8
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


@dataclass
class Plan:
    """What the users do: their password, the pages to visit by kind, the items analysts
    update and the source they cite; and what is served (backend, items) for the report."""

    password: str
    pages: dict[str, list[str]]
    write_paths: list[str]
    evidence: str
    backend: str
    items: int


def prepare(users: int, analysts: int, seed: int) -> Plan:
    """Create or reset the load-test users (the first `analysts` of them analysts, the
    others viewers); pick the pages to visit and the items to update."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    import secrets

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, connections
    from django.urls import reverse

    from summits.models import ActionItem, Meeting, Sector, Source, Summit
    from summits.queries import open_items_q

    password = secrets.token_urlsafe(16)
    groups = {name: Group.objects.get(name=name) for name in ("Analysts", "Viewers")}
    for number in range(1, users + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"loadtest-{number:02d}")
        user.set_password(password)
        user.save()
        user.groups.set([groups["Analysts" if number <= analysts else "Viewers"]])

    rng = random.Random(seed)

    def sample(queryset, size: int) -> list:
        pks = list(queryset.values_list("pk", flat=True))
        chosen = rng.sample(pks, min(size, len(pks)))
        return list(queryset.model.objects.filter(pk__in=chosen))

    sectors = list(Sector.objects.values_list("slug", flat=True)) or [""]
    items = ActionItem.objects.count()
    last_page = items // 25 or 1
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
    write_paths = [
        reverse("summits:actionitem-status-update", args=[item.ref])
        for item in sample(ActionItem.objects.filter(open_items_q()), 200)
    ]
    news = Source.objects.filter(kind=Source.Kind.NEWS_REPORT).order_by("pk").first()
    plan = Plan(password, pages, write_paths, news.slug if news else "", connection.vendor, items)
    connections.close_all()
    return plan


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

    def status_update(self, path: str, evidence: str, rng: random.Random) -> int:
        """Post a status update as the item's form does; 200 when it is recorded (the
        form answers with a redirect to the item), its status otherwise."""
        form = {
            # The CSRF cookie holds the secret, which Django takes in the form as well.
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            "status": rng.choice(WRITE_STATUSES),
            # Yesterday: never in the future, whatever the server's time zone.
            "as_of": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
            "note": "Load test: progress confirmed by the ministry's press office.",
            "evidence": evidence,
        }
        status, _ = self.request("POST", path, urlencode(form))
        return 200 if status == 302 else status


def signed_in_browsers(target: tuple[str, int], plan: Plan, users: int) -> list[Browser]:
    """Each user signed in through the login form, before any phase is timed: a sign-in
    hashes a password on purpose slowly, and would weigh on the first phase only."""
    browsers = []
    for number in range(1, users + 1):
        browser = Browser(*target)
        if not browser.sign_in(f"loadtest-{number:02d}", plan.password):
            raise SystemExit(f"loadtest-{number:02d} could not sign in: is the server up?")
        browsers.append(browser)
    return browsers


def user_loop(
    browser: Browser, plan: Plan, shared: Shared, rng: random.Random, write_chance: float
) -> None:
    """One signed-in user: pages (and, for an analyst, writes with `write_chance`) until
    the time or the request budget is used up."""
    while True:
        if write_chance and rng.random() < write_chance:
            started = time.perf_counter()
            status = browser.status_update(rng.choice(plan.write_paths), plan.evidence, rng)
            sample = Sample("write", status, time.perf_counter() - started)
        else:
            kind = rng.choices(list(MIX), list(MIX.values()))[0]
            started = time.perf_counter()
            status, _ = browser.request("GET", rng.choice(plan.pages[kind]))
            sample = Sample(kind, status, time.perf_counter() - started)
        if not shared.record(sample):
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

    summary = figures(samples)
    summary["requests_per_second"] = round(len(samples) / seconds, 1)
    summary["seconds"] = round(seconds, 1)
    summary["by_kind"] = {
        kind: figures([s for s in samples if s.kind == kind])
        for kind in sorted({s.kind for s in samples})
    }
    errors: dict[str, int] = {}
    for s in samples:
        if s.status != 200:
            errors[str(s.status)] = errors.get(str(s.status), 0) + 1
    summary["errors_by_status"] = errors
    return summary


def run_phase(
    browsers: list[Browser],
    plan: Plan,
    args: argparse.Namespace,
    *,
    seconds: float,
    analysts: int,
    write_share: float,
) -> dict:
    """Every user for `seconds`; `write_share` of all requests analysts' writes (the
    first `analysts` browsers)."""
    # Only analysts write: each of them writes often enough to make the share overall.
    write_chance = write_share * len(browsers) / analysts if write_share else 0.0
    started = time.monotonic()
    shared = Shared(deadline=started + seconds, max_requests=args.max_requests)
    threads = [
        threading.Thread(
            target=user_loop,
            args=(
                browser,
                plan,
                shared,
                random.Random(f"{args.seed}-{write_share}-{number}"),
                write_chance if number < analysts else 0.0,
            ),
            daemon=True,
        )
        for number, browser in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A request in flight at the deadline may take up to its 30 s timeout.
        thread.join(timeout=max(0.0, shared.deadline - time.monotonic()) + 35)
    summary = summarise(list(shared.samples), time.monotonic() - started)
    summary.update(
        backend=plan.backend,
        items=plan.items,
        users=len(browsers),
        analysts=analysts,
        write_share=write_share,
    )
    return summary


def report(summary: dict) -> None:
    share, analysts = summary["write_share"], summary["analysts"]
    mix = f"{share:.0%} writes by {analysts} analysts" if share else "read-only"
    print(
        f"{mix}: {summary['requests']} requests in {summary['seconds']} s: "
        f"{summary['requests_per_second']} requests/s, p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
        f"{summary['errors']} errors"
    )
    for kind, figures in summary["by_kind"].items():
        print(
            f"  {kind:<10} {figures['requests']:>6} requests  p50 {figures['p50_ms']:>8} ms  "
            f"p95 {figures['p95_ms']:>8} ms  p99 {figures['p99_ms']:>8} ms  "
            f"errors {figures['errors']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds a phase")
    parser.add_argument(
        "--write-share",
        type=float,
        default=0.0,
        help="share of all requests that are analysts' writes (0.10: one in ten); "
        "runs a read-only phase first to compare",
    )
    parser.add_argument(
        "--analysts", type=int, default=None, help="users who are analysts (default: half)"
    )
    parser.add_argument(
        "--warm-up", type=float, default=5, help="seconds of browsing before the timed phases"
    )
    parser.add_argument("--max-requests", type=int, default=200_000, help="a phase's most")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--output", help="also write the figures to this JSON file (benchmarks/table.py reads it)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS or not 0 < args.duration <= MAX_SECONDS:
        parser.error(f"--users 1 to {MAX_USERS}, --duration up to {MAX_SECONDS} seconds")
    if not 0 <= args.warm_up <= MAX_SECONDS:
        parser.error(f"--warm-up up to {MAX_SECONDS} seconds")
    analysts = (args.users // 2 or 1) if args.analysts is None else args.analysts
    if not 0 <= analysts <= args.users:
        parser.error("--analysts 0 to --users")
    if not 0 <= args.write_share < 1 or (args.write_share and not analysts):
        parser.error("--write-share from 0 to below 1, with at least one analyst")
    if args.write_share * args.users > analysts:
        parser.error("too few analysts to make that share of writes: give more --analysts")
    url = urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        parser.error("--url must be http://<loopback host>:<port>")
    require_loopback(url.hostname)

    plan = prepare(args.users, analysts, args.seed)
    if args.write_share and not (plan.write_paths and plan.evidence):
        raise SystemExit("no open item or news report to write a status update with")
    phases = ["read-only", "with writes"] if args.write_share else ["read-only"]
    print(
        f"{args.users} users ({analysts} analysts) on {args.url}, {plan.backend}, "
        f"{plan.items:,} items, {args.duration:g} s each: {', '.join(phases)} "
        f"(dashboard, {len(plan.pages['list'])} filtered lists, "
        f"{len(plan.pages['detail'])} details) …",
        flush=True,
    )
    browsers = signed_in_browsers((url.hostname, url.port or 80), plan, args.users)
    # Untimed: the server's workers started and its cache filled, as on a working day;
    # else the first phase alone would pay for them.
    run_phase(browsers, plan, args, seconds=args.warm_up, analysts=analysts, write_share=0.0)
    shares = [0.0, args.write_share] if args.write_share else [0.0]
    runs = [
        run_phase(browsers, plan, args, seconds=args.duration, analysts=analysts, write_share=share)
        for share in shares
    ]
    for run in runs:
        report(run)
    if args.write_share:
        kept = runs[1]["requests_per_second"] / runs[0]["requests_per_second"]
        goal = "met" if kept >= KEPT_GOAL and not runs[1]["errors"] else "MISSED"
        print(
            f"with writes: {kept:.0%} of the read-only throughput "
            f"(goal >= {KEPT_GOAL:.0%} with no errors: {goal})"
        )
    if args.output:
        figures = runs[0] if len(runs) == 1 else runs
        Path(args.output).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 1 if any(run["errors"] for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
