"""Class mode in real browsers: a teacher and students in separate browser contexts (separate cookies) on the
tiny-model dashboard. A student joins by the QR code's link, follows the teacher's step, stays in the class after a
reload, votes, and draws on the pad: the drawing lands on the projector's planes at the code the server's encoder
gives it. A forged code and a nickname in markdown change nothing."""

import re
import time

import numpy as np
import pytest
import torch
from conftest import wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from test_browser_lab import draw_seven, model, ready, trio

from core import analysis
from harness.axe import audit, have_axe
from harness.browser import have_chromium

pytestmark = pytest.mark.skipif(not have_chromium(), reason="no chromium")
NICK = "**Ola** <b>x</b>"


@pytest.fixture(scope="module")
def people(server, browser):
    teacher = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    student = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True).new_page()
    errors = []
    for page in (teacher, student):
        page.on("pageerror", lambda e: errors.append(str(e)))
    teacher.goto(f"{server}/classroom")
    teacher.get_by_role("button", name="Start a class").click()
    teacher.wait_for_selector("text=How students join", timeout=60_000)
    link = teacher.locator("[data-testid=stCode] code").first.text_content().strip()
    yield teacher, student, link, errors
    for page in (teacher, student):
        page.context.close()


def bar_text(page) -> str:
    return page.locator(".st-key-class-bar").inner_text()


def test_a_forged_code_is_refused_and_a_student_joins_by_the_link(people, server):
    teacher, student, link, errors = people
    code = re.search(r"join=([A-Z0-9]{5})$", link).group(1)
    student.goto(f"{server}/classroom?join={'A' if code[0] != 'A' else 'B'}{code[1:]}")
    student.get_by_role("button", name="Join").click()
    student.wait_for_selector("text=No class has this code", timeout=60_000)
    student.goto(link)
    expect(student.get_by_label("The class's code")).to_have_value(code, timeout=60_000)  # the link fills it in
    student.get_by_label("Nickname (optional)").fill(NICK)
    student.get_by_role("button", name="Join").click()
    student.wait_for_selector("text=You are in class", timeout=30_000)
    assert NICK in bar_text(student)  # the nickname as typed: plain text, no bold, no tag
    assert student.locator(".st-key-class-bar strong, .st-key-class-bar b").count() == 0
    teacher.get_by_role("tab", name="Students").click()
    teacher.wait_for_selector(f"text={NICK}", timeout=60_000)  # the projector redraws when the class changes
    assert errors == []


def test_students_follow_the_teachers_step_and_a_reload_stays_in_the_class(people, server):
    """The student's page follows by the pushed stream alone (the bar's safety poll waits ten minutes here)."""
    teacher, student, link, errors = people
    teacher.goto(f"{server}/lesson?step=3")
    teacher.wait_for_selector("text=Step 3 of", timeout=60_000)
    student.wait_for_url(re.compile(r"/lesson\?step=3$"), timeout=20_000)
    student.wait_for_selector("text=Step 3 of", timeout=30_000)
    teacher.keyboard.press("ArrowRight")
    teacher.wait_for_selector("text=Step 4 of", timeout=30_000)
    student.wait_for_selector("text=Step 4 of", timeout=30_000)
    student.reload()
    student.wait_for_selector(".st-key-class-bar", timeout=30_000)
    assert "following the teacher" in bar_text(student)
    student.get_by_role("button", name="Explore on my own").click()
    student.wait_for_selector("text=exploring on your own", timeout=10_000)
    student.reload()  # the choice is the class's to keep, not the tab's
    student.wait_for_selector("text=exploring on your own", timeout=30_000)
    assert errors == []


def test_a_students_drawing_lands_on_the_projector_at_its_code(people, server, ckpt):
    teacher, student, link, errors = people
    student.set_viewport_size({"width": 1280, "height": 1000})  # the planes and the pad side by side
    student.goto(f"{server}/latent")
    wait_idle(student)
    ready(student)
    pad = draw_seven(student)
    student.locator("button[data-wall]").click()
    student.wait_for_selector("text=Sent: your drawing", timeout=30_000)
    x = torch.tensor(np.round(np.asarray(pad["image"], np.float32) * 255) / 255, dtype=torch.float32)
    x = x.view(1, 1, 28, 28)  # what was sent: the pad's image in grey bytes
    teacher.goto(f"{server}/classroom")
    teacher.get_by_role("tab", name="Class wall").click()
    teacher.wait_for_selector("text=rebuilt as a digit", timeout=120_000)
    specs = trio()
    for kind in ("ae", "vae", "pca"):
        want = analysis.encode(model(ckpt, specs[kind]), x)[0]
        teacher.wait_for_function(
            f"document.querySelector('.st-key-class-wall-{kind} .js-plotly-plot')?._fullData?.length > 0",
            timeout=30_000,
        )
        got = teacher.evaluate(
            """(k) => { const el = document.querySelector(`.st-key-class-wall-${k} .js-plotly-plot`);
                 const tr = el._fullData.filter(t => t.mode === 'markers+text'); return [tr[0].x[0], tr[0].y[0]]; }""",
            kind,
        )
        np.testing.assert_allclose(got, want[:2], rtol=1e-3, atol=1e-3)
    names = teacher.evaluate(
        """() => document.querySelector('.st-key-class-wall-ae .js-plotly-plot')._fullData
             .filter(t => t.mode === 'markers+text')[0].hovertext"""
    )
    assert names == ["**Ola** &lt;b&gt;x&lt;/b&gt;"]  # escaped for plotly's hover, which reads tags
    assert errors == []


