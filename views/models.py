import pandas as pd
import streamlit as st

from core import kinds, presets
from core.config import RunSpec, uses
from core.faces import shipped_store
from core.store import CorruptCheckpoint
from ui import figures
from ui.i18n import lang, num, plain, t
from ui.resources import store
from ui.roles import is_teacher, teacher_only_note
from ui.settings import settings
from ui.training import request, wait_for
from ui.widgets import number_table

st.title(t("Stored models"))
st.markdown(
    t("Every trained model in the store with its configuration, training curves, test metrics and training time.")
)
COLUMNS = {  # catalogue column -> its header; numbers with their decimals
    "name": (t("name"), None),
    "kind": (t("Kind"), None),
    "dataset": (t("Data set"), None),
    "latent_dim": (t("Latent size"), 0),
    "beta": ("β", 1),
    "noise": (t("Training noise (AE only)"), None),
    "epochs": (t("epochs"), 0),
    "test_loss": (t("test loss (nats / image)"), 1),
    "test_mse": (t("MSE / pixel"), 4),
    "wall_time_s": (t("training (s)"), 1),
    "device": (t("device"), None),
    "status": (t("status"), None),
}


def catalogue(df, keep: tuple[str, ...]) -> None:
    """A store's catalogue (Store.list) in the page's language: model names, "—" for knobs a kind ignores."""
    shown = df[[c for c in keep if c in df.columns]].copy()
    if "kind" in shown:
        shown["kind"] = df["kind"].map(lambda k: kinds.KINDS[k].label if k in kinds.KINDS else k)
    if "noise" in shown:
        shown["noise"] = df["noise"].fillna("—")
    if "status" in shown:
        shown["status"] = [t("ok") if s == "ok" else t("damaged") for s in df["status"]]
    number_table(
        shown.rename(columns={c: COLUMNS[c][0] for c in shown}),
        {COLUMNS[c][0]: COLUMNS[c][1] for c in shown if COLUMNS[c][1] is not None},
    )


df = store().list()
if df.empty:
    st.info(t("No model is stored yet. Open any page to train what it needs, or train one below."))
else:
    catalogue(df, tuple(COLUMNS))
    name = st.selectbox(t("Model"), df["name"])
    try:
        meta = store().read_meta(store().root / name)  # the record only: nothing is built for a look
        c1, c2, c3 = st.columns(3)
        c1.metric(t("test loss (nats / image)"), num(meta["metrics"]["test_loss"], 1))
        if "test_mse" in meta["metrics"]:
            c2.metric(t("MSE / pixel"), num(meta["metrics"]["test_mse"], 4))
        c3.metric(t("training time"), num(meta["wall_time_s"], 1) + " s")
        hist = pd.DataFrame(meta["history"])
        if len(hist) > 1:
            long = pd.concat(
                [
                    hist.assign(model=t("train"), value=hist["loss"]),
                    hist.assign(model=t("test"), value=hist["test_loss"]),
                ]
            )
            st.plotly_chart(figures.loss_curves(long, "value", t("loss (nats / image)"), lang=lang()), key="hist")
        with st.expander(t("Configuration and metadata")):
            keep = ("spec", "data", "metrics", "seed", "device", "hardware", "versions", "created", "n_params", "dtype")
            st.json({k: meta[k] for k in keep if k in meta})
        spec = RunSpec.from_dict(meta["spec"])
        if is_teacher():
            b1, b2 = st.columns(2)
            if b1.button(t("Retrain"), icon=":material/refresh:"):
                store().delete(name)  # a deliberate retrain is not damage: nothing is filed in .corrupt/
                request([spec])
                wait_for([spec])
                st.rerun()
            if b2.button(t("Delete"), icon=":material/delete:", type="secondary"):
                store().delete(name)
                st.toast(t("Deleted {name}", name=plain(name)))
                st.rerun()
        else:
            teacher_only_note()
    except CorruptCheckpoint as e:
        st.error(t("A damaged checkpoint was set aside and will be retrained: {err}", err=plain(e)))
        if is_teacher() and st.button(t("Delete"), icon=":material/delete:", key="delete-damaged"):
            store().delete(name)  # a damaged folder can be removed too
            st.rerun()

st.subheader(t("Shipped with the lab (the face models, read-only)"))
shipped = shipped_store().list()
if shipped.empty:
    st.caption(t("No face models are available. Train them from a folder of CelebA images:"))
else:
    catalogue(shipped, ("name", "kind", "latent_dim", "epochs", "test_mse", "wall_time_s"))

st.subheader(t("Train a model"))
s = settings()
with st.form("train"):
    c1, c2, c3, c4 = st.columns(4)
    kind = c1.selectbox(t("Kind"), kinds.ids("dense"), format_func=lambda k: kinds.get(k).label)
    dim = c2.selectbox(t("Latent size"), presets.SWEEP_DIMS, index=0)
    beta = c3.selectbox("β (VAE)", presets.BETAS, index=presets.BETAS.index(1.0))
    noise = c4.selectbox(t("Training noise (AE only)"), [None, *presets.NOISE_PRESETS], format_func=lambda v: v or "—")
    go = st.form_submit_button(t("Train"), icon=":material/model_training:")
if go:
    spec = presets.dense_spec(kind, dim, s.dataset, s.data_dir, beta, noise if uses(kind, "noise") else None)
    if store().exists(spec):
        st.info(t("Already stored: {name}", name=spec.name))
    else:
        request([spec])
        wait_for([spec])
        st.rerun()
