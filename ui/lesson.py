"""The lesson's steps in the talk's order: each draws one live figure from the lab and returns its measured number."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import streamlit as st
import torch

from core import analysis, kinds, metrics, novelty, presets
from core.config import ModelConfig
from core.data import Dataset
from core.i18n import N_
from core.models import build
from core.noise import corrupt
from ui import figures
from ui.i18n import Literal, class_names, lang, layer_table, model_name, model_names, nt, num, t
from ui.models import (
    codes,
    ensure,
    face_models,
    face_report,
    recognition,
    train_codes,
    unfamiliar_n,
    unfamiliar_scores,
)
from ui.settings import Settings

PLANE, GEN = 2, presets.GEN_DIM  # the talk draws 2-D code spaces and generates from 5-D codes


def _trio(s: Settings, d: int) -> dict:
    return ensure(presets.trio(d, s.dataset, s.data_dir, s.beta))


def _grid(rows: list[tuple[str, torch.Tensor]]) -> np.ndarray:
    return figures.labelled_rows([(label, analysis.montage(x, nrow=len(x))) for label, x in rows])


def s1(s: Settings, ds: Dataset) -> str:
    models = _trio(s, PLANE)
    x = ds.x_test[presets.one_per_class(ds)]
    said = t(
        "AE error on test digits: {mse:.4f} per pixel (mean squared error, pixels in 0..1)",
        mse=models["ae"][1]["metrics"]["test_mse"],
    )
    st.image(
        _grid([(t("original"), x), ("AE", analysis.reconstruct(models["ae"][0], x))]),
        width="stretch",
        alt=t("rows: {rows}", rows=Literal(t("original") + " | AE")) + ". " + said,  # not markdown: unescaped
    )
    return said


def s2(s: Settings, ds: Dataset) -> str:
    model = build(ModelConfig(kind="ae", latent_dim=PLANE), ds.shape)
    st.plotly_chart(figures.architecture(layer_table(analysis.describe(model)), "", lang=lang()), key="ls-arch")
    return nt("{n:,} trainable parameter", "{n:,} trainable parameters", model.n_params)


def s3(s: Settings, ds: Dataset) -> str:
    models = _trio(s, PLANE)
    mse = {k: models[k][1]["metrics"]["test_mse"] for k in ("pca", "ae")}
    names = model_names()
    st.plotly_chart(figures.bars(list(mse), list(mse.values()), t("MSE / pixel"), names, lang=lang()), key="ls-bars")
    return t(
        "Error per pixel with {d} numbers: AE {ae:.4f}, PCA {pca:.4f} (AE loses {ratio:.0%} of what PCA loses)",
        d=PLANE,
        ae=mse["ae"],
        pca=mse["pca"],
        ratio=mse["ae"] / mse["pca"],
    )


def s4(s: Settings, ds: Dataset) -> str:
    dae = ensure({"dae": presets.denoiser(s.dataset, s.data_dir)})["dae"][0]
    x = ds.x_test[:10]
    noisy = corrupt(x, "gaussian", 0.5, torch.Generator().manual_seed(0))
    clean = analysis.reconstruct(dae, noisy)
    said = t(
        "PSNR against the clean image: noisy {noisy:.1f} dB, denoised {dae:.1f} dB (higher is better)",
        noisy=float(np.minimum(analysis.psnr(x, noisy), 60).mean()),
        dae=float(analysis.psnr(x, clean).mean()),
    )
    st.image(
        _grid([(t("original"), x), (t("noisy"), noisy), ("DAE", clean)]),
        width="stretch",
        alt=t("rows: {rows}", rows=Literal(" | ".join((t("original"), t("noisy"), "DAE")))) + ". " + said,
    )
    return said


def _scatter(s: Settings, ds: Dataset, kind: str) -> np.ndarray:
    spec = presets.trio(PLANE, s.dataset, s.data_dir, s.beta)[kind]
    _trio(s, PLANE)
    n = min(1000, len(ds.x_test))  # enough to see the shape; a step must move in half a second
    z = codes(spec, n)
    fig = figures.latent_scatter(
        z, ds.y_test[:n].numpy(), class_names(ds), model_name(kind), *figures.padded_limits(z), lang=lang()
    )
    st.plotly_chart(fig, key=f"ls-scatter-{kind}", theme=None, config={"displayModeBar": False})
    return z


def s5(s: Settings, ds: Dataset) -> str:
    z = _scatter(s, ds, "ae")
    lo, hi = np.percentile(z, 1, axis=0), np.percentile(z, 99, axis=0)
    return t(
        "AE codes spread over {w:.0f} × {h:.0f} units; a standard normal sits mostly within ±2",
        w=float(hi[0] - lo[0]),
        h=float(hi[1] - lo[1]),
    )


def _draws(s: Settings, ds: Dataset, kinds: tuple[str, ...], seed: int) -> dict:
    specs = presets.trio(GEN, s.dataset, s.data_dir, s.beta)
    judge = presets.classifier(s.dataset, s.data_dir)
    models = ensure({**specs, "judge": judge})
    z = analysis.prior_codes(24, GEN, seed)
    names = model_names()
    rec = recognition({k: specs[k] for k in ("ae", "vae")}, judge)
    for col, kind in zip(st.columns(len(kinds)), kinds):
        col.image(
            analysis.montage(analysis.prior_samples(models[kind][0], z), nrow=6),
            caption=names[kind],
            width="stretch",
            alt=_drawn_alt(names[kind], rec[kind]),
        )
    return rec


def _drawn_alt(what: str, recognised: float) -> str:
    """A grid of decoded random codes, described with the share of such images the classifier recognises."""
    return (
        what
        + ". "
        + t("24 images decoded from random codes, 6 per row.")
        + " "
        + t("The classifier recognises {p:.0%} of 1,000 such images as digits.", p=recognised)
    )


def s6(s: Settings, ds: Dataset) -> str:
    rec = _draws(s, ds, ("ae",), 0)
    return t(
        "Random codes recognised as a class by the lab's classifier: AE {ae:.0%} (real test images: {real:.0%})",
        ae=rec["ae"],
        real=rec["real"],
    )


def s7(s: Settings, ds: Dataset) -> str:
    vae = _trio(s, PLANE)["vae"][0]
    spec = presets.trio(PLANE, s.dataset, s.data_dir, s.beta)["vae"]
    i = presets.one_per_class(ds)[3 % max(len(ds.classes), 1)] if ds.classes else 0
    with torch.no_grad():
        mu, logvar = vae.encode_dist(ds.x_test[i : i + 1])
        sigma = (0.5 * logvar).exp()
        draws = (mu + sigma * torch.randn(12, PLANE, generator=torch.Generator().manual_seed(0))).numpy()
        _, all_logvar = vae.encode_dist(ds.x_test[:1000])
    c1, c2 = st.columns([2, 1])
    with c1:
        fig = figures.posterior(
            codes(spec, 1000),
            mu[0].numpy(),
            sigma[0].numpy(),
            draws,
            "",
            (t("μ of test digit #{i}", i=i), t("codes drawn from N(μ, σ²)")),
            lang=lang(),
        )
        st.plotly_chart(fig, key="ls-posterior", theme=None, config={"displayModeBar": False})
    with c2:
        st.image(analysis.montage(ds.x_test[i : i + 1], 1, 0), caption=t("original"), width=140, alt=t("original"))
        st.image(
            analysis.montage(analysis.decode(vae, draws), nrow=4),
            caption=t("the drawn codes, decoded"),
            width="stretch",
            alt=t(
                "12 codes drawn from N(μ, σ²) of test digit #{i} (σ here: {s1:.2f} and {s2:.2f}), decoded: 3 rows "
                "of 4.",
                i=i,
                s1=float(sigma[0, 0]),
                s2=float(sigma[0, 1]),
            ),
        )
    return t("Mean σ of the VAE's codes on test digits: {sigma:.2f}", sigma=float((0.5 * all_logvar).exp().mean()))


def s8(s: Settings, ds: Dataset) -> str:
    st.latex(r"z = \mu + \sigma \odot \varepsilon,\quad \varepsilon \sim \mathcal{N}(0, I)")
    st.latex(r"\mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big)")
    vae, meta = ensure({"vae": presets.trio(GEN, s.dataset, s.data_dir, s.beta)["vae"]})["vae"]
    st.plotly_chart(figures.kl_bars(analysis.kl_per_dim(vae, ds.x_test[:1000]), lang=lang()), key="ls-kl")
    return t(
        "On test digits: reconstruction {recon:.1f} nats + KL {kl:.1f} nats per image",
        recon=meta["metrics"]["test_recon"],
        kl=meta["metrics"]["test_kl"],
    )


def s9(s: Settings, ds: Dataset) -> str:
    z = _scatter(s, ds, "vae")
    ae = codes(presets.trio(PLANE, s.dataset, s.data_dir, s.beta)["ae"], len(z))
    return t(
        "Distance of the code cloud from N(0, I) (KL, lower is closer): VAE {vae:.2f}, AE {ae:.1f}",
        vae=metrics.aggregate_kl(z),
        ae=metrics.aggregate_kl(ae),
    )


def s10(s: Settings, ds: Dataset) -> str:
    seed = st.session_state.setdefault("ls_seed", 0)
    st.button(
        t("New draws"),
        icon=":material/casino:",
        key="ls-draw",
        on_click=lambda: st.session_state.update(ls_seed=st.session_state["ls_seed"] + 1),
    )
    rec = _draws(s, ds, ("ae", "vae"), seed)
    return t(
        "Recognised by the classifier: VAE {vae:.0%}, AE {ae:.0%} (real test images: {real:.0%})",
        vae=rec["vae"],
        ae=rec["ae"],
        real=rec["real"],
    )


def fitted(s: Settings, ds: Dataset) -> str:
    specs = presets.trio(GEN, s.dataset, s.data_dir, s.beta)
    judge = presets.classifier(s.dataset, s.data_dir)
    models = ensure({**specs, "judge": judge})
    z = analysis.prior_codes(24, GEN, st.session_state.get("ls_seed", 0))
    ae, vae = models["ae"][0], models["vae"][0]
    fit = analysis.fit_gaussian(train_codes(specs["ae"], 10_000))
    rec = recognition({k: specs[k] for k in ("ae", "vae")}, judge)
    grids = [
        (t("AE, z ~ N(0, I)"), analysis.prior_samples(ae, z), rec["ae"]),
        (
            t("AE, the same z in a Gaussian fitted to its codes"),
            analysis.fitted_samples(ae, fit, z),
            rec["ae+fit"],
        ),
        (t("VAE, the same z ~ N(0, I)"), analysis.prior_samples(vae, z), rec["vae"]),
    ]
    for col, (caption, imgs, share) in zip(st.columns(3), grids):
        col.image(analysis.montage(imgs, nrow=6), caption=caption, width="stretch", alt=_drawn_alt(caption, share))
    return t(
        "Recognised by the classifier: AE {ae:.0%}, AE with a fitted Gaussian {fit:.0%}, VAE {vae:.0%} (real test "
        "images: {real:.0%})",
        ae=rec["ae"],
        fit=rec["ae+fit"],
        vae=rec["vae"],
        real=rec["real"],
    )


def s11(s: Settings, ds: Dataset) -> str:
    found = face_models(None)
    if found is None:
        st.warning(t("The face models are not available here."))
        return ""
    models, source = found
    vae = models["conv-vae"][0]
    z = analysis.prior_codes(18, vae.latent_dim, 0)
    mse = {k: models[k][1]["metrics"]["test_mse"] for k in kinds.ids("conv") if k in models}
    said = t(
        "Held-out faces, error per pixel: conv VAE {vae:.4f}, conv AE {ae:.4f}, PCA {pca:.4f}",
        vae=mse["conv-vae"],
        ae=mse["conv-ae"],
        pca=mse.get("pca", float("nan")),
    )
    report = face_report(models) if source == "shipped" else None
    smile = next((r for r in (report or {}).get("effects", {}).get("conv-vae", []) if r["attribute"] == "smile"), None)
    if smile is not None:  # the talk's "the sampled values change the smile", measured by the face judge
        said = t(
            "One step along the conv VAE's “smile” direction: the face judge's P(smile) {a:.0%} → {b:.0%} on {n} "
            "held-out faces (one step back: {c:.0%}). Random faces from real ones (Fréchet, face judge's features): "
            "conv VAE {vae:.0f}, conv AE {ae:.0f}, two real sets {floor:.0f}.",
            a=smile["before"],
            b=smile["up"],
            c=smile["down"],
            n=Literal(num(report["n_effects"])),
            vae=report["realism"]["conv-vae/prior"]["frechet"],
            ae=report["realism"]["conv-ae/prior"]["frechet"],
            floor=report["realism"]["real"]["frechet"],
        )
    st.image(
        analysis.montage(analysis.prior_samples(vae, z), nrow=9),
        width="stretch",
        caption=t("Conv VAE decoder(z), z ~ N(0, I)"),
        alt=t("Conv VAE decoder(z), z ~ N(0, I)") + ". " + t("18 faces, 9 per row.") + " " + said,
    )
    return said


OOD_SETS = {"letters": N_("letters and symbols"), "blank": N_("blank images")}
OOD_SCORES = {
    "ae": N_("AE: reconstruction error"),
    "vae_nll": N_("VAE: −log p(x)"),
    "vae_complexity": N_("VAE: −log p(x) minus PNG length (Serrà)"),
}


def unfamiliar(s: Settings, ds: Dataset) -> str:
    specs = presets.trio(GEN, s.dataset, s.data_dir, s.beta)
    ensure(specs)
    n = unfamiliar_n(ds)
    scored = unfamiliar_scores(specs, n, None)
    table = novelty.table(scored["familiar"], {k: scored[k] for k in OOD_SETS})
    guess = st.radio(
        t("Predict first: which does the VAE trained on digits find more likely, a real digit or a blank page?"),
        (t("a real digit"), t("a blank page")),
        index=None,
        key="ls-ood-guess",
        horizontal=True,
    )
    if guess is None:
        st.caption(t("Answer to see the measurement."))
        return ""
    blank_wins = table["blank"]["vae_nll"] < 0.5  # the VAE rates blank pages as more likely than digits
    right = (guess == t("a blank page")) == blank_wins
    st.caption(
        (t("Your prediction matches the measurement.") if right else t("The measurement says otherwise."))
        + " "
        + (
            t("The VAE finds a blank page more likely than a real digit.")
            if blank_wins
            else t("The VAE finds a real digit more likely than a blank page.")
        )
    )
    st.plotly_chart(
        figures.auroc_bars(
            table, {k: t(v) for k, v in OOD_SETS.items()}, {k: t(v) for k, v in OOD_SCORES.items()}, lang=lang()
        ),
        key="ls-ood",
        config={"displayModeBar": False},
    )
    return t(
        "AUROC, 1 = every unfamiliar input flagged, 0.5 = chance: blank pages by the VAE's −log p(x) {nll:.2f} "
        "({verdict}), corrected for complexity {fixed:.2f}; letters by the AE's reconstruction error {ae:.2f}",
        verdict=t("it finds them more likely than digits")
        if blank_wins
        else t("it finds them less likely than digits"),
        nll=table["blank"]["vae_nll"],
        fixed=table["blank"]["vae_complexity"],
        ae=table["letters"]["ae"],
    )


class Step(NamedTuple):
    """One lesson step: its title and text (messages), the live figure it draws (returning its measured number)
    and the page that goes deeper."""

    id: str
    title: str
    text: str
    render: Callable[[Settings, Dataset], str]
    deeper: str


STEPS = [
    Step(
        "s1",
        N_("What an autoencoder is"),
        N_(
            "An autoencoder has two parts. The **encoder** squeezes an image into a short **code**; the "
            "**decoder** rebuilds the image from that code. It is trained with the same image as input and as "
            "target, so it must keep in the code what matters most. Below: test digits it has never seen, and "
            "what it rebuilds from a code of {d} numbers."
        ),
        s1,
        "reconstruction",
    ),
    Step(
        "s2",
        N_("The architecture"),
        N_(
            "As in the talk: 784 → 500 → 120 → code → 120 → 500 → 784. ReLU everywhere except the code layer "
            "(linear, so code values are not limited) and the output (sigmoid, because pixels lie in 0..1). The "
            "bars are read off the real model."
        ),
        s2,
        "overview",
    ),
    Step(
        "s3",
        N_("Reduction: AE against PCA"),
        N_(
            "PCA is the classic linear way to shorten data. An autoencoder can learn **non-linear** relations "
            "between pixels, so at the same code length it should lose less. The bars compare both on the same "
            "test digits."
        ),
        s3,
        "reconstruction",
    ),
    Step(
        "s4",
        N_("Denoising"),
        N_(
            "Train the autoencoder on **noisy** inputs with the **clean** image as the target: it learns to "
            "remove the noise. Rows: clean, noisy (Gaussian noise σ = 0.5), what the denoising AE makes of them."
        ),
        s4,
        "denoising",
    ),
    Step(
        "s5",
        N_("The code space in 2-D"),
        N_(
            "With a code of two numbers we can draw every test digit as a point, coloured by its class. The AE "
            "sorts digits into clusters, but nothing decides **where** they lie: the clusters sit wherever "
            "training put them, with empty space between."
        ),
        s5,
        "latent",
    ),
    Step(
        "s6",
        N_("Holes: random codes decode to garbage"),
        N_(
            "To make **new** digits we need codes to pick from. The AE gives us no rule for that: codes drawn at "
            "random from N(0, I) fall between and beside its clusters, and the decoder returns shapes that are "
            "no digit. As in the talk, the code has 5 numbers here."
        ),
        s6,
        "generation",
    ),
    Step(
        "s7",
        N_("The VAE idea: μ, σ and sampling"),
        N_(
            "A VAE's encoder returns two vectors for each image: a mean **μ** and a standard deviation **σ**. "
            "The code is **drawn** from the normal distribution N(μ, σ²). The ellipse marks 2σ around μ for one "
            "test digit; the dots are codes drawn from it, and every one of them must decode to that digit."
        ),
        s7,
        "latent",
    ),
    Step(
        "s8",
        N_("Reparameterisation and the KL term"),
        N_(
            "Sampling is written as z = μ + σ·ε with ε ~ N(0, I), so gradients flow through μ and σ. The loss "
            "adds to the reconstruction error the Kullback–Leibler divergence of N(μ, σ²) from N(0, I): it pulls "
            "every image's distribution towards the standard normal. The bars show how much each code coordinate "
            "pays."
        ),
        s8,
        "overview",
    ),
    Step(
        "s9",
        N_("The VAE's code space ≈ N(0, I)"),
        N_(
            "The same test digits, coded by the VAE. The dotted rings are 1, 2 and 3 standard deviations of N(0, "
            "I). The codes fill that disc without large gaps: a point picked at random from it lies among real "
            "codes."
        ),
        s9,
        "latent",
    ),
    Step(
        "s10",
        N_("New digits from 5-D random codes"),
        N_(
            "The talk's generating model: draw a point from a 5-dimensional standard normal and decode it. The "
            "same draws go to the AE's and the VAE's decoder; press the button for new draws."
        ),
        s10,
        "generation",
    ),
    Step(
        "fitted",
        N_("Beyond the talk: does generating need a VAE?"),
        N_(
            "The AE's random codes fail because N(0, I) is not where its codes lie, not because its code space is "
            "broken. Fit a Gaussian to the AE's codes of the training digits, after training, and move the same "
            "draws into it: far more of them decode to digits. Ghosh et al. (ICLR 2020, “From variational to "
            "deterministic autoencoders”) found that an AE with a density fitted to its codes after training generates "
            "about as well as a VAE. What the VAE buys is a code distribution known before training, N(0, I), so a "
            "random code means something from the start."
        ),
        fitted,
        "generation",
    ),
    Step(
        "s11",
        N_("Faces from a convolutional VAE"),
        N_(
            "For photographs, convolutional layers replace the dense ones. A convolutional VAE trained on "
            "celebrity faces (CelebA) turns random codes into new faces: eyes, nose and mouth are there, and the "
            "code decides skin tone, hair and smile."
        ),
        s11,
        "faces",
    ),
    Step(
        "unfamiliar",
        N_("After the talk: spotting the unfamiliar"),
        N_(
            "The most common real use of autoencoders: flag inputs unlike the training data (a faulty part, a "
            "fraud, a letter among digits). A large reconstruction error says “I have not seen this”. But a "
            "generative model's likelihood can mislead: it rewards what is **simple**, so a blank page can look "
            "more likely than a real digit (Nalisnick et al., ICLR 2019). Subtracting how well a general "
            "compressor packs the same image (Serrà et al., ICLR 2020) repairs it. AUROC: the chance that an "
            "unfamiliar input scores above a familiar digit."
        ),
        unfamiliar,
        "unfamiliar",
    ),
]
