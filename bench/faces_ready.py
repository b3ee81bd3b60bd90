"""Nothing blank on the faces page: seconds from opening it to the server's first pictures of every part (all 12,
shown at once until the browser's models are loaded: "posters") and to each in-browser part drawn by the models
in the page (the random faces of both decoders, the morph of every model, the named directions' faces, the
unnamed sliders' face), on a fresh server
(its first visit) and then on the warm server: as a new student (a new browser profile: no graphs cached in
IndexedDB) and as a returning one (the same profile), headless Chromium at 1280x720, 2 cores.

Run: python bench/faces_ready.py [--visits 4] [--out bench/out/faces_ready.json]
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
from harness.browser import launch
from harness.server import dashboard

# when each part was first drawn, in ms since the page's navigation began (runtime.js timing(): t)
PARTS = """() => {
  const t = (globalThis.__aevae && globalThis.__aevae.timings) || [];
  const first = (f) => { const x = t.filter(f); return x.length ? Math.min(...x.map(e => e.t)) : null; };
  const last = (f, n) => {
    const x = t.filter(f);
    return x.length >= n ? Math.max(...x.slice(0, n).map(e => e.t)) : null;
  };
  return {
    draws: last(e => e.kind === 'faces', 2),
    morph: last(e => e.kind === 'face' && e.part === 'morph', 3),
    named: first(e => e.kind === 'face' && e.part === 'named'),
    sliders: first(e => e.kind === 'face' && e.part === 'sliders'),
    posters: last(e => e.kind === 'poster', 12),
  };
}"""


def visit(page, url: str, timeout: float) -> dict:
    page.goto(url)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        got = page.evaluate(PARTS)
        if all(v is not None for k, v in got.items() if k != "posters"):
            out = {k: (round(v / 1000, 2) if v is not None else None) for k, v in got.items()}
            out["all_s"] = max(v for k, v in out.items() if k != "posters")
            return out
        time.sleep(0.1)
    return {"all_s": None, **{k: (round(v / 1000, 2) if v else None) for k, v in page.evaluate(PARTS).items()}}


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--visits", type=int, default=4)
    a.add_argument("--timeout", type=float, default=120)
    a.add_argument("--out", default=str(ROOT / "bench" / "out" / "faces_ready.json"))
    args = a.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with dashboard({}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        first = browser.new_context(viewport={"width": 1280, "height": 720})
        rows.append({"visit": "fresh server", **visit(first.new_page(), f"{url}/faces", args.timeout)})
        time.sleep(5)
        for _ in range(args.visits):
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})  # a new student: nothing cached
            rows.append({"visit": "new student", **visit(ctx.new_page(), f"{url}/faces", args.timeout)})
            ctx.close()
            rows.append({"visit": "returning student", **visit(first.new_page(), f"{url}/faces", args.timeout)})
            print(json.dumps(rows[-2:]), flush=True)
        browser.close()
    summary = {"fresh_server_s": rows[0]["all_s"], "fresh_server_posters_s": rows[0].get("posters"), "target_s": 3}
    for kind in ("new student", "returning student"):
        for what in ("all_s", "posters"):
            xs = [r[what] for r in rows if r["visit"] == kind and r.get(what) is not None]
            key = kind if what == "all_s" else f"{kind}, server's first pictures"
            summary[key] = {"median_s": round(statistics.median(xs), 2), "max_s": max(xs)} if xs else None
    print(json.dumps(summary))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"rows": rows, "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
