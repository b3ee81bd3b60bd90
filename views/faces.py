from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, faces, kinds, presets
from core.data import DataError, allowed_folder
from core.data import load as load_data
from core.i18n import N_
from ui import lab
from ui.figures import labelled_rows
from ui.i18n import Literal, data_caption, hardware, listing, model_names, nt, num, plain, t
from ui.models import face_models
from ui.roles import is_teacher, teacher_only_note
from ui.training import request, wait_for
from ui.widgets import image_with_download, number_table

PANELS = {  # the face grids' captions, by source
    "real": N_("real held-out faces"),
    "conv-ae": N_("Conv AE decoder(z), z ~ N(0, I)"),
    "conv-vae": N_("Conv VAE decoder(z), the same z"),
}
ATTRIBUTE_NAMES = {  # core.faces.ATTRIBUTES in words
    "smile": N_("smile"),
    "mouth_open": N_("mouth open"),
    "blond_hair": N_("blond hair"),
    "black_hair": N_("black hair"),
    "brown_hair": N_("brown hair"),
    "grey_hair": N_("grey hair"),
    "pale_skin": N_("pale skin"),
    "glasses": N_("glasses"),
    "male": N_("male"),
    "young": N_("young"),
}
SOURCES = {  # where the face models come from
    "shipped": N_("shipped with the lab"),
    "custom": N_("trained here on your folder"),
}


st.title(t("Faces: a convolutional VAE"))
st.markdown(
    t(
        "For complex images the dense layers become convolutions. A convolutional AE and a "
        "convolutional VAE with the same encoder and decoder were trained on CelebA celebrity "
        "faces (64×64 RGB). The VAE's random codes decode to faces; the AE's do not."
    )
)
names = model_names()
custom = st.session_state.get("face_specs")
try:
    found = face_models(custom)
except faces.CorruptCheckpoint as e:
    st.error(t("A damaged checkpoint was set aside and will be retrained: {err}", err=plain(e)))
    st.stop()
if found is None:
    st.warning(t("No face models are available. Train them from a folder of CelebA images:"))
    st.code("bash scripts/train_faces.sh /path/to/img_align_celeba", language="bash")
    st.stop()
models, source = found
vae_meta = models["conv-vae"][1]
total_s = sum(meta["wall_time_s"] for _, meta, _ in models.values())
st.caption(
    t(
        "Models {source}: {data}; trained on {hw} in {s:.0f} s in all.",
        source=t(SOURCES[source]),
        data=data_caption(
            vae_meta["data"]["name"],
            vae_meta["data"]["n_train"],
            vae_meta["data"]["n_test"],
            vae_meta["data"]["shape"][0],
            folder=Path(vae_meta["spec"]["data"]["data_dir"] or "").name,
        ),
        hw=hardware(vae_meta),
        s=total_s,
    )
)

try:
    x = load_data(custom[0].data).x_test[:48] if source == "custom" else faces.heldout_faces()
except DataError as e:  # the teacher's folder was moved or deleted since
    st.error(t("This data set cannot be loaded here. {err}", err=plain(e)))
    st.session_state.pop("face_specs", None)
    st.stop()
if x is None:
    st.error(t("The held-out faces (checkpoints/shipped/heldout-faces.png) are missing."))
    st.stop()
shown = [k for k in presets.FACE_KINDS if k in models]

d = models["conv-vae"][0].latent_dim
in_browser = lab.problem() is None
graphs = lab.Graphs()
ids = {}
for k in shown:
    ids[k] = graphs.add(*models[k][:2])
shape = list(models["conv-vae"][0].shape)
face_text = {
    **lab.common_text(),
    **{
        "morph": t("Between the two faces:"),
        "new_faces": t("New faces"),
        "draws_note": t("drawn in your browser; the same codes go to both decoders"),
    },
}

st.subheader(t("Random faces: the same N(0, I) draws through both decoders"))
if in_browser:
    c1, c2 = st.columns([1, 2])
    with c1:
        image_with_download(analysis.montage(x[8:32], 6), t("real held-out faces"), "faces-real")
    with c2:
        trained = kinds.ids("conv", trained=True)
        draws = [{"id": k, "title": t(PANELS[k]), "decoder": ids[k]["decoder"]} for k in trained]
        data = {"mode": "faces", "part": "draws", "shape": shape, "d": d, "models": draws, "n": 24, "cols": 6}
        lab.mount_part("lab-face-draws", {**data, "seed": 1, "text": face_text}, graphs)
    st.caption(t("24 draws of a {d}-D standard normal, decoded by the conv AE and the conv VAE in your browser.", d=d))
