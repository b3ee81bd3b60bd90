"""A hostile student against a real server (the tiny-model dashboard on 127.0.0.1): crafted component messages over
Streamlit's own websocket protocol, and a flood of uploads over HTTP."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

pytest.importorskip("websockets")
from harness.stream import open_session, send_widget  # noqa: E402
from ui.lab import RESENDS  # noqa: E402


def _lab(elements) -> tuple[str, dict]:
    lab = [e.bidi_component for e in elements if e.WhichOneof("type") == "bidi_component"]
    latent = next(c for c in lab if c.component_name.endswith("aevae_lab") and '"mode": "latent"' in c.json)
    return latent.id, json.loads(latent.json)


async def _session(url: str, page: str):
    ws, _, elements = await open_session(url, page)
    return ws, elements


async def _send_state(ws, page: str, widget_id: str, value: str) -> list:
    return await send_widget(ws, page, widget_id, json_value=value)


def test_crafted_component_messages_are_read_as_nothing_and_graphs_are_not_sent_for_ever(server):
    async def probe():
        ws, elements = await _session(server, "latent")
        wid, data = _lab(elements)
        names = [m["decoder"] for m in data["models"]]
        for value in ('{"need": 12345}', '{"need": "x"}', "[1, 2]", '{"unavailable": {"a": 1}}'):
            elements = await _send_state(ws, "latent", wid, value)
            assert elements and not [e for e in elements if e.WhichOneof("type") == "exception"], value
        sent = []
        for i in range(RESENDS + 4):  # the same graphs asked for again and again, a counter appended as the page does
            elements = await _send_state(ws, "latent", wid, json.dumps({"need": [*names, f"#{i}"]}))
            sent.append(len(_lab(elements)[1]["graphs"]))
        await ws.close()
        return sent

    sent = asyncio.run(probe())
    assert sent[0] == 3 and sum(n > 0 for n in sent) <= RESENDS and sent[-4:] == [0] * 4, sent  # then nothing more


def test_a_message_beyond_the_widget_state_cap_is_refused_and_the_server_stays(server):
    async def probe():
        ws, elements = await _session(server, "latent")
        wid, _ = _lab(elements)
        flood = json.dumps({"need": ["x" * 50] * 300_000})  # 16 MB
        t0 = time.time()
        refused = await _send_state(ws, "latent", wid, flood)
        took = time.time() - t0
        other, elements = await _session(server, "latent")  # another student's session still works
        await other.close()
        return refused, took, elements

    refused, took, elements = asyncio.run(probe())
    assert refused == [] and took < 10 and elements  # the message was refused (connection closed), not processed


def test_a_flood_of_uploads_is_refused_beyond_the_bounds_and_the_server_keeps_its_memory(server):
    """30 PUTs of 5 MB to new file ids of one's own session (the upload URL the page would use): the first two
    are kept, the rest refused (413); the server's memory grows by what the bound allows, not by 150 MB."""
    import os
    import urllib.request

    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    from ui.uploads import SESSION_FILES

    async def session_id():  # the page drawn: the lab's bounds are in place from a server's first run on
        ws, sid, _ = await open_session(server, "overview")
        return ws, sid

    def rss() -> int:
        """The resident memory of the server process (found by its port on its command line), in bytes."""
        from pathlib import Path

        port = server.rsplit(":", 1)[1]
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
                if b"streamlit" in b" ".join(cmd) and port.encode() in cmd:
                    pages = int((proc / "statm").read_text().split()[1])
                    return pages * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                continue
        raise LookupError("no server process")

    async def flood():
        ws, sid = await session_id()
        token = generate_xsrf_token_string()
        before, codes = rss(), []
        body = os.urandom(5 * 1024 * 1024 - 4096)
        for i in range(30):
            boundary = "aevae"
            data = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="d{i}.png"\r\n'
                    "Content-Type: image/png\r\n\r\n"
                ).encode()
                + body
                + f"\r\n--{boundary}--\r\n".encode()
            )
            req = urllib.request.Request(
                f"{server}/_stcore/upload_file/{sid}/file-{i}",
                data=data,
                method="PUT",
                headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "X-Xsrftoken": token,
                    "Cookie": f"_streamlit_xsrf={token}",
                },
            )
            try:
                codes.append(urllib.request.urlopen(req, timeout=30).status)
            except urllib.error.HTTPError as e:
                codes.append(e.code)
        grown = rss() - before
        await ws.close()
        return codes, grown

    codes, grown = asyncio.run(flood())
    assert codes[:SESSION_FILES] == [204] * SESSION_FILES and set(codes[SESSION_FILES:]) == {413}, codes
    assert grown < 60 << 20, grown  # two files kept (10 MB) and the request buffers, not 150 MB
