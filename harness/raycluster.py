"""A small Ray cluster on loopback for the cluster tests and benches: a head and worker nodes, stopped afterwards.

Every node is a `ray start --block` in a process group of its own, so stopping it ends exactly the processes it
started (never another user's Ray). Nodes are kept small for a 2-core machine: no dashboard, no usage statistics,
100 MB of object store each.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
RAY = str(Path(sys.executable).with_name("ray"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [RAY, "start", "--block", "--node-ip-address", "127.0.0.1", "--disable-usage-stats", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: raylet, workers and agents stop with it
        )


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Ray's workers start sessions of their own, so a group is not enough)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError, ValueError):
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the node (Ray drains it), then SIGKILL whatever it started that is still there."""
    pids = _tree(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    for pid in reversed(pids + _tree(proc.pid)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _nodes_alive(address: str, env: dict) -> int:
    code = "import ray; ray.init(address=%r, log_to_driver=False); print(sum(n['Alive'] for n in ray.nodes()))"
    try:
        out = subprocess.run(
            [sys.executable, "-c", code % address], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
        )
        return int(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError):
        return 0


@contextlib.contextmanager
def local_cluster(head_cpus: int = 1, workers: int = 1, worker_cpus: int = 1, logs: Path | None = None):
    """Yield a running head plus `workers` worker nodes on this machine: .env is what a lab process needs to use
    it (AEVAE_RAY_ADDRESS and the cluster's token: Ray 2.60 authenticates every client), .pids() its processes."""
    logs = Path(logs or ROOT / "artifacts" / "ray")
    logs.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    address = f"127.0.0.1:{port}"
    client = {"AEVAE_RAY_ADDRESS": address, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0", "AEVAE_OFFLINE": "1", **client}
    env.pop("AEVAE_RAY_ADDRESS")
    small = ["--object-store-memory", str(100 << 20)]
    procs = [
        _start(
            ["--head", "--port", str(port), "--num-cpus", str(head_cpus), "--include-dashboard", "false", *small],
            env,
            logs / "head.log",
        )
    ]
    try:
        deadline = time.time() + 120
        while _nodes_alive(address, env) < 1:
            if time.time() > deadline or procs[0].poll() is not None:
                raise RuntimeError(f"the Ray head did not start; see {logs / 'head.log'}")
            time.sleep(1)
        for i in range(workers):
            procs.append(
                _start(["--address", address, "--num-cpus", str(worker_cpus), *small], env, logs / f"worker{i}.log")
            )
        while _nodes_alive(address, env) < 1 + workers:
            if time.time() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"a Ray worker node did not start; see {logs}")
            time.sleep(1)
        yield SimpleNamespace(env=client, pids=lambda: [pid for p in procs for pid in _tree(p.pid)])
    finally:
        for p in reversed(procs):
            _stop(p)
