import numpy as np
import pandas as pd
import streamlit as st
import torch

from core import analysis, metrics, presets
from core.noise import NOISES, corrupt
from ui import figures
from ui.glue import chart_with_csv, ensure, image_with_download, notify, page, show_notices, t

s, ds = page("dn_title", "dn_intro", d=presets.DENOISE_DIM, noise=presets.DENOISE)
if "dn_level" in st.session_state:  # clamp values set from outside the slider (session state, old links)
    raw = st.session_state["dn_level"]
    try:
        ok = 0.0 <= float(raw) <= 1.0
    except (TypeError, ValueError):
        ok, raw = False, 0.5
    if not ok:
        st.session_state["dn_level"] = float(min(1.0, max(0.0, float(raw))))
        notify("dn_level", t("param_clamped", name="noise level", value=raw, fixed=st.session_state["dn_level"]))
if st.session_state.get("dn_kind") not in (None, *NOISES):
    raw = st.session_state.pop("dn_kind")
    notify("dn_kind", t("param_refused", name="noise", value=raw))
show_notices(("dn_level", "dn_kind"))
c1, c2 = st.columns(2)
kind = c1.radio(t("dn_kind"), NOISES, horizontal=True, key="dn_kind", format_func=lambda k: t(f"noise_{k}"))
st.session_state.setdefault("dn_level", 0.5)
level = c2.slider(t("dn_level"), 0.0, 1.0, step=0.05, key="dn_level", help=t("dn_level_help"))
specs = {"dae": presets.denoiser(s.dataset, s.data_dir), **presets.trio(presets.DENOISE_DIM, s.dataset, s.data_dir)}
models = ensure(specs)
NAMES = {"dae": "DAE", "ae": "AE", "vae": "VAE", "pca": "PCA"}

x = ds.x_test[:12]
noisy = corrupt(x, kind, level, torch.Generator().manual_seed(0))
rows = [(t("original"), analysis.montage(x, nrow=len(x))), (t("noisy"), analysis.montage(noisy, nrow=len(x)))]
rows += [(NAMES[k], analysis.montage(analysis.reconstruct(models[k][0], noisy), nrow=len(x))) for k in NAMES]
image_with_download(figures.labelled_rows(rows), t("dn_grid_caption", kind=t(f"noise_{kind}"), level=level), "denoising")


@st.cache_data(show_spinner=False, max_entries=32)
def quality(names: tuple[str, ...], kind: str, levels: tuple[float, ...], n: int) -> pd.DataFrame:
    """PSNR / SSIM of each model's output against the clean image, per noise level (keyed on checkpoint names)."""
    return pd.DataFrame(metrics.denoising({NAMES[k]: models[k][0] for k in NAMES}, ds.x_test[:n], kind, levels))


n = min(300, len(ds.x_test))
now = quality(tuple(sp.name for sp in specs.values()), kind, (level,), n)
st.subheader(t("dn_table", n=n))
best = now[now.model != "Noisy"].sort_values("psnr", ascending=False).iloc[0]["model"]
st.dataframe(now.drop(columns=["level", "noise"]), hide_index=True, width="stretch", column_config={
    "psnr": st.column_config.NumberColumn("PSNR (dB)", format="%.2f"),
    "ssim": st.column_config.NumberColumn("SSIM", format="%.3f")})
st.caption(t("dn_best", model=best))
st.subheader(t("dn_curves"))
levels = tuple(np.round(np.linspace(0, 1 if kind == "gaussian" else 0.8, 9), 3))
curves = quality(tuple(sp.name for sp in specs.values()), kind, levels, min(200, n))
chart_with_csv(figures.quality_vs_noise(curves), curves, f"denoise-{kind}")
