import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, presets
from core.digits import UploadError, mnist_like
from ui import figures, lab
from ui.i18n import lang, model_names, plain, t
from ui.models import (
    codes,
    density,
    ensure,
    ensure_some,
    holes,
    holes_share,
    load_model,
    manifold,
    more,
    plane,
    replay,
)
from ui.resources import store
from ui.widgets import image_with_download, page, size_note

KINDS = ("ae", "vae", "pca")
s, ds = page("lat_title", "lat_intro")
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models = ensure(specs)
n = min(3000, len(ds.x_test))
labels = ds.y_test[:n].numpy()
judge = presets.classifier(s.dataset, s.data_dir)
have_judge, pending = ensure_some({"judge": judge})  # the holes need the judge; the planes do not wait for it
if s.latent_dim > 2:
    st.info(t("lat_projection", d=s.latent_dim))
shared = st.toggle(t("lat_shared_axes"), value=False, help=t("lat_shared_help"))

views = {kind: plane(specs[kind], n) for kind in KINDS}
limits = {k: figures.padded_limits(v[0]) for k, v in views.items()}
if shared:
    allpts = np.concatenate([v[0] for v in views.values()])
    limits = {k: figures.padded_limits(allpts) for k in views}
shares = {k: holes_share(specs[k], judge) for k in KINDS} if have_judge else {}

if shares:  # the claim, measured; where the numbers say it is weak at this size, say so and offer the source's 5-D
    gap = shares["ae"] - shares["vae"]
    if gap < 0.15 and s.latent_dim != presets.GEN_DIM:
        at5 = presets.trio(presets.GEN_DIM, s.dataset, s.data_dir, s.beta)
        known = all(store().exists(at5[k]) for k in ("ae", "vae"))  # measured there already: quote it
        there = {}
        for k in ("ae", "vae") if known else ():
            there[f"{k}5"] = holes_share(at5[k], judge)
        key = "lat_weak" if not known else "lat_weak_known" if there["ae5"] - there["vae5"] >= 0.15 else "lat_weak_both"
        size_note(
            presets.GEN_DIM,
            key,
            ae=shares["ae"],
            vae=shares["vae"],
            spread=float(codes(specs["ae"], n).std(0).mean()),
            **there,
        )

with st.expander(t("up_title"), icon=":material/upload:"):
    up = st.file_uploader(t("up_label"), type=["png", "jpg", "jpeg"], key="upload")
    if up is not None:
        try:
            digit = mnist_like(up.getvalue())
            c = st.columns(4)
            c[0].image(analysis.montage(digit, 1, 0), width=112, caption=t("up_as_mnist"))
            for col, kind in zip(c[1:], KINDS):
                z = analysis.encode(models[kind][0], digit)
                col.image(analysis.montage(analysis.decode(models[kind][0], z), 1, 0), width=112, caption=names[kind])
                pt = z[0, :2] if views[kind][1] is None else views[kind][1].transform(z)[0]
                st.session_state[f"sel-{kind}-{specs[kind].name}"] = np.asarray(pt, dtype=np.float32)
            st.caption(t("up_placed"))
        except UploadError as e:
            st.error(t("up_error", err=plain(e)))


@st.fragment
def in_browser() -> None:
    """The three planes, hover-to-decode and the drawing pad, run by the browser (a fragment: the component's
    request for model files reruns this part only)."""
    graphs = lab.Graphs()
    planes = []
    for kind in KINDS:
        model, meta = load_model(specs[kind])
        ids = graphs.add(model, meta, store().path(specs[kind]) if store().exists(specs[kind]) else None)
        pts, proj = views[kind]
        m = lab.plane_model(kind, t(f"lat_panel_{kind}"), model, ids, pts, proj, limits[kind])
        if kind in shares:  # the holes map: drawn only by the browser's planes, so computed only for them
            m["holes"] = lab.holes_layer(holes(specs[kind], judge, limits[kind], lab.HOLES_GRID))
            m["share_text"] = t("lat_share_pca" if kind == "pca" else "lat_share", p=shares[kind])
        m["density"] = lab.density_layer(density(specs[kind], limits[kind], lab.HOLES_GRID))
        picked = st.session_state.get(f"sel-{kind}-{specs[kind].name}")  # an uploaded picture's code
        if picked is not None:
            m["upload"] = [float(v) for v in picked]
        planes.append(m)
    lab.mount("lab-latent", lab.latent_payload(planes, labels), graphs)


