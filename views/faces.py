import os
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, faces
from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.data import DataError, allowed_folder
from ui.glue import image_with_download, jobs, store, t, wait_for

st.title(t("fc_title"))
st.markdown(t("fc_intro"))


@st.cache_resource(show_spinner=False)
def load_face_models(folders: tuple[str, ...]):
    """kind -> (model, meta) for the given checkpoint folders (shipped or freshly trained)."""
    out = {}
    for folder in folders:
        model, meta = faces.shipped_store().load_folder(Path(folder))
        out[meta["spec"]["model"]["kind"]] = (model, meta)
    return out


custom = st.session_state.get("face_specs")
if custom and all(store().exists(s) for s in custom):
    folders = {s.model.kind: store().path(s) for s in custom}
    source = t("fc_source_custom")
else:
    folders = faces.find_models(faces.shipped_store())
    source = t("fc_source_shipped")
if not {"conv-ae", "conv-vae"} <= set(folders):
    st.warning(t("fc_none"))
    st.code("bash scripts/train_faces.sh /path/to/img_align_celeba", language="bash")
    st.stop()
try:
    models = load_face_models(tuple(str(folders[k]) for k in sorted(folders)))
except faces.CorruptCheckpoint as e:
    st.error(t("corrupt_notice", err=str(e)))
    st.stop()
vae_meta = models["conv-vae"][1]
st.caption(t("fc_models", source=source, data=vae_meta["data"]["description"], hw=vae_meta["hardware"],
             s=sum(m["wall_time_s"] for _, m in models.values())))

x = faces.heldout_faces()
if custom:
    from core.data import load

    x = load(custom[0].data).x_test[:48]
if x is None:
    st.error(t("fc_no_heldout"))
    st.stop()
kinds = [k for k in ("pca", "conv-ae", "conv-vae") if k in models]
NAMES = {"pca": "PCA", "conv-ae": "Conv AE", "conv-vae": "Conv VAE"}

st.subheader(t("fc_recon"))
n = 8
rows = [(t("original"), analysis.montage(x[:n], n))]
rows += [(NAMES[k], analysis.montage(analysis.reconstruct(models[k][0], x[:n]), n)) for k in kinds]
from ui.figures import labelled_rows  # noqa: E402

image_with_download(labelled_rows(rows, scale=1), t("fc_recon_caption"), "face-reconstructions")
d = models["conv-vae"][0].latent_dim
table = pd.DataFrame([{"model": NAMES[k], "latent": models[k][0].latent_dim,
                       t("fc_mse_all"): models[k][1]["metrics"]["test_mse"],
                       t("fc_mse_shown"): float(analysis.mse_per_image(x, analysis.reconstruct(models[k][0], x)).mean()),
                       t("fc_train_s"): round(models[k][1]["wall_time_s"])} for k in kinds])
st.dataframe(table, hide_index=True, width="stretch")

st.subheader(t("fc_random"))
c1, c2 = st.columns([3, 1])
if "face_seed" not in st.session_state:
    st.session_state["face_seed"] = 0
c2.button(t("fc_new"), icon=":material/casino:",
          on_click=lambda: st.session_state.update(face_seed=st.session_state["face_seed"] + 1))
seed = c1.number_input(t("gen_seed"), 0, 10_000, key="face_seed")
z = analysis.prior_codes(24, d, int(seed))
cols = st.columns(3)
panels = [("real", x[8:32]), ("conv-ae", analysis.prior_samples(models["conv-ae"][0], z)),
          ("conv-vae", analysis.prior_samples(models["conv-vae"][0], z))]
for col, (k, imgs) in zip(cols, panels):
    with col:
        image_with_download(analysis.montage(imgs, 6), t(f"fc_panel_{k}"), f"faces-{k}")
st.caption(t("fc_same_draws", d=d, seed=int(seed)))

st.subheader(t("fc_interp"))
c1, c2 = st.columns(2)
ia = c1.selectbox(t("gen_from"), range(len(x)), index=0)
ib = c2.selectbox(t("gen_to"), range(len(x)), index=5)
for k in kinds:
    image_with_download(analysis.montage(analysis.interpolate(models[k][0], x[ia], x[ib], 10), 10), NAMES[k],
                        f"face-interp-{k}")

st.subheader(t("fc_sliders"))
vae = models["conv-vae"][0]
kl = analysis.kl_per_dim(vae, x)
order = np.argsort(-kl)[:6]
base = st.selectbox(t("gen_trav_base"), range(len(x)), index=0, key="face_base")
z0 = analysis.encode(vae, x[base:base + 1])[0]
c_sl, c_img = st.columns([2, 1])
with c_sl:
    st.caption(t("fc_sliders_caption"))
    zz = z0.copy()
    for j in order:
        zz[j] = st.slider(f"z{j} (KL {kl[j]:.1f})", -3.0, 3.0, float(np.clip(z0[j], -3, 3)), 0.1, key=f"fz{j}-{base}")
with c_img:
    st.image(analysis.montage(analysis.decode(vae, zz[None]), 1, 0), width=256, caption="Conv VAE")

with st.expander(t("fc_train_own")):
    root = os.environ.get("AEVAE_DATA_ROOT", "data")
    st.caption(t("fc_train_caption", root=root))
    with st.form("faces-train"):
        folder = st.text_input(t("fc_folder"), "")
        c1, c2 = st.columns(2)
        epochs = c1.slider(t("fc_epochs"), 1, 30, 5)
        limit = c2.number_input(t("fc_limit"), 100, 200_000, 5000, step=500)
        go = st.form_submit_button(t("mod_train_btn"))
    if go:
        try:
            path = allowed_folder(folder, root)
            data = DataConfig("image-folder", data_dir=str(path), limit=int(limit), crop=0.8)
            specs = [RunSpec(data, ModelConfig(kind=k, latent_dim=128), TrainConfig(epochs=epochs)) for k in kinds]
            from core.data import load

            load(data)  # a clear message now rather than inside the training job
            jobs().submit(specs)
            wait_for(specs)
            st.session_state["face_specs"] = specs
            st.rerun()
        except DataError as e:
            st.error(str(e))
    if custom and st.button(t("fc_back")):
        st.session_state.pop("face_specs")
        st.rerun()
