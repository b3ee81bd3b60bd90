"""The scoreboard: every metric for PCA, AE, VAE (and the denoising AE) in one table; CLI writes Markdown/CSV."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from core import data as data_mod
from core import metrics, presets
from core.analysis import encode
from core.classroom import train_many
from core.config import LABELS
from core.provision import get_or_train
from core.store import Store
from core.text import TEXT

COLUMNS = ("pca", "ae", "vae", "dae")  # model ids; display names are config.LABELS
REAL = "real"  # the real test images, judged like the samples: the ceiling (and the Fréchet floor); never a winner
DENOISE_LEVEL = 0.5
# (metric id, better): better is "lower", "higher" or None (information, no winner). Labels: text "sc_m_<id>".
ROWS = [
    ("mse", "lower"),
    ("bce", "lower"),
    ("neg_elbo", "lower"),
    ("elbo_recon", None),
    ("elbo_kl", None),
    ("iw_nll", "lower"),
    ("knn", "higher"),
    ("trust", "higher"),
    ("agg_kl", "lower"),
    ("active", None),
    ("recognised", "higher"),
    ("recognised_ratio", "higher"),
    ("coverage", "higher"),
    ("confidence", "higher"),
    ("frechet", "lower"),
    ("psnr", "higher"),
    ("ssim", "higher"),
]
ProgressFn = Callable[[int, int, str], None]


def specs_for(dataset: str, data_dir: str | None, latent_dim: int) -> dict:
    """The models the scoreboard measures, by id: the trio at one latent size, the DAE and the judge."""
    return {  # the judge first: it trains longest, so a cold page waits least when it starts first
        "classifier": presets.classifier(dataset, data_dir),
        **presets.trio(latent_dim, dataset, data_dir),
        "dae": presets.denoiser(dataset, data_dir, latent_dim),
    }


def build(
    models: dict, ds: data_mod.Dataset, n_eval: int = 2000, progress: ProgressFn | None = None, seed: int = 0
) -> tuple[pd.DataFrame, dict]:
    """models: {"pca", "ae", "vae", "dae": model, "classifier": clf}. Returns (scoreboard by metric id, details)."""
    steps = ["reconstruction", "likelihood", "codes", "generation", "denoising"]
    tick = (lambda i: progress(i, len(steps), steps[i])) if progress else (lambda i: None)
    x = ds.x_test[:n_eval]
    vals: dict[str, dict[str, float]] = {c: {} for c in COLUMNS}
    tick(0)
    for name in ("pca", "ae", "vae"):  # the DAE was trained for another task: it only competes at denoising
        vals[name].update(metrics.reconstruction(models[name], x))
    tick(1)
    vae = models["vae"]
    e = metrics.elbo(vae, x, seed)
    vals["vae"].update(
        neg_elbo=e["neg_elbo"],
        elbo_recon=e["recon"],
        elbo_kl=e["kl"],
        iw_nll=metrics.iw_nll(vae, x[:1000], k=50, seed=seed),
    )
    tick(2)
    for name in ("pca", "ae", "vae"):
        m = models[name]
        z_train, z_test = encode(m, ds.x_train[:10_000]), encode(m, x)
        vals[name].update(
            knn=metrics.knn_accuracy(z_train, ds.y_train[:10_000].numpy(), z_test, ds.y_test[:n_eval].numpy()),
            trust=metrics.trustworthiness(x[:1000], z_test[:1000]),
            agg_kl=metrics.aggregate_kl(z_test),
            active=metrics.active_units(z_test),
        )
    tick(3)
    gen = metrics.generation({n: models[n] for n in ("pca", "ae", "vae")}, models["classifier"], x, n_eval, seed)
    probs_real, _ = metrics.judge(models["classifier"], x)
    ceiling = metrics.recognised_share(probs_real)
    vals[REAL] = {
        "recognised": ceiling,
        "coverage": metrics.class_coverage(probs_real),
        "confidence": float(probs_real.max(1).mean()),
        "frechet": gen["real-vs-real"]["frechet"],
    }
    for name in ("pca", "ae", "vae"):
        vals[name].update({k: gen[name][k] for k in ("recognised", "coverage", "confidence", "frechet")})
        vals[name]["recognised_ratio"] = gen[name]["recognised"] / ceiling if ceiling else np.nan
    tick(4)
    levels = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
    curves = pd.DataFrame(metrics.denoising({n: models[n] for n in COLUMNS}, x[:500], "gaussian", levels, seed + 1))
    at = curves[np.isclose(curves["level"], DENOISE_LEVEL)].set_index("model")
    for name in COLUMNS:
        vals[name].update(psnr=at.loc[name, "psnr"], ssim=at.loc[name, "ssim"])
    rows = []
    for key, better in ROWS:
        row = {"metric": key, **{c: vals[c].get(key, np.nan) for c in (*COLUMNS, REAL)}, "better": better or ""}
        present = {c: row[c] for c in COLUMNS if not np.isnan(row[c])}
        row["winner"] = (
            (min if better == "lower" else max)(present, key=present.get) if better and len(present) > 1 else ""
        )
        rows.append(row)
    details = {
        "denoising": curves,
        "frechet_floor": gen["real-vs-real"]["frechet"],
        "recognised_ceiling": ceiling,
        "latent_dim": models["vae"].latent_dim,
        "n_eval": len(x),
    }
    return pd.DataFrame(rows), details


def to_markdown(table: pd.DataFrame, details: dict, title: str, lang: str = "en") -> str:
    """A Markdown table with the winner of each row in bold, labels from the text table."""

    def fmt(v, bold):
        s = "—" if np.isnan(v) else (f"{v:.4f}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 1000 else f"{v:,.0f}")
        return f"**{s}**" if bold else s

    lines = [
        f"### {title}",
        "",
        "| metric | " + " | ".join(LABELS[c] for c in COLUMNS) + " | real images | meaning |",
        "|---|" + "---|" * (len(COLUMNS) + 1) + "---|",
    ]
    for _, r in table.iterrows():
        label, meaning = (TEXT[f"sc_{p}_{r['metric']}"][lang].strip() for p in ("m", "d"))
        cells = " | ".join(fmt(r[c], r["winner"] == c) for c in (*COLUMNS, REAL))
        lines.append(f"| {label} | {cells} | {meaning} |")
    lines += [
        "",
        f"Latent size {details['latent_dim']} (the DAE's too), {details['n_eval']:,} test images; "
        f"Fréchet distance of real test images to each other (the floor): {details['frechet_floor']:.2f}.",
    ]
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

    data_dir = str(Path(a.data_dir).resolve()) if a.data_dir else None
    store = Store(a.checkpoints)
    specs = specs_for(a.dataset, data_dir, a.latent_dim)
    ds = data_mod.load(specs["ae"].data)
    missing = [s for s in specs.values() if not store.exists(s)]
    if missing:
        with tqdm(total=len(missing), desc="training", unit="model") as bar:
            train_many(
                store,
                missing,
                on_update=lambda st: (
                    setattr(bar, "n", sum(isinstance(v, str) and v != "queued" for v in st.values())),
                    bar.refresh(),
                ),
            )
    models = {k: get_or_train(store, s)[0] for k, s in specs.items()}
    with tqdm(total=5, desc="measuring", unit="step") as bar:
        table, details = build(
            models, ds, a.n_eval, lambda i, n, label: (bar.set_postfix_str(label), bar.update(1 if i else 0))
        )
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