@st.fragment
def panel(kind: str) -> None:
    """One scatter and its decoded code on the server. A fragment: a click reruns this panel only (tens of ms)."""
    pts, proj = views[kind]
    sel_key = f"sel-{kind}-{specs[kind].name}"
    event = st.session_state.get(f"scatter-{kind}")  # a click arrives here before the chart is drawn again
    points = event.selection.points if event and event.selection else []
    if points:
        st.session_state[sel_key] = np.array([points[0]["x"], points[0]["y"]], dtype=np.float32)
    fig = figures.latent_scatter(
        pts,
        labels,
        ds.classes,
        t(f"lat_panel_{kind}"),
        *limits[kind],
        prior_rings=kind != "pca",
        selected=st.session_state.get(sel_key),
        axis_titles=("z₁", "z₂") if proj is None else (t("fig_pc", i=1), t("fig_pc", i=2)),
        lang=lang(),
    )
    st.plotly_chart(
        fig, key=f"scatter-{kind}", on_select="rerun", selection_mode="points", config={"displayModeBar": False}
    )
    if kind in shares:
        st.caption(t("lat_share_pca" if kind == "pca" else "lat_share", p=shares[kind]))
    picked = st.session_state.get(sel_key)
    if picked is not None:
        img = analysis.decode(models[kind][0], analysis.from_2d(picked, proj))
        st.image(
            analysis.montage(img, nrow=1, padding=0),
            width=140,
            caption=t("lat_decoded", x=picked[0], y=picked[1], r=float(np.hypot(*picked))),
        )
    else:
        st.caption(t("lat_pick_hint"))


why_not = lab.problem()
if why_not is None:
    st.caption(t("lat_hover"))
    in_browser()
else:
    st.info(t(why_not, reason=plain(st.session_state.get("_browser_unavailable", ""))), icon=":material/dns:")
    st.caption(t("lat_click"))
    for col, kind in zip(st.columns(3), KINDS):
        with col:
            panel(kind)
if lab.runtime_problem() is None:
    st.toggle(t("lat_server_toggle"), key="server_decoding", help=t("lat_server_help"))

st.subheader(t("lat_replay"))
replays = {k: replay(specs[k]) for k in ("ae", "vae")}
if any(r is None for r in replays.values()):
    st.info(t("lat_replay_none"), icon=":material/history:")
else:
    frames = {}
    for k, r in replays.items():  # every epoch on the plane of the last one (a fixed projection: no flips)
        last, proj = analysis.to_2d(r[-1])
        flat = r.reshape(-1, r.shape[2])
        frames[k] = (flat if proj is None else proj.transform(flat)).reshape(len(r), -1, 2)
    rlabels = ds.y_test[: replays["ae"].shape[1]].numpy()
    st.caption(t("lat_replay_caption", n=int(replays["ae"].shape[1]), e=int(replays["ae"].shape[0] - 1)))
    if why_not is None:
        data = {
            "mode": "replay",
            "epochs": int(replays["ae"].shape[0] - 1),
            "labels": lab.b64(rlabels, np.uint8),
            "ms_per_epoch": lab.MS_PER_EPOCH,
            "text": {**lab.common_text(), **{k: t(f"lab_{k}") for k in ("play", "pause", "before", "epoch")}},
            "models": [
                {
                    "id": k,
                    "title": t(f"lat_panel_{k}"),
                    "color": figures.MODEL_COLORS[k],
                    "points": lab.b64q(frames[k]),
                    **dict(zip(("xlim", "ylim"), figures.padded_limits(frames[k].reshape(-1, 2)))),
                    "rings": True,
                }
                for k in ("ae", "vae")
            ],
        }
        lab.mount("lab-replay", data, lab.Graphs())
    else:
        e = st.slider(t("lat_replay_epoch"), 0, int(replays["ae"].shape[0] - 1), int(replays["ae"].shape[0] - 1))
        for col, k in zip(st.columns(2), ("ae", "vae")):
            lim = figures.padded_limits(frames[k].reshape(-1, 2))
            fig = figures.latent_scatter(frames[k][e], rlabels, ds.classes, t(f"lat_panel_{k}"), *lim, lang=lang())
            col.plotly_chart(fig, key=f"replay-{k}", config={"displayModeBar": False})

st.subheader(t("lat_manifold"))
st.caption(t("lat_manifold_caption"))
steps = st.slider(t("lat_manifold_steps"), 8, 20, 12)
cols = st.columns(3)
for col, kind in zip(cols, KINDS):
    with col:
        image_with_download(manifold(specs[kind], limits[kind], steps), t(f"lat_panel_{kind}"), f"manifold-{kind}")

with st.expander(t("lat_data")):
    df = pd.DataFrame({"label": labels, **{f"{k}_{a}": views[k][0][:, i] for k in views for i, a in enumerate("xy")}})
    st.download_button("CSV", df.to_csv(index=False).encode(), "latent-codes.csv", "text/csv", key="csv-codes")
more(pending)
