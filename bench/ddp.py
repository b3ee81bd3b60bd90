"""Data-parallel training (Ray Train, DDP over gloo) on this machine: 1 vs 2 workers against the one-process loop.

Same configuration each time (a conv VAE on a folder of face images; global batch fixed), so the loss curves must
agree; reports images/s per epoch after the first (start-up excluded) and the final test loss.
Run: python bench/ddp.py [--data-dir ../shared/data/faces/celeba_align_89x109] [--limit 2000] [--epochs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import cluster
from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.data import load
from core.provision import get_or_train
from core.store import Store
from core.train import train_new


def _summary(label: str, history: dict, wall: float) -> dict:
    sps = history["samples_per_s"][1:] or history["samples_per_s"]
    return {
        "run": label,
        "images_per_s": round(sum(sps) / len(sps)),
        "test_loss": [round(v, 2) for v in history["test_loss"]],
        "wall_s": round(wall, 1),
    }


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "faces" / "celeba_align_89x109"))
    a.add_argument("--limit", type=int, default=2000)
    a.add_argument("--epochs", type=int, default=3)
    a.add_argument("--batch-size", type=int, default=64)
    args = a.parse_args()
    data = DataConfig("image-folder", data_dir=str(Path(args.data_dir).resolve()), image_size=64, limit=args.limit)
    spec = RunSpec(
        data, ModelConfig("conv-vae", latent_dim=128), TrainConfig(epochs=args.epochs, batch_size=args.batch_size)
    )
    ds = load(data)
    out = []
    t0 = time.perf_counter()
    _, hist = train_new(spec, ds, "cpu")  # today's path: one process, torch threads on both cores
    out.append(
        _summary(f"one process, {os.cpu_count()} threads", hist.to_dict(orient="list"), time.perf_counter() - t0)
    )
    for workers, threads in ((1, os.cpu_count() or 1), (2, max(1, (os.cpu_count() or 2) // 2))):
        os.environ["AEVAE_RAY_CPUS"] = str(threads)
        store = Store(tempfile.mkdtemp(prefix="aevae-ddp-"))
        t0 = time.perf_counter()
        _, meta = get_or_train(store, spec, "cpu", workers=workers) if workers > 1 else _one_worker(store, spec)
        out.append(
            _summary(
                f"Ray Train, {workers} worker{'s' * (workers != 1)} x {threads} thread{'s' * (threads != 1)}",
                meta["history"],
                time.perf_counter() - t0,
            )
        )
    cluster.disconnect()
    for row in out:
        print(json.dumps(row))


def _one_worker(store: Store, spec: RunSpec):
    """Ray Train with a single worker: the same code path as --workers N, world size 1."""
    model, meta = cluster.train_data_parallel(spec, 1, "cpu", store.root / ".locks" / "ray")
    return model, meta


if __name__ == "__main__":
    main()
