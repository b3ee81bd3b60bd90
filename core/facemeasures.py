"""The faces page's claims, measured with the face judge (core.facejudge) on held-out faces.

- attribute_effects: moving a face's code along a named direction (core.faces) by +step and -step: the judge's
  probability of that attribute before and after, how much the other attributes move, and how far the face moves
  from the original (the same person, or not).
- realism: how face-like random faces are: a Fréchet distance in the judge's 128 features to real held-out faces
  (with its real-vs-real floor; not Inception's FID, which needs a download), and sharpness (the variance of the
  Laplacian, as a share of real faces').
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from core.analysis import decode, encode, fit_gaussian, fitted_samples, prior_codes, prior_samples
from core.metrics import frechet_distance, judge

STEP = 1.0  # the step along a named direction: once the mean difference between faces with and without it
REPORT = "face-report.json"
VERSION = 1  # bump when a measure changes: a kept report of another version is measured again


def attribute_effects(model, judge_model, x: Tensor, vectors: np.ndarray, attributes: list[str], step: float = STEP):
    """Per attribute (rows of vectors, in the judge's order): mean P(attribute) on the model's reconstructions of x
    ("before"), after adding +step and -step times the direction ("up", "down"); the mean absolute change of the
    other attributes' probabilities going up ("others"); the mean squared distance to the original faces of the
    reconstructions and of the moved faces ("mse_before", "mse_up"); and the judge on the originals ("real")."""
    z = encode(model, x)
    base = decode(model, z)
    p_real = judge(judge_model, x)[0]
    p_base = judge(judge_model, base)[0]
    mse_base = float(((base - x) ** 2).mean())
    rows = []
    for j, name in enumerate(attributes):
        up = decode(model, z + step * vectors[j])
        down = decode(model, z - step * vectors[j])
        p_up, p_down = judge(judge_model, up)[0], judge(judge_model, down)[0]
        others = np.delete(np.abs(p_up - p_base), j, axis=1).mean()
        rows.append(
            {
                "attribute": name,
                "real": float(p_real[:, j].mean()),
                "before": float(p_base[:, j].mean()),
                "up": float(p_up[:, j].mean()),
                "down": float(p_down[:, j].mean()),
                "others": float(others),
                "mse_before": mse_base,
                "mse_up": float(((up - x) ** 2).mean()),
            }
        )
    return rows


def sharpness(x: Tensor) -> np.ndarray:
    """Per image: the variance of the Laplacian of its luma (a blurred image has a small one), pixels in [0, 255]."""
    luma = (x[:, :1] * 0.299 + x[:, 1:2] * 0.587 + x[:, 2:3] * 0.114) * 255 if x.shape[1] == 3 else x * 255
    kernel = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]).view(1, 1, 3, 3)
    return F.conv2d(luma, kernel).flatten(1).var(1).numpy()


SAMPLERS = ("prior", "fitted")  # N(0, I) draws decoded; draws through a Gaussian fitted to the training codes


def realism(models: dict, judge_model, x_test: Tensor, x_train: Tensor, n: int = 1000, seed: int = 0) -> dict:
    """Fréchet distances in the judge's features to the first n held-out faces, and sharpness as a share of
    theirs: the next n held-out faces ("real", the floor: what sampling alone gives), each model's reconstructions
    of those next n ("<kind>/recon", the decoder's own blur), and its random faces, n of each sampler
    ("<kind>/prior", "<kind>/fitted"; PCA has one Gaussian: its prior is fitted)."""
    n = min(n, len(x_test) // 2)
    ref, other = x_test[:n], x_test[n : 2 * n]
    f_ref = judge(judge_model, ref)[1]
    sharp = float(sharpness(ref).mean())

    def row(images: Tensor) -> dict:
        return {
            "frechet": frechet_distance(judge(judge_model, images)[1], f_ref),
            "sharpness": float(sharpness(images).mean()) / sharp,
        }

    out = {"real": row(other)}
    z = prior_codes(n, next(iter(models.values())).latent_dim, seed)
    for kind, model in models.items():
        out[f"{kind}/recon"] = row(decode(model, encode(model, other)))
        out[f"{kind}/prior"] = row(prior_samples(model, z))
        if kind != "pca":
            out[f"{kind}/fitted"] = row(fitted_samples(model, fit_gaussian(encode(model, x_train)), z))
    return out


def report_key(metas: dict[str, dict], judge_meta: dict, vectors_sha: str, n_effects: int, n_realism: int) -> str:
    """What a kept report was measured on: the exact weights of each model and of the judge, the named directions
    and the numbers of faces."""
    parts = {
        "models": {k: [m["name"], m.get("weights_sha256")] for k, m in sorted(metas.items())},
        "judge": judge_meta.get("weights_sha256"),
        "directions": vectors_sha,
        "n": [n_effects, n_realism],
        "version": VERSION,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def file_sha(path: Path) -> str:
    from core.store import _sha256

    try:
        return _sha256(path)
    except OSError:
        return ""


def measure(
    models: dict, metas: dict, judge_model, judge_meta: dict, ds, n_effects: int = 500, n_realism: int = 1000
) -> dict:
    """The whole faces report on a data set's held-out faces (ds: the face models' own split): per model the
    attribute effects of its named directions (core.faces.load_attributes) and the realism rows; keyed by what it
    was measured on (report_key)."""
    from core import faces

    effects = {}
    for kind, model in models.items():
        named = faces.load_attributes(metas[kind]["name"])
        if named is None or named["attributes"] != judge_meta["attributes"]:
            continue
        x = ds.x_test[:n_effects]
        effects[kind] = attribute_effects(model, judge_model, x, named["vectors"], named["attributes"])
    return {
        "key": report_key(metas, judge_meta, file_sha(faces.SHIPPED / faces.ATTRIBUTE_FILE), n_effects, n_realism),
        "version": VERSION,
        "step": STEP,
        "n_effects": min(n_effects, len(ds.x_test)),
        "n_realism": min(n_realism, len(ds.x_test) // 2),
        "effects": effects,
        "realism": realism(models, judge_model, ds.x_test, ds.x_train, n_realism),
    }


def keep(report: dict, root: Path) -> Path:
    path = root / REPORT
    tmp = path.with_name(f".{REPORT}.tmp")
    tmp.write_text(json.dumps(report, indent=1))
    tmp.replace(path)
    return path


def kept(metas: dict, judge_meta: dict, root: Path, n_effects: int = 500, n_realism: int = 1000) -> dict | None:
    """The kept report, if it was measured on exactly these models, judge and directions; else None."""
    from core import faces

    path = root / REPORT
    try:
        if path.stat().st_size > 1 << 20:
            return None
        report = json.loads(path.read_text())
        want = report_key(metas, judge_meta, file_sha(root / faces.ATTRIBUTE_FILE), n_effects, n_realism)
        return report if isinstance(report, dict) and report.get("key") == want and well_formed(report) else None
    except (OSError, ValueError):
        return None


EFFECT_FIELDS = ("real", "before", "up", "down", "others", "mse_before", "mse_up")


def well_formed(report: dict) -> bool:
    """A kept report has the shape the page reads (a file that only carries the right key is not trusted further)."""

    def num(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

    try:
        effects, realism = report["effects"], report["realism"]
        ok = isinstance(effects, dict) and isinstance(realism, dict) and "real" in realism
        ok = ok and all(isinstance(n, int) and n > 0 for n in (report["n_effects"], report["n_realism"]))
        for rows in effects.values():
            good = (isinstance(r, dict) and isinstance(r.get("attribute"), str) for r in rows)
            ok = ok and isinstance(rows, list) and all(good) and all(num(r.get(f)) for r in rows for f in EFFECT_FIELDS)
        for row in realism.values():
            ok = ok and isinstance(row, dict) and num(row.get("frechet")) and num(row.get("sharpness"))
        return bool(ok)
    except (KeyError, TypeError):
        return False


def markdown(report: dict, labels: dict[str, str]) -> str:
    """The report as two markdown tables (English; the page shows its own, translated)."""
    lines = [
        f"Moving {report['n_effects']} held-out faces by ±{report['step']:g} × each named direction: the face judge's "
        "mean P(attribute) on the reconstructions, then after +step and −step; how much the other nine attributes "
        "move; the mean squared distance to the original before → after.",
        "",
        "| attribute | model | P real | P before | P +step | P −step | others moved | MSE before → after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    kinds = list(report["effects"])
    attributes = [r["attribute"] for r in report["effects"][kinds[0]]] if kinds else []
    for j, a in enumerate(attributes):
        for kind in kinds:
            r = report["effects"][kind][j]
            lines.append(
                f"| {a} | {labels.get(kind, kind)} | {r['real']:.2f} | {r['before']:.2f} | {r['up']:.2f} | "
                f"{r['down']:.2f} | {r['others']:.2f} | {r['mse_before']:.4f} → {r['mse_up']:.4f} |"
            )
    lines += [
        "",
        f"Realism: Fréchet distance in the face judge's 128 features to {report['n_realism']} held-out faces (not "
        "Inception's FID; lower is closer), and sharpness (variance of the Laplacian) as a share of real faces'.",
        "",
        "| images | Fréchet distance | sharpness (real = 1) |",
        "|---|---|---|",
    ]
    what = {"recon": "reconstructions", "prior": "N(0, I) draws", "fitted": "a Gaussian fitted to its codes"}
    for name, r in report["realism"].items():
        kind, _, sampler = name.partition("/")
        label = "other real held-out faces (floor)" if name == "real" else f"{labels.get(kind, kind)}: {what[sampler]}"
        if name == "pca/prior":
            label = f"{labels.get(kind, kind)}: its Gaussian"
        lines.append(f"| {label} | {r['frechet']:.1f} | {r['sharpness']:.2f} |")
    return "\n".join(lines)
