"""End-to-end: a real `streamlit run dashboard.py` driven by Playwright in Debian's Chromium (no browser download)."""

import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, open_page, wait_idle

from harness.browser import have_chromium
from ui.navigation import NAMES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed"),
]
SHOTS = Path(os.environ.get("AEVAE_ARTIFACTS", ROOT / "artifacts")) / "screens"
# plotly charts each page draws at least; a page not named draws none (latent's planes are the component's canvases)
CHARTS = {"overview": 2, "reconstruction": 2, "denoising": 1, "scoreboard": 3, "models": 1}


def drawn(browser, server: str, name: str, lang: str = "en"):
    """A page opened as a student would, once idle and its charts drawn, with its screenshot taken first."""
    query = "?lang=pl" if lang == "pl" else ""
    page = open_page(browser, f"{server}/{'' if name == 'overview' else name}{query}")
    wait_idle(page)
    deadline = time.time() + 60  # the script is done; the browser may still be loading a chart's code (busy CPU)
    while page.locator(".js-plotly-plot").count() < CHARTS.get(name, 0) and time.time() < deadline:
        page.wait_for_timeout(250)
    page.wait_for_timeout(800)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{'pl-' if lang == 'pl' else ''}{name}.png"), full_page=True)
    return page


@pytest.mark.parametrize("name", NAMES)
def test_every_page_renders_in_a_real_browser(server, browser, name):
    page = drawn(browser, server, name)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1, h2").count() >= 1
    assert page.locator(".js-plotly-plot").count() >= CHARTS.get(name, 0)
    if name in ("reconstruction", "latent", "denoising", "generation"):
        assert page.locator('[data-testid="stImage"]').count() >= 1
    if name == "latent":
        assert page.locator("canvas.plane:not(.replay)").count() == 3
    assert page.foreign == [], page.foreign  # nothing is fetched from another host (fonts, icons, CDNs)
    page.close()


def test_a_shared_link_cannot_inject_markdown_or_fetch_from_another_host(server, browser):
    payload = "**Session expired** [log in again](http://attacker.invalid/login) ![x](http://attacker.invalid/p.png)"
    page = open_page(browser, f"{server}/?lang={quote(payload)}")
    wait_idle(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="Session expired").first
    text = alert.inner_text()
    assert "**Session expired**" in text and "](http" in text, text  # shown as the literal characters it is
    assert alert.locator("strong, a, img").count() == 0
    assert page.foreign == [], page.foreign
    page.close()


def test_clicking_the_latent_scatter_decodes_that_code(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(f"{server}/latent")
    wait_idle(page)
    page.get_by_text("Decode on the server instead").click()  # the server-side path, for browsers without the models
    wait_idle(page)
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=60_000)
    plot = page.locator(".js-plotly-plot").nth(1)  # the VAE panel
    box = plot.locator(".nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    page.get_by_text("decoded (").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(SHOTS / "latent-clicked.png"), full_page=True)
    page.close()


def test_language_switch_in_the_sidebar(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(server)
    wait_idle(page)
    page.get_by_text("Polski").click()
    page.get_by_role("heading", name="Autoenkodery a autoenkodery wariacyjne").wait_for(timeout=30_000)
    assert page.get_by_text("Zbiór danych").count() >= 1
    page.close()


# English words and phrases that must not appear on a Polish page (chart texts, legends and captions included)
ENGLISH_ONLY = [
    r"\blatent size\b",
    r"\bexplained variance\b",
    r"\bprincipal component\b",
    r"\bper component\b",
    r"\bcumulative\b",
    r"\bnats / image\b",
    r"\bNoisy\b",
    r"\bnoise level\b",
    r"\bepoch\b",
    r"\bmeaning\b",
    r"\bimages from\b",
    r"\bfiles skipped\b",
    r"\bthreads\b",
    r"\bshipped with\b",
    r"\bdecoded\b",
    r"\bempty space\b",
    r"\bPrevious\b",
    r"\bNext\b",
    r"\bencoder\b",
    r"\bdecoder\b",
    r"\bpixels\b",
    r"\bparameters\b",
    r"\bMeasured here\b",
    r"\bStep \d",
    r"\breconstruction\b",
    r"\bmodels ready\b",
]


@pytest.mark.parametrize("name", NAMES)
def test_polish_pages_have_no_english_left(server, browser, name):
    import re

    page = drawn(browser, server, name, lang="pl")
    text = page.inner_text("body") + "\n" + "\n".join(page.locator(".js-plotly-plot text").all_text_contents())
    text += "\n" + "\n".join(page.locator(".lab").all_inner_texts())  # the component's own texts (a shadow root)
    found = [w for w in ENGLISH_ONLY if re.search(w, text)]
    assert not found, (found, text[:2000])
    assert page.foreign == []
    page.close()
