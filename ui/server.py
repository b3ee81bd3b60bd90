"""What the dashboard's server does beside Streamlit's own routes (`app = st.App(...)` in dashboard.py, which
`streamlit run dashboard.py` serves): Streamlit's scripts gzipped once, the models' graphs as plain files, and the
class's pulse pushed to students.

- `StaticGzip`: Streamlit serves its own scripts, styles and fonts (/static/...: 3.2 MB for a first page) without
  compression, on purpose: gzipping them on every request costs CPU at each hit, and production sites compress in a
  proxy in front. A classroom has no proxy, and 30 first visits through one Wi-Fi are what hurts. The files are
  content-hashed and immutable, so each is gzipped once per server, held in memory and served to every browser
  that accepts gzip (about a quarter of the bytes); everything else passes through untouched.
- `GraphFiles`: the graphs a page's component runs (ui.lab.Graphs registers each, exported from a verified model,
  under its id, which carries the graph's sha256) served as bytes at /aevae/graph/<id>: no base64, no extra rerun of
  the page to carry them, cached by the browser for good. Only registered ids are served; a browser whose fetch
  fails (another replica, a restarted server) asks through the page as before.
- `class_events`: a joined student's page listens here (server-sent events) and hears when the class's pulse
  changes (the teacher's page, step or settings, a question opened or closed), instead of asking the server every
  two seconds. Who listens is the browser's Streamlit identity (its XSRF cookie, as ui.resources reads it); a browser
  in no class is told so and the stream ends.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import mimetypes
import posixpath
import threading
import time
from collections import OrderedDict
from pathlib import Path

COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".svg", ".html", ".txt", ".map", ".ttf"}
MAX_CACHED = 48 * 2**20  # bytes of gzipped files held, at most (Streamlit's whole frontend is about 12 MB gzipped)


def _static_root() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir()).resolve()


def base_path() -> str:
    """The server's base path ("" or "/base", from server.baseUrlPath): what every address of the lab starts with."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


class StaticGzip:
    """ASGI middleware: GET/HEAD /static/<file> with gzip accepted -> the file gzipped (made once, then from memory)."""

    def __init__(self, app, root: Path | None = None):
        self.app = app
        self.root = root
        self.cache: dict[str, tuple[bytes, str, str]] = {}  # path -> (gzipped, content type, etag)
        self.size = 0
        self.locks: dict[str, asyncio.Lock] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            headers = dict(scope.get("headers") or [])
            if b"gzip" in headers.get(b"accept-encoding", b""):
                prefix = base_path() + "/static/"
                path = scope.get("path", "")
                if path.startswith(prefix):
                    got = await self.gzipped(path[len(prefix) :])
                    if got is not None:
                        await self._send(scope, send, got, headers.get(b"if-none-match"))
                        return
        await self.app(scope, receive, send)

    def _file(self, rel: str) -> Path | None:
        """The file under Streamlit's static/static/ that rel names, if it is one worth gzipping; None otherwise."""
        if not rel or "\\" in rel or "\0" in rel or len(rel) > 300 or posixpath.normpath(rel) != rel:
            return None  # one name per file: "js//x.js" or "js/./x.js" would each be compressed and kept anew
        root = (self.root or _static_root()) / "static"
        try:
            target = (root / rel).resolve()
        except (OSError, ValueError):
            return None
        if not target.is_relative_to(root) or target.suffix not in COMPRESSIBLE or not target.is_file():
            return None
        return target

    async def gzipped(self, rel: str) -> tuple[bytes, str, str] | None:
        if rel in self.cache:
            return self.cache[rel]
        target = self._file(rel)
        if target is None:
            return None
        if self.size >= MAX_CACHED:
            return None  # full (it never is with Streamlit's own files): served by Streamlit, uncompressed
        lock = self.locks.setdefault(rel, asyncio.Lock())
        try:
            async with lock:  # one compression per file, however many browsers ask at once
                if rel not in self.cache:
                    body = await asyncio.to_thread(lambda: gzip.compress(target.read_bytes(), 9, mtime=0))
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                        kind += "; charset=utf-8"
                    self.cache[rel] = (body, kind, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
                    self.size += len(body)
        finally:
            self.locks.pop(rel, None)
        return self.cache[rel]

    @staticmethod
    async def _send(scope, send, got, if_none_match) -> None:
        body, kind, etag = got
        same = if_none_match is not None and if_none_match.decode(errors="ignore") == etag
        headers = [
            (b"content-type", kind.encode()),
            (b"cache-control", b"public, immutable, max-age=31536000"),
            (b"vary", b"Accept-Encoding"),
            (b"etag", etag.encode()),
        ]
        if not same:
            headers += [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 304 if same else 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if same or scope["method"] == "HEAD" else body})


# ---- the graphs, as files ------------------------------------------------------------------------------------
GRAPH_PATH = "/aevae/graph/"
MAX_GRAPHS = 96  # graphs held for the route (a page has at most six; every size, β and data set of a class fits)
_GRAPHS: OrderedDict[str, bytes] = OrderedDict()
_GRAPHS_LOCK = threading.Lock()
ACTIVE = False  # True once dashboard.py's App made this server's routes (not under AppTest or a bare script)


