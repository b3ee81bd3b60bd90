"""The judge of generated images: does the classifier reach its stated test accuracy, in how many epochs and
seconds, and what share of real test images does it recognise at the 0.9 confidence bar (the ceiling)?

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

from core import metrics, presets
from core.data import load
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
                }
            )
        )


if __name__ == "__main__":
    main()