else:
    c1, c2 = st.columns([3, 1])
    st.session_state.setdefault("face_seed", 0)
    c2.button(
        t("New faces"),
        icon=":material/casino:",
        on_click=lambda: st.session_state.update(face_seed=st.session_state["face_seed"] + 1),
    )
    seed = c1.number_input(t("Seed"), 0, 10_000, key="face_seed")
    z = analysis.prior_codes(24, d, int(seed))
    panels = [
        ("real", x[8:32]),
        ("conv-ae", analysis.prior_samples(models["conv-ae"][0], z)),
        ("conv-vae", analysis.prior_samples(models["conv-vae"][0], z)),
    ]
    for col, (k, imgs) in zip(st.columns(3), panels):
        with col:
            image_with_download(analysis.montage(imgs, 6), t(PANELS[k]), f"faces-{k}")
    st.caption(t("24 draws of a {d}-D standard normal, seed {seed}.", d=d, seed=int(seed)))

st.subheader(t("Reconstructions of held-out faces"))
n = 8
rows = [(t("original"), analysis.montage(x[:n], n))]
rows += [(names[k], analysis.montage(analysis.reconstruct(models[k][0], x[:n]), n)) for k in shown]
errors = [f"{names[k]} {num(models[k][1]['metrics']['test_mse'], 4)}" for k in shown]
image_with_download(
    labelled_rows(rows, scale=1),
    t("rows: original | PCA | Conv AE | Conv VAE, all with a 128-number code"),
    "face-reconstructions",
    alt=t("rows: original | PCA | Conv AE | Conv VAE, all with a 128-number code")
    + ". "
    + nt(
        "{n} held-out face and each model's reconstruction. Mean squared error per pixel on the test split: {errors}.",
        "{n} held-out faces and each model's reconstructions. Mean squared error per pixel on the test split: "
        "{errors}.",
        n,
        errors=Literal(listing(errors)),  # an alternative text, not markdown: our own names and numbers
    ),
)
table = pd.DataFrame(
    [
        {
            t("model"): names[k],
            t("Latent size"): models[k][0].latent_dim,
            t("MSE / pixel, test split"): models[k][1]["metrics"]["test_mse"],
            t("MSE / pixel, faces shown"): float(
                analysis.mse_per_image(x, analysis.reconstruct(models[k][0], x)).mean()
            ),
            t("training s"): round(models[k][1]["wall_time_s"]),
        }
        for k in shown
    ]
)
number_table(table, {t("MSE / pixel, test split"): 4, t("MSE / pixel, faces shown"): 4, t("training s"): 0})
mse = {k: models[k][1]["metrics"]["test_mse"] for k in shown}
if "pca" in mse and mse["conv-ae"] >= 0.98 * mse["pca"]:  # say why the claim does not show here, with the numbers
    kept = float(models["pca"][0].explained_variance_ratio_.sum())
    st.info(
        t(
            "At this size the conv AE does not beat PCA on held-out faces (error per pixel {ae:.4f} "
            "vs {pca:.4f}): with 128 numbers PCA already keeps {var:.0%} of the pixel variance, and "
            "20 epochs on 8,000 faces are not enough for the network to do better. On digits, with "
            "short codes, the AE wins clearly (Reconstruction page).",
            ae=mse["conv-ae"],
            pca=mse["pca"],
            var=kept,
        ),
        icon=":material/info:",
    )

st.subheader(t("Interpolation between two faces"))
c1, c2 = st.columns(2)
ia = c1.selectbox(t("From test image #"), range(len(x)), index=0)
ib = c2.selectbox(t("To test image #"), range(len(x)), index=5)
if in_browser:
    ends = {k: analysis.encode(models[k][0], x[[ia, ib]]) for k in shown}
    rows = [
        {"id": k, "title": names[k], "decoder": ids[k]["decoder"], "za": lab.b64(ends[k][0]), "zb": lab.b64(ends[k][1])}
        for k in shown
    ]
    data = {"mode": "faces", "part": "interp", "shape": shape, "d": d, "models": rows, "steps": 10}
    lab.mount_part("lab-face-interp", {**data, "text": face_text}, graphs)
else:
    for k in shown:
        strip = analysis.interpolate(models[k][0], x[ia], x[ib], 10)
        image_with_download(analysis.montage(strip, 10), names[k], f"face-interp-{k}")

