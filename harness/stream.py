"""A Streamlit session spoken over its own websocket protocol (protobuf BackMsg / ForwardMsg of the installed
streamlit), for the tests and benches that play a hostile or a light student without a browser."""

from __future__ import annotations

import asyncio
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


async def read_run(ws, timeout: float = 300) -> tuple[str | None, list]:
    """(the session id if the server sent it, the elements a run drew) once the script finished for good (reruns
    followed); (None, []) if the server closed the connection or said nothing for `timeout` seconds."""
    sid, elements, t0 = None, [], time.time()
    try:
        while time.time() - t0 < timeout:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=timeout))
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                sid, elements = fm.new_session.initialize.session_id, []
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                elements.append(fm.delta.new_element)
            elif kind == "script_finished" and fm.script_finished == DONE:
                return sid, elements
    except (websockets.ConnectionClosed, TimeoutError):
        pass
    return None, []


async def open_session(url: str, page: str):
    """(websocket, session id, elements) of a new session that has drawn `page`."""
    ws = await websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None, origin=url
    )
    msg = BackMsg()
    msg.rerun_script.page_name = page
    await ws.send(msg.SerializeToString())
    sid, elements = await read_run(ws)
    return ws, sid, elements


async def send_widget(ws, page: str, widget_id: str, **value) -> list:
    """Rerun `page` with one widget's value (json_value=..., string_value=...); the elements drawn, [] if the
    server closed the connection."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    w = msg.rerun_script.widget_states.widgets.add()
    w.id = widget_id
    for k, v in value.items():
        setattr(w, k, v)
    await ws.send(msg.SerializeToString())
    return (await read_run(ws, timeout=120))[1]
