import os

import numpy as np
import pandas as pd
import streamlit as st
import torch

from core import analysis, novelty, presets
from core import data as data_mod
from core.i18n import N_
from ui import figures, lab
from ui.i18n import Literal, lang, listing, model_names, nt, num, plain, t
from ui.models import (
    coming,
    ensure_some,
    load_model,
    more,
    unfamiliar_examples,
    unfamiliar_n,
    unfamiliar_scores,
)
from ui.widgets import chart_with_csv, image_with_download, number_table, page

SCORE_NAMES = {  # core.novelty.SCORES in words
    "ae": N_("AE: reconstruction error"),
    "pca": N_("PCA: reconstruction error"),
    "vae_elbo": N_("VAE: its loss (reconstruction + KL)"),
    "vae_nll": N_("VAE: −log p(x)"),
    "vae_complexity": N_("VAE: −log p(x) minus PNG length (Serrà)"),
}
SCORE_AXES = {
    "ae": N_("mean squared error per pixel"),
    "pca": N_("mean squared error per pixel"),
    "vae_elbo": N_("nats per image"),
    "vae_nll": N_("nats per image (black and white)"),
    "vae_complexity": N_("bits per image"),
}
SET_NAMES = {  # core.novelty.SETS in words
    "letters": N_("letters and symbols"),
    "faces": N_("faces (LFW)"),
    "inverted": N_("inverted digits"),
    "rotated": N_("digits turned by 90°"),
    "shifted": N_("digits shifted by 7 pixels"),
    "blank": N_("blank images"),
    "noise": N_("noise"),
}
SCORE_SHORT = {  # the table's column heads
    "ae": N_("AE"),
    "pca": N_("PCA"),
    "vae_elbo": N_("VAE loss"),
    "vae_nll": N_("VAE −log p(x)"),
    "vae_complexity": N_("VAE −log p(x) − PNG"),
}
PARTNER_NAMES = {"fashion-mnist": "Fashion-MNIST", data_mod.DEFAULT_DATASET: "MNIST"}  # their test images
CORRECTED = "vae_complexity"
LIKELIHOODS = ("vae_elbo", "vae_nll")  # what Serrà's correction is for
PERCENTILES = (50.0, 75.0, 80.0, 85.0, 90.0, 95.0, 97.5, 99.0, 99.5, 99.9)  # the threshold slider's stops

s, ds = page(
    t("Unfamiliar inputs: does a model know what it has never seen?"),
    t(
        "The most common real use of an autoencoder: flag inputs unlike its training data (a faulty part, a "
        "fraudulent payment, a letter among digits). Each score below says how unfamiliar an input looks to a "
        "model trained on these digits, higher meaning more unfamiliar; a good score puts every unfamiliar input "
        "above the held-out digits, which the model has not seen either but knows."
    ),
)
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models, training = ensure_some(specs)
coming(specs, training)
ready = {k: specs[k] for k in specs if k in models}
n = unfamiliar_n(ds)
if n < 10:
    st.warning(t("This data set's test split is too small to compare sets: it needs at least 20 images."))
    st.stop()

other, other_name = None, None  # the other clothing-or-digits data set, where it is on this computer (no download)
partner = "fashion-mnist" if s.dataset != "fashion-mnist" else data_mod.DEFAULT_DATASET
folder = s.data_dir or os.environ.get("AEVAE_DATA_DIR")
if data_mod.DATASETS[partner].builtin or data_mod.idx_present(folder, "FashionMNIST"):
    try:
        cfg = presets.data_config(partner, folder)
        data_mod.load(cfg)
        other, other_name = cfg, PARTNER_NAMES[partner]
    except data_mod.DataError:
        pass
set_names = {k: t(v) for k, v in SET_NAMES.items()} | ({"other": other_name} if other else {})

st.subheader(t("The inputs"))
examples = unfamiliar_examples(specs["ae"].data, n)
rows = [(t("held-out digits (familiar)"), ds.x_test[:10].numpy())]
rows += [(set_names[k], examples[k]) for k in novelty.SETS]
if other is not None:
    rows.append((other_name, data_mod.load(other).x_test[:10].numpy()))
montage_rows = [(label, analysis.montage(torch.as_tensor(x), nrow=len(x))) for label, x in rows]
image_with_download(
    figures.labelled_rows(montage_rows, label_width=190),
    t("rows: the held-out digits, then each unfamiliar set, 10 of each"),
    "unfamiliar-inputs",
    alt=t("rows: {rows}", rows=Literal(" | ".join(label for label, _ in rows)))  # not markdown: unescaped
    + ". "
    + nt("{n:,} image of each is scored.", "{n:,} images of each are scored.", n),
)
if other is None:
    st.caption(
        t(
            "With the full data sets in a data folder (--data-dir, or AEVAE_DATA_DIR), a last set is the other "
            "one: Fashion-MNIST against MNIST, or MNIST against Fashion-MNIST."
        )
    )

if not ready:
    more(training)
    st.stop()

scored = unfamiliar_scores(ready, n, other)
familiar = scored["familiar"]
available = [k for k in novelty.SCORES if k in familiar]
aurocs = novelty.table(familiar, {k: v for k, v in scored.items() if k != "familiar"})

st.subheader(t("Your own drawing"))
page_models = [got[0] for k in ready if (got := load_model(specs[k])) is not None]
if lab.problem(page_models) is None:
    graphs = lab.Graphs()
    pads = []
    for kind, score in (("ae", "ae"), ("pca", "pca"), ("vae", "vae_elbo")):
        if kind not in ready:
            continue
        model, meta = load_model(ready[kind])
        ids = graphs.add(model, meta)
        pads.append(
            {
                "id": kind,
                "title": names[kind],
                "encoder": ids["encoder"],
                "decoder": ids["decoder"],
                "shape": list(model.shape),
                "score": score,
                "digits": 4 if score != "vae_elbo" else 1,
                "familiar": lab.b64(np.sort(familiar[score])),
            }
        )
    samples = ds.x_test[presets.one_per_class(ds)].numpy()
    lab.mount_part("lab-unfamiliar", lab.novelty_payload(pads, samples), graphs)
