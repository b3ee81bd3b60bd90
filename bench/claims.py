"""The random-code claim, measured four ways for the shipped AE and VAE at latent sizes 2 and 5: the share of
2,000 decoded codes the lab's judge does NOT recognise (holes), for codes drawn from N(0, I) (the talk's way),
uniformly over the codes' range, from a Gaussian fitted to the model's training codes (Ghosh et al. 2020), and
at midpoints of two held-out digits of different classes; beside the codes' spread and their KL to N(0, I).
Real held-out digits give the judge's own floor.

Run: python bench/claims.py [--dataset mnist55k]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np
import torch

from core import analysis, metrics, presets
from core.data import DEFAULT_DATASET, load
from core.store import Store

N = 2000


def holes(judge, images: torch.Tensor) -> float:
    return round(1 - metrics.recognised_share(metrics.judge(judge, images)[0]), 3)


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--dataset", default=DEFAULT_DATASET)
    args = a.parse_args()
    store = Store()
    judge = store.load(presets.classifier(args.dataset))[0]
    ds = load(presets.data_config(args.dataset))
    rng = np.random.default_rng(0)
    out = {"real held-out digits": holes(judge, ds.x_test[:N])}
    for d in (2, presets.GEN_DIM):
        for kind in ("ae", "vae"):
            model = store.load(presets.trio(d, args.dataset)[kind])[0]
            z_train = analysis.encode(model, ds.x_train[:10_000])
            z_test = analysis.encode(model, ds.x_test[:N])
            draws = analysis.prior_codes(N, d, 0)
            lo, hi = z_train.min(0), z_train.max(0)
            uniform = (lo + rng.random((N, d)) * (hi - lo)).astype(np.float32)
            fitted = analysis.fitted_codes(analysis.fit_gaussian(z_train), draws)
            y = ds.y_test[:N].numpy()
            i, j = rng.integers(0, N, (2, 4 * N))
            keep = y[i] != y[j]
            mid = ((z_test[i[keep]][:N] + z_test[j[keep]][:N]) / 2).astype(np.float32)
            dec = lambda z, m=model: analysis.decode(m, torch.from_numpy(np.ascontiguousarray(z)))
            out[f"{kind} d={d}"] = {
                "N(0, I)": holes(judge, dec(draws)),
                "uniform over the codes' range": holes(judge, dec(uniform)),
                "Gaussian fitted to the codes": holes(judge, dec(fitted)),
                "midpoints of two classes": holes(judge, dec(mid)),
                "code spread (std)": round(float(z_test.std(0).mean()), 2),
                "KL of the codes to N(0, I)": round(metrics.aggregate_kl(z_test), 2),
            }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
