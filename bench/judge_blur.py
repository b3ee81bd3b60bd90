"""Does the judge call blur a hole? Its recognised share (>= 90% confident in one class) on real held-out digits,
sharp, blurred (Gaussian, sigma in pixels) and noisy, beside the same for the VAE's decoded N(0, I) draws, and a
plain Fréchet distance in the judge's features to real digits (with its real-vs-real floor), which grows with blur,
and the measure the lab uses beside it, which does not: the relative Fréchet distance (divided by the reference's
spread) of a model's samples to the same model's reconstructions of real digits (core.metrics.generation's
"frechet_recon"). For a blurred real digit, "the model" is the blur: its reconstructions are other blurred digits.
Uses the shipped models (checkpoints/shipped) of the lab's default data set.

Run: python bench/judge_blur.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch
from torchvision.transforms.functional import gaussian_blur

from core import analysis, metrics, presets
from core.data import load
from core.noise import corrupt
from core.store import Store


def blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    if sigma == 0:
        return x
    k = 2 * int(3 * sigma + 0.5) + 1
    return gaussian_blur(x, [k, k], [sigma, sigma])


def main() -> None:
    store = Store()
    judge_spec = presets.classifier()
    judge = store.load(judge_spec)[0]
    x = load(judge_spec.data).x_test[:2000]
    _, f_real = metrics.judge(judge, x[:1000])
    _, f_other = metrics.judge(judge, x[1000:2000])
    rows = {"frechet_floor_real_vs_real": round(metrics.frechet_distance(f_real, f_other), 2)}
    for sigma in (0, 0.5, 0.75, 1.0, 1.5, 2.0):
        probs, feats = metrics.judge(judge, blur(x[1000:2000], sigma))
        _, f_own = metrics.judge(judge, blur(x[:1000], sigma))
        rows[f"real, blur sigma {sigma}"] = {
            "recognised": round(metrics.recognised_share(probs), 3),
            "frechet": round(metrics.frechet_distance(feats, f_real), 2),
            "relative_frechet_to_real": round(metrics.relative_frechet(feats, f_real), 4),
            "frechet_recon": round(metrics.relative_frechet(feats, f_own), 4),
        }
    for level in (0.1, 0.2, 0.3, 0.5):
        noisy = corrupt(x[1000:2000], "gaussian", level, torch.Generator().manual_seed(1))
        probs, feats = metrics.judge(judge, noisy)
        rows[f"real, Gaussian noise {level}"] = {
            "recognised": round(metrics.recognised_share(probs), 3),
            "frechet": round(metrics.frechet_distance(feats, f_real), 2),
        }
    ds = load(judge_spec.data)
    for d in (2, presets.GEN_DIM):
        trio = {k: store.load(presets.trio(d)[k])[0] for k in ("ae", "vae", "pca")}
        gen = metrics.generation(trio, judge, ds.x_test, 2000, x_train=ds.x_train[:10_000])
        for kind, g in gen.items():
            if kind in trio:
                rows[f"{kind} d={d}, distance to its reconstructions"] = {
                    m: round(g[m], 4) for m in ("frechet_recon", "frechet_fitted_recon", "frechet_recon_floor")
                }
        for kind in ("ae", "vae"):
            model = trio[kind]
            probs, feats = metrics.judge(judge, analysis.prior_samples(model, analysis.prior_codes(1000, d, 0)))
            rows[f"{kind} d={d}, N(0, I) draws"] = {
                "recognised": round(metrics.recognised_share(probs), 3),
                "frechet": round(metrics.frechet_distance(feats, f_real), 2),
            }
            recon = analysis.reconstruct(model, x[1000:2000])
            probs, feats = metrics.judge(judge, recon)
            rows[f"{kind} d={d}, reconstructions of real digits"] = {
                "recognised": round(metrics.recognised_share(probs), 3),
                "frechet": round(metrics.frechet_distance(feats, f_real), 2),
            }
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
