"""The README's and docs/' screenshots at 1280x720, English and Polish, from a fresh server on this checkout's
models (run after the shipped models are in place): python scripts/screenshots.py [--only NAME ...]

Each is a page address, what to do there (the holes view on, a hover, presenter mode) and the file it becomes."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from cold_tour import visit  # noqa: E402

from harness.browser import launch  # noqa: E402
from harness.server import dashboard  # noqa: E402

SHOTS = [  # file stem, address, actions
    ("latent", "latent?latent=2", ("holes", "hover")),
    ("latent-5d", "latent?latent=5", ("holes", "hover")),
    ("latent-keyboard", "latent?latent=2", ("holes", "glyphs", "keys")),
    ("lesson-step5", "lesson?step=5", ()),
    ("lesson-step7", "lesson?step=7", ()),
    ("lesson-step9", "lesson?step=9", ()),
    ("lesson-step10", "lesson?step=10", ()),
    ("lesson-fitted", "lesson?step=11", ()),
    ("generation", "generation?latent=5", ("scroll",)),
    ("faces", "faces", ()),
    ("faces-named", "faces", ("smile",)),
    ("faces-realism", "faces", ("scroll:750",)),
    ("faces-measured", "faces", ("measured",)),
    ("faces-own", "faces", ("own",)),
    ("unfamiliar", "unfamiliar?latent=5", ("scroll:1750",)),
    ("unfamiliar-table", "unfamiliar?latent=5", ("scroll:2250",)),
    ("unfamiliar-pad", "unfamiliar?latent=5", ("scroll:1250", "letter")),
    ("lesson-unfamiliar", "lesson?step=13", ("answer",)),
    ("presenter", "latent?latent=5", ("presenter", "holes", "hover")),
]


def act(page, actions) -> None:
    if "presenter" in actions:
        page.locator(".st-key-presenter label").first.click()
        time.sleep(4)  # the page drawn again, wider
    if "holes" in actions:
        page.locator("[data-toggle=holes]").first.check()
        time.sleep(0.5)
    if "glyphs" in actions:
        page.locator("[data-toggle=glyphs]").first.check()
        time.sleep(0.5)
    if "keys" in actions:  # the probe moved by keyboard: the caption below says what the classifier sees there
        page.locator("canvas.plane").nth(1).focus()
        for key in ("ArrowRight", "ArrowRight", "Shift+ArrowUp"):
            page.keyboard.press(key)
        time.sleep(1.5)
        page.mouse.move(700, 400)
        page.mouse.wheel(0, 200)
        time.sleep(1)
    if "hover" in actions:
        box = page.locator("canvas.plane").nth(1).bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.4)
        time.sleep(1)
    for action in actions:
        if action.startswith("scroll:"):
            page.mouse.move(700, 400)
            for _ in range(int(action.split(":")[1]) // 250):
                page.mouse.wheel(0, 250)
                time.sleep(0.15)
            time.sleep(1)
    if "sample" in actions:  # the pad draws a test digit by keyboard, then the models score it
        page.locator("canvas.pad").focus()
        page.keyboard.press("7")
        time.sleep(1.5)
    if "letter" in actions:  # a hand-drawn letter A on the pad: the models score it
        box = page.locator("canvas.pad").bounding_box()
        at = lambda fx, fy: (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)  # noqa: E731
        for stroke in (((0.2, 0.85), (0.5, 0.15), (0.8, 0.85)), ((0.33, 0.58), (0.67, 0.58))):
            page.mouse.move(*at(*stroke[0]))
            page.mouse.down()
            for a, b in zip(stroke, stroke[1:]):
                for k in range(1, 11):
                    page.mouse.move(*at(a[0] + (b[0] - a[0]) * k / 10, a[1] + (b[1] - a[1]) * k / 10))
            page.mouse.up()
        time.sleep(1.5)
        print(
            "pad scores:",
            page.evaluate(
                "globalThis.__aevae.last.novelty"  # noqa: ISC003
                " && globalThis.__aevae.last.novelty.ranks"
            ),
            flush=True,
        )
    if "smile" in actions:  # the named "smile" slider moved to 1.5 on a held-out face
        slider = page.locator("input[data-attribute=smile]")
        slider.scroll_into_view_if_needed()
        page.mouse.move(700, 400)
        page.mouse.wheel(0, 330)  # the three faces and what the face judge sees in each
        slider.evaluate("e => { e.value = '1.5'; e.dispatchEvent(new Event('input', {bubbles: true})); }")
        time.sleep(2)
    if "measured" in actions:  # the named directions' measured chart, from its heading
        head = page.locator("h4").filter(has_text=re.compile("Measured|Zmierzone"))
        head.evaluate("e => e.scrollIntoView({block: 'start'})")
        time.sleep(1.5)
    if "own" in actions:  # a class's own direction: three faces ticked each way, made a slider
        grid = page.locator(".st-key-face_own_ticks")
        grid.scroll_into_view_if_needed()
        time.sleep(1)
        box = grid.bounding_box()
        header, row = 35, 68
        cols = {"yes": 0.597, "no": 0.8625}  # the checkboxes' centres, as shares of the table's width (560 px)
        name = page.locator(".st-key-face_own_name input")
        name.fill("beard" if "lang=en" in page.url else "zarost")
        name.press("Enter")
        time.sleep(1.5)
        for i, side in ((2, "yes"), (4, "yes"), (6, "yes"), (0, "no"), (1, "no"), (7, "no")):
            x = box["x"] + 560 * cols[side]
            y = box["y"] + header + row * i + row / 2
            page.mouse.click(x, y)
            time.sleep(1.2)
        page.get_by_role("button", name=re.compile("Make it a slider|Zrób z tego suwak")).click()
        time.sleep(6)
        page.locator(".st-key-face_own_ticks").scroll_into_view_if_needed()
        page.mouse.move(1150, 400)  # beside the table: the page scrolls, not the table
        page.mouse.wheel(0, 560)
        time.sleep(1.5)
    if "answer" in actions:  # the lesson's predict-then-reveal question, answered
        page.locator(".st-key-ls-ood-guess label").nth(1).click()
        time.sleep(3)
    if "scroll" in actions:
        page.mouse.move(700, 400)
        page.mouse.wheel(0, 250)
        time.sleep(1)


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--only", nargs="*", default=None)
    a.add_argument("--out", default=str(ROOT / "docs"))
    args = a.parse_args()
    from playwright.sync_api import sync_playwright

    with dashboard({}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        for lang in ("en", "pl"):
            for stem, address, actions in SHOTS:
                if args.only and stem not in args.only:
                    continue
                page = browser.new_page(viewport={"width": 1280, "height": 720})  # a new session: no state kept
                sep = "&" if "?" in address else "?"
                # a step that waits for an answer has no figure before it: a short visit, then the answer
                r = visit(page, f"{url}/{address}{sep}lang={lang}", 15 if "answer" in actions else 180)
                act(page, actions)
                name = f"{stem}{'-pl' if lang == 'pl' else ''}.png"
                page.screenshot(path=str(Path(args.out) / name))
                print(name, r, flush=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
