"""The models in the browser, timed inside the page (performance.now()) in headless Chromium on this machine.

A dashboard on a warm store (the classroom preset, the judge, their ONNX copies) and a fresh browser profile:
- first visit and later visits of the latent page: seconds until the component runs its models (the page is
  usable), and the bytes the browser received (HTTP bodies and websocket frames); each later visit is followed by a
  visit of a bare Streamlit app that shows one title (the same browser, the same run): how long Streamlit itself
  takes to show anything on this machine, the reference the later visits are quoted against;
- hovering: per dense decode, and pointer event to all three decoded images drawn;
- drawing: a stroke to updated codes on all three planes;
- faces: a slider drag to the new face (conv VAE), 24 new faces per decoder.
Run: python bench/browser_models.py [--store DIR] [--hovers 300] [--later 5]
(DIR: a store to reuse; default: a temp one)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from harness.browser import launch
from harness.server import dashboard


def warm(store: str) -> None:
    """Every model the digit pages need, and the judge, trained into the store (a no-op when they are there)."""
    env = {"AEVAE_CHECKPOINTS": store, "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "core.train", "--preset", "classroom"], cwd=ROOT, env=env, check=True)
    code = "from core import presets; from core.store import Store; from core.provision import get_or_train; "
    code += "get_or_train(Store(), presets.classifier())"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def stats(values: list[float]) -> dict:
    a = np.asarray(values, dtype=float)
    if not len(a):
        return {"n": 0}
    return {
        "n": int(len(a)),
        "median": round(float(np.median(a)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
        "max": round(float(a.max()), 2),
    }


class Meter:
    """Bytes a page receives: HTTP response bodies and websocket frames."""

    def __init__(self, page):
        self.http = self.ws = 0
        page.on("requestfinished", self._finished)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _finished(self, request):
        try:
            self.http += request.sizes()["responseBodySize"]
        except Exception:  # a request whose sizes the browser no longer has
            pass

    def _frame(self, payload):
        self.ws += len(payload)


def timings(page, kind: str, since: int = 0) -> list[dict]:
    return page.evaluate(f"globalThis.__aevae.timings.slice({since}).filter(t => t.kind === '{kind}')")


def visit(context, url: str) -> tuple[object, dict]:
    page = context.new_page()
    meter = Meter(page)
    t0 = time.perf_counter()
    page.goto(url + "/latent")
    page.wait_for_function(
        "globalThis.__aevae && globalThis.__aevae.timings.some(t => t.kind === 'hover')", timeout=300_000
    )
    usable = time.perf_counter() - t0
    page.wait_for_timeout(1500)  # what follows the first image: the rest of the page, the replay
    return page, {"usable_s": round(usable, 2), "http_bytes": meter.http, "ws_bytes": meter.ws}


BARE_APP = 'import streamlit as st\n\nst.title("AE vs VAE")\n'


def bare_visit(context, url: str) -> float:
    """Seconds until a bare Streamlit app's title is on the screen."""
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    seconds = time.perf_counter() - t0
    page.close()
    return round(seconds, 2)


def hover_run(page, n: int) -> dict:
    since = page.evaluate("globalThis.__aevae.timings.length")
    rng = np.random.default_rng(0)
    for k in range(n):
        kind = ("ae", "vae", "pca")[k % 3]
        box = page.locator(f"canvas.plane[data-model={kind}]").bounding_box()
        fx, fy = rng.uniform(0.05, 0.95, 2)
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        page.wait_for_timeout(12)
    page.wait_for_timeout(300)
    dec = timings(page, "decode", since)
    hov = timings(page, "hover", since)
    return {
        "decode_ms": {m: stats([t["ms"] for t in dec if t["model"] == m]) for m in ("ae", "vae", "pca")},
        "all_three_ms": stats([t["ms"] for t in hov]),
        "event_to_drawn_ms": stats([t["since_event"] for t in hov]),
    }


def draw_run(page, strokes: int = 6) -> dict:
    pad = page.locator("canvas[data-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    since = page.evaluate("globalThis.__aevae.timings.length")
    rng = np.random.default_rng(1)
    for _ in range(strokes):
        pts = rng.uniform(0.15, 0.85, (4, 2))
        page.mouse.move(box["x"] + box["width"] * pts[0, 0], box["y"] + box["height"] * pts[0, 1])
        page.mouse.down()
        for a, b in zip(pts, pts[1:]):
            for f in np.linspace(0.1, 1, 10):
                p = a + (b - a) * f
                page.mouse.move(box["x"] + box["width"] * p[0], box["y"] + box["height"] * p[1])
                page.wait_for_timeout(8)
        page.mouse.up()
        page.wait_for_timeout(150)
    return {"stroke_ms": stats([t["ms"] for t in timings(page, "stroke", since)])}


def faces_run(context, url: str) -> dict:
    page = context.new_page()
    page.goto(url + "/faces")
    page.wait_for_function(
        "globalThis.__aevae && globalThis.__aevae.timings.some(t => t.kind === 'face')", timeout=300_000
    )
    page.wait_for_timeout(1000)
    since = page.evaluate("globalThis.__aevae.timings.length")
    slider = page.locator("input[data-dim]").first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2)
    page.mouse.down()
    for k in range(60):
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * k / 59, box["y"] + box["height"] / 2)
        page.wait_for_timeout(16)
    page.mouse.up()
    page.wait_for_timeout(300)
    for _ in range(5):
        page.locator("[data-new]").click()
        page.wait_for_timeout(400)
    out = {
        "slider_face_ms": stats([t["ms"] for t in timings(page, "face", since) if t.get("part") == "sliders"]),
        "new_24_faces_ms": stats([t["ms"] for t in timings(page, "faces", since)]),
    }
    page.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=None)
    ap.add_argument("--hovers", type=int, default=300)
    ap.add_argument("--later", type=int, default=5, help="later visits (each followed by a bare-Streamlit one)")
    a = ap.parse_args()
    store = a.store or tempfile.mkdtemp(prefix="aevae-browser-")
    warm(store)
    from playwright.sync_api import sync_playwright

    with dashboard({"AEVAE_CHECKPOINTS": store}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        prime = browser.new_context()  # exports the ONNX copies once (what the first browser of a class waits for)
        prime.new_page().goto(url + "/latent")
        visit(prime, url)[0].close()
        prime.close()
        context = browser.new_context(viewport={"width": 1500, "height": 1100})  # a new student: empty cache
        page, first = visit(context, url)
        page.locator("canvas.plane").first.scroll_into_view_if_needed()
        result = {"first_visit": first, **hover_run(page, a.hovers), **draw_run(page)}
        page.close()
        later, bare = [], []
        bare_dir = tempfile.mkdtemp(prefix="aevae-bare-")
        Path(bare_dir, "app.py").write_text(BARE_APP)
        with dashboard({}, script="app.py", cwd=Path(bare_dir)) as (bare_url, _):
            bare_context = browser.new_context(viewport={"width": 1500, "height": 1100})
            bare_visit(bare_context, bare_url)  # its cache primed too, as the lab's is
            for _ in range(a.later):  # the same browser again: its cache and IndexedDB hold the runtime, the graphs
                page, seen = visit(context, url)
                later.append(seen)
                page.close()
                bare.append(bare_visit(bare_context, bare_url))
            bare_context.close()
        usable = [v["usable_s"] for v in later]
        result["bare_streamlit_title_s"] = stats(bare)
        result["later_usable_s"] = stats(usable)
        result["later_usable_vs_bare_title"] = round(float(np.median(usable) / np.median(bare)), 2)
        result["later_visits"] = later
        result.update(faces_run(context, url))
        browser.close()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
