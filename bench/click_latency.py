"""Click-to-decode latency seen by a browser: click the VAE scatter, wait for the new decoded caption.
Needs a running dashboard with stored models: python bench/click_latency.py [URL] (default http://127.0.0.1:8501)"""

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from harness.browser import launch

with sync_playwright() as p:
    b = launch(p)
    page = b.new_page(viewport={"width": 1500, "height": 1100})
    page.goto((sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501") + "/latent")
    page.wait_for_selector(".js-plotly-plot")
    time.sleep(6)
    plot = page.locator(".js-plotly-plot").nth(1)
    box = plot.locator(".nsewdrag").first.bounding_box()
    res = []
    for fx, fy in [(0.3, 0.4), (0.7, 0.6), (0.5, 0.2), (0.2, 0.8)]:
        before = page.get_by_text("decoded (").all_inner_texts()
        t0 = time.perf_counter()
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        while page.get_by_text("decoded (").all_inner_texts() == before and time.perf_counter() - t0 < 10:
            time.sleep(0.01)
        res.append(round((time.perf_counter() - t0) * 1000))
    print("click to new decoded caption (ms):", res)
    b.close()