else:
    st.caption(
        t(lab.PROBLEMS[lab.problem(page_models)], reason=plain(st.session_state.get("_browser_unavailable", "")))
    )

st.subheader(t("One set, one score"))
c1, c2 = st.columns(2)
chosen = c1.selectbox(t("Unfamiliar set"), list(set_names), format_func=set_names.get, key="ood_set")
score = c2.selectbox(t("Score"), available, format_func=lambda k: t(SCORE_NAMES[k]), key="ood_score")
fam, unf = familiar[score], scored[chosen][score]
pct = st.select_slider(
    t("Threshold: flag what scores above this share of the held-out digits"),
    options=PERCENTILES,
    value=95.0,
    format_func=lambda p: num(p / 100, 1, percent=True),  # as the language writes it: 97,5%
    key="ood_pct",
    help=t("An input is flagged as unfamiliar when its score is above the threshold."),
)
threshold = float(np.percentile(fam, pct))
caught, flagged = novelty.at_threshold(fam, unf, threshold)
left, right = st.columns(2)
with left:
    fig = figures.score_histograms(
        fam,
        unf,
        (t("held-out digits"), set_names[chosen]),
        t(SCORE_AXES[score]),
        threshold,
        lang=lang(),
    )
    table = pd.DataFrame({"set": ["familiar"] * len(fam) + [chosen] * len(unf), score: np.r_[fam, unf]})
    chart_with_csv(fig, table, f"ood-hist-{chosen}-{score}")
    st.markdown(
        t(
            "Above the threshold ({thr}): **{caught:.1%}** of the {set} are caught, **{flagged:.1%}** of the "
            "held-out digits are flagged by mistake.",
            thr=num(threshold, 4 if score in ("ae", "pca") else 1),
            caught=caught,
            set=set_names[chosen],
            flagged=flagged,
        )
    )
with right:
    curves = {}
    for k in available:
        fpr, tpr, _ = novelty.roc(familiar[k], scored[chosen][k])
        curves[k] = (fpr, tpr, aurocs[chosen][k])
    roc_names = {k: t(SCORE_NAMES[k]) for k in available}
    roc_table = pd.DataFrame([{"score": k, "auroc": aurocs[chosen][k]} for k in available])
    chart_with_csv(figures.roc_curves(curves, roc_names, lang=lang()), roc_table, f"ood-roc-{chosen}")
    st.caption(
        t(
            "ROC curve: each threshold's share of {set} caught against its share of held-out digits flagged. "
            "AUROC: the chance that a random unfamiliar input scores above a random held-out digit; 1 is "
            "perfect, 0.5 is a coin toss, below 0.5 the score takes the unfamiliar for more familiar.",
            set=set_names[chosen],
        )
    )

st.subheader(t("Every set, every score: AUROC"))
grid = pd.DataFrame(
    [{t("unfamiliar set"): set_names[k], **{t(SCORE_SHORT[sc]): aurocs[k][sc] for sc in available}} for k in aurocs]
)
number_table(grid, {t(SCORE_SHORT[sc]): 2 for sc in available})
st.caption(
    nt(
        "{n:,} held-out digit against {n:,} input of each set (the faces: 50 LFW faces and their mirror images, "
        "shifted by up to 2 pixels); models with a {d}-number code (the sidebar's size). −log p(x): 50 importance "
        "samples, of the image in black and white (pixels above 0.5), to which the VAE's decoder gives a true "
        "probability.",
        "{n:,} held-out digits against {n:,} inputs of each set (the faces: 50 LFW faces and their mirror images, "
        "shifted by up to 2 pixels); models with a {d}-number code (the sidebar's size). −log p(x): 50 importance "
        "samples, of the image in black and white (pixels above 0.5), to which the VAE's decoder gives a true "
        "probability.",
        n,
        d=s.latent_dim,
    )
)

failures = [(k, sc) for k in aurocs for sc in available if aurocs[k][sc] < 0.5]
if failures:
    st.warning(
        t(
            "Where a score fails: {list}. Below 0.5 the score rates these inputs as more familiar than real digits.",
            list=listing([f"{t(SCORE_NAMES[sc])}, {set_names[k]}: {num(aurocs[k][sc], 3)}" for k, sc in failures]),
        ),
        icon=":material/warning:",
    )
    st.markdown(
        t(
            "Why: a model rebuilds best, and finds most likely, what is simple: likelihood says how easy an input "
            "is to describe, not how familiar it is (Nalisnick et al., ICLR 2019)."
        )
        + (
            " " + t("A blank page has almost nothing to get wrong, so it scores as more digit-like than a real digit.")
            if any(k == "blank" for k, _ in failures)
            else ""
        )
    )
    fixed = sorted({k for k, sc in failures if sc in LIKELIHOODS})  # the likelihood's failures: what it corrects
    if CORRECTED in available and fixed:
        st.markdown(
            t(
                "A published correction (Serrà et al., ICLR 2020): subtract from −log₂ p(x) the length in bits of "
                "the same image saved as a PNG, what a general compressor needs for it; what is left is what the "
                "training data make easier. On the same sets its AUROC is {list}.",
                list=listing([f"{set_names[k]} {num(aurocs[k][CORRECTED], 2)}" for k in fixed]),
            )
        )
else:
    st.caption(t("No score ranks an unfamiliar set as more familiar than the digits here (no AUROC below 0.5)."))
more(training)
