"""Class mode's screenshots, English and Polish: the projector at 1280x720 (how to join, the class wall with the
students' drawings, a revealed vote) and a student's phone at 390x844 (the bar with the question, the class page).
A fresh server on this checkout's shipped models, a teacher and three students in separate browser contexts:
python scripts/class_screenshots.py [--out docs]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playwright.sync_api import sync_playwright  # noqa: E402

from harness.browser import launch  # noqa: E402
from harness.server import dashboard  # noqa: E402

NICKS = ("Ala", "Kuba", "")  # the last one anonymous


def main() -> None:
    a = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a.add_argument("--out", default=str(ROOT / "docs"))
    out = Path(a.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with dashboard({}) as (url, _), sync_playwright() as p:
        b = launch(p)
        teacher = b.new_context(viewport={"width": 1280, "height": 720}).new_page()
        teacher.set_default_timeout(300_000)
        teacher.goto(f"{url}/latent")  # the latent page's first visit computes its planes: once, before the class
        teacher.wait_for_selector("canvas[data-pad]")
        teacher.goto(f"{url}/classroom")
        teacher.get_by_role("button", name="Start a class").click()
        teacher.wait_for_selector("text=How students join")
        link = teacher.locator("[data-testid=stCode] code").first.text_content().strip()
        students = []
        for i, nick in enumerate(NICKS):
            page = b.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(300_000)
            page.goto(link)
            if nick:
                page.get_by_label("Nickname (optional)").fill(nick)
            page.get_by_role("button", name="Join").click()
            page.wait_for_selector("text=You are in class")
            page.get_by_role("button", name="Explore on my own").click()
            page.goto(f"{url}/latent")
            page.wait_for_selector("button[data-wall]")
            for digit in (str(i * 3 + 1), str(i * 3 + 2)):
                pad = page.locator("canvas[data-pad]")
                pad.scroll_into_view_if_needed()
                pad.focus()
                page.keyboard.press(digit)
                page.wait_for_timeout(500)
                page.locator("button[data-wall]").click()
                page.wait_for_selector("text=Sent: your drawing")
                page.wait_for_timeout(800)
            students.append(page)
        for lang in ("en", "pl"):
            sfx = "" if lang == "en" else "-pl"
            teacher.goto(f"{url}/classroom?lang={lang}")
            teacher.wait_for_selector("[data-testid=stExpander]")
            teacher.locator("[data-testid=stExpander] summary").click()
            teacher.wait_for_timeout(1500)
            teacher.screenshot(path=str(out / f"class-join{sfx}.png"))
            teacher.locator("[data-testid=stExpander] summary").click()
            teacher.wait_for_selector(".js-plotly-plot")
            teacher.wait_for_timeout(2500)
            teacher.mouse.wheel(0, 330)
            teacher.wait_for_timeout(800)
            teacher.screenshot(path=str(out / f"class-wall{sfx}.png"))
            teacher.get_by_role("tab").nth(2).click()
            teacher.get_by_role("button", name="Ask the class" if lang == "en" else "Zadaj pytanie klasie").click()
            phone = students[0]
            phone.set_viewport_size({"width": 390, "height": 844})
            phone.goto(f"{url}/classroom?lang={lang}")
            phone.wait_for_selector("text=Question:" if lang == "en" else "text=Pytanie:")
            for k, page in enumerate(students):
                if page is not phone:
                    page.goto(f"{url}/classroom?lang={lang}")
                    page.wait_for_selector("text=Question:" if lang == "en" else "text=Pytanie:")
                page.locator(".st-key-class-live-bar button").nth(1 + (k == 2)).click()
                page.wait_for_timeout(1500)
            phone.wait_for_timeout(2500)
            phone.screenshot(path=str(out / f"class-phone{sfx}.png"))
            teacher.wait_for_selector("text=3 answers" if lang == "en" else "text=3 odpowiedzi")
            for _ in range(10):  # pressed again if a rerun swallowed the press
                teacher.get_by_role("button", name="Reveal the answer" if lang == "en" else "Pokaż odpowiedź").click()
                try:
                    teacher.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=30_000)
                    break
                except Exception:
                    continue
            time.sleep(2)
            teacher.mouse.wheel(0, 330)
            teacher.wait_for_timeout(800)
            teacher.screenshot(path=str(out / f"class-votes{sfx}.png"))
            teacher.get_by_role("button", name="Close" if lang == "en" else "Zamknij").click()
            teacher.wait_for_timeout(1500)
        b.close()


if __name__ == "__main__":
    main()