st.subheader(t("Named directions: smile, hair, glasses"))
named = {k: faces.load_attributes(models[k][1]["name"]) for k in shown} if source == "shipped" else {}
named = {k: v for k, v in named.items() if v is not None}
if named:
    attrs = next(iter(named.values()))["attributes"]
    st.caption(
        t(
            "Each direction is the mean code of the training faces with a trait minus the mean code of those "
            "without it (CelebA's labels; White 2016), found for each model in its own code space. A slider adds "
            "that vector to the chosen face's code, from −2 to 2 times; the three models decode side by side."
        )
    )
    nbase = st.selectbox(t("Held-out face #"), range(len(x)), index=1, key="face_named_base")
    if in_browser:
        rows = [
            {
                "id": k,
                "title": names[k],
                "decoder": ids[k]["decoder"],
                "base": lab.b64(analysis.encode(models[k][0], x[nbase : nbase + 1])[0]),
                "vectors": lab.b64(named[k]["vectors"]),
            }
            for k in named
        ]
        data = {"mode": "faces", "part": "named", "shape": shape, "d": d, "models": rows, "min": -2.0, "max": 2.0}
        data["attributes"] = [{"id": a, "label": t(ATTRIBUTE_NAMES[a])} for a in attrs]
        lab.mount_part("lab-face-named", {**data, "text": face_text}, graphs)
    else:
        c_sl, c_img = st.columns([1, 2])
        with c_sl:
            alpha = np.array(
                [st.slider(t(ATTRIBUTE_NAMES[a]), -2.0, 2.0, 0.0, 0.05, key=f"fa-{a}-{nbase}") for a in attrs],
                dtype=np.float32,
            )
        with c_img:
            cols = st.columns(len(named))
            for col, k in zip(cols, named):
                z = analysis.encode(models[k][0], x[nbase : nbase + 1]) + alpha @ named[k]["vectors"]
                col.image(analysis.montage(analysis.decode(models[k][0], z), 1, 0), caption=names[k], alt=names[k])
else:
    st.caption(t("Named directions need the shipped face models and their CelebA labels (face-attributes.json)."))

st.subheader(t("Unnamed directions: the most used coordinates"))
vae = models["conv-vae"][0]
kl = analysis.kl_per_dim(vae, x)
order = np.argsort(-kl)[:6]
base = st.selectbox(t("Starting from test image #"), range(len(x)), index=0, key="face_base")
z0 = analysis.encode(vae, x[base : base + 1])[0]
st.caption(t("The six coordinates with the largest KL (the ones the VAE uses most), starting from the chosen face."))
if in_browser:
    sliders = {
        "base": lab.b64(z0),
        "dims": [int(j) for j in order],
        "values": [float(np.clip(z0[j], -3, 3)) for j in order],
        "labels": [t("z{j} (KL {kl:.2f})", j=int(j), kl=float(kl[j])) for j in order],
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
                t("z{j} (KL {kl:.2f})", j=int(j), kl=float(kl[j])),
                -3.0,
                3.0,
                float(np.clip(z0[j], -3, 3)),
                0.1,
                key=f"fz{j}-{base}",
            )
    with c_img:
        st.image(
            analysis.montage(analysis.decode(vae, zz[None]), 1, 0),
            width=256,
            caption=names["conv-vae"],
            alt=names["conv-vae"],
        )
if lab.runtime_problem() is None:
    st.toggle(
        t("Decode on the server instead"),
        key="server_decoding",
        help=t("For a browser that cannot run the models: the server draws every face (slower)."),
    )
else:
    st.caption(t(lab.PROBLEMS[lab.runtime_problem()]))

with st.expander(t("Train on your own folder of faces")):
    if not is_teacher():
        teacher_only_note()
    else:
        root = faces.data_root()
        st.caption(
            t(
                "A folder of face images (e.g. CelebA's img_align_celeba) inside the data root {root} "
                "(AEVAE_DATA_ROOT). Unreadable files are skipped and counted.",
                root=root,
            )
        )
        with st.form("faces-train"):
            folder = st.text_input(t("Folder"), "", max_chars=300)
            c1, c2 = st.columns(2)
            epochs = c1.select_slider(t("Epochs"), presets.FACE_EPOCHS, value=5)
            limit = c2.select_slider(t("At most this many images"), presets.FACE_LIMITS, value=5000)
            go = st.form_submit_button(t("Train"))
        if go:
            try:
                specs = presets.face_specs(str(allowed_folder(folder, root)), epochs, limit)
                load_data(specs[0].data)  # a clear message now rather than inside the training job
                request(specs)
                wait_for(specs)
                st.session_state["face_specs"] = specs
                st.rerun()
            except DataError as e:
                st.error(t("This data set cannot be loaded here. {err}", err=plain(e)))
    if custom and st.button(t("Back to the shipped models")):
        st.session_state.pop("face_specs")
        st.rerun()
