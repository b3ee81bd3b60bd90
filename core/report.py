"""The scoreboard: every metric for PCA, AE, VAE (and the denoising AE) in one table; CLI writes Markdown/CSV."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from core import data as data_mod
from core import kinds, metrics, novelty, presets
from core.analysis import encode
from core.classroom import train_many
from core.i18n import N_, gettext
from core.provision import get_or_train
from core.store import Store

DENOISER = "dae"  # the denoising AE's column: an AE trained for another task, it competes at denoising only
REAL = "real"  # the real test images, judged like the samples: the ceiling (and the Fréchet floor); never a winner
DENOISE_LEVEL = 0.5
STEPS = ("reconstruction", "likelihood", "codes", "generation", "denoising")  # the measurements, in their order


def columns() -> tuple[str, ...]:
    """The scoreboard's models: every dense kind (core.kinds), then the denoising AE."""
    return (*kinds.ids("dense"), DENOISER)


@dataclass(frozen=True)
class Metric:
    """One scoreboard row: its id, which way is better ("lower", "higher" or None: information, no winner), its
    label and meaning as messages (translated where shown: t(), or core.i18n.gettext in the report), the
    measurement that computes it (STEPS) and which models it is measured for (`only`: "variational" kinds, or
    None: every dense kind; denoising rows add the denoising AE)."""

    id: str
    better: str | None
    label: str
    meaning: str
    step: str = "reconstruction"
    only: str | None = None

    def columns(self) -> tuple[str, ...]:
        dense = kinds.of("dense", variational=True) if self.only == "variational" else kinds.of("dense")
        return (*(k.id for k in dense), *((DENOISER,) if self.step == "denoising" else ()))


METRICS = [
    Metric(
        "mse",
        "lower",
        N_("MSE / pixel"),
        N_("reconstruction error of test images (lower is better)"),
        step="reconstruction",
    ),
    Metric(
        "bce",
        "lower",
        N_("BCE (nats / image)"),
        N_("reconstruction error as the models are trained"),
        step="reconstruction",
    ),
    Metric(
        "neg_elbo",
        "lower",
        N_("negative ELBO (nats)"),
        N_("the VAE's loss on test images: reconstruction + KL"),
        step="likelihood",
        only="variational",
    ),
    Metric(
        "elbo_recon",
        None,
        N_("  of which reconstruction"),
        N_("the part paid for imperfect reconstructions"),
        step="likelihood",
        only="variational",
    ),
    Metric(
        "elbo_kl",
        None,
        N_("  of which KL"),
        N_("the part paid for keeping codes close to N(0, I)"),
        step="likelihood",
        only="variational",
    ),
    Metric(
        "iw_nll",
        "lower",
        N_("−log p(x), 50 importance samples"),
        N_("a tighter estimate of how unlikely test images are"),
        step="likelihood",
        only="variational",
    ),
    Metric(
        "knn",
        "higher",
        N_("k-NN accuracy on codes (k = 5)"),
        N_("how well the classes separate in the code space"),
        step="codes",
    ),
    Metric(
        "trust",
        "higher",
        N_("trustworthiness (5 neighbours)"),
        N_("are neighbours in the code space also neighbours in pixels"),
        step="codes",
    ),
    Metric(
        "agg_kl",
        "lower",
        N_("KL of the code cloud to N(0, I)"),
        N_("how far the codes lie from where random codes are drawn"),
        step="codes",
    ),
    Metric(
        "active",
        None,
        N_("active latent units"),
        N_("code coordinates that vary across images (of the latent size)"),
        step="codes",
    ),
    Metric(
        "recognised",
        "higher",
        N_("recognised random samples"),
        N_(
            "share of decoded N(0, I) draws the classifier assigns to one of the data's classes with ≥ 90% "
            "confidence (1 − holes); the real-images column is the ceiling"
        ),
        step="generation",
    ),
    Metric(
        "recognised_fitted",
        "higher",
        N_("recognised samples, Gaussian fitted to the codes"),
        N_(
            "the same draws through a Gaussian fitted to each model's training codes after training (Ghosh et al., "
            "ICLR 2020): how much of the AE's trouble is its unknown code distribution, not holes"
        ),
        step="generation",
    ),
    Metric(
        "recognised_ratio",
        "higher",
        N_("recognised / ceiling"),
        N_("recognised random samples as a share of what the classifier recognises among real test images"),
        step="generation",
    ),
    Metric(
        "coverage",
        "higher",
        N_("classes among random samples"),
        N_("how many of the 10 classes get at least 2% of the samples"),
        step="generation",
    ),
    Metric(
        "confidence",
        "higher",
        N_("classifier confidence on samples"),
        N_("mean top probability for decoded N(0, I) draws"),
        step="generation",
    ),
    Metric(
        "frechet",
        "lower",
        N_("Fréchet distance to test images"),
        N_(
            "distance of sample features to real ones; the real-images column is the floor (one half of the test "
            "set against the other)"
        ),
        step="generation",
    ),
    Metric(
        "recognised_recon",
        "higher",
        N_("recognised reconstructions (each model's ceiling)"),
        N_(
            "share of each model's reconstructions of test images the classifier recognises: what its decoder's blur "
            "allows, the ceiling for its random samples"
        ),
        step="generation",
    ),
    Metric(
        "frechet_recon",
        "lower",
        N_("distance of samples to its reconstructions"),
        N_(
            "Fréchet distance in the classifier's features, divided by their spread, of the random samples to the "
            "same model's reconstructions of test images: the blur is on both sides, so it measures where random "
            "codes land, not sharpness (0: no difference)"
        ),
        step="generation",
    ),
    Metric(
        "frechet_fitted_recon",
        "lower",
        N_("  the same, Gaussian fitted to the codes"),
        N_("the same distance for the draws through a Gaussian fitted to each model's training codes"),
        step="generation",
    ),
    Metric(
        "frechet_recon_floor",
        None,
        N_("  its floor"),
        N_("the same distance for the model's reconstructions of other test images: what sampling alone gives"),
        step="generation",
    ),
    Metric(
        "psnr",
        "higher",
        N_("PSNR, Gaussian noise σ = 0.5 (dB)"),
        N_("denoising quality against the clean image"),
        step="denoising",
    ),
    Metric(
        "ssim",
        "higher",
        N_("SSIM, Gaussian noise σ = 0.5"),
        N_("structural similarity to the clean image (scikit-image)"),
        step="denoising",
    ),
]
ROWS = {m.id: m for m in METRICS}
ProgressFn = Callable[[int, int, str], None]


