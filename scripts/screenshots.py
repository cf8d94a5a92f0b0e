"""Take the README's screenshots with the browser tests' machinery (Debian's Chromium).

    .venv/bin/python scripts/screenshots.py

Builds a throw-away SQLite database from the report fixtures, records a few status
updates so the charts show more than one colour, serves it, logs in and writes
docs/dashboard.png and docs/action-items.png; picks two organisations in a filter box
(docs/picker.png, with the chips above the table: docs/chips.png) and searches every
record (docs/search.png); downloads the 23rd summit's pre-summit brief and pictures its
first two pages (docs/brief.png, drawn by pypdfium2); then pastes a report and writes its
review page, docs/review.png. The project's own database is untouched.
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


def picked(page, base_url: str) -> None:
    """Two organisations picked by typing part of their names, as a viewer would."""
    page.goto(f"{base_url}/action-items/?sector=trade")
    box = page.get_by_label("Responsible organisation", exact=True)
    for typed, slug in [("Foreign Aff", "mfa-russia"), ("PMO", "pmo-india")]:
        box.press_sequentially(typed)
        page.wait_for_selector(f'datalist option[value="{slug}"]', state="attached")
        box.fill(slug)  # what picking the offered record does (the pop-up is not the page's)
        page.wait_for_url(f"**responsible={slug}*")
    page.wait_for_load_state("networkidle")


def brief_pages(page, base_url: str) -> None:
    """The PDF brief as a browser downloads it, its first two pages side by side."""
    import pypdfium2
    from PIL import Image

    pdf = page.request.get(f"{base_url}/summits/india-russia-annual-summit/23/brief.pdf")
    document = pypdfium2.PdfDocument(pdf.body())
    pictures = [document[n].render(scale=1.2).to_pil() for n in range(min(2, len(document)))]
    width = sum(picture.width for picture in pictures) + 10 * (len(pictures) - 1)
    sheet = Image.new("RGB", (width, max(p.height for p in pictures)), "#d0d4da")
    left = 0
    for picture in pictures:
        sheet.paste(picture, (left, 0))
        left += picture.width + 10
    sheet.save(DOCS / "brief.png")


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
                picked(page, base_url)
                field = page.get_by_label("Responsible organisation", exact=True)
                field.locator("xpath=ancestor::div[1]").screenshot(path=DOCS / "picker.png")
                page.locator("ul.chips").screenshot(path=DOCS / "chips.png")
                page.goto(f"{base_url}/search/?q=India")
                page.screenshot(path=DOCS / "search.png", full_page=True)
                brief_pages(page, base_url)
                page.set_viewport_size({"width": 1600, "height": 1100})
                review_page(page, base_url)
                page.screenshot(path=DOCS / "review.png")
                browser.close()
        finally:
            server.terminate()
            server.wait()
    names = ["dashboard.png", "action-items.png", "picker.png", "chips.png", "search.png"]
    names.append("brief.png")
    names.append("review.png")
    print(f"Wrote {', '.join(str(DOCS / name) for name in names)}")


if __name__ == "__main__":
    main()
