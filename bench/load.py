"""Many students at once: N browser sessions (and M light websocket sessions) open pages of a fresh server with
an empty model store, while one student hammers the Models page's "Train a model" form with new models.

Reports the time until the last session shows a drawn page, the server's peak memory (itself and its training
workers), and checks that each model was trained exactly once and no checkpoint is damaged.
Run: python bench/load.py [--sessions 10] [--light 20] [--hammer 12] [--tiny]   (Debian's chromium, Playwright)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from wsclient import crowd

from harness.browser import launch
from harness.server import dashboard

# what each visited page shows when it is drawn: (plotly charts, images, latent planes run by the browser)
EXPECT = {"latent": (0, 3, 3), "reconstruction": (2, 1, 0), "generation": (0, 8, 0), "denoising": (1, 1, 0)}
PLANES = "canvas.plane:not(.replay)"


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


def hammer(page, url: str, clicks: int) -> int:
    """One student asks for a new model again and again (latent size x beta) without waiting; returns clicks made."""
    page.goto(f"{url}/models")
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=120_000)
    done = 0
    for i in range(clicks):
        try:
            page.get_by_role("combobox", name="Kind").click()
            page.get_by_role("option", name="VAE", exact=True).click()
            page.get_by_role("combobox", name="β (VAE)").click()
            page.get_by_role("option", name=("0.0", "0.5", "2.0", "4.0", "8.0")[i % 5], exact=True).click()
            page.get_by_role("combobox", name="Latent size").click()
            page.get_by_role("option", name=("2", "5", "10", "20", "32")[i // 5 % 5], exact=True).click()
            page.get_by_role("button", name="Train", exact=True).click()
            done += 1
        except Exception:  # the page is rerunning under the click: try the next one
            pass
        time.sleep(0.5)
    return done


def page_state(page, name: str) -> str | None:
    """ok when the page is drawn (its charts and images, no training notice), exception on an error box."""
    charts, imgs, planes = EXPECT[name]
    if page.locator('[data-testid="stException"]').count():
        return "exception"
    if (
        page.locator(".js-plotly-plot").count() >= charts
        and page.locator('[data-testid="stImage"]').count() >= imgs
        and page.locator(PLANES).count() >= planes
        and not page.locator(".st-key-training_box").count()
    ):
        return "ok"
    return None


def settle(store_dir: str, timeout_s: float = 120) -> None:
    """Wait while the servers run until every training already started is stored: a page may be served before a
    model it asked for in the background (the judge) is there, and counting then would catch it half-way."""
    from core.provision import trainings
    from core.store import Store

    store, deadline = Store(store_dir), time.time() + timeout_s
    while len(set(trainings(store))) > store.count() and time.time() < deadline:
        time.sleep(0.5)


def outcome(served: dict, store_dir: str) -> dict:
    """What a load run left: sessions served or failed (id -> (state, seconds)), trainings per model, damage."""
    from core.provision import trainings
    from core.store import Store

    store = Store(store_dir)
    trained = trainings(store)
    listing = store.list()
    times = [v[1] for v in served.values()]
    return {
        "served_ok": sum(v[0] == "ok" for v in served.values()),
        "exceptions": sum(v[0] == "exception" for v in served.values()),
        "last_served_s": round(max(times, default=float("nan")), 1),
        "first_served_s": round(min(times, default=float("nan")), 1),
        "models_trained": len(trained),
        "trained_twice": sorted({n for n in trained if trained.count(n) > 1}),
        "damaged": int((listing["status"] != "ok").sum()) if not listing.empty else 0,
        "stored": len(listing),
    }


def run(
    sessions: int = 10,
    tiny: bool = True,
    timeout: float = 600,
    store_dir: str | None = None,
    pages: list[str] | None = None,
    light: int = 0,
    hammer_clicks: int = 0,
) -> dict:
    from playwright.sync_api import sync_playwright

    store_dir = store_dir or tempfile.mkdtemp(prefix="aevae-load-")
    env = {"AEVAE_CHECKPOINTS": store_dir, **({"AEVAE_TINY": "1"} if tiny else {})}
    with dashboard(env) as (url, server):
        names = pages or list(EXPECT)
        with sync_playwright() as p:
            browser = launch(p)
            pages, served, peak, errors = [], {}, 0, []
            t0 = time.perf_counter()
            light_out: list[dict] = []
            crowd_thread = threading.Thread(
                target=lambda: light_out.extend(asyncio.run(crowd(url, names, light, timeout))), daemon=True
            )
            if light:
                crowd_thread.start()
            hammered = 0
            if hammer_clicks:
                hammered = hammer(browser.new_context().new_page(), url, hammer_clicks)
            for i in range(sessions):  # every session is a new browser context: its own Streamlit session
                page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
                page.goto(f"{url}/{names[i % len(names)]}", wait_until="commit")
                pages.append((i, names[i % len(names)], page))
            while len(served) < sessions and time.perf_counter() - t0 < timeout:
                peak = max(peak, _rss_tree_kb(server.pid))
                for i, name, page in pages:
                    if i not in served and (state := page_state(page, name)):
                        served[i] = (state, time.perf_counter() - t0)
                        if state == "exception":  # what went wrong, for the report
                            errors.append(f"{name}: " + page.locator('[data-testid="stException"]').first.inner_text())
                time.sleep(0.5)
            while crowd_thread.is_alive() and time.perf_counter() - t0 < timeout:
                peak = max(peak, _rss_tree_kb(server.pid))
                time.sleep(0.5)
            browser.close()
            settle(store_dir)
        light_ok = [r for r in light_out if r.get("ok")]
        return {
            "sessions": sessions,
            "light_sessions": light,
            "light_served_ok": len(light_ok),
            "light_last_served_s": round(max((r["seconds"] for r in light_ok), default=float("nan")), 1),
            "hammer_clicks": hammered,
            "tiny": tiny,
            **outcome(served, store_dir),
            "server_peak_rss_mb": round(peak / 1024),
            "exception_texts": errors[:5],
        }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--sessions", type=int, default=10)
    a.add_argument("--tiny", action="store_true", help="600 digits, 2 epochs (as the tests)")
    a.add_argument("--pages", nargs="*", choices=list(EXPECT), help="pages the sessions open in turn")
    a.add_argument("--light", type=int, default=0, help="extra sessions over a bare websocket (no browser)")
    a.add_argument("--hammer", type=int, default=0, help="clicks of one student on the Models page's train form")
    a.add_argument("--store", help="the model store to start from (default: a new empty one)")
    a.add_argument("--timeout", type=float, default=600, help="seconds until every session must show its page")
    args = a.parse_args()
    res = run(args.sessions, args.tiny, args.timeout, args.store, args.pages, args.light, args.hammer)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
