"""Every page and lesson step, in English and Polish, at 1280x720 and at 390x844 (a phone), audited with axe-core
(WCAG 2.1 A and AA): no critical or serious violation."""

from __future__ import annotations

import pytest
from conftest import wait_idle

from harness.axe import audit, have_axe
from harness.browser import have_chromium
from ui.lesson import STEPS
from ui.navigation import NAMES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not have_axe(), reason="axe-core is not installed (npm ci)"),
]
STOPS = [(n, None) for n in NAMES] + [("lesson", i + 1) for i in range(len(STEPS))]


def _audit(browser, url: str, size: tuple[int, int], stops) -> list[str]:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    found = []
    try:
        for lang in ("en", "pl"):
            for name, step in stops:
                path = "" if name == NAMES[0] else name
                page.goto(f"{url}/{path}?lang={lang}" + (f"&step={step}" if step else ""))
                wait_idle(page)
                for v in audit(page):
                    if v["impact"] in ("critical", "serious"):
                        where = f"{lang} {name}{f' step {step}' if step else ''} {size[0]}x{size[1]}"
                        found += [f"{where}: {v['id']} ({v['impact']}) at {n['target']}" for n in v["nodes"]]
    finally:
        page.close()
    return found


def test_no_critical_or_serious_violation_at_1280x720(server, browser):
    found = _audit(browser, server, (1280, 720), STOPS)
    assert not found, "\n".join(found[:30])


def test_no_critical_or_serious_violation_on_a_phone(server, browser):
    found = _audit(browser, server, (390, 844), STOPS)
    assert not found, "\n".join(found[:30])