def register_graph(gid: str, data: bytes) -> None:
    with _GRAPHS_LOCK:
        _GRAPHS[gid] = data
        _GRAPHS.move_to_end(gid)
        while len(_GRAPHS) > MAX_GRAPHS:
            _GRAPHS.popitem(last=False)


def events_url(code: str) -> str:
    """Where a student's page listens to its class (the code only tells one class's stream from another's)."""
    return f"{base_path()}{EVENTS_PATH}?c={code}"


def graph_url() -> str | None:
    """Where a page fetches its graphs, or None where this server has no such route."""
    return base_path() + GRAPH_PATH if ACTIVE else None


class GraphFiles:
    """ASGI middleware: GET /aevae/graph/<id> -> a registered graph's bytes (outside Streamlit's gzip: the compact
    graphs are deflated already), 404 for any other id."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        prefix = base_path() + GRAPH_PATH if scope["type"] == "http" else None
        if prefix is None or not scope.get("path", "").startswith(prefix):
            await self.app(scope, receive, send)
            return
        with _GRAPHS_LOCK:
            data = _GRAPHS.get(scope["path"][len(prefix) :])
        if data is None or scope.get("method") not in ("GET", "HEAD"):
            body = b"unknown graph"
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"13")]
            await send({"type": "http.response.start", "status": 404, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        headers = [
            (b"content-type", b"application/octet-stream"),
            (b"content-length", str(len(data)).encode()),
            (b"cache-control", b"public, immutable, max-age=31536000"),  # the id names the bytes
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else data})


# ---- the class's pulse, pushed ----------------------------------------------------------------------------------
PULSE_EVERY_S = 0.25  # how often a server reads a class's pulse for the students listening to it
KEEPALIVE_S = 15  # a comment line this often keeps proxies from closing a quiet stream
STREAM_MAX_S = 25  # a stream ends after this long and the browser opens a new one at once (its first message is
# the beat then, so nothing is missed): a server that stops waits for open responses, at most this long


class _Pulses:
    """Each class's pulse, read at most once per PULSE_EVERY_S per server, however many students listen."""

    def __init__(self):
        self.seen: dict[str, tuple[float, object]] = {}
        self.lock = asyncio.Lock()

    async def get(self, code: str):
        now = time.monotonic()
        hit = self.seen.get(code)
        if hit and now - hit[0] < PULSE_EVERY_S:
            return hit[1]
        async with self.lock:
            hit = self.seen.get(code)
            if hit and time.monotonic() - hit[0] < PULSE_EVERY_S:
                return hit[1]
            from ui.classroom import call_server

            got = await asyncio.to_thread(call_server, "beat", code)
            if "error" in got:  # the classes out of reach for a moment (cluster mode): not an ended class
                return _UNKNOWN
            value = got["ok"]
            self.seen[code] = (time.monotonic(), value)
            if len(self.seen) > 256:
                for old in sorted(self.seen, key=lambda c: self.seen[c][0])[:128]:
                    del self.seen[old]
            return value


PULSES = _Pulses()
_UNKNOWN = object()  # a beat that could not be read this time


def beat_key(beat) -> str:
    """A class's beat (core.classmode.Classes.beat) as the short text the stream sends and the bar compares."""
    return hashlib.sha256(json.dumps(beat, default=str).encode()).hexdigest()[:16]


def _member(request) -> str | None:
    from ui.resources import browser_id

    return browser_id(request.cookies)


async def class_events(request):
    """Server-sent events: `data: <pulse>` whenever this browser's class's pulse changes; `event: gone` when the
    browser is in no class (then the stream ends)."""
    from starlette.responses import StreamingResponse

    from ui.classroom import call_server

    member = _member(request)
    got = await asyncio.to_thread(call_server, "where_is", member) if member else {"ok": None}
    where = got.get("ok")

    async def stream():
        if "error" in got:  # the classes out of reach for a moment: the browser tries again (retry)
            yield "retry: 5000\n\n"
            return
        if not where or not where.get("code"):
            yield "event: gone\ndata: {}\n\n"
            return
        code, last, quiet, t0 = where["code"], None, time.monotonic(), time.monotonic()
        yield "retry: 2000\n\n"
        while time.monotonic() - t0 < STREAM_MAX_S:
            if await request.is_disconnected():
                return
            pulse = await PULSES.get(code)
            if pulse is None:  # the class ended
                yield "event: gone\ndata: {}\n\n"
                return
            key = last if pulse is _UNKNOWN else beat_key(pulse)
            if key != last:
                last, quiet = key, time.monotonic()
                yield f"data: {key}\n\n"
            elif time.monotonic() - quiet > KEEPALIVE_S:
                quiet = time.monotonic()
                yield ": keep-alive\n\n"
            await asyncio.sleep(PULSE_EVERY_S / 2)

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


EVENTS_PATH = "/aevae/class-events"


def routes() -> list:
    from starlette.routing import Route

    global ACTIVE
    ACTIVE = True
    return [Route(base_path() + EVENTS_PATH, class_events, methods=["GET"])]  # user routes are not prefixed


def middleware() -> list:
    from starlette.middleware import Middleware

    return [Middleware(GraphFiles), Middleware(StaticGzip)]
