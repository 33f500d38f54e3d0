"""The shared pages in a real browser: Debian's Chromium through Playwright, offline.

Opens ``outputs/index.html``, sorts the table, follows a link to each kind of report
and to the corpus page, and checks that plots and the quote table render, that the
console shows no error, and that no page makes a network request (every request
other than ``file:`` and ``data:`` is recorded and aborted). Skipped when
``/usr/bin/chromium`` is absent (``.ci/run`` installs it with apt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_reports import SAMPLE, shared_outputs

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, built_corpus) -> Path:
    return shared_outputs(tmp_path_factory, built_corpus)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.problems = []  # console errors, page errors, network requests

    def on_console(msg):
        if msg.type == "error":  # includes Content-Security-Policy violations
            page.problems.append(f"console {msg.type}: {msg.text}")

    def on_route(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            page.problems.append(f"network request: {url}")
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.route("**/*", on_route)
    yield page
    context.close()


def _plots(page) -> int:
    """Rendered plots: inline images that decoded, or SVG elements with a size."""
    return page.evaluate("""() => [...document.querySelectorAll('img, svg')]
        .filter(e => e.tagName === 'svg' ? e.getBoundingClientRect().width > 50 : (e.complete && e.naturalWidth > 50))
        .length""")


def test_index_sorts_and_links_to_every_kind_of_report(page, outputs):
    page.goto((outputs / "index.html").as_uri())
    assert page.title().startswith("newsdesk reports")
    rows = page.locator("#articles tbody tr")
    assert rows.count() == 39
    # sort by quotes, descending: the first row has the most quotes
    header = page.locator("#articles thead th button", has_text="Quotes")
    header.click()
    header.click()
    assert page.locator("#articles thead th[aria-sort=descending]").count() == 1
    counts = [int(t) for t in page.locator("#articles tbody tr td:nth-child(6)").all_inner_texts() if t.strip().isdigit()]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0

    for kind, check in [("quotes", "table"), ("sentiment", None), ("framing", None)]:
        page.goto((outputs / "index.html").as_uri())
        page.locator(f'tr[id="{SAMPLE}"] a.nd-report-{kind}').click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"{SAMPLE}/{kind}.html")
        assert _plots(page) >= 1, f"no rendered plot in the {kind} report"
        assert "At least 107 killed" in page.inner_text("body")
        if check == "table":  # the quote table: one row per quote, speakers in it
            table = page.locator("table", has_text="Khaled Al-Maeena").first
            assert table.is_visible()
            assert table.locator("tbody tr").count() >= 3
        assert page.locator("footer.nd-footer", has_text="CC BY 2.5").is_visible()
    assert not page.problems, page.problems


def test_corpus_page_renders_plots_offline(page, outputs):
    page.goto((outputs / "index.html").as_uri())
    page.get_by_role("link", name="the corpus at a glance").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("corpus.html")
    assert _plots(page) >= 3
    assert not page.problems, page.problems


def test_the_checks_catch_a_page_that_phones_home(page, tmp_path):
    """The watchers above are live: an external image and a console error are both caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><img src="http://192.0.2.1/pixel.png">'
                   '<script>console.error("boom")</script></body></html>')
    page.goto(bad.as_uri())
    page.wait_for_timeout(200)
    assert any(p.startswith("network request: http://192.0.2.1/") for p in page.problems), page.problems
    assert any("boom" in p for p in page.problems), page.problems
