import pandas as pd
import streamlit as st

from core import presets
from core.config import LABELS, RunSpec, uses
from core.faces import shipped_store
from core.store import CorruptCheckpoint
from ui import figures
from ui.i18n import lang, num, plain, t
from ui.resources import store
from ui.roles import is_teacher, teacher_only_note
from ui.settings import settings
from ui.training import request, wait_for
from ui.widgets import number_table

st.title(t("mod_title"))
st.markdown(t("mod_intro"))
COLUMNS = {  # catalogue column -> its header; numbers with their decimals
    "name": (t("col_name"), None),
    "kind": (t("mod_kind"), None),
    "dataset": (t("sb_dataset"), None),
    "latent_dim": (t("sb_latent"), 0),
    "beta": ("β", 1),
    "noise": (t("mod_noise"), None),
    "epochs": (t("col_epochs"), 0),
    "test_loss": (t("mod_test_loss"), 1),
    "test_mse": (t("sc_m_mse"), 4),
    "wall_time_s": (t("col_train_s"), 1),
    "device": (t("col_device"), None),
    "status": (t("col_status"), None),
}


def catalogue(df, keep: tuple[str, ...]) -> None:
    """A store's catalogue (Store.list) in the page's language: model names, "—" for knobs a kind ignores."""
    shown = df[[c for c in keep if c in df.columns]].copy()
    if "kind" in shown:
        shown["kind"] = df["kind"].map(LABELS.get)
    if "noise" in shown:
        shown["noise"] = df["noise"].fillna("—")
    if "status" in shown:
        shown["status"] = [t("status_ok") if s == "ok" else t("status_damaged") for s in df["status"]]
    number_table(
        shown.rename(columns={c: COLUMNS[c][0] for c in shown}),
        {COLUMNS[c][0]: COLUMNS[c][1] for c in shown if COLUMNS[c][1] is not None},
    )


df = store().list()
if df.empty:
    st.info(t("mod_empty"))
else:
    catalogue(df, tuple(COLUMNS))
    name = st.selectbox(t("mod_pick"), df["name"])
    try:
        _, meta = store().load_folder(store().root / name)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("mod_test_loss"), num(meta["metrics"]["test_loss"], 1))
        if "test_mse" in meta["metrics"]:
            c2.metric(t("sc_m_mse"), num(meta["metrics"]["test_mse"], 4))
        c3.metric(t("mod_time"), num(meta["wall_time_s"], 1) + " s")
        hist = pd.DataFrame(meta["history"])
        if len(hist) > 1:
            long = pd.concat(
                [
                    hist.assign(model=t("mod_train"), value=hist["loss"]),
                    hist.assign(model=t("mod_test"), value=hist["test_loss"]),
                ]
            )
            st.plotly_chart(figures.loss_curves(long, "value", t("live_loss_axis"), lang=lang()), key="hist")
        with st.expander(t("mod_config")):
            keep = ("spec", "data", "metrics", "seed", "device", "hardware", "versions", "created", "n_params", "dtype")
            st.json({k: meta[k] for k in keep if k in meta})
        spec = RunSpec.from_dict(meta["spec"])
        if is_teacher():
            b1, b2 = st.columns(2)
            if b1.button(t("mod_retrain"), icon=":material/refresh:"):
                store().delete(name)  # a deliberate retrain is not damage: nothing is filed in .corrupt/
                request([spec])
                wait_for([spec])
                st.rerun()
            if b2.button(t("mod_delete"), icon=":material/delete:", type="secondary"):
                store().delete(name)
                st.toast(t("mod_deleted", name=plain(name)))
                st.rerun()
        else:
            teacher_only_note()
    except CorruptCheckpoint as e:
        st.error(t("corrupt_notice", err=plain(e)))
        if is_teacher() and st.button(t("mod_delete"), icon=":material/delete:", key="delete-damaged"):
            store().delete(name)  # a damaged folder can be removed too
            st.rerun()

st.subheader(t("mod_shipped"))
shipped = shipped_store().list()
if shipped.empty:
    st.caption(t("fc_none"))
else:
    catalogue(shipped, ("name", "kind", "latent_dim", "epochs", "test_mse", "wall_time_s"))

st.subheader(t("mod_train_new"))
s = settings()
with st.form("train"):
    c1, c2, c3, c4 = st.columns(4)
    kind = c1.selectbox(t("mod_kind"), ["pca", "ae", "vae"], format_func=LABELS.get)
    dim = c2.selectbox(t("sb_latent"), presets.SWEEP_DIMS, index=0)
    beta = c3.selectbox("β (VAE)", presets.BETAS, index=presets.BETAS.index(1.0))
    noise = c4.selectbox(t("mod_noise"), [None, *presets.NOISE_PRESETS], format_func=lambda v: v or "—")
    go = st.form_submit_button(t("mod_train_btn"), icon=":material/model_training:")
if go:
    spec = presets.dense_spec(kind, dim, s.dataset, s.data_dir, beta, noise if uses(kind, "noise") else None)
    if store().exists(spec):
        st.info(t("mod_exists", name=spec.name))
    else:
        request([spec])
        wait_for([spec])
        st.rerun()
