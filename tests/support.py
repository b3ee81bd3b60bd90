"""Helpers several test files share (fixtures stay in conftest.py)."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig

ROOT = Path(__file__).resolve().parents[1]


def spec(kind="ae", epochs=2, dim=2, limit=400, train: dict | None = None, **model) -> RunSpec:
    """A tiny MNIST run: `limit` digits, `epochs` epochs; `model` and `train` add knobs (beta=4.0, {"lr": 1e-2})."""
    return RunSpec(
        DataConfig("mnist", limit=limit),
        ModelConfig(kind=kind, latent_dim=dim, **model),
        TrainConfig(epochs=epochs, **(train or {})),
    )


def wait(jobs, specs, timeout=240, waiting=None):
    """Wait until the jobs are done, as a page would: asking about `waiting` (default: all) meanwhile."""
    t0 = time.time()
    while jobs.busy(specs) and time.time() - t0 < timeout:
        jobs.touch(specs if waiting is None else waiting)
        time.sleep(0.2)


def run_script(path: str, *args: str, timeout: float) -> dict:
    """`python path args` from the repository root, as a user runs a bench; its last line of output, as JSON."""
    proc = subprocess.Popen(
        [sys.executable, path, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:  # past the timeout, or the test was stopped: Ctrl-C, so its own cleanup stops
            proc.send_signal(signal.SIGINT)  # the servers, browsers and Ray nodes it started
            try:
                proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert proc.returncode == 0, err[-2000:]
    return json.loads(out.splitlines()[-1])
