"""A hostile student against a live server while 10 ordinary students work (issue 26's probes, after the fixes).

One tiny-model dashboard (AEVAE_TINY=1, its own store, a teacher's token set). Ten ordinary sessions visit the
latent page over and over (Streamlit's own websocket protocol, bench/wsclient.py); meanwhile each probe runs in
turn, and for each the ordinary visits' seconds (median, max) and the server's memory are recorded:
  uploads     30 PUTs of 5 MB to new file ids of one's own session, from 3 sessions
  token       60 wrong teacher's tokens from 6 sessions, as fast as the server answers
  component   a 16 MB component message from 2 sessions, and the page's graphs asked for 20 times over
  folder      a crafted checkpoint in the store (an image shape of 1 x 28 x 5600, a FIFO as onnx.json), then
              the Models page and the latent page visited
Run: python bench/hostile.py [--out bench/out/hostile.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from load import _rss_tree_kb  # noqa: E402
from wsclient import visit  # noqa: E402

from harness.server import dashboard  # noqa: E402
from harness.stream import open_session as session  # noqa: E402
from harness.stream import send_widget as rerun  # noqa: E402


async def p_uploads(url: str) -> dict:
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    codes = []
    body = os.urandom(5 * 1024 * 1024 - 4096)
    for _ in range(3):
        ws, sid, _ = await session(url, "overview")
        token = generate_xsrf_token_string()
        for i in range(10):
            data = (
                b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n'
                b"Content-Type: image/png\r\n\r\n" + body + b"\r\n--b--\r\n"
            )
            req = urllib.request.Request(
                f"{url}/_stcore/upload_file/{sid}/f{i}",
                data=data,
                method="PUT",
                headers={
                    "Content-Type": "multipart/form-data; boundary=b",
                    "X-Xsrftoken": token,
                    "Cookie": f"_streamlit_xsrf={token}",
                },
            )
            try:
                codes.append(await asyncio.to_thread(lambda r=req: urllib.request.urlopen(r, timeout=60).status))
            except urllib.error.HTTPError as e:
                codes.append(e.code)
        await ws.close()
    return {"puts": len(codes), "kept": codes.count(204), "refused": codes.count(413)}


async def p_token(url: str) -> dict:
    outcomes = {"wrong": 0, "wait": 0, "accepted": 0}

    async def guesser(k: int):
        ws, _, elements = await session(url, "overview")
        box = next(e.text_input.id for e in elements if e.WhichOneof("type") == "text_input")
        for i in range(10):
            out = await rerun(ws, "overview", box, string_value=f"guess {k}-{i}-{secrets.token_hex(8)}")
            text = " ".join(e.alert.body for e in out if e.WhichOneof("type") == "alert")
            outcomes["wait" if "Too many" in text else "wrong" if "not the teacher" in text else "accepted"] += 1
        await ws.close()

    await asyncio.gather(*(guesser(k) for k in range(6)))
    return outcomes


async def p_component(url: str) -> dict:
    out = {"flood_refused": 0, "graph_sends": 0}
    for _ in range(2):
        ws, _, elements = await session(url, "latent")
        lab = next(e.bidi_component for e in elements if e.WhichOneof("type") == "bidi_component")
        names = [m["decoder"] for m in json.loads(lab.json)["models"]]
        for i in range(20):
            run = await rerun(ws, "latent", lab.id, json_value=json.dumps({"need": [*names, f"#{i}"]}))
            comp = [e.bidi_component for e in run if e.WhichOneof("type") == "bidi_component"]
            out["graph_sends"] += sum(bool(json.loads(c.json).get("graphs")) for c in comp if '"latent"' in c.json)
        flood = json.dumps({"need": ["x" * 50] * 300_000})
        out["flood_refused"] += not await rerun(ws, "latent", lab.id, json_value=flood)
        await ws.close()
    return out


async def p_folder(url: str, store_dir: str) -> dict:
    folder = Path(store_dir) / "ae-mnist-d2-crafted"
    src = next(p for p in Path(store_dir).iterdir() if p.name.startswith("ae-") and (p / "meta.json").exists())
    folder.mkdir(exist_ok=True)
    (folder / "weights.safetensors").write_bytes((src / "weights.safetensors").read_bytes())
    meta = json.loads((src / "meta.json").read_text())
    meta.update(name=folder.name)
    meta["data"]["shape"] = [1, 28, 5600]
    (folder / "meta.json").write_text(json.dumps(meta))
    os.mkfifo(src / "onnx.json")  # a reader of this file would hang; nothing reads it now
    results = [await visit(url, page, timeout=120) for page in ("models", "latent", "models")]
    return {"visits_ok": sum(r["ok"] for r in results), "visits": len(results)}


async def ordinary(url: str, stop: asyncio.Event, seconds: list) -> None:
    while not stop.is_set():
        r = await visit(url, "latent", timeout=300)
        seconds.append(r["seconds"])


async def phase(url: str, pid: int, probe) -> dict:
    stop, seconds = asyncio.Event(), []
    rss0 = _rss_tree_kb(pid)
    crowd = [asyncio.create_task(ordinary(url, stop, seconds)) for _ in range(10)]
    t0 = time.perf_counter()
    result = await probe() if probe else (await asyncio.sleep(20)) or {}
    took = time.perf_counter() - t0
    stop.set()
    await asyncio.gather(*crowd)
    return {
        **result,
        "probe_s": round(took, 1),
        "ordinary_visits": len(seconds),
        "ordinary_median_s": round(statistics.median(seconds), 2),
        "ordinary_max_s": round(max(seconds), 2),
        "server_mb_before": round(rss0 / 1024),
        "server_mb_after": round(_rss_tree_kb(pid) / 1024),
    }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--out", default=str(ROOT / "bench" / "out" / "hostile.json"))
    args = a.parse_args()
    store_dir = tempfile.mkdtemp(prefix="aevae-hostile-")
    env = {"AEVAE_TINY": "1", "AEVAE_CHECKPOINTS": store_dir, "AEVAE_TEACHER_TOKEN": secrets.token_urlsafe(16)}
    out = {}
    with dashboard(env) as (url, proc):
        asyncio.run(visit(url, "latent", timeout=600))  # the tiny models trained, the judge too
        for name, probe in (
            ("baseline", None),
            ("uploads", lambda: p_uploads(url)),
            ("token", lambda: p_token(url)),
            ("component", lambda: p_component(url)),
            ("folder", lambda: p_folder(url, store_dir)),
        ):
            out[name] = asyncio.run(phase(url, proc.pid, probe))
            print(name, json.dumps(out[name]), flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
