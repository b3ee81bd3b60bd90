"""The scoreboard: every metric for PCA, AE, VAE (and the denoising AE) in one table; CLI writes Markdown/CSV."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from core import data as data_mod
from core import metrics, presets
from core.analysis import encode
from core.store import Store

COLUMNS = ("PCA", "AE", "VAE", "DAE")
DENOISE_LEVEL = 0.5
# (key, metric, meaning, better): better is "lower", "higher" or None (information, no winner)
ROWS = [
    ("mse", "MSE / pixel", "reconstruction error of test images (lower is better)", "lower"),
    ("bce", "BCE (nats / image)", "reconstruction error as the models are trained", "lower"),
    ("neg_elbo", "negative ELBO (nats)", "the VAE's training loss on test images: reconstruction + KL", "lower"),
    ("elbo_recon", "  of which reconstruction", "the part paid for imperfect reconstructions", None),
    ("elbo_kl", "  of which KL", "the part paid for keeping codes close to N(0, I)", None),
    ("iw_nll", "−log p(x), 50 importance samples", "a tighter estimate of how unlikely test images are", "lower"),
    ("knn", "k-NN accuracy on codes (k = 5)", "how well the classes separate in the code space", "higher"),
    ("trust", "trustworthiness (5 neighbours)", "are neighbours in the code space also neighbours in pixels", "higher"),
    ("agg_kl", "KL of the code cloud to N(0, I)", "how far the codes lie from where random codes are drawn", "lower"),
    ("active", "active latent units", "code coordinates that vary across images (of the latent size)", None),
    ("recognised", "recognised random samples", "share of decoded N(0, I) draws the classifier calls a digit with ≥ 90% confidence (1 − holes)", "higher"),
    ("coverage", "classes among random samples", "how many of the 10 classes get at least 2% of the samples", "higher"),
    ("confidence", "classifier confidence on samples", "mean top probability for decoded N(0, I) draws", "higher"),
    ("frechet", "Fréchet distance to test images", "distance of sample features to real ones (real vs real floor in the note)", "lower"),
    ("psnr", "PSNR, Gaussian noise σ = 0.5 (dB)", "denoising quality against the clean image", "higher"),
    ("ssim", "SSIM, Gaussian noise σ = 0.5", "structural similarity to the clean image (scikit-image)", "higher"),
]
ProgressFn = Callable[[int, int, str], None]


def specs_for(dataset: str, data_dir: str | None, latent_dim: int) -> dict:
    return {**{k.upper(): s for k, s in presets.trio(latent_dim, dataset, data_dir).items()},
            "DAE": presets.denoiser(dataset, data_dir), "classifier": presets.classifier(dataset, data_dir)}


def build(models: dict, ds: data_mod.Dataset, n_eval: int = 2000, progress: ProgressFn | None = None,
          seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """models: {"PCA", "AE", "VAE", "DAE": model, "classifier": clf}. Returns (scoreboard, details for charts)."""
    steps = ["reconstruction", "likelihood", "codes", "generation", "denoising"]
    tick = (lambda i: progress(i, len(steps), steps[i])) if progress else (lambda i: None)
    x = ds.x_test[:n_eval]
    vals: dict[str, dict[str, float]] = {c: {} for c in COLUMNS}
    tick(0)
    for name in ("PCA", "AE", "VAE"):  # the DAE has another latent size: it only competes at denoising
        vals[name].update(metrics.reconstruction(models[name], x))
    tick(1)
    vae = models["VAE"]
    e = metrics.elbo(vae, x, seed)
    vals["VAE"].update(neg_elbo=e["neg_elbo"], elbo_recon=e["recon"], elbo_kl=e["kl"],
                       iw_nll=metrics.iw_nll(vae, x[:1000], k=50, seed=seed))
    tick(2)
    for name in ("PCA", "AE", "VAE"):
        m = models[name]
        z_train, z_test = encode(m, ds.x_train[:10_000]), encode(m, x)
        vals[name].update(knn=metrics.knn_accuracy(z_train, ds.y_train[:10_000].numpy(), z_test, ds.y_test[:n_eval].numpy()),
                          trust=metrics.trustworthiness(x[:1000], z_test[:1000]), agg_kl=metrics.aggregate_kl(z_test),
                          active=metrics.active_units(z_test))
    tick(3)
    gen = metrics.generation({n: models[n] for n in ("PCA", "AE", "VAE")}, models["classifier"], x, n_eval, seed)
    for name in ("PCA", "AE", "VAE"):
        vals[name].update({k: gen[name][k] for k in ("recognised", "coverage", "confidence", "frechet")})
    tick(4)
    levels = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
    curves = pd.DataFrame(metrics.denoising({n: models[n] for n in COLUMNS}, x[:500], "gaussian", levels, seed + 1))
    at = curves[np.isclose(curves["level"], DENOISE_LEVEL)].set_index("model")
    for name in COLUMNS:
        vals[name].update(psnr=at.loc[name, "psnr"], ssim=at.loc[name, "ssim"])
    rows = []
    for key, metric, meaning, better in ROWS:
        row = {"metric": metric, **{c: vals[c].get(key, np.nan) for c in COLUMNS}, "better": better or "",
               "meaning": meaning}
        present = {c: row[c] for c in COLUMNS if not np.isnan(row[c])}
        row["winner"] = ((min if better == "lower" else max)(present, key=present.get)
                         if better and len(present) > 1 else "")
        rows.append(row)
    details = {"denoising": curves, "frechet_floor": gen["real-vs-real"]["frechet"],
               "latent_dim": models["VAE"].latent_dim, "n_eval": len(x)}
    return pd.DataFrame(rows), details


def to_markdown(table: pd.DataFrame, details: dict, title: str) -> str:
    """A Markdown table with the winner of each row in bold."""
    def fmt(v, bold):
        s = "—" if np.isnan(v) else (f"{v:.4f}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 1000 else f"{v:,.0f}")
        return f"**{s}**" if bold else s

    lines = [f"### {title}", "", "| metric | " + " | ".join(COLUMNS) + " | meaning |",
             "|---|" + "---|" * len(COLUMNS) + "---|"]
    for _, r in table.iterrows():
        lines.append(f"| {r['metric'].strip()} | " + " | ".join(fmt(r[c], r["winner"] == c) for c in COLUMNS)
                     + f" | {r['meaning']} |")
    lines += ["", f"Latent size {details['latent_dim']} (DAE: {presets.DENOISE_DIM}), {details['n_eval']:,} test images; "
              f"Fréchet distance of real test images to each other (the floor): {details['frechet_floor']:.2f}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m core.report", description="Measure every claim; write the scoreboard.")
    p.add_argument("--dataset", default="mnist", choices=presets.DIGIT_DATASETS)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--latent-dim", type=int, default=presets.GEN_DIM)
    p.add_argument("--n-eval", type=int, default=2000)
    p.add_argument("--out", default="reports", help="folder for scoreboard-<dataset>-d<latent>.md / .csv")
    p.add_argument("--checkpoints", default=None)
    a = p.parse_args(argv)
    from tqdm import tqdm

    from core.classroom import train_many

    data_dir = str(Path(a.data_dir).resolve()) if a.data_dir else None
    store = Store(a.checkpoints)
    specs = specs_for(a.dataset, data_dir, a.latent_dim)
    ds = data_mod.load(specs["AE"].data)
    missing = [s for s in specs.values() if not store.exists(s)]
    if missing:
        with tqdm(total=len(missing), desc="training", unit="model") as bar:
            train_many(store, missing, on_update=lambda st: (setattr(bar, "n", sum(
                isinstance(v, str) and v != "queued" for v in st.values())), bar.refresh()))
    models = {k: store.get_or_train(s)[0] for k, s in specs.items()}
    with tqdm(total=5, desc="measuring", unit="step") as bar:
        table, details = build(models, ds, a.n_eval, lambda i, n, label: (bar.set_postfix_str(label), bar.update(
            1 if i else 0)))
        bar.update(bar.total - bar.n)
    title = f"Scoreboard: {ds.description}"
    md = to_markdown(table, details, title)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"scoreboard-{a.dataset}-d{a.latent_dim}"
    stem.with_suffix(".md").write_text(md + "\n")
    table.to_csv(stem.with_suffix(".csv"), index=False)
    print(md)
    print(json.dumps({"markdown": str(stem.with_suffix(".md")), "csv": str(stem.with_suffix(".csv"))}))


if __name__ == "__main__":
    main()