def specs_for(dataset: str, data_dir: str | None, latent_dim: int) -> dict:
    """The models the scoreboard measures, by id: the judge, the dense kinds at one latent size and the DAE."""
    return {  # the judge first: it trains longest, so a cold page waits least when it starts first
        "classifier": presets.classifier(dataset, data_dir),
        **presets.trio(latent_dim, dataset, data_dir),
        DENOISER: presets.denoiser(dataset, data_dir, latent_dim),
    }


def _reconstruction(models: dict, ds: data_mod.Dataset, x: torch.Tensor, seed: int) -> dict:
    return {k: metrics.reconstruction(models[k], x) for k in ROWS["mse"].columns()}


def _likelihood(models: dict, ds: data_mod.Dataset, x: torch.Tensor, seed: int) -> dict:
    out = {}
    for k in ROWS["neg_elbo"].columns():
        e = metrics.elbo(models[k], x, seed)
        iw = metrics.iw_nll(models[k], x[:1000], k=50, seed=seed)
        out[k] = {"neg_elbo": e["neg_elbo"], "elbo_recon": e["recon"], "elbo_kl": e["kl"], "iw_nll": iw}
    return out


def _codes(models: dict, ds: data_mod.Dataset, x: torch.Tensor, seed: int) -> dict:
    out, y_train, y_test = {}, ds.y_train[:10_000].numpy(), ds.y_test[: len(x)].numpy()
    for k in ROWS["knn"].columns():
        z_train, z_test = encode(models[k], ds.x_train[:10_000]), encode(models[k], x)
        out[k] = {
            "knn": metrics.knn_accuracy(z_train, y_train, z_test, y_test),
            "trust": metrics.trustworthiness(x[:1000], z_test[:1000]),
            "agg_kl": metrics.aggregate_kl(z_test),
            "active": metrics.active_units(z_test),
        }
    return out