def test_votes_add_up_and_the_answer_is_revealed_beside_them(people, server):
    teacher, student, link, errors = people
    teacher.goto(f"{server}/classroom")
    teacher.wait_for_selector("text=How students join", timeout=60_000)
    teacher.get_by_role("tab", name="Predict, then reveal").click()
    option = teacher.get_by_role("option", name=re.compile("PCA or the AE"))
    for _ in range(5):  # the question measured at size 2 (the models the latent page trained)
        teacher.locator(".st-key-class-question input").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            teacher.keyboard.press("Escape")
    option.click()
    expect(teacher.locator(".st-key-class-question input")).to_have_value(re.compile("PCA or the AE"))
    teacher.get_by_role("button", name="Ask the class").click()
    student.wait_for_selector("text=Question:", timeout=30_000)
    student.get_by_role("button", name="PCA", exact=True).click()
    student.wait_for_selector("text=Your answer: PCA", timeout=30_000)
    student.get_by_role("button", name="the AE").click()  # a changed mind is one answer
    student.wait_for_selector("text=Your answer: the AE", timeout=30_000)
    teacher.wait_for_selector("text=1 answer · 1 student in the class", timeout=10_000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the projector reads the votes again each second
        counts = teacher.locator(".st-key-class-votes-table").inner_text()
        if re.search(r"the AE\s+1", counts):
            break
        time.sleep(0.3)
    assert re.search(r"the AE\s+1", counts) and re.search(r"PCA\s+0", counts), counts
    teacher.get_by_role("button", name="Reveal the answer").click()
    teacher.wait_for_selector("text=The answer:", timeout=120_000)
    assert "held-out digits" in teacher.locator("[data-testid=stAlertContentSuccess]").inner_text()
    assert errors == []


def serious(page) -> list[str]:
    """Critical and serious violations that two audits a second apart both find: the class's parts rerun every
    second, and an element caught in the middle of being replaced is not what a reader sees."""

    def once() -> set[str]:
        return {
            f"{v['id']} ({v['impact']}) at {n['target']}: {n.get('html', '')[:160]}"
            for v in audit(page)
            if v["impact"] in ("critical", "serious")
            for n in v["nodes"]
        }

    first = once()
    if not first:
        return []
    page.wait_for_timeout(1000)
    return sorted(first & once())


@pytest.mark.skipif(not have_axe(), reason="axe-core is not installed (npm ci)")
def test_the_class_pages_have_no_critical_or_serious_violation(people, server):
    """The teacher's tabs at 1280x720 and the student's class page on a phone, in both languages (axe-core)."""
    teacher, student, link, errors = people
    student.set_viewport_size({"width": 390, "height": 844})
    found = []
    for lang in ("en", "pl"):
        teacher.goto(f"{server}/classroom?lang={lang}")
        wait_idle(teacher)
        for tab in teacher.get_by_role("tab").all():
            tab.click()
            teacher.wait_for_timeout(1500)
            found += [f"teacher {lang} {tab.inner_text()}: {v}" for v in serious(teacher)]
        student.goto(f"{server}/classroom?lang={lang}")
        wait_idle(student)
        found += [f"student {lang}: {v}" for v in serious(student)]
    assert not found, "\n".join(found[:30])
    assert errors == []


WIDE = """() => [document.documentElement, document.querySelector('[data-testid=stMain]'),
  document.querySelector('[data-testid=stMainBlockContainer]')].filter(Boolean)
  .map(e => e.scrollWidth - e.clientWidth)"""


def test_the_students_pages_fit_a_phone_without_scrolling_sideways(people, server):
    """At 390x844 with touch: the class page (a random code, a round of the game), the latent page (the pad and
    its send button) and the bar with a question: nothing wider than the screen."""
    teacher, student, link, errors = people
    student.set_viewport_size({"width": 390, "height": 844})
    teacher.goto(f"{server}/classroom")
    teacher.wait_for_selector("text=How students join", timeout=60_000)
    teacher.get_by_role("tab", name="Predict, then reveal").click()
    teacher.get_by_role("button", name="Ask the class").click()
    student.goto(f"{server}/classroom")
    wait_idle(student)
    student.wait_for_selector("text=Question:", timeout=30_000)
    student.get_by_role("button", name="Draw a random code").click()
    student.wait_for_selector("text=Your code:", timeout=30_000)
    student.get_by_role("button", name="Start a round").click()
    student.wait_for_selector("text=Hand in", timeout=120_000)  # the models at size 5 are trained first here
    wait_idle(student)
    assert max(student.evaluate(WIDE)) <= 1, "the class page scrolls sideways on a phone"
    tops = student.evaluate(
        """() => [...document.querySelectorAll('[class*="st-key-class-game-"]')]
             .filter(e => /st-key-class-game-\\d+(\\s|$)/.test(e.className))
             .map(e => Math.round(e.getBoundingClientRect().top))"""
    )
    assert len(tops) == 8 and len(set(tops)) <= 4, tops  # two pictures a row, not one under another
    student.goto(f"{server}/latent")
    wait_idle(student)
    student.wait_for_selector("button[data-wall]", timeout=60_000)
    assert max(student.evaluate(WIDE)) <= 1, "the latent page scrolls sideways on a phone"
    assert errors == []


def test_the_students_hear_at_once_that_the_class_has_ended(people, server):
    """The last one: the teacher ends the class; the student's bar, which hears the class only by the pushed stream
    here (its safety poll waits ten minutes), says so without a reload."""
    teacher, student, link, errors = people
    student.goto(f"{server}/overview")
    student.locator(".st-key-class-bar").wait_for(timeout=60_000)
    teacher.goto(f"{server}/classroom")
    teacher.wait_for_selector("text=How students join", timeout=60_000)
    teacher.get_by_role("button", name="End the class").click()
    student.wait_for_selector("text=Your class has ended", timeout=30_000)
    assert errors == []
