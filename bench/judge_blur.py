"""Does the judge call blur a hole? Its recognised share (>= 90% confident in one class) on real held-out digits,
sharp, blurred (Gaussian, sigma in pixels) and noisy, beside the same for the VAE's decoded N(0, I) draws, and a
measure that is not about sharpness: the Fréchet distance in the judge's features to real digits, with its
real-vs-real floor. Uses the shipped models (checkpoints/shipped) of the lab's default data set.

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
        rows[f"real, blur sigma {sigma}"] = {
            "recognised": round(metrics.recognised_share(probs), 3),
            "frechet": round(metrics.frechet_distance(feats, f_real), 2),
        }
    for level in (0.1, 0.2, 0.3, 0.5):
        noisy = corrupt(x[1000:2000], "gaussian", level, torch.Generator().manual_seed(1))
        probs, feats = metrics.judge(judge, noisy)
        rows[f"real, Gaussian noise {level}"] = {
            "recognised": round(metrics.recognised_share(probs), 3),
            "frechet": round(metrics.frechet_distance(feats, f_real), 2),
        }
    for d in (2, presets.GEN_DIM):
        for kind in ("ae", "vae"):
            model = store.load(presets.trio(d)[kind])[0]
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