def _generation(models: dict, ds: data_mod.Dataset, x: torch.Tensor, seed: int) -> dict:
    judge = models["classifier"]
    shown = {k: models[k] for k in ROWS["recognised"].columns()}
    gen = metrics.generation(shown, judge, ds.x_test, len(x), seed, x_train=ds.x_train[:10_000])  # then n more
    probs_real, _ = metrics.judge(judge, x)
    ceiling = metrics.recognised_share(probs_real)
    out = {
        REAL: {
            "recognised": ceiling,
            "coverage": metrics.class_coverage(probs_real),
            "confidence": float(probs_real.max(1).mean()),
            "frechet": gen["real-vs-real"]["frechet"],
        }
    }
    for k in ROWS["recognised"].columns():
        out[k] = {m: v for m, v in gen[k].items() if m in ROWS}
        out[k]["recognised_ratio"] = gen[k]["recognised"] / ceiling if ceiling else np.nan
    return out


def _denoising(models: dict, ds: data_mod.Dataset, x: torch.Tensor, seed: int) -> dict:
    levels = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
    shown = ROWS["psnr"].columns()
    curves = pd.DataFrame(metrics.denoising({k: models[k] for k in shown}, x[:500], "gaussian", levels, seed + 1))
    at = curves[np.isclose(curves["level"], DENOISE_LEVEL)].set_index("model")
    return {k: {"psnr": at.loc[k, "psnr"], "ssim": at.loc[k, "ssim"]} for k in shown} | {"curves": curves}


MEASURE = {
    "reconstruction": _reconstruction,
    "likelihood": _likelihood,
    "codes": _codes,
    "generation": _generation,
    "denoising": _denoising,
}


def build(
    models: dict, ds: data_mod.Dataset, n_eval: int = 2000, progress: ProgressFn | None = None, seed: int = 0
) -> tuple[pd.DataFrame, dict]:
    """models: a model per column() and the judge ("classifier"). Returns (scoreboard by metric id, details):
    each measurement in STEPS computes the rows of METRICS that name it, for the models each row names."""
    x = ds.x_test[:n_eval]
    cols = columns()
    vals: dict[str, dict[str, float]] = {c: {} for c in (*cols, REAL)}
    curves = None
    for i, step in enumerate(STEPS):
        if progress:
            progress(i, len(STEPS), step)
        if not any(m.step == step for m in METRICS):
            continue
        for col, measured in MEASURE[step](models, ds, x, seed).items():
            if col == "curves":
                curves = measured
            else:
                vals[col].update(measured)
    rows = []
    for m in METRICS:
        row = {"metric": m.id, **{c: vals[c].get(m.id, np.nan) for c in (*cols, REAL)}, "better": m.better or ""}
        present = {c: row[c] for c in cols if not np.isnan(row[c])}
        winner = (
            (min if m.better == "lower" else max)(present, key=present.get) if m.better and len(present) > 1 else ""
        )
        rows.append({**row, "winner": winner})
    details = {
        "denoising": curves,
        "frechet_floor": vals[REAL].get("frechet", np.nan),
        "recognised_ceiling": vals[REAL].get("recognised", np.nan),
        "latent_dim": models["vae"].latent_dim if "vae" in models else models[cols[0]].latent_dim,
        "n_eval": len(x),
    }
    return pd.DataFrame(rows), details


REPORT_VERSION = 1  # bump when a measurement changes: every kept scoreboard is measured again
KEPT = "scoreboards"  # beside the shipped models: measured once by `python -m core.report --keep`


