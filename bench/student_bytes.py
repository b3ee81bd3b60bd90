"""What one student's first visit moves over the network, counted on the wire (issue 25, item 8: at most 3 MB).

A fresh dashboard (the shipped models), a byte-counting TCP proxy in front of it and a fresh headless Chromium
profile behind it, at 1280x720: the bytes the server sent through the proxy, after HTTP gzip and websocket
compression, split into HTTP (the page, Streamlit's own scripts, media) and the websocket (the page's elements,
the models for the browser); beside them, the same bytes as the browser reports them decoded, by kind. Visits: the
class page with a join link (what a student opens first), joining, then the latent page where the teacher is; and
the latent page alone in a fresh profile (the teacher is on the latent page, so the class follows there).
Run: python bench/student_bytes.py [--url URL] (URL: a running dashboard; default: start one on the shipped models)
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import re
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playwright.sync_api import expect

from harness.browser import launch
from harness.server import dashboard


class Proxy:
    """A TCP proxy on 127.0.0.1 that counts the bytes each way, per connection kind (websocket or HTTP)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.down = collections.Counter()  # bytes server -> browser, by kind
        self.up = collections.Counter()
        self.loop = asyncio.new_event_loop()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.ready = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()
        self.ready.wait(10)

    def reset(self) -> None:
        self.down.clear()
        self.up.clear()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def main():
            server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
            self.ready.set()
            async with server:
                await server.serve_forever()

        self.loop.run_until_complete(main())

    async def _client(self, reader, writer):
        try:
            r2, w2 = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        kind = {"k": "http"}

        async def pump(src, dst, counter, first):
            try:
                while data := await src.read(65536):
                    if first and b"upgrade: websocket" in data.lower():
                        kind["k"] = "ws"
                    first = False
                    counter[kind["k"]] += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    dst.close()

        await asyncio.gather(pump(reader, w2, self.up, True), pump(r2, writer, self.down, False))


def decoded(page) -> dict:
    """The browser's view of the same bytes, decoded: by kind of response, and websocket payloads."""
    got = collections.Counter()

    def finished(r):
        try:
            n = r.sizes()["responseBodySize"]
        except Exception:  # a request whose sizes the browser no longer has
            return
        u = r.url
        kind = "page"
        for part, name in (("/app/static/ort", "ort"), ("/static/", "streamlit"), ("/media/", "media")):
            if part in u:
                kind = name
                break
        got[kind] += n

    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: got.update({"ws": len(p)})))
    return got


def visit(browser, url: str, path: str, proxy: Proxy, then: str | None = None) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    page = ctx.new_page()
    got = decoded(page)
    proxy.reset()
    t0 = time.perf_counter()
    page.goto(f"{url}/{path}")
    out = {}
    if then:
        expect(page.get_by_label("The class's code")).to_have_value(path.rsplit("=", 1)[1], timeout=60_000)
        page.get_by_role("button", name="Join").click()
        page.locator(".st-key-class-bar").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        out["join_wire_mb"] = round(sum(proxy.down.values()) / 1e6, 2)  # the teacher is on `then`: the class follows
    page.wait_for_function(
        "globalThis.__aevae && globalThis.__aevae.timings.some(t => t.kind === 'hover')", timeout=300_000
    )
    page.wait_for_timeout(3000)  # what follows the first image: the rest of the page, the replay
    down = dict(proxy.down)
    out |= {
        "seconds": round(time.perf_counter() - t0, 1),
        "wire_mb": round(sum(down.values()) / 1e6, 2),
        "wire_http_mb": round(down.get("http", 0) / 1e6, 2),
        "wire_ws_mb": round(down.get("ws", 0) / 1e6, 2),
        "decoded_mb": {k: round(v / 1e6, 2) for k, v in sorted(got.items())},
        "runtime_loaded": got.get("ort", 0) > 0,
    }
    ctx.close()
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--url", default=None)
    a = p.parse_args()
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        url = a.url or stack.enter_context(dashboard({}, startup_s=120))[0]
        target = urlparse(url)
        proxy = Proxy(target.hostname, target.port)
        via = f"http://127.0.0.1:{proxy.port}"
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        teacher = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        teacher.goto(f"{url}/classroom")
        teacher.get_by_role("button", name="Start a class").click()
        teacher.wait_for_selector("text=How students join", timeout=60_000)
        link = teacher.locator("[data-testid=stCode] code").first.text_content().strip()
        code = re.search(r"join=([A-Z0-9]{5})$", link).group(1)
        teacher.goto(f"{url}/latent")  # the teacher takes the class to the latent page
        teacher.wait_for_function("globalThis.__aevae && globalThis.__aevae.timings.length > 0", timeout=300_000)
        res = {
            "latent page, fresh profile": visit(browser, via, "latent", proxy),
            "class page (join link), then latent": visit(browser, via, f"classroom?join={code}", proxy, then="latent"),
        }
        print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
