"""`python -m core.train --preset classroom` from an empty store, timed as a user runs it (a fresh process each time).

    python bench/preset.py [--runs 3] [--against OTHER_CHECKOUT]

Per run: wall time from the command's start, and when the first and the third training began (the first two
start side by side on the two workers; the third shows how long a worker's first model took). With --against,
runs of this checkout and of another one (e.g. `git worktree add /tmp/old HEAD~1`) alternate, with the same
Python, so a drift of the machine's speed hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(checkout: Path) -> dict:
    store = Path(tempfile.mkdtemp(prefix="aevae-preset-"))
    try:
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "core.train", "--preset", "classroom", "--checkpoints", str(store)],
            cwd=checkout,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(checkout)},
        )
        wall = time.time() - t0
        if out.returncode:
            sys.exit(f"{checkout}: the preset failed:\n{out.stderr[-2000:]}")
        starts = sorted(float(line.split("\t")[2]) for line in (store / ".locks" / "trainings.log").open())
        return {
            "wall_s": round(wall, 2),
            "first_training_s": round(starts[0] - t0, 2),
            "third_training_s": round(starts[2] - t0, 2),
            "trainings": len(starts),
            "summary": json.loads(out.stdout.strip().splitlines()[-1]),
        }
    finally:
        shutil.rmtree(store, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--against", type=Path, default=None, help="another checkout, run alternately with this one")
    a = p.parse_args()
    checkouts = {"this": ROOT, **({"other": a.against.resolve()} if a.against else {})}
    runs: dict[str, list[dict]] = {k: [] for k in checkouts}
    for i in range(a.runs):
        order = list(checkouts.items()) if i % 2 == 0 else list(checkouts.items())[::-1]
        for name, path in order:
            r = one_run(path)
            runs[name].append(r)
            print(name, {k: v for k, v in r.items() if k != "summary"}, file=sys.stderr, flush=True)
    report = {}
    for name, rs in runs.items():
        report[name] = {
            "checkout": str(checkouts[name]),
            **{
                k: {
                    "median": round(statistics.median(r[k] for r in rs), 2),
                    "min": min(r[k] for r in rs),
                    "max": max(r[k] for r in rs),
                }
                for k in ("wall_s", "first_training_s", "third_training_s")
            },
            "models": rs[0]["summary"]["models"],
            "runs": rs,
        }
    if a.against:
        report["this_over_other_wall"] = [
            round(x["wall_s"] / y["wall_s"], 3) for x, y in zip(runs["this"], runs["other"])
        ]
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
