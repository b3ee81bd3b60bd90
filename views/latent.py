import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, presets
from core.digits import UploadError, mnist_like
from ui import figures
from ui.i18n import lang, model_names, plain, t
from ui.models import codes, ensure
from ui.widgets import image_with_download, page

s, ds = page("lat_title", "lat_intro")
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models = ensure(specs)
n = min(3000, len(ds.x_test))
labels = ds.y_test[:n].numpy()
if s.latent_dim > 2:
    st.info(t("lat_projection", d=s.latent_dim))
shared = st.toggle(t("lat_shared_axes"), value=False, help=t("lat_shared_help"))

views = {}
for kind in ("ae", "vae", "pca"):
    z = codes(specs[kind], n)
    pts, proj = analysis.to_2d(z)
    views[kind] = (pts, proj)
limits = {k: figures.padded_limits(v[0]) for k, v in views.items()}
if shared:
    allpts = np.concatenate([v[0] for v in views.values()])
    limits = {k: figures.padded_limits(allpts) for k in views}

with st.expander(t("up_title"), icon=":material/upload:"):
    up = st.file_uploader(t("up_label"), type=["png", "jpg", "jpeg"], key="upload")
    if up is not None:
        try:
            digit = mnist_like(up.getvalue())
            c = st.columns(4)
            c[0].image(analysis.montage(digit, 1, 0), width=112, caption=t("up_as_mnist"))
            for col, kind in zip(c[1:], ("ae", "vae", "pca")):
                z = analysis.encode(models[kind][0], digit)
                col.image(analysis.montage(analysis.decode(models[kind][0], z), 1, 0), width=112, caption=names[kind])
                pt = z[0, :2] if views[kind][1] is None else views[kind][1].transform(z)[0]
                st.session_state[f"sel-{kind}-{specs[kind].name}"] = np.asarray(pt, dtype=np.float32)
            st.caption(t("up_placed"))
        except UploadError as e:
            st.error(t("up_error", err=plain(e)))

st.caption(t("lat_click"))


@st.fragment
def panel(kind: str) -> None:
    """One scatter and its decoded code. A fragment: a click reruns this panel only (tens of ms), not the page."""
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


for col, kind in zip(st.columns(3), ("ae", "vae", "pca")):
    with col:
        panel(kind)

st.subheader(t("lat_manifold"))
st.caption(t("lat_manifold_caption"))
steps = st.slider(t("lat_manifold_steps"), 8, 20, 12)
cols = st.columns(3)
for col, kind in zip(cols, ("ae", "vae", "pca")):
    pts, proj = views[kind]
    (x0, x1), (y0, y1) = limits[kind]
    grid = analysis.manifold_codes((x0, x1), (y0, y1), steps)
    z = np.concatenate([analysis.from_2d(g, proj) for g in grid]) if proj is not None else grid
    with col:
        image_with_download(
            analysis.montage(analysis.decode(models[kind][0], z), nrow=steps, padding=0),
            t(f"lat_panel_{kind}"),
            f"manifold-{kind}",
        )

with st.expander(t("lat_data")):
    df = pd.DataFrame({"label": labels, **{f"{k}_{a}": views[k][0][:, i] for k in views for i, a in enumerate("xy")}})
    st.download_button("CSV", df.to_csv(index=False).encode(), "latent-codes.csv", "text/csv", key="csv-codes")
