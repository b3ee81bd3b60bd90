"""A fresh clone's tour, as a teacher preparing a lesson makes it: every page and every lesson step, in English
and in Polish, at 1280x720, on one dashboard whose own store is EMPTY (only what ships in checkpoints/shipped).

Per visit: seconds from the request to the complete figure (a figure drawn: an image, a chart, a table or the
in-browser planes; and no training box, no running script for 1 s), and how many trainings the tour has started
by then (models in the empty store, plus any training box seen). The first visit warms the server (imports,
caches); the figures after it are the warm-server ones the targets are about (median and max, target 3 s).

Then the lesson by keyboard, as a teacher moves through it (→ from step 1 to the last, then ← back to 1, in each
language): seconds from the key press to the next step's title on screen (target 0.5 s), and to its figure
complete (the page's script done and the browser idle).

Run: python bench/cold_tour.py [--out bench/out/cold_tour.json] [--timeout 120] [--settle 90]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from harness.browser import launch
from harness.server import dashboard
from ui.lesson import STEPS
from ui.navigation import NAMES

FIGURE = """() => {
  const out = (e) => !e.closest('.st-key-training_box');
  const imgs = [...document.querySelectorAll('[data-testid="stImage"] img')].filter(i => i.complete && i.naturalWidth);
  const charts = [...document.querySelectorAll('.js-plotly-plot .main-svg')];
  const tables = [...document.querySelectorAll('[data-testid="stTable"] td, [data-testid="stDataFrame"]')];
  const planes = [...document.querySelectorAll('canvas')].filter(c => c.width > 0 && c.offsetParent !== null);
  const asks = [...document.querySelectorAll('.st-key-ls-ood-guess')]; // a step that asks first: its question
  return [...imgs, ...charts, ...tables, ...planes, ...asks].some(out);
}"""
BUSY = """() => !!document.querySelector('[data-testid="stStatusWidget"]')"""
TRAINING = """() => !!document.querySelector('.st-key-training_box')"""


def visit(page, url: str, timeout: float) -> dict:
    t0 = time.perf_counter()
    page.goto(url)
    quiet_since, trained_box = None, False
    while time.perf_counter() - t0 < timeout:
        now = time.perf_counter() - t0
        trained_box = trained_box or page.evaluate(TRAINING)
        if page.evaluate(FIGURE) and not page.evaluate(BUSY) and not page.evaluate(TRAINING):
            quiet_since = quiet_since or now
            if now - quiet_since >= 1.0:
                return {"complete_s": round(quiet_since, 2), "training_box": trained_box}
        else:
            quiet_since = None
        time.sleep(0.05)
    return {"complete_s": None, "training_box": trained_box}


def keys(page, url: str, lang: str, n: int) -> list[dict]:
    """The lesson by ← and →: per press, seconds to the new title and to the step complete."""
    out = []
    visit(page, f"{url}/lesson?step=1&lang={lang}", 120)
    for key, steps in (("ArrowRight", range(1, n)), ("ArrowLeft", range(n, 1, -1))):
        for step in steps:
            title = page.locator("h2").first.inner_text()
            t0 = time.perf_counter()
            page.keyboard.press(key)
            while page.locator("h2").first.inner_text() == title and time.perf_counter() - t0 < 30:
                time.sleep(0.01)
            moved = time.perf_counter() - t0
            while page.evaluate(BUSY) and time.perf_counter() - t0 < 60:
                time.sleep(0.02)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            out.append(
                {
                    "lang": lang,
                    "key": key,
                    "from": step,
                    "title_s": round(moved, 3),
                    "complete_s": round(time.perf_counter() - t0, 3),
                }
            )
    return out


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--out", default=str(ROOT / "bench" / "out" / "cold_tour.json"))
    a.add_argument("--timeout", type=float, default=120)
    a.add_argument(
        "--settle",
        type=float,
        default=0,
        help="seconds to wait after the first visit (which starts the server's warm-up) before the tour goes on: "
        "0 is a teacher clicking through at once, 90 one who opened the lab a minute or two before class",
    )
    args = a.parse_args()
    from playwright.sync_api import sync_playwright

    from core.store import Store

    store_dir = tempfile.mkdtemp(prefix="aevae-tour-")
    rows = []
    with dashboard({"AEVAE_CHECKPOINTS": store_dir}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        stops = [(name, None) for name in NAMES] + [("lesson", i + 1) for i in range(len(STEPS))]
        path = {NAMES[0]: ""}  # the router's default page lives at the root (its own path is not served)
        for lang in ("en", "pl"):
            for name, step in stops:
                query = f"lang={lang}" + (f"&step={step}" if step else "")
                r = visit(page, f"{url}/{path.get(name, name)}?{query}", args.timeout)
                r.update(lang=lang, page=name, step=step, trainings=len(Store(store_dir).list()))
                rows.append(r)
                print(json.dumps(r), flush=True)
                if len(rows) == 1 and args.settle:
                    time.sleep(args.settle)
        presses = [p for lang in ("en", "pl") for p in keys(page, url, lang, len(STEPS))]
        browser.close()
    warm = [r["complete_s"] for r in rows[1:] if r["complete_s"] is not None]
    summary = {
        "visits": len(rows),
        "settle_s": args.settle,
        "incomplete": sum(r["complete_s"] is None for r in rows),
        "first_visit_s": rows[0]["complete_s"],
        "warm_median_s": round(statistics.median(warm), 2) if warm else None,
        "warm_max_s": max(warm) if warm else None,
        "trainings_started": len(Store(store_dir).list()) + sum(r["training_box"] for r in rows),
        "target_s": 3,
        "key_presses": len(presses),
        "key_title_median_s": round(statistics.median(p["title_s"] for p in presses), 2),
        "key_title_max_s": max(p["title_s"] for p in presses),
        "key_complete_median_s": round(statistics.median(p["complete_s"] for p in presses), 2),
        "key_complete_max_s": max(p["complete_s"] for p in presses),
        "key_target_s": 0.5,
    }
    print(json.dumps(summary))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"rows": rows, "presses": presses, "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
