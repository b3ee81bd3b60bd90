
import pandas as pd
import streamlit as st

from core import presets
from core.models import LABELS
from core.store import CorruptCheckpoint
from ui import figures
from ui.glue import jobs, settings, store, t, wait_for

st.title(t("mod_title"))
st.markdown(t("mod_intro"))
df = store().list()
if df.empty:
    st.info(t("mod_empty"))
else:
    show = [c for c in ("name", "kind", "dataset", "latent_dim", "beta", "noise", "epochs", "test_loss", "test_mse",
                        "wall_time_s", "device", "status") if c in df.columns]
    st.dataframe(df[show], hide_index=True, width="stretch", column_config={
        "test_loss": st.column_config.NumberColumn(format="%.1f"), "test_mse": st.column_config.NumberColumn(format="%.4f"),
        "wall_time_s": st.column_config.NumberColumn("train s", format="%.1f")})
    name = st.selectbox(t("mod_pick"), df["name"])
    try:
        _, meta = store().load_folder(store().root / name)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("mod_test_loss"), f"{meta['metrics']['test_loss']:.1f}")
        c2.metric("MSE / pixel", f"{meta['metrics']['test_mse']:.4f}")
        c3.metric(t("mod_time"), f"{meta['wall_time_s']:.1f} s")
        hist = pd.DataFrame(meta["history"])
        if len(hist) > 1:
            long = pd.concat([hist.assign(model=t("mod_train"), value=hist["loss"]),
                              hist.assign(model=t("mod_test"), value=hist["test_loss"])])
            st.plotly_chart(figures.loss_curves(long, "value", t("live_loss_axis")), key="hist")
        with st.expander(t("mod_config")):
            st.json({k: meta[k] for k in ("spec", "data", "metrics", "seed", "device", "hardware", "versions", "created",
                                          "n_params", "dtype") if k in meta})
        from core.config import RunSpec

        spec = RunSpec.from_dict(meta["spec"])
        b1, b2 = st.columns(2)
        if b1.button(t("mod_retrain"), icon=":material/refresh:"):
            store().set_aside(spec)
            jobs().submit([spec])
            wait_for([spec])
            st.rerun()
        if b2.button(t("mod_delete"), icon=":material/delete:", type="secondary"):
            store().delete(name)
            st.toast(t("mod_deleted", name=name))
            st.rerun()
    except CorruptCheckpoint as e:
        st.error(t("corrupt_notice", err=str(e)))

st.subheader(t("mod_train_new"))
s = settings()
with st.form("train"):
    c1, c2, c3, c4 = st.columns(4)
    kind = c1.selectbox(t("mod_kind"), [k for k in LABELS if not k.startswith("conv")])
    dim = c2.selectbox(t("sb_latent"), presets.SWEEP_DIMS, index=0)
    beta = c3.selectbox("β", presets.BETAS, index=presets.BETAS.index(1.0))
    noise = c4.selectbox(t("mod_noise"), [None, "gaussian:0.5", "salt-pepper:0.2", "masking:0.5"],
                         format_func=lambda v: v or "—")
    go = st.form_submit_button(t("mod_train_btn"), icon=":material/model_training:")
if go:
    spec = presets.dense_spec(kind, dim, s.dataset, s.data_dir, beta, noise if kind == "ae" else None)
    if store().exists(spec):
        st.info(t("mod_exists", name=spec.name))
    else:
        jobs().submit([spec])
        wait_for([spec])
        st.rerun()
