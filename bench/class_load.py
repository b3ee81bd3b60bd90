"""Class mode under a class: one projector (the teacher, in Chromium at 1280x720) and 30 students on one dashboard on
this machine (2 cores): most as light websocket clients that join by the QR code's link and do what a student's page
does (listen to the class's pushed stream, ui.server, and rerun their class bar when it says the class moved; and
the bar's slow safety poll, Streamlit's auto-rerun of the fragment), a few in Chromium that draw on the pad.

Measured (seconds, median / p95 / max):
- follow: the teacher presses → in the lesson; each light student's page shows the new step;
- vote: a light student taps an answer; the projector's count includes it;
- stroke: a Chromium student sends a drawing; the projector's wall shows it;
and the server's memory (RSS) before the class and at its end, and every exception a page showed.

Run: python bench/class_load.py [--students 30] [--browsers 3] [--steps 4] [--out bench/out/class_load.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from harness.browser import launch
from harness.server import dashboard


def _rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def summary(xs: list[float]) -> dict:
    if not xs:
        return {"n": 0}
    s = sorted(xs)
    return {
        "n": len(s),
        "median": round(statistics.median(s), 3),
        "p95": round(s[min(len(s) - 1, int(0.95 * len(s)))], 3),
        "max": round(s[-1], 3),
    }


class Light:
    """A student without a browser: joins by the link, then asks for its class bar's fragment as the page would."""

    def __init__(self, url: str, code: str, i: int):
        self.url, self.code, self.i = url, code, i
        self.page, self.page_hash, self.fragments, self.buttons = "classroom", "", {}, {}
        self.exceptions, self.step_seen = [], {}
        self.running = False
        self.cookie = f"_streamlit_xsrf=2|00000000|{i:08x}{time.time_ns():x}|0"  # this student's browser
        self.events = 0

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            origin=self.url,
            additional_headers={"Cookie": self.cookie},
        )
        self.reader = asyncio.create_task(self.read())

    async def listen(self, stop: asyncio.Event) -> None:
        """The bar's listener (an EventSource in a browser): each message after the first reruns the bar."""
        host, port = self.url.split("//", 1)[1].split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            f"GET /aevae/class-events HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {self.cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        first = True
        try:
            while not stop.is_set():
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"data: "):
                    self.events += 1
                    if not first and self.fragments:
                        await self.send(self.page, fragment=max(self.fragments, key=self.fragments.get))
                    first = False
        finally:
            writer.close()

    async def send(self, page: str, query: str = "", widget: tuple | None = None, fragment: str = "") -> None:
        msg = BackMsg()
        if fragment and self.page_hash:  # the page the fragment lives on (the server may have switched it)
            msg.rerun_script.page_script_hash = self.page_hash
        else:
            msg.rerun_script.page_name = page
        msg.rerun_script.query_string = query
        if fragment:
            msg.rerun_script.fragment_id = fragment
            msg.rerun_script.is_auto_rerun = widget is None
        if widget:
            w = msg.rerun_script.widget_states.widgets.add()
            w.id, w.trigger_value = widget[0], True
        self.running = True
        await self.ws.send(msg.SerializeToString())

    async def read(self) -> None:
        try:
            while True:
                fm = ForwardMsg()
                fm.ParseFromString(await self.ws.recv())
                kind = fm.WhichOneof("type")
                if kind == "auto_rerun":
                    self.fragments[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
                elif kind == "stop_auto_rerun":
                    for fid in fm.stop_auto_rerun.fragment_ids:
                        self.fragments.pop(fid, None)
                elif kind == "new_session":  # a full run begins (its fragments keep their timers, as in a browser)
                    self.page_hash = fm.new_session.page_script_hash
                elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element
                    what = el.WhichOneof("type")
                    if what == "exception":
                        self.exceptions.append(el.exception.message)
                    elif what == "button":
                        self.buttons[el.button.label] = (el.button.id, fm.delta.fragment_id)
                    elif what == "progress" and el.progress.text.startswith("Step "):
                        step = int(el.progress.text.split()[1])
                        self.step_seen.setdefault(step, time.perf_counter())
                elif kind == "script_finished":
                    self.running = False
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass

    async def poll(self, stop: asyncio.Event) -> None:
        """The browser's auto-rerun: each fragment of the page, at its interval, one run at a time."""
        while not stop.is_set():
            await asyncio.sleep(min(self.fragments.values(), default=1.0))
            if self.running:
                continue
            for fid in list(self.fragments):
                await self.send(self.page, fragment=fid)
                break


async def _join(s: Light) -> None:
    await s.connect()
    await s.send("classroom", query=f"join={s.code}")
    t0 = time.time()
    while "Join" not in s.buttons and time.time() - t0 < 120:
        await asyncio.sleep(0.1)
    await s.send("classroom", query=f"join={s.code}", widget=(s.buttons["Join"][0], None))
    t0 = time.time()
    while not s.fragments and time.time() - t0 < 120:
        await asyncio.sleep(0.1)


def run(students: int, browsers: int, steps: int, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    light = students - browsers
    out: dict = {"students": students, "light": light, "browsers": browsers}
    env = {"AEVAE_WARMUP": "0"}  # the class page and the lesson's first steps need no warm-up
    with dashboard(env) as (url, proc), sync_playwright() as p:
        b = launch(p)
        teacher = b.new_context(viewport={"width": 1280, "height": 720}).new_page()
        teacher.set_default_timeout(timeout * 1000)
        errors: list[str] = []
        teacher.on("pageerror", lambda e: errors.append(str(e)))
        teacher.goto(f"{url}/classroom")
        teacher.get_by_role("button", name="Start a class").click()
        teacher.wait_for_selector("text=How students join", timeout=timeout * 1000)
        link = teacher.locator("[data-testid=stCode] code").first.text_content().strip()
        code = link[-5:]
        out["rss_mb_before"] = _rss_mb(proc.pid)

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True).start()
        call = lambda coro: asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)  # noqa: E731
        crowd = [Light(url, code, i) for i in range(light)]
        t0 = time.perf_counter()

        async def join_all():
            await asyncio.gather(*(_join(s) for s in crowd))

        call(join_all())
        out["join_all_s"] = round(time.perf_counter() - t0, 2)
        stop = asyncio.Event()
        polls = [asyncio.run_coroutine_threadsafe(s.poll(stop), loop) for s in crowd]
        polls += [asyncio.run_coroutine_threadsafe(s.listen(stop), loop) for s in crowd]

        drawers = []
        for _ in range(browsers):
            page = b.new_context(viewport={"width": 390, "height": 844}, has_touch=True).new_page()
            page.set_default_timeout(timeout * 1000)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(link)
            page.get_by_role("button", name="Join").click()
            page.wait_for_selector("text=You are in class", timeout=timeout * 1000)
            page.get_by_role("button", name="Explore on my own").click()
            page.wait_for_selector("text=exploring on your own", timeout=timeout * 1000)
            drawers.append(page)
        out["joined_light"] = sum(bool(s.fragments) for s in crowd)
        deadline = time.time() + timeout
        while time.time() < deadline:  # the projector's count of the class (read again when it changes)
            said = teacher.evaluate(
                "[...document.querySelectorAll('[data-testid=stCaptionContainer]')].map(e => e.innerText)"
                ".find(t => / students? ha(ve|s) joined/.test(t)) || ''"
            )
            if said.startswith(f"{students} "):
                break
            time.sleep(0.5)
        out["projector_says"] = said
        if not said.startswith(f"{students} "):
            teacher.screenshot(path=str(ROOT / "bench" / "out" / "class_load_projector.png"))
        print(json.dumps(out), file=sys.stderr, flush=True)

        # follow: the teacher walks through the lesson; every light student's page shows each step
        follow = []
        teacher.goto(f"{url}/lesson?step=1")
        teacher.wait_for_selector("text=Step 1 of", timeout=timeout * 1000)
        time.sleep(3)
        for step in range(2, steps + 2):
            pressed = time.perf_counter()
            teacher.keyboard.press("ArrowRight")
            teacher.wait_for_selector(f"text=Step {step} of", timeout=timeout * 1000)
            deadline = time.time() + 30
            while time.time() < deadline and not all(step in s.step_seen for s in crowd):
                time.sleep(0.05)
            follow += [s.step_seen[step] - pressed for s in crowd if step in s.step_seen]
            out.setdefault("follow_missed", 0)
            out["follow_missed"] += sum(step not in s.step_seen for s in crowd)
            time.sleep(1.5)
        out["follow_s"] = summary(follow)
        out["pushed_events"] = sum(s.events for s in crowd)  # what the light students heard on their streams
        print(json.dumps(out), file=sys.stderr, flush=True)

        # votes: the teacher asks; light students answer one after another; the projector's count each time
        teacher.goto(f"{url}/classroom")
        teacher.wait_for_selector("text=How students join", timeout=timeout * 1000)
        teacher.get_by_role("tab", name="Predict, then reveal").click()
        teacher.get_by_role("button", name="Ask the class").click()
        for s in crowd:
            s.page = "classroom"
        votes = []
        deadline = time.time() + 60
        while time.time() < deadline and not all("the VAE" in s.buttons for s in crowd):
            time.sleep(0.1)
        k = 0
        for s in crowd:
            if "the VAE" not in s.buttons:
                continue
            k += 1
            bid, frag = s.buttons["the VAE"]
            sent = time.perf_counter()
            call(s.send("classroom", widget=(bid, frag), fragment=frag))
            teacher.wait_for_function(
                f"[...document.querySelectorAll('[data-testid=stCaptionContainer]')].some(e => "
                f"/^{k} answers? ·/.test(e.innerText))",
                timeout=timeout * 1000,
            )
            votes.append(time.perf_counter() - sent)
        out["vote_s"] = summary(votes)
        print(json.dumps(out), file=sys.stderr, flush=True)

        # strokes: the Chromium students draw and send; the projector's wall shows each
        teacher.get_by_role("tab", name="Class wall").click()
        strokes = []
        for page in drawers:
            page.set_viewport_size({"width": 1280, "height": 900})  # the pad beside the planes
            page.goto(f"{url}/latent")
            try:
                page.wait_for_selector("button[data-wall]", timeout=timeout * 1000)
            except Exception:
                page.screenshot(path=str(ROOT / "bench" / "out" / "class_load_drawer.png"), full_page=True)
                raise
        n = 0
        for rnd in range(3):
            for page in drawers:
                pad = page.locator("canvas[data-pad]")
                pad.scroll_into_view_if_needed()
                pad.focus()
                page.keyboard.press(str((rnd * 3 + n) % 10))  # a test digit, drawn by keyboard
                page.wait_for_timeout(300)
                sent = time.perf_counter()
                page.locator("button[data-wall]").click()
                n += 1
                teacher.wait_for_function(
                    f"[...document.querySelectorAll('[data-testid=stMarkdownContainer] strong')].some(e => "
                    f"e.innerText.trim() === '{n} drawing' || e.innerText.trim() === '{n} drawings')",
                    timeout=timeout * 1000,
                )
                strokes.append(time.perf_counter() - sent)
            time.sleep(2)
        out["stroke_s"] = summary(strokes)

        loop.call_soon_threadsafe(stop.set)
        for f in polls:
            f.result(timeout)
        out["rss_mb_after"] = _rss_mb(proc.pid)
        out["exceptions"] = sorted({e for s in crowd for e in s.exceptions}) + errors
        b.close()
    return out


def main() -> None:
    a = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a.add_argument("--students", type=int, default=30)
    a.add_argument("--browsers", type=int, default=3)
    a.add_argument("--steps", type=int, default=4)
    a.add_argument("--timeout", type=float, default=120)
    a.add_argument("--out", default=str(ROOT / "bench" / "out" / "class_load.json"))
    args = a.parse_args()
    res = run(args.students, args.browsers, args.steps, args.timeout)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=1))
    print(json.dumps(res))


if __name__ == "__main__":
    main()