def measured_key(metas: dict[str, dict], n_eval: int) -> str:
    """What a scoreboard depends on: each model's name and weights, the number of test images, the rows and this
    code's version. Two servers with the same models compute the same table; a retrained model changes the key."""
    parts = {k: [m.get("name"), m.get("weights_sha256")] for k, m in sorted(metas.items())}
    blob = json.dumps([REPORT_VERSION, n_eval, [m.id for m in METRICS], parts], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def keep(folder: Path, key: str, table: pd.DataFrame, details: dict) -> Path:
    """Write a measured scoreboard under its key (JSON: the table's rows, the details, the curves)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.json"
    out = {k: v for k, v in details.items() if k != "denoising"}
    out["denoising"] = details["denoising"].to_dict(orient="list") if details.get("denoising") is not None else None
    path.write_text(json.dumps({"key": key, "table": table.to_dict(orient="list"), "details": out}, default=float))
    return path


def kept(folder: Path, key: str) -> tuple[pd.DataFrame, dict] | None:
    """A scoreboard kept under this key, or None (absent, unreadable, or not under that key)."""
    path = folder / f"{key}.json"
    try:
        if not path.is_file() or path.stat().st_size > 1 << 20:
            return None
        data = json.loads(path.read_text())
        if data.get("key") != key:
            return None
        table = pd.DataFrame(data["table"])
        if list(table["metric"]) != [m.id for m in METRICS]:
            return None
        details = dict(data["details"])
        details["denoising"] = pd.DataFrame(details["denoising"]) if details.get("denoising") else None
        return table, details
    except (OSError, ValueError, KeyError, TypeError):
        return None


def to_markdown(table: pd.DataFrame, details: dict, title: str, lang: str = "en") -> str:
    """A Markdown table with the winner of each row in bold, labels from the text table."""

    def fmt(v, bold):
        s = "—" if np.isnan(v) else (f"{v:.4f}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 1000 else f"{v:,.0f}")
        return f"**{s}**" if bold else s

    lines = [
        f"### {title}",
        "",
        "| metric | " + " | ".join(kinds.label(c) for c in columns()) + " | real images | meaning |",
        "|---|" + "---|" * (len(columns()) + 1) + "---|",
    ]
    for _, r in table.iterrows():
        m = ROWS[r["metric"]]
        label, meaning = gettext(m.label, lang).strip(), gettext(m.meaning, lang)
        cells = " | ".join(fmt(r[c], r["winner"] == c) for c in (*columns(), REAL))
        lines.append(f"| {label} | {cells} | {meaning} |")
    lines += [
        "",
        f"Latent size {details['latent_dim']} (the DAE's too), {details['n_eval']:,} test images; "
        f"Fréchet distance of real test images to each other (the floor): {details['frechet_floor']:.2f}.",
    ]
    return "\n".join(lines)


UNFAMILIAR_SCORES = {
    "ae": "AE recon. error",
    "pca": "PCA recon. error",
    "vae_elbo": "VAE loss",
    "vae_nll": "VAE −log p(x)",
    "vae_complexity": "VAE −log p(x) − PNG bits",
}


def unfamiliar(models: dict, x_test: torch.Tensor, n: int = 1000, other: torch.Tensor | None = None) -> dict:
    """{set: {score: AUROC}} of core.novelty's scores: the first n test images (familiar) against each unfamiliar
    set made from the test split's last images, and against `other` (another data set's test images) if given."""
    familiar = novelty.scores(models, x_test[:n])
    sets = {k: novelty.scores(models, novelty.unfamiliar(k, x_test, n)) for k in novelty.SETS}
    if other is not None:
        sets["other"] = novelty.scores(models, other[:n])
    return novelty.table(familiar, sets)


def unfamiliar_markdown(table: dict, title: str, other: str | None = None) -> str:
    """The AUROC table as Markdown, each value below 0.5 (the score takes the set for more familiar) in bold."""
    scores = [s for s in UNFAMILIAR_SCORES if s in next(iter(table.values()))]
    lines = [
        f"### {title}",
        "",
        "| unfamiliar set | " + " | ".join(UNFAMILIAR_SCORES[s] for s in scores) + " |",
        "|---|" + "---|" * len(scores),
    ]
    for name, row in table.items():
        label = other if name == "other" and other else name
        cells = [f"**{row[s]:.2f}**" if row[s] < 0.5 else f"{row[s]:.2f}" for s in scores]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "AUROC: 1 = every unfamiliar input scores above every familiar one, 0.5 = chance; bold: below 0.5."]
    return "\n".join(lines)


def faces_report(data_dir: str | None, out: Path) -> None:
    """python -m core.report --faces: core.facemeasures on the shipped face models and judge."""
    from core import facejudge, facemeasures, faces
    from core.config import RunSpec

    if not data_dir:
        raise SystemExit("--faces needs --data-dir: the CelebA folder the shipped face models were trained on")
    store = faces.shipped_store()
    loaded = {k: store.load_folder(path) for k, path in faces.find_models(store).items()}
    judged = facejudge.load()
    if not loaded or judged is None:
        raise SystemExit("no shipped face models or no face judge (python -m core.facejudge)")
    metas = {k: meta for k, (_, meta) in loaded.items()}
    cfg = RunSpec.from_dict(next(iter(metas.values()))["spec"]).data
    ds = data_mod.load(dataclasses.replace(cfg, data_dir=str(Path(data_dir).resolve())))
    for kind, meta in metas.items():
        if meta["data"].get("checksum") != ds.checksum:
            raise SystemExit(f"{kind} was trained on other faces than {data_dir} holds")
    report = facemeasures.measure({k: m for k, (m, _) in loaded.items()}, metas, judged[0], judged[1], ds)
    kept = facemeasures.keep(report, faces.SHIPPED)
    md = facemeasures.markdown(report, {k: kinds.label(k) for k in metas})
    out.mkdir(parents=True, exist_ok=True)
    (out / "faces.md").write_text(md + "\n")
    print(md)
    print(json.dumps({"markdown": str(out / "faces.md"), "kept": str(kept)}))


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m core.report", description="Measure every claim; write the scoreboard.")
    p.add_argument("--dataset", default=data_mod.DEFAULT_DATASET, choices=data_mod.DIGIT_DATASETS)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--latent-dim", type=int, default=presets.GEN_DIM)
    p.add_argument("--n-eval", type=int, default=2000)
    p.add_argument("--out", default="reports", help="folder for scoreboard-<dataset>-d<latent>.md / .csv")
    p.add_argument("--checkpoints", default=None)
    p.add_argument(
        "--keep",
        default=None,
        metavar="FOLDER",
        help="also keep the measured table under its models' key in FOLDER (for the shipped models: "
        "checkpoints/shipped/scoreboards), where the Scoreboard page finds it instead of measuring again",
    )
    p.add_argument(
        "--unfamiliar",
        action="store_true",
        help="measure only the unfamiliar-inputs table (core.novelty): AUROC per unfamiliar set and score",
    )
    p.add_argument(
        "--other",
        default=None,
        choices=data_mod.DIGIT_DATASETS,
        help="with --unfamiliar: another data set's test images as one more unfamiliar set (e.g. fashion-mnist)",
    )
    p.add_argument(
        "--faces",
        action="store_true",
        help="measure only the faces: the named directions' effects and the realism of random faces, with the face "
        "judge, on the held-out faces of --data-dir (the CelebA folder the shipped face models were trained on); "
        "kept in checkpoints/shipped/face-report.json, where the Faces page reads it",
    )
    a = p.parse_args(argv)
    if a.faces:
        return faces_report(a.data_dir, Path(a.out))
    from tqdm import tqdm

    data_dir = str(Path(a.data_dir).resolve()) if a.data_dir else None
    store = Store(a.checkpoints)
    if a.unfamiliar:
        specs = presets.trio(a.latent_dim, a.dataset, data_dir)
    else:
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
    loaded = {k: get_or_train(store, s) for k, s in specs.items()}
    models = {k: m for k, (m, _) in loaded.items()}
    if a.unfamiliar:
        other = data_mod.load(presets.data_config(a.other, data_dir)).x_test if a.other else None
        n = min(1000, len(ds.x_test) // 2)
        table = unfamiliar({k: models[k] for k in ("ae", "vae", "pca")}, ds.x_test, n, other)
        md = unfamiliar_markdown(table, f"Unfamiliar inputs: {ds.description}, latent size {a.latent_dim}", a.other)
        out = Path(a.out)
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"unfamiliar-{a.dataset}-d{a.latent_dim}"
        stem.with_suffix(".md").write_text(md + "\n")
        pd.DataFrame(table).T.to_csv(stem.with_suffix(".csv"))
        print(md)
        print(json.dumps({"markdown": str(stem.with_suffix(".md")), "csv": str(stem.with_suffix(".csv"))}))
        return
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
    written = {"markdown": str(stem.with_suffix(".md")), "csv": str(stem.with_suffix(".csv"))}
    if a.keep:
        key = measured_key({k: meta for k, (_, meta) in loaded.items()}, a.n_eval)
        written["kept"] = str(keep(Path(a.keep), key, table, details))
    print(md)
    print(json.dumps(written))


if __name__ == "__main__":
    main()
