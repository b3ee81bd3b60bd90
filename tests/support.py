"""Helpers several test files share (fixtures stay in conftest.py)."""

import time

from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig


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

