"""Many students at once: N browser sessions open pages of a fresh server with an empty model store.

Reports the time until the last session shows a drawn page, the server's peak memory (itself and its training
workers), and checks that each model was trained exactly once and no checkpoint is damaged.
Run: python bench/load.py [--sessions 10] [--tiny]   (Debian's chromium, Playwright)
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
sys.path.insert(0, str(ROOT / "bench"))
from serve import dashboard, launch

# what each visited page shows when it is drawn: (plotly charts, images)
EXPECT = {"latent": (3, 3), "reconstruction": (2, 1), "generation": (0, 8), "denoising": (1, 1)}


def _rss_tree_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            pass
    return total


def run(
    sessions: int = 10,
    tiny: bool = True,
    timeout: float = 600,
    store_dir: str | None = None,
    pages: list[str] | None = None,
) -> dict:
    from playwright.sync_api import sync_playwright

    from core.provision import trainings
    from core.store import Store

    store_dir = store_dir or tempfile.mkdtemp(prefix="aevae-load-")
    env = {"AEVAE_CHECKPOINTS": store_dir, **({"AEVAE_TINY": "1"} if tiny else {})}
    with dashboard(env) as (url, server):
        names = pages or list(EXPECT)
        with sync_playwright() as p:
            browser = launch(p)
            pages, served, peak = [], {}, 0
            t0 = time.perf_counter()
            for i in range(sessions):  # every session is a new browser context: its own Streamlit session
                page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
                page.goto(f"{url}/{names[i % len(names)]}", wait_until="commit")
                pages.append((i, names[i % len(names)], page))
            while len(served) < sessions and time.perf_counter() - t0 < timeout:
                peak = max(peak, _rss_tree_kb(server.pid))
                for i, name, page in pages:
                    if i in served:
                        continue
                    charts, imgs = EXPECT[name]
                    if page.locator('[data-testid="stException"]').count():
                        served[i] = ("exception", time.perf_counter() - t0)
                    elif (
                        page.locator(".js-plotly-plot").count() >= charts
                        and page.locator('[data-testid="stImage"]').count() >= imgs
                        and not page.get_by_text("model(s) this page needs").count()
                    ):
                        served[i] = ("ok", time.perf_counter() - t0)
                time.sleep(0.5)
            browser.close()
        store = Store(store_dir)
        trained = trainings(store)
        listing = store.list()
        return {
            "sessions": sessions,
            "tiny": tiny,
            "served_ok": sum(v[0] == "ok" for v in served.values()),
            "exceptions": sum(v[0] == "exception" for v in served.values()),
            "last_served_s": round(max((v[1] for v in served.values()), default=float("nan")), 1),
            "first_served_s": round(min((v[1] for v in served.values()), default=float("nan")), 1),
            "models_trained": len(trained),
            "trained_twice": sorted({n for n in trained if trained.count(n) > 1}),
            "damaged": int((listing["status"] != "ok").sum()) if not listing.empty else 0,
            "stored": len(listing),
            "server_peak_rss_mb": round(peak / 1024),
        }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--sessions", type=int, default=10)
    a.add_argument("--tiny", action="store_true", help="600 digits, 2 epochs (as the tests)")
    a.add_argument("--pages", nargs="*", choices=list(EXPECT), help="pages the sessions open in turn")
    args = a.parse_args()
    print(json.dumps(run(args.sessions, args.tiny, pages=args.pages)))


if __name__ == "__main__":
    main()
