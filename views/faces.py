from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, faces, presets
from core.data import DataError, allowed_folder
from core.data import load as load_data
from ui import lab
from ui.figures import labelled_rows
from ui.i18n import data_caption, hardware, model_names, plain, t
from ui.models import face_models
from ui.roles import is_teacher, teacher_only_note
from ui.training import request, wait_for
from ui.widgets import image_with_download, number_table

st.title(t("fc_title"))
st.markdown(t("fc_intro"))
names = model_names()
custom = st.session_state.get("face_specs")
try:
    found = face_models(custom)
except faces.CorruptCheckpoint as e:
    st.error(t("corrupt_notice", err=plain(e)))
    st.stop()
if found is None:
    st.warning(t("fc_none"))
    st.code("bash scripts/train_faces.sh /path/to/img_align_celeba", language="bash")
    st.stop()
models, source = found
vae_meta = models["conv-vae"][1]
total_s = sum(meta["wall_time_s"] for _, meta, _ in models.values())
st.caption(
    t(
        "fc_models",
        source=t(f"fc_source_{source}"),
        data=data_caption(
            vae_meta["data"]["name"],
            vae_meta["data"]["n_train"],
            vae_meta["data"]["n_test"],
            vae_meta["data"]["shape"][0],
            folder=Path(vae_meta["spec"]["data"]["data_dir"] or "").name,
        ),
        hw=hardware(vae_meta["hardware"]),
        s=total_s,
    )
)

try:
    x = load_data(custom[0].data).x_test[:48] if source == "custom" else faces.heldout_faces()
except DataError as e:  # the teacher's folder was moved or deleted since
    st.error(t("data_missing", err=plain(e)))
    st.session_state.pop("face_specs", None)
    st.stop()
if x is None:
    st.error(t("fc_no_heldout"))
    st.stop()
kinds = [k for k in presets.FACE_KINDS if k in models]

st.subheader(t("fc_recon"))
n = 8
rows = [(t("original"), analysis.montage(x[:n], n))]
rows += [(names[k], analysis.montage(analysis.reconstruct(models[k][0], x[:n]), n)) for k in kinds]
image_with_download(labelled_rows(rows, scale=1), t("fc_recon_caption"), "face-reconstructions")
d = models["conv-vae"][0].latent_dim
table = pd.DataFrame(
    [
        {
            t("col_model"): names[k],
            t("sb_latent"): models[k][0].latent_dim,
            t("fc_mse_all"): models[k][1]["metrics"]["test_mse"],
            t("fc_mse_shown"): float(analysis.mse_per_image(x, analysis.reconstruct(models[k][0], x)).mean()),
            t("fc_train_s"): round(models[k][1]["wall_time_s"]),
        }
        for k in kinds
    ]
)
number_table(table, {t("fc_mse_all"): 4, t("fc_mse_shown"): 4, t("fc_train_s"): 0})
mse = {k: models[k][1]["metrics"]["test_mse"] for k in kinds}
if "pca" in mse and mse["conv-ae"] >= 0.98 * mse["pca"]:  # say why the claim does not show here, with the numbers
    kept = float(models["pca"][0].explained_variance_ratio_.sum())
    st.info(t("fc_tie", ae=mse["conv-ae"], pca=mse["pca"], var=kept), icon=":material/info:")

in_browser = lab.problem() is None
graphs = lab.Graphs()
ids = {}
for k in kinds:
    ids[k] = graphs.add(*models[k])
shape = list(models["conv-vae"][0].shape)
face_text = {**lab.common_text(), **{k: t(f"lab_{k}") for k in ("morph", "new_faces", "draws_note")}}

st.subheader(t("fc_random"))
if in_browser:
    c1, c2 = st.columns([1, 2])
    with c1:
        image_with_download(analysis.montage(x[8:32], 6), t("fc_panel_real"), "faces-real")
    with c2:
        draws = [{"id": k, "title": t(f"fc_panel_{k}"), "decoder": ids[k]["decoder"]} for k in ("conv-ae", "conv-vae")]
        data = {"mode": "faces", "part": "draws", "shape": shape, "d": d, "models": draws, "n": 24, "cols": 6}
        lab.mount_part("lab-face-draws", {**data, "seed": 1, "text": face_text}, graphs)
    st.caption(t("fc_browser_draws", d=d))
