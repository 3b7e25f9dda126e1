"""The published review in a real browser: headless Chromium driven by Playwright.

Needs Debian's ``chromium`` (``apt-get install chromium``) and axe-core
(``npm install`` in tests/browser); ``.ci/run`` installs both.  Without them these tests
skip and say how to enable them.
"""

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page_and_log(demo_review):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not found: `apt-get install chromium` (Debian) to run the browser tests")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the [browser] extra)")
    log = {"requests": [], "external": [], "console_errors": [], "page_errors": []}
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})

        def route(request_route):
            url = request_route.request.url
            log["requests"].append(url)
            if url.startswith(("file://", "data:")):
                request_route.continue_()
            else:
                log["external"].append(url)
                request_route.abort()

        page.route("**/*", route)
        page.on("console", lambda message: message.type == "error" and log["console_errors"].append(message.text))
        page.on("pageerror", lambda error: log["page_errors"].append(str(error)))
        page.goto((demo_review / "review.html").as_uri(), wait_until="load")
        page.screenshot(path=str(demo_review / "review.png"), full_page=True)
        yield page, log
        browser.close()


def test_the_review_renders_with_one_title_and_its_sections(page_and_log):
    page, _ = page_and_log
    assert page.locator("h1").count() == 1
    assert "Community Safety Partnership" in page.locator("h1").inner_text()
    assert page.locator("nav ol.contents a").count() >= 2
    assert page.locator("img").count() >= 1


def test_no_request_leaves_the_file(page_and_log):
    _, log = page_and_log
    assert log["external"] == [], f"external requests: {log['external']}"
    assert log["requests"], "the page made no request at all: the route did not see it load"


def test_no_console_errors(page_and_log):
    _, log = page_and_log
    assert log["console_errors"] == [] and log["page_errors"] == []


def test_every_contents_link_lands_on_its_section(page_and_log):
    page, _ = page_and_log
    links = page.locator("nav ol.contents a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in targets:
        assert href.startswith("#")
        page.locator(f'nav ol.contents a[href="{href}"]').click()
        landed = page.evaluate("id => { const e = document.getElementById(id); return e && Math.round(e.getBoundingClientRect().top); }", href[1:])
        assert landed is not None, f"{href}: no element with that id"
        assert abs(landed) <= 5, f"{href}: the section is {landed}px from the top after the click"


def test_a_full_page_screenshot_is_written_beside_the_review(page_and_log, demo_review):
    assert (demo_review / "review.png").stat().st_size > 50_000


def test_images_have_alt_text_that_says_what_the_chart_shows(page_and_log):
    page, _ = page_and_log
    alts = page.eval_on_selector_all("img", "images => images.map(i => i.getAttribute('alt') || '')")
    assert alts and all(alt.split(":")[0] in ("Line chart", "Bar chart", "Scatter chart", "Chart") for alt in alts), alts
    assert all(len(alt) > 40 for alt in alts)


def test_no_serious_or_critical_accessibility_violations(page_and_log):
    if not AXE.exists():
        pytest.skip("axe-core not installed: run `npm install` in tests/browser to run the accessibility check")
    page, _ = page_and_log
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
