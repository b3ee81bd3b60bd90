"""The lesson's steps in the talk's order: each draws one live figure from the lab and returns its measured number."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from core import analysis, metrics, presets
from core.config import ModelConfig
from core.data import Dataset
from core.models import build
from core.noise import corrupt
from ui import figures
from ui.i18n import lang, layer_table, model_names, t
from ui.models import codes, ensure, face_models, recognition
from ui.settings import Settings

# (step id, the page that goes deeper)
STEPS = [
    ("s1", "reconstruction"),
    ("s2", "overview"),
    ("s3", "reconstruction"),
    ("s4", "denoising"),
    ("s5", "latent"),
    ("s6", "generation"),
    ("s7", "latent"),
    ("s8", "overview"),
    ("s9", "latent"),
    ("s10", "generation"),
    ("s11", "faces"),
]
PLANE, GEN = 2, presets.GEN_DIM  # the talk draws 2-D code spaces and generates from 5-D codes


def _trio(s: Settings, d: int) -> dict:
    return ensure(presets.trio(d, s.dataset, s.data_dir, s.beta))


def _grid(rows: list[tuple[str, torch.Tensor]]) -> np.ndarray:
    return figures.labelled_rows([(label, analysis.montage(x, nrow=len(x))) for label, x in rows])


def s1(s: Settings, ds: Dataset) -> str:
    models = _trio(s, PLANE)
    x = ds.x_test[presets.one_per_class(ds)]
    st.image(_grid([(t("ls_original"), x), ("AE", analysis.reconstruct(models["ae"][0], x))]), width="stretch")
    return t("ls_s1_num", mse=models["ae"][1]["metrics"]["test_mse"])


def s2(s: Settings, ds: Dataset) -> str:
    model = build(ModelConfig(kind="ae", latent_dim=PLANE), ds.shape)
    st.plotly_chart(figures.architecture(layer_table(analysis.describe(model)), "", lang=lang()), key="ls-arch")
    return t("ls_s2_num", n=model.n_params)


def s3(s: Settings, ds: Dataset) -> str:
    models = _trio(s, PLANE)
    mse = {k: models[k][1]["metrics"]["test_mse"] for k in ("pca", "ae")}
    names = model_names()
    st.plotly_chart(figures.bars(list(mse), list(mse.values()), t("sc_m_mse"), names, lang=lang()), key="ls-bars")
    return t("ls_s3_num", d=PLANE, ae=mse["ae"], pca=mse["pca"], ratio=mse["ae"] / mse["pca"])


def s4(s: Settings, ds: Dataset) -> str:
    dae = ensure({"dae": presets.denoiser(s.dataset, s.data_dir)})["dae"][0]
    x = ds.x_test[:10]
    noisy = corrupt(x, "gaussian", 0.5, torch.Generator().manual_seed(0))
    clean = analysis.reconstruct(dae, noisy)
    st.image(_grid([(t("ls_original"), x), (t("noisy"), noisy), ("DAE", clean)]), width="stretch")
    return t(
        "ls_s4_num",
        noisy=float(np.minimum(analysis.psnr(x, noisy), 60).mean()),
        dae=float(analysis.psnr(x, clean).mean()),
    )


def _scatter(s: Settings, ds: Dataset, kind: str) -> np.ndarray:
    spec = presets.trio(PLANE, s.dataset, s.data_dir, s.beta)[kind]
    _trio(s, PLANE)
    n = min(2000, len(ds.x_test))
    z = codes(spec, n)
    fig = figures.latent_scatter(
        z, ds.y_test[:n].numpy(), ds.classes, t(f"lat_panel_{kind}"), *figures.padded_limits(z), lang=lang()
    )
    st.plotly_chart(fig, key=f"ls-scatter-{kind}", config={"displayModeBar": False})
    return z


def s5(s: Settings, ds: Dataset) -> str:
    z = _scatter(s, ds, "ae")
    lo, hi = np.percentile(z, 1, axis=0), np.percentile(z, 99, axis=0)
    return t("ls_s5_num", w=float(hi[0] - lo[0]), h=float(hi[1] - lo[1]))


def _draws(s: Settings, ds: Dataset, kinds: tuple[str, ...], seed: int) -> dict:
    specs = presets.trio(GEN, s.dataset, s.data_dir, s.beta)
    judge = presets.classifier(s.dataset, s.data_dir)
    models = ensure({**specs, "judge": judge})
    z = analysis.prior_codes(24, GEN, seed)
    names = model_names()
    for col, kind in zip(st.columns(len(kinds)), kinds):
        col.image(
            analysis.montage(analysis.prior_samples(models[kind][0], z), nrow=6), caption=names[kind], width="stretch"
        )
    return recognition({k: specs[k] for k in ("ae", "vae")}, judge)


def s6(s: Settings, ds: Dataset) -> str:
    rec = _draws(s, ds, ("ae",), 0)
    return t("ls_s6_num", ae=rec["ae"], real=rec["real"])


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
            codes(spec, 2000),
            mu[0].numpy(),
            sigma[0].numpy(),
            draws,
            "",
            (t("ls_mu", i=i), t("ls_samples")),
            lang=lang(),
        )
        st.plotly_chart(fig, key="ls-posterior")
    with c2:
        st.image(analysis.montage(ds.x_test[i : i + 1], 1, 0), caption=t("ls_original"), width=140)
        st.image(
            analysis.montage(analysis.decode(vae, draws), nrow=4), caption=t("ls_decoded_samples"), width="stretch"
        )
    return t("ls_s7_num", sigma=float((0.5 * all_logvar).exp().mean()))


def s8(s: Settings, ds: Dataset) -> str:
    st.latex(r"z = \mu + \sigma \odot \varepsilon,\quad \varepsilon \sim \mathcal{N}(0, I)")
    st.latex(r"\mathrm{KL} = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big)")
    vae, meta = ensure({"vae": presets.trio(GEN, s.dataset, s.data_dir, s.beta)["vae"]})["vae"]
    st.plotly_chart(figures.kl_bars(analysis.kl_per_dim(vae, ds.x_test[:1000]), lang=lang()), key="ls-kl")
    return t("ls_s8_num", recon=meta["metrics"]["test_recon"], kl=meta["metrics"]["test_kl"])


def s9(s: Settings, ds: Dataset) -> str:
    z = _scatter(s, ds, "vae")
    ae = codes(presets.trio(PLANE, s.dataset, s.data_dir, s.beta)["ae"], len(z))
    return t("ls_s9_num", vae=metrics.aggregate_kl(z), ae=metrics.aggregate_kl(ae))


def s10(s: Settings, ds: Dataset) -> str:
    seed = st.session_state.setdefault("ls_seed", 0)
    st.button(
        t("ls_new_draws"),
        icon=":material/casino:",
        key="ls-draw",
        on_click=lambda: st.session_state.update(ls_seed=st.session_state["ls_seed"] + 1),
    )
    rec = _draws(s, ds, ("ae", "vae"), seed)
    return t("ls_s10_num", vae=rec["vae"], ae=rec["ae"], real=rec["real"])


def s11(s: Settings, ds: Dataset) -> str:
    found = face_models(None)
    if found is None:
        st.warning(t("ls_no_faces"))
        return ""
    models, _ = found
    vae = models["conv-vae"][0]
    z = analysis.prior_codes(18, vae.latent_dim, 0)
    st.image(analysis.montage(analysis.prior_samples(vae, z), nrow=9), width="stretch", caption=t("fc_panel_conv-vae"))
    mse = {k: models[k][1]["metrics"]["test_mse"] for k in ("pca", "conv-ae", "conv-vae") if k in models}
    return t("ls_s11_num", vae=mse["conv-vae"], ae=mse["conv-ae"], pca=mse.get("pca", float("nan")))


RENDER = {
    "s1": s1,
    "s2": s2,
    "s3": s3,
    "s4": s4,
    "s5": s5,
    "s6": s6,
    "s7": s7,
    "s8": s8,
    "s9": s9,
    "s10": s10,
    "s11": s11,
}
