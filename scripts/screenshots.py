"""The README's and docs/' screenshots at 1280x720, English and Polish, from a fresh server on this checkout's
models (run after the shipped models are in place): python scripts/screenshots.py [--only NAME ...]

Each is a page address, what to do there (the holes view on, a hover, presenter mode) and the file it becomes."""

from __future__ import annotations

import argparse
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
                r = visit(page, f"{url}/{address}{sep}lang={lang}", 180)
                act(page, actions)
                name = f"{stem}{'-pl' if lang == 'pl' else ''}.png"
                page.screenshot(path=str(Path(args.out) / name))
                print(name, r, flush=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
