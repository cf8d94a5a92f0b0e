"""Take the README's screenshots with the browser tests' machinery (Debian's Chromium).

    .venv/bin/python scripts/screenshots.py

Builds a throw-away SQLite database from the report fixtures, records a few status
updates so the charts show more than one colour, serves it, logs in and writes
docs/dashboard.png and docs/action-items.png, then pastes a report and writes its review
page, docs/review.png. The project's own database is untouched.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.machinery import PASSWORD, launch, log_in  # noqa: E402

DOCS = ROOT / "docs"
# A demo account and a few assessments, so that the pictures show a status mix.
DEMO = f"""
import datetime as dt
from django.contrib.auth.models import Group, User
from summits.models import ActionItem, StatusUpdate
user = User.objects.create_user("analyst", password={PASSWORD!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Analysts"))
for ref, status, day in [
    ("IRIGC-TEC-26/TRADE-1", "in_progress", dt.date(2025, 12, 20)),
    ("IRIGC-TEC-26/ENERGY-1", "stalled", dt.date(2026, 2, 2)),
    ("MARITIME-2025-1", "partially_fulfilled", dt.date(2026, 3, 15)),
    ("SUMMIT-23/PREP-1", "fulfilled", dt.date(2025, 12, 5)),
]:
    item = ActionItem.objects.filter(ref=ref).first()
    if item:
        StatusUpdate.objects.create(action_item=item, as_of=day, status=status, author=user)
"""

# A short report of a kind the seed does not hold: new people, a meeting, commitments.
REPORT = (
    "MOSCOW, December 3, 2025 (TASS) - Russian Deputy Foreign Minister Andrei Rudenko met "
    "Indian Foreign Secretary Vikram Misri in Moscow on December 2, 2025, to prepare the 23rd "
    "India-Russia Annual Summit.\n\n"
    "The two sides agreed to launch a joint study on a free trade agreement by March 2026. "
    "They also agreed to hold consular consultations in early 2026."
)


def review_page(page, base_url: str) -> None:
    """Paste the report, accept a record and leave the rest to review, as an analyst would."""
    page.goto(f"{base_url}/reports/new/")
    page.get_by_label("Paste the report").fill(REPORT)
    page.get_by_role("button", name="Read the report").click()
    page.get_by_label("Publisher").fill("TASS")
    page.get_by_label("Published on").fill("2025-12-03")
    page.get_by_role("button", name="Draft the records").click()
    page.locator("article.record form.record-form").first.get_by_role(
        "button", name="Accept"
    ).click()
    page.wait_for_load_state("networkidle")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server at {url} did not start.")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        reports = sorted(str(path) for path in (ROOT / "fixtures" / "reports").glob("*.json"))
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([*manage, "loaddata", "-v0", *reports], env=env, check=True)
        subprocess.run([*manage, "shell", "-v0", "-c", DEMO], env=env, check=True)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"{base_url}/accounts/login/")
            with sync_playwright() as playwright:
                browser = launch(playwright)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                log_in(page, base_url, "analyst")
                page.screenshot(path=DOCS / "dashboard.png", full_page=True)
                page.goto(f"{base_url}/action-items/")
                page.screenshot(path=DOCS / "action-items.png", full_page=True)
                page.set_viewport_size({"width": 1600, "height": 1100})
                review_page(page, base_url)
                page.screenshot(path=DOCS / "review.png")
                browser.close()
        finally:
            server.terminate()
            server.wait()
    names = ["dashboard.png", "action-items.png", "review.png"]
    print(f"Wrote {', '.join(str(DOCS / name) for name in names)}")


if __name__ == "__main__":
    main()
