"""Many students on two Streamlit replicas that share one model store and one Ray cluster, beside today's single
server, in the same run.

The cluster is a Ray head and a worker node on this machine (harness/raycluster.py). Browser sessions are dealt
to the replicas in turn, directly or through nginx with cookie affinity (deploy/nginx.conf, as the deployment
uses it). On an empty store, every model must be trained exactly once across both replicas (the store's
training log counts it), with no exception on any page and no damaged checkpoint. Peak memory adds up both
replicas, their workers and every Ray process.
Run: python bench/cluster_load.py [--sessions 10] [--tiny] [--nginx] [--no-single]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from load import EXPECT, _rss_tree_kb, outcome, page_state, settle
from load import run as run_single

from harness.browser import launch
from harness.raycluster import local_cluster
from harness.server import dashboard

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(upstreams: list[str], affinity: bool = True):
    """deploy/nginx.conf in front of the given replicas (host:port), on a loopback port; yields its URL and folder
    (logs/upstream.log: one line per request, the replica that answered). affinity=False: plain round robin."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"        server {u};\n" for u in upstreams)
    conf = re.sub(r"(?m)^\s*server lab\d+:8501;\n", "", conf).replace("        # replicas\n", servers)
    if not affinity:  # the control: what a balancer without affinity does to a Streamlit session
        conf = conf.replace("        hash $aevae_route consistent;", "")
    port = _free_port()
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    work = Path(tempfile.mkdtemp(prefix="aevae-nginx-"))
    (work / "logs").mkdir()
    log = f"log_format up '$upstream_addr $request_uri'; access_log {work}/logs/upstream.log up;"
    conf = conf.replace("http {\n", "http {\n    " + log + "\n", 1)
    (work / "nginx.conf").write_text(conf)
    globals_ = f"pid {work}/nginx.pid; error_log {work}/logs/error.log; daemon off;"
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", globals_])
    try:
        deadline = time.time() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError(f"nginx did not start: {(work / 'logs' / 'error.log').read_text()}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", work
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _rss_kb(pid: int) -> int:
    """Resident memory of one process (kB); 0 when it is gone."""
    try:
        line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1])
    except (OSError, StopIteration, ValueError, IndexError):
        return 0


def _broken_images(page) -> int:
    """Images the browser could not fetch (a media file asked of a replica that does not hold it)."""
    return page.evaluate("() => [...document.images].filter(i => i.complete && i.naturalWidth === 0).length")


def run_cluster(
    sessions: int = 10,
    tiny: bool = True,
    timeout: float = 600,
    store_dir: str | None = None,
    pages: list[str] | None = None,
    replicas: int = 2,
    via_nginx: bool = False,
    affinity: bool = True,
) -> dict:
    from playwright.sync_api import sync_playwright

    store_dir = store_dir or tempfile.mkdtemp(prefix="aevae-cluster-load-")
    names = pages or list(EXPECT)
    with local_cluster(head_cpus=1, workers=1) as ray_nodes, contextlib.ExitStack() as stack:
        env = {"AEVAE_CHECKPOINTS": store_dir, **({"AEVAE_TINY": "1"} if tiny else {}), **ray_nodes.env}
        servers = [stack.enter_context(dashboard(env)) for _ in range(replicas)]
        urls = [url for url, _ in servers]
        work = None
        if via_nginx:
            front, work = stack.enter_context(nginx([u.removeprefix("http://") for u in urls], affinity))
            urls = [front]
        with sync_playwright() as p:
            browser = launch(p)
            opened, served, peak, broken = [], {}, 0, 0
            t0 = time.perf_counter()
            for i in range(sessions):  # a new browser context each: its own Streamlit session, its own cookies
                page = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
                page.goto(f"{urls[i % len(urls)]}/{names[i % len(names)]}", wait_until="commit")
                opened.append((i, names[i % len(names)], page))
            while len(served) < sessions and time.perf_counter() - t0 < timeout:
                rss = sum(_rss_tree_kb(proc.pid) for _, proc in servers)
                peak = max(peak, rss + sum(_rss_kb(pid) for pid in set(ray_nodes.pids())))
                for i, name, page in opened:
                    if i not in served and (st := page_state(page, name)):
                        served[i] = (st, time.perf_counter() - t0)
                time.sleep(0.5)
            time.sleep(1)  # let the last images load before counting broken ones
            broken = sum(_broken_images(page) for _, _, page in opened)
            browser.close()
        settle(store_dir)  # the servers still run: what they started finishes
    sockets: dict[str, int] = {}  # websocket sessions per replica, as nginx routed them
    for line in (work / "logs" / "upstream.log").read_text().splitlines() if work else []:
        if line.endswith("/_stcore/stream"):
            sockets[line.split()[0]] = sockets.get(line.split()[0], 0) + 1
    balancer = " behind nginx" + (" (cookie affinity)" if affinity else " (round robin, no affinity)")
    return {
        "setup": f"{replicas} replicas" + (balancer if via_nginx else "") + ", Ray 2 nodes",
        "sessions_per_replica": sorted(sockets.values()) if via_nginx else [sessions // replicas] * replicas,
        "sessions": sessions,
        "tiny": tiny,
        **outcome(served, store_dir),
        "broken_images": broken,
        "peak_rss_mb": round(peak / 1024),
    }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--sessions", type=int, default=10)
    a.add_argument("--tiny", action="store_true", help="600 digits, 2 epochs (as the tests)")
    a.add_argument("--pages", nargs="*", choices=list(EXPECT), help="pages the sessions open in turn")
    a.add_argument("--nginx", action="store_true", help="sessions reach the replicas through deploy/nginx.conf")
    a.add_argument("--no-affinity", action="store_true", help="with --nginx: round robin (the control)")
    a.add_argument("--no-single", action="store_true", help="skip the single-server run beside it")
    a.add_argument("--store", help="the replicas' model store (default: a new empty one)")
    a.add_argument("--timeout", type=float, default=600, help="seconds until every session must show its page")
    args = a.parse_args()
    if not args.no_single:
        single = run_single(args.sessions, args.tiny, args.timeout, pages=args.pages)
        print(json.dumps({"setup": "1 server, local pool", **single}))
    res = run_cluster(
        args.sessions,
        args.tiny,
        args.timeout,
        args.store,
        args.pages,
        via_nginx=args.nginx,
        affinity=not args.no_affinity,
    )
    print(json.dumps(res))


if __name__ == "__main__":
    main()
