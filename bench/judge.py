"""The judge of generated images: does the classifier reach its stated test accuracy, in how many epochs and
seconds, what share of real test images does it recognise at the 0.9 confidence bar (the ceiling), and what
share of noise (which it was taught to call no class; fresh draws) does it still call a class?

Run: python bench/judge.py [--data-root ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch

from core import metrics, presets
from core.data import load
from core.noise import outliers
from core.provision import get_or_train
from core.store import Store


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--data-root", default=str(ROOT.parent / "shared" / "data"))
    args = a.parse_args()
    store = Store(tempfile.mkdtemp(prefix="aevae-judge-"))
    for dataset, folder in (("mnist", None), ("mnist-full", "mnist"), ("fashion-mnist", "fashion-mnist")):
        spec = presets.classifier(dataset, str(Path(args.data_root) / folder) if folder else None)
        clf, meta = get_or_train(store, spec)
        x = load(spec.data).x_test
        probs, _ = metrics.judge(clf, x)
        noise, _ = metrics.judge(clf, outliers(3000, x.shape[1:], torch.Generator().manual_seed(123)))
        uniform, _ = metrics.judge(clf, torch.rand(1000, *x.shape[1:], generator=torch.Generator().manual_seed(7)))
        hist = meta["history"]
        print(
            json.dumps(
                {
                    "dataset": dataset,
                    "target": spec.train.stop_at,
                    "test_accuracy": round(meta["metrics"]["test_accuracy"], 4),
                    "epochs_used": len(hist["epoch"]),
                    "epoch_budget": spec.train.epochs,
                    "train_s": round(meta["wall_time_s"], 1),
                    "real_recognised_at_0.9": round(metrics.recognised_share(probs), 4),
                    "noise_recognised_at_0.9": round(metrics.recognised_share(noise), 4),  # unseen draws of its noise
                    "uniform_noise_recognised_at_0.9": round(metrics.recognised_share(uniform), 4),
                }
            )
        )


if __name__ == "__main__":
    main()