else:
    c1, c2 = st.columns([3, 1])
    st.session_state.setdefault("face_seed", 0)
    c2.button(
        t("fc_new"),
        icon=":material/casino:",
        on_click=lambda: st.session_state.update(face_seed=st.session_state["face_seed"] + 1),
    )
    seed = c1.number_input(t("gen_seed"), 0, 10_000, key="face_seed")
    z = analysis.prior_codes(24, d, int(seed))
    panels = [
        ("real", x[8:32]),
        ("conv-ae", analysis.prior_samples(models["conv-ae"][0], z)),
        ("conv-vae", analysis.prior_samples(models["conv-vae"][0], z)),
    ]
    for col, (k, imgs) in zip(st.columns(3), panels):
        with col:
            image_with_download(analysis.montage(imgs, 6), t(f"fc_panel_{k}"), f"faces-{k}")
    st.caption(t("fc_same_draws", d=d, seed=int(seed)))

st.subheader(t("fc_interp"))
c1, c2 = st.columns(2)
ia = c1.selectbox(t("gen_from"), range(len(x)), index=0)
ib = c2.selectbox(t("gen_to"), range(len(x)), index=5)
if in_browser:
    ends = {k: analysis.encode(models[k][0], x[[ia, ib]]) for k in kinds}
    rows = [
        {"id": k, "title": names[k], "decoder": ids[k]["decoder"], "za": lab.b64(ends[k][0]), "zb": lab.b64(ends[k][1])}
        for k in kinds
    ]
    data = {"mode": "faces", "part": "interp", "shape": shape, "d": d, "models": rows, "steps": 10}
    lab.mount_part("lab-face-interp", {**data, "text": face_text}, graphs)
else:
    for k in kinds:
        strip = analysis.interpolate(models[k][0], x[ia], x[ib], 10)
        image_with_download(analysis.montage(strip, 10), names[k], f"face-interp-{k}")

st.subheader(t("fc_sliders"))
vae = models["conv-vae"][0]
kl = analysis.kl_per_dim(vae, x)
order = np.argsort(-kl)[:6]
base = st.selectbox(t("gen_trav_base"), range(len(x)), index=0, key="face_base")
z0 = analysis.encode(vae, x[base : base + 1])[0]
st.caption(t("fc_sliders_caption"))
if in_browser:
    sliders = {
        "base": lab.b64(z0),
        "dims": [int(j) for j in order],
        "values": [float(np.clip(z0[j], -3, 3)) for j in order],
        "labels": [t("kl_coord", j=int(j), kl=float(kl[j])) for j in order],
        "min": -3.0,
        "max": 3.0,
    }
    data = {"mode": "faces", "part": "sliders", "shape": shape, "d": d, "decoder": ids["conv-vae"]["decoder"]}
    lab.mount_part(
        "lab-face-sliders", {**data, "sliders": sliders, "title": names["conv-vae"], "text": face_text}, graphs
    )
else:
    c_sl, c_img = st.columns([2, 1])
    with c_sl:
        zz = z0.copy()
        for j in order:
            zz[j] = st.slider(
                t("kl_coord", j=int(j), kl=float(kl[j])),
                -3.0,
                3.0,
                float(np.clip(z0[j], -3, 3)),
                0.1,
                key=f"fz{j}-{base}",
            )
    with c_img:
        st.image(analysis.montage(analysis.decode(vae, zz[None]), 1, 0), width=256, caption=names["conv-vae"])
if lab.runtime_problem() is None:
    st.toggle(t("lat_server_toggle"), key="server_decoding", help=t("fc_server_help"))
else:
    st.caption(t(lab.runtime_problem()))

with st.expander(t("fc_train_own")):
    if not is_teacher():
        teacher_only_note()
    else:
        root = faces.data_root()
        st.caption(t("fc_train_caption", root=root))
        with st.form("faces-train"):
            folder = st.text_input(t("fc_folder"), "", max_chars=300)
            c1, c2 = st.columns(2)
            epochs = c1.select_slider(t("fc_epochs"), presets.FACE_EPOCHS, value=5)
            limit = c2.select_slider(t("fc_limit"), presets.FACE_LIMITS, value=5000)
            go = st.form_submit_button(t("mod_train_btn"))
        if go:
            try:
                specs = presets.face_specs(str(allowed_folder(folder, root)), epochs, limit)
                load_data(specs[0].data)  # a clear message now rather than inside the training job
                request(specs)
                wait_for(specs)
                st.session_state["face_specs"] = specs
                st.rerun()
            except DataError as e:
                st.error(t("data_missing", err=plain(e)))
    if custom and st.button(t("fc_back")):
        st.session_state.pop("face_specs")
        st.rerun()
