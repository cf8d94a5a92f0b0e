"""axe-core's audit of the page a browser test has open.

The script comes from the axe-playwright-python wheel (a test extra), read from disk: no
CDN. It is evaluated through the DevTools protocol rather than added as a <script> tag,
which the app's Content-Security-Policy would refuse.
"""

from importlib.resources import files

from playwright.sync_api import Page

AXE_SOURCE = files("axe_playwright_python").joinpath("axe.min.js").read_text()
# The bar for every page, the tracker's and the admin's: nothing serious or critical.
BARRED_IMPACTS = ("serious", "critical")


def axe_violations(page: Page) -> list[dict]:
    """The page's serious and critical violations, as axe reports them."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in BARRED_IMPACTS]


def axe_report(violations: list[dict]) -> str:
    """What to fix: each rule broken, how badly, and the elements that break it."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(nodes)}×): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        lines.extend(f"    {' >> '.join(map(str, node['target']))}" for node in nodes)
    return "\n".join(lines)
