"""Page speed with stored models: server-side render time per page (AppTest, warm caches), click-to-decode time,
and the bytes a real browser receives per page (Playwright + Debian's chromium over a running server).

Run: python bench/pages.py [--url http://127.0.0.1:8501]   (the browser part needs a running `streamlit run`)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ui.navigation import NAMES

EXPECT = {
    "overview": (2, 0),
    "lesson": (0, 1),  # its first step: originals and the AE's reconstructions
    "reconstruction": (2, 1),
    "latent": (0, 3),  # its planes: the models-in-the-browser component (bench/browser_models.py times it)
    "denoising": (1, 1),
    "generation": (0, 8),
    "faces": (0, 3),
    "scoreboard": (3, 0),
    "models": (1, 0),
}  # plotly charts, images that show the page is drawn


def server_side(repeats: int = 3) -> dict:
    import numpy as np
    from streamlit.testing.v1 import AppTest

    from core import analysis, presets
    from ui.models import load_model

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    out = {}
    for page in NAMES:
        at.switch_page(f"views/{page}.py").run()  # warm: models loaded, caches filled
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        assert not at.exception, (page, [e.message for e in at.exception])
        out[page] = round(statistics.median(times), 3)
    model, _ = load_model(presets.trio(2)["vae"])
    t0 = time.perf_counter()
    for _ in range(100):
        analysis.montage(analysis.decode(model, np.array([[0.3, -1.2]], dtype=np.float32)), 1, 0)
    decode_ms = (time.perf_counter() - t0) * 10
    name = presets.trio(2)["vae"].name
    at.switch_page("views/latent.py").run()
    at.session_state[f"sel-vae-{name}"] = np.array([0.3, -1.2], dtype=np.float32)
    t0 = time.perf_counter()
    at.run()
    rerun = time.perf_counter() - t0
    return {"render_s": out, "decode_one_code_ms": round(decode_ms, 2), "latent_rerun_after_click_s": round(rerun, 3)}


def browser_bytes(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    from harness.browser import launch

    out = {}
    with sync_playwright() as p:
        b = launch(p)
        for page_name in NAMES:
            page = b.new_page(viewport={"width": 1500, "height": 1000})
            got = {"ws": 0}

            def on_ws(ws, got=got):
                ws.on("framereceived", lambda payload: got.__setitem__("ws", got["ws"] + len(payload)))

            page.on("websocket", on_ws)
            page.on(
                "requestfinished",
                lambda r, got=got: got.__setitem__(
                    "media", got.get("media", 0) + (r.sizes()["responseBodySize"] if "/media/" in r.url else 0)
                ),
            )
            t0 = time.perf_counter()
            page.goto(f"{url}/{'' if page_name == 'overview' else page_name}")
            page.wait_for_selector('[data-testid="stApp"]')
            charts, imgs = EXPECT[page_name]
            while (
                page.locator(".js-plotly-plot").count() < charts
                or page.locator('[data-testid="stImage"]').count() < imgs
            ) and time.perf_counter() - t0 < 120:
                time.sleep(0.1)
            quiet = 0
            while quiet < 4:
                quiet = quiet + 1 if page.locator('[data-testid="stStatusWidget"]').count() == 0 else 0
                time.sleep(0.25)
            out[page_name] = {
                "ws_kb": round(got["ws"] / 1024),
                "media_kb": round(got.get("media", 0) / 1024),
                "seconds_to_drawn": round(time.perf_counter() - t0 - 1, 2),
            }
            page.close()
        b.close()
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", default=None)
    a = p.parse_args()
    res = {"server_side": server_side()}
    if a.url:
        res["browser"] = browser_bytes(a.url)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
