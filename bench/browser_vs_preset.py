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
from serve import dashboard
from wsclient import visit


def browser(tiny: bool) -> float:
    env = {"AEVAE_CHECKPOINTS": tempfile.mkdtemp(prefix="aevae-b-"), **({"AEVAE_TINY": "1"} if tiny else {})}
    with dashboard(env) as (url, _):
        t0 = time.perf_counter()
        res = asyncio.run(visit(url, "latent", 900))
        assert res["ok"], res
        return time.perf_counter() - t0


def preset(tiny: bool) -> float:
    if tiny:
        os.environ["AEVAE_TINY"] = "1"
    from core import presets
    from core.classroom import train_many
    from core.store import Store

    specs = list(presets.trio(2).values())
    t0 = time.perf_counter()
    train_many(Store(tempfile.mkdtemp(prefix="aevae-p-")), specs)
    return time.perf_counter() - t0


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--tiny", action="store_true")
    args = a.parse_args()
    b, p = [], []
    for _ in range(args.rounds):
        b.append(browser(args.tiny))
        p.append(preset(args.tiny))
    print(
        json.dumps(
            {
                "browser_latent_page_s": [round(x, 1) for x in b],
                "preset_same_models_s": [round(x, 1) for x in p],
                "ratio_median": round(statistics.median(b) / statistics.median(p), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
