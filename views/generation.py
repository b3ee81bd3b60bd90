import numpy as np
import streamlit as st
import torch

from core import analysis, presets
from ui.i18n import model_names, t
from ui.models import ensure
from ui.widgets import image_with_download, page, size_note

s, ds = page("gen_title", "gen_intro")
names = model_names()
size_note(presets.GEN_DIM, "gen_size_note")
dim = s.latent_dim
c2, c3 = st.columns([3, 1], vertical_alignment="bottom")
if "gen_seed" not in st.session_state:
    st.session_state["gen_seed"] = 0
c3.button(
    t("gen_new"),
    icon=":material/casino:",
    key="gen_new",
    on_click=lambda: st.session_state.update(gen_seed=st.session_state["gen_seed"] + 1),
)
seed = c2.number_input(t("gen_seed"), 0, 10_000, key="gen_seed")
specs = presets.trio(dim, s.dataset, s.data_dir, s.beta)
models = ensure(specs)

z = analysis.prior_codes(36, dim, int(seed))
real = ds.x_test[torch.randperm(len(ds.x_test), generator=torch.Generator().manual_seed(int(seed)))[:36]]
cols = st.columns(4)
panels = [
    ("real", real),
    ("ae", analysis.prior_samples(models["ae"][0], z)),
    ("vae", analysis.prior_samples(models["vae"][0], z)),
    ("pca", analysis.prior_samples(models["pca"][0], z)),
]
for col, (name, imgs) in zip(cols, panels):
    with col:
        image_with_download(analysis.montage(imgs, nrow=6), t(f"gen_panel_{name}"), f"samples-{name}")
st.caption(t("gen_same_draws", dim=dim, seed=int(seed)))

st.subheader(t("gen_interp"))
n_test = len(ds.x_test)
c1, c2 = st.columns(2)
ia = c1.number_input(t("gen_from"), 0, n_test - 1, 0)
ib = c2.number_input(t("gen_to"), 0, n_test - 1, 1)
c1.image(analysis.montage(ds.x_test[ia : ia + 1], 1, 0), width=70)
c2.image(analysis.montage(ds.x_test[ib : ib + 1], 1, 0), width=70)
for kind in ("pca", "ae", "vae"):
    strip = analysis.interpolate(models[kind][0], ds.x_test[ia], ds.x_test[ib], steps=10)
    image_with_download(analysis.montage(strip, nrow=10), names[kind], f"interp-{kind}", width=640)

st.subheader(t("gen_traverse"))
kl = analysis.kl_per_dim(models["vae"][0], ds.x_test[:500])
order = np.argsort(-kl)
c1, c2 = st.columns(2)
coords = {j: t("kl_coord", j=int(j), kl=float(kl[j])) for j in order}  # fixed now: no session in a format_func
d = c1.selectbox(t("gen_trav_dim"), list(order), format_func=coords.get)
base = c2.number_input(t("gen_trav_base"), 0, n_test - 1, 0)
vals = np.linspace(-3, 3, 11, dtype=np.float32)
for kind in ("ae", "vae"):
    z0 = analysis.encode(models[kind][0], ds.x_test[base : base + 1])[0]
    strip = analysis.traverse(models[kind][0], z0, int(d), vals)
    image_with_download(
        analysis.montage(strip, nrow=11),
        t("gen_trav_caption", kind=names[kind], d=int(d)),
        f"traverse-{kind}",
        width=700,
    )
