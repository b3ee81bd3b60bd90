"""The dashboard's own routes (ui.server): Streamlit's scripts gzipped once, and the class's beat pushed to students.
Driven as ASGI, without a server: a request is a scope, the response what the middleware or route sends."""

import asyncio
import gzip

import pytest

from ui import classroom, server
from ui.resources import browser_id


def _get(mw, path, accept="gzip, deflate", extra=()):
    sent, passed = [], []

    async def inner(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    headers = [(b"accept-encoding", accept.encode()), *extra]
    mw.app = inner
    asyncio.run(mw({"type": "http", "method": "GET", "path": path, "headers": headers}, receive, send))
    return sent, passed


@pytest.fixture
def static(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "base_path", lambda: "")
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "main.abc.js").write_text("const a = 1;\n" * 5000)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(b"\x00" * 1000)
    (tmp_path / "secret.js").write_text("no")
    return server.StaticGzip(None, root=tmp_path)


def test_streamlits_scripts_are_gzipped_once_and_served_from_memory(static, tmp_path):
    sent, passed = _get(static, "/static/js/main.abc.js")
    assert not passed
    start, body = sent
    headers = dict(start["headers"])
    assert start["status"] == 200 and headers[b"content-encoding"] == b"gzip"
    assert headers[b"content-type"].startswith(b"text/javascript") or b"javascript" in headers[b"content-type"]
    assert gzip.decompress(body["body"]) == (tmp_path / "static" / "js" / "main.abc.js").read_bytes()
    assert len(body["body"]) < 0.05 * 13 * 5000
    (tmp_path / "static" / "js" / "main.abc.js").unlink()  # content-hashed, immutable: kept after the first time
    again, _ = _get(static, "/static/js/main.abc.js")
    assert again[1]["body"] == body["body"]
    not_modified, _ = _get(static, "/static/js/main.abc.js", extra=[(b"if-none-match", headers[b"etag"])])
    assert not_modified[0]["status"] == 304 and not_modified[1]["body"] == b""


@pytest.mark.parametrize(
    "path,accept",
    [
        ("/static/js/main.abc.js", "deflate"),  # the browser takes no gzip
        ("/static/media/font.woff2", "gzip"),  # compressed already
        ("/static/../secret.js", "gzip"),  # outside Streamlit's static folder
        ("/static/js/../../secret.js", "gzip"),
        ("/static/js/missing.js", "gzip"),
        ("/static/js//main.abc.js", "gzip"),  # another name for a file: not compressed and kept anew
        ("/static/js/./main.abc.js", "gzip"),
        ("/static/", "gzip"),
        ("/app/static/ort/ort.wasm.min.mjs", "gzip"),  # the lab's own static files: Streamlit serves them
        ("/_stcore/health", "gzip"),
    ],
)
def test_anything_else_passes_through_to_streamlit(static, path, accept):
    sent, passed = _get(static, path, accept)
    assert passed == [path] and sent == []


class _Request:
    def __init__(self, cookies):
        self.cookies = cookies

    async def is_disconnected(self):
        return False


async def _read(response, n):
    out = []
    async for chunk in response.body_iterator:
        if not chunk.startswith(("retry", ":")):
            out.append(chunk)
        if len(out) == n:
            break
    return out


def test_a_student_hears_the_class_beat_change_and_its_end(monkeypatch):
    monkeypatch.setattr(server, "PULSE_EVERY_S", 0.02)
    monkeypatch.setattr(classroom, "_LOCAL", [])
    monkeypatch.setattr(classroom.cluster, "enabled", lambda: False)
    cookies = {"_streamlit_xsrf": "2|0a0b0c0d|11223344|1"}
    student, teacher = browser_id(cookies), "browser-teacher"
    classes = classroom._local()
    code = classes.start(teacher)
    classes.join(code, student, "")

    async def scenario():
        response = await server.class_events(_Request(cookies))
        assert response.media_type == "text/event-stream"
        first = (await _read(response, 1))[0]
        assert first.startswith("data: ")
        classes.lead(code, teacher, {"page": "lesson", "step": "4"})
        second = (await _read(response, 1))[0]
        assert second.startswith("data: ") and second != first
        classes.end(code, teacher)
        assert (await _read(response, 1))[0].startswith("event: gone")

    asyncio.run(scenario())


