"""A light student: one Streamlit session over a bare websocket (no browser), which runs a page to its end.

It speaks Streamlit's own protocol (protobuf BackMsg / ForwardMsg from the installed streamlit package):
ask for a page, then read what the server sends until the page's script finishes (after any reruns).
"""

from __future__ import annotations

import asyncio
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


async def visit(url: str, page: str, timeout: float = 600) -> dict:
    """Open one session on `page`; return {"ok", "seconds", "elements", "exceptions", "runs"} when it is drawn."""
    t0 = time.perf_counter()
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None, origin=url) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        elements = exceptions = runs = 0
        while time.perf_counter() - t0 < timeout:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=timeout))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                elements += 1
                exceptions += fm.delta.new_element.WhichOneof("type") == "exception"
            elif kind == "script_finished":
                runs += 1
                if fm.script_finished == DONE:  # not a rerun: the page is complete
                    break
        seconds = time.perf_counter() - t0
    return {
        "ok": exceptions == 0 and runs > 0,
        "seconds": seconds,
        "elements": elements,
        "exceptions": exceptions,
        "runs": runs,
    }


async def crowd(url: str, pages: list[str], n: int, timeout: float = 600) -> list[dict]:
    """n light sessions at once, opening the pages in turn."""
    jobs = [visit(url, pages[i % len(pages)], timeout) for i in range(n)]
    out = await asyncio.gather(*jobs, return_exceptions=True)
    return [r if isinstance(r, dict) else {"ok": False, "error": repr(r)} for r in out]
