"""Does a model asked for from the browser train as fast as the same model in `--preset classroom`?

Same machine, same run, alternating: (a) a real server with an empty store, one light session opening the
latent page (its three models trained by the server's job queue); (b) the same three models trained by the
preset's code path (`classroom.train_many`) into another empty store. Times are wall seconds until stored.
Run: python bench/browser_vs_preset.py [--rounds 2] [--tiny]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from wsclient import visit

from harness.server import dashboard


def training_s(store_dir: str) -> float:
    """Seconds spent training, summed over the stored models (each checkpoint records its own)."""
    from core.store import Store

    return float(Store(store_dir).list()["wall_time_s"].sum())


def browser(tiny: bool) -> tuple[float, float]:
    store_dir = tempfile.mkdtemp(prefix="aevae-b-")
    env = {"AEVAE_CHECKPOINTS": store_dir, **({"AEVAE_TINY": "1"} if tiny else {})}
    with dashboard(env) as (url, _):
        t0 = time.perf_counter()
        res = asyncio.run(visit(url, "latent", 900))
        assert res["ok"], res
        return time.perf_counter() - t0, training_s(store_dir)


def preset(tiny: bool) -> tuple[float, float]:
    if tiny:
        os.environ["AEVAE_TINY"] = "1"
    from core import presets
    from core.classroom import train_many
    from core.store import Store

    specs = list(presets.trio(2).values())
    store_dir = tempfile.mkdtemp(prefix="aevae-p-")
    t0 = time.perf_counter()
    train_many(Store(store_dir), specs)
    return time.perf_counter() - t0, training_s(store_dir)


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--tiny", action="store_true")
    args = a.parse_args()
    b, p = [], []
    for _ in range(args.rounds):
        b.append(browser(args.tiny))
        p.append(preset(args.tiny))
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    out = {
        "browser_page_drawn_s": [round(x[0], 1) for x in b],  # first visit: server imports, pool start, drawing
        "preset_wall_s": [round(x[0], 1) for x in p],
        "browser_training_s": [round(x[1], 1) for x in b],  # the models' own training time, as stored
        "preset_training_s": [round(x[1], 1) for x in p],
        "training_ratio_median": round(med(b, 1) / med(p, 1), 2),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