def test_a_browser_in_no_class_is_told_so(monkeypatch):
    monkeypatch.setattr(classroom, "_LOCAL", [])
    monkeypatch.setattr(classroom.cluster, "enabled", lambda: False)

    async def scenario(cookies):
        response = await server.class_events(_Request(cookies))
        return [c async for c in response.body_iterator]

    assert asyncio.run(scenario({})) == ["event: gone\ndata: {}\n\n"]
    assert asyncio.run(scenario({"_streamlit_xsrf": "2|0a0b0c0d|99|1"})) == ["event: gone\ndata: {}\n\n"]


def test_the_beat_tells_nothing_but_versions():
    """What the stream sends is a hash of the class's beat: the same for every student, no names, no votes."""
    classes = classroom.classmode.Classes()
    code = classes.start("t")
    classes.join(code, "s", "Ola")
    beat = classes.beat(code)
    assert "Ola" not in repr(beat) and classes.beat("ZZZZZ") is None
    assert len(server.beat_key(beat)) == 16 and server.beat_key(beat) == server.beat_key(classes.beat(code))


def test_a_registered_graph_is_served_as_bytes_and_nothing_else(monkeypatch):
    monkeypatch.setattr(server, "base_path", lambda: "")
    monkeypatch.setattr(server, "_GRAPHS", server.OrderedDict())
    server.register_graph("ae-x.0123456789abcdef.v2.decoder", b"AEVW-bytes")
    mw = server.GraphFiles(None)
    sent, passed = _get(mw, "/aevae/graph/ae-x.0123456789abcdef.v2.decoder")
    assert not passed and sent[0]["status"] == 200 and sent[1]["body"] == b"AEVW-bytes"
    headers = dict(sent[0]["headers"])
    assert headers[b"content-type"] == b"application/octet-stream" and b"immutable" in headers[b"cache-control"]
    for other in ("/aevae/graph/ae-x.ffff.v2.decoder", "/aevae/graph/../../etc/passwd", "/aevae/graph/"):
        sent, passed = _get(mw, other)
        assert sent[0]["status"] == 404 and sent[1]["body"] == b"unknown graph"
    sent, passed = _get(mw, "/_stcore/health")
    assert passed == ["/_stcore/health"]  # anything else is Streamlit's
    for i in range(server.MAX_GRAPHS + 5):  # bounded: the oldest go first
        server.register_graph(f"g{i}", b"x")
    assert len(server._GRAPHS) == server.MAX_GRAPHS and "g0" not in server._GRAPHS


def test_pages_are_told_where_graphs_are_only_where_the_route_exists(monkeypatch):
    monkeypatch.setattr(server, "base_path", lambda: "/lab")
    monkeypatch.setattr(server, "ACTIVE", False)
    assert server.graph_url() is None  # AppTest, a bare script: the page carries the graphs as before
    monkeypatch.setattr(server, "ACTIVE", True)
    assert server.graph_url() == "/lab/aevae/graph/"


def test_classes_out_of_reach_are_not_an_ended_class(monkeypatch):
    """In cluster mode the classes' actor may not answer for a moment: the stream asks the browser to try again
    later, and a stream already open keeps going; only a class that is gone is "gone"."""
    monkeypatch.setattr(server, "PULSE_EVERY_S", 0.02)
    monkeypatch.setattr(server, "STREAM_MAX_S", 0.3)
    monkeypatch.setattr(server, "PULSES", server._Pulses())
    answers = {"where_is": {"error": "unavailable"}}
    monkeypatch.setattr(classroom, "call_server", lambda method, *a: answers[method])
    cookies = {"_streamlit_xsrf": "2|0a0b0c0d|11223344|1"}

    async def first(n):
        response = await server.class_events(_Request(cookies))
        out = []
        async for chunk in response.body_iterator:
            out.append(chunk)
            if len(out) == n:
                break
        return out

    assert asyncio.run(first(1)) == ["retry: 5000\n\n"]
    answers.update(where_is={"ok": {"code": "ABCDE", "teacher": False, "nick": ""}}, beat={"error": "unavailable"})
    chunks = asyncio.run(first(100))  # the whole stream (it ends after STREAM_MAX_S): no beat, no "gone"
    assert chunks == ["retry: 2000\n\n"]
