"""Never waited for: seconds from opening a digit page on a cold server with an EMPTY store to its first figure.

For each page, a fresh `streamlit run` with an empty checkpoint folder; one real Chromium opens the page and the
clock stops when the page's first figure (an image, a chart or a table outside the training box) is drawn.
Also the page's complete time (no training box and no running script for 2 s) and the models it trained.
Run: python bench/cold_pages.py [--pages reconstruction latent ...] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from harness.browser import launch
from harness.server import dashboard
from ui.navigation import NAMES

DIGIT_PAGES = ["reconstruction", "latent", "denoising", "generation", "scoreboard", "lesson"]  # they train on MNIST
FIGURE = """() => {
  const out = (e) => !e.closest('.st-key-training_box');
  const imgs = [...document.querySelectorAll('[data-testid="stImage"] img')].filter(i => i.complete && i.naturalWidth);
  const charts = [...document.querySelectorAll('.js-plotly-plot .main-svg')];
  const tables = [...document.querySelectorAll('[data-testid="stTable"] td')];
  return [...imgs, ...charts, ...tables].some(out);
}"""
BUSY = """() => !!document.querySelector('.st-key-training_box, [data-testid="stStatusWidget"]')"""


def cold(page_name: str, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    from core.store import Store

    store_dir = tempfile.mkdtemp(prefix="aevae-cold-")
    with dashboard({"AEVAE_CHECKPOINTS": store_dir}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        page.goto(f"{url}/{page_name}")
        first = complete = None
        quiet_since = None
        while time.perf_counter() - t0 < timeout:
            now = time.perf_counter() - t0
            if first is None and page.evaluate(FIGURE):
                first = now
            if first is not None:
                if page.evaluate(BUSY):
                    quiet_since = None
                elif quiet_since is None:
                    quiet_since = now
                elif now - quiet_since >= 2:
                    complete = quiet_since
                    break
            time.sleep(0.1)
        page.screenshot(path=str(ROOT / "bench" / "out" / f"cold-{page_name}.png"))
        browser.close()
    trained = Store(store_dir).list()
    return {
        "page": page_name,
        "first_figure_s": None if first is None else round(first, 1),
        "complete_s": None if complete is None else round(complete, 1),
        "models_trained": len(trained),
        "training_s": round(float(trained["wall_time_s"].sum()), 1) if len(trained) else 0.0,
    }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--pages", nargs="+", default=DIGIT_PAGES, choices=NAMES, metavar="PAGE")
    a.add_argument("--timeout", type=float, default=300)
    args = a.parse_args()
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.pages:
        rows.append(cold(name, args.timeout))
        print(json.dumps(rows[-1]), flush=True)
    firsts = [r["first_figure_s"] for r in rows]
    print(json.dumps({"worst_first_figure_s": None if None in firsts else max(firsts), "target_s": 30}))


if __name__ == "__main__":
    main()
