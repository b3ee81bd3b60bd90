import numpy as np
import pandas as pd
import streamlit as st
import torch

from core import analysis, presets
from core.i18n import N_
from core.noise import NOISES, corrupt
from ui import figures
from ui.i18n import Literal, lang, listing, model_names, nt, num, t
from ui.models import coming, denoising_quality, ensure_some, more
from ui.settings import clamp, sanitize, show_notices
from ui.widgets import chart_with_csv, image_with_download, number_table, page, size_note

NOISE_NAMES = {  # core.config.NOISES in words
    "gaussian": N_("Gaussian"),
    "salt-pepper": N_("salt and pepper"),
    "masking": N_("masking"),
}


s, ds = page(
    t("Denoising"),
    t(
        "A denoising AE (DAE) was trained on corrupted digits against the clean ones, one DAE for each kind of "
        "noise. Next to it: a plain AE, a VAE and PCA with the same code length, which never saw noise."
    ),
)
names = model_names()
clamp("dn_level", 0.0, 1.0, 0.5, t("Level"))  # values set from outside the slider (session state, old links)
sanitize("dn_kind", NOISES, numeric=False)
show_notices(("dn_level", "dn_kind"))
c1, c2 = st.columns(2)
noise_names = {k: t(NOISE_NAMES[k]) for k in NOISES}  # labels fixed now: a format_func must not read the session
kind = c1.radio(t("Noise"), NOISES, horizontal=True, key="dn_kind", format_func=noise_names.get)
levels = tuple(round(0.05 * i, 2) for i in range(21))
level_names = {v: num(v, 2) for v in levels}  # 0,50 in Polish; fixed now: a format_func must not read the session
raw = st.session_state.setdefault("dn_level", 0.5)
st.session_state["dn_level"] = min(levels, key=lambda v: abs(v - float(raw)))  # in range already (clamp above)
level = c2.select_slider(
    t("Level"),
    levels,
    key="dn_level",
    help=t("Gaussian: standard deviation; salt and pepper, masking: share of pixels hit."),
    format_func=level_names.get,
)
size_note(
    presets.DENOISE_DIM,
    "dn_size_note",
    N_("Denoising works far better with a longer code (e.g. {d} numbers); the sidebar is set to {current}."),
)
noise = presets.noise_preset(kind)  # each kind of noise has its own denoising AE: a fair comparison per row
dae = presets.denoiser(s.dataset, s.data_dir, s.latent_dim, noise)
specs = {"dae": dae, **presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)}
st.caption(
    nt(
        "The DAE shown was trained on {noise} noise; all four models have a code of {n} number.",
        "The DAE shown was trained on {noise} noise; all four models have a code of {n} numbers.",
        s.latent_dim,
        noise=t(NOISE_NAMES[kind]) + " (" + num(float(noise.split(":")[1]), 1) + ")",
    )
)
models, training = ensure_some(specs)  # the rows of the stored models now, the others as they are trained
coming(specs, training)
ready = {k: specs[k] for k in specs if k in models}

x = ds.x_test[:12]
noisy = corrupt(x, kind, level, torch.Generator().manual_seed(0))
rows = [(t("original"), analysis.montage(x, nrow=len(x))), (t("noisy"), analysis.montage(noisy, nrow=len(x)))]
rows += [(names[k], analysis.montage(analysis.reconstruct(models[k][0], noisy), nrow=len(x))) for k in ready]
caption = (
    t("rows: original | noisy ({kind}, {level}) | DAE | AE | VAE | PCA", kind=t(NOISE_NAMES[kind]), level=level)
    if not training
    else t(
        "rows: original | noisy ({kind}, {level}), then each model that is ready",
        kind=t(NOISE_NAMES[kind]),
        level=level,
    )
)
n = min(300, len(ds.x_test))
now = denoising_quality(ready, kind, (level,), n) if ready else None
alt = caption
if now is not None:  # the picture's alternative says what the table below measures
    psnr = [f"{names[m]} {num(v, 1)} dB" for m, v in zip(now["model"], now["psnr"])]
    alt += ". " + nt(
        "PSNR against the clean image, over {n} test image: {psnr}.",
        "PSNR against the clean image, over {n} test images: {psnr}.",
        n,
        psnr=Literal(listing(psnr)),  # an alternative text, not markdown: our own names and numbers, unescaped
    )
image_with_download(figures.labelled_rows(rows), caption, "denoising", alt=alt)

if now is not None:  # the numbers of the models that are stored
    st.subheader(
        nt("Quality against the clean image ({n} test image)", "Quality against the clean image ({n} test images)", n)
    )
    best = now[now.model != "noisy"].sort_values("psnr", ascending=False).iloc[0]["model"]
    shown = pd.DataFrame({t("model"): [names[m] for m in now["model"]], "PSNR (dB)": now["psnr"], "SSIM": now["ssim"]})
    number_table(shown, {"PSNR (dB)": 2, "SSIM": 3})
    st.caption(t("Best here: {model}. Higher PSNR and SSIM are better; “Noisy” is doing nothing.", model=names[best]))
    st.subheader(t("Against noise level"))
    # from the first level above 0: at 0 the noisy input scores a PSNR of 60 dB and squashes every other line
    levels = tuple(np.round(np.linspace(0.1, 1 if kind == "gaussian" else 0.8, 8), 3))
    curves = denoising_quality(ready, kind, levels, min(200, n))
    chart_with_csv(figures.quality_vs_noise(curves, names, lang=lang()), curves, f"denoise-{kind}")
more(training)  # then the models still to come, as each is stored
