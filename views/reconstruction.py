import pandas as pd
import streamlit as st

from core import analysis, presets
from ui import figures
from ui.i18n import lang, model_names, t
from ui.models import ensure, ensure_some, more
from ui.widgets import chart_with_csv, image_with_download, number_table, page

s, ds = page("rec_title", "rec_intro")
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models = ensure(specs)
x = ds.x_test[presets.one_per_class(ds)]
rows = [(t("original"), analysis.montage(x, nrow=len(x)))]
rows += [(names[k], analysis.montage(analysis.reconstruct(models[k][0], x), nrow=len(x))) for k in specs]
st.subheader(t("rec_grid", d=s.latent_dim))
image_with_download(figures.labelled_rows(rows), t("rec_grid_caption", d=s.latent_dim, beta=s.beta), "reconstructions")

cols = {"test_mse": t("sc_m_mse"), "test_recon": t("sc_m_bce"), "test_kl": t("col_kl")}
table = pd.DataFrame(
    [
        {t("col_model"): names[k], **{label: m["metrics"][key] for key, label in cols.items()}}
        for k, (_, m) in models.items()
    ]
)
number_table(table, {cols["test_mse"]: 4, cols["test_recon"]: 1, cols["test_kl"]: 1})

st.subheader(t("rec_sweep"))
st.caption(t("rec_sweep_caption"))
# PCA at every size first (closed form, instant), then AE and VAE by size: the curve fills in point by point
sweep = {(k, d): presets.trio(d, s.dataset, s.data_dir)[k] for k in ("pca", "ae", "vae") for d in presets.SWEEP_DIMS}
loaded, pending = ensure_some({f"{k}{d}": spec for (k, d), spec in sweep.items()})
df = pd.DataFrame(
    [
        {"model": k, "latent_dim": d, "test_mse": m["metrics"]["test_mse"], "test_bce": m["metrics"]["test_recon"]}
        for (k, d) in sweep
        if (m := loaded.get(f"{k}{d}", (None, None))[1])
    ],
    columns=["model", "latent_dim", "test_mse", "test_bce"],
)
labels = {"test_mse": t("sc_m_mse"), "test_bce": t("sc_m_bce")}
metric = st.radio(t("rec_metric"), list(labels), horizontal=True, format_func=labels.get)
chart_with_csv(figures.error_vs_latent(df, metric, labels[metric], names, lang=lang()), df, "error-vs-latent")
more(pending)  # the rest of the page once every point is in
wins = df.pivot(index="latent_dim", columns="model", values="test_mse")
beat = [int(d) for d in wins.index if wins.loc[d, "ae"] < wins.loc[d, "pca"]]
st.info(t("rec_verdict", dims=", ".join(map(str, beat)) or "—", n=len(wins)))

st.subheader(t("rec_pca_var"))
pca32 = loaded[f"pca{max(presets.SWEEP_DIMS)}"][0]
ratio = pca32.explained_variance_ratio_.numpy()
variance = pd.DataFrame({"component": range(1, len(ratio) + 1), "explained_variance_ratio": ratio})
chart_with_csv(figures.explained_variance(ratio, lang=lang()), variance, "pca-variance")
st.caption(t("rec_pca_caption", d2=ratio[:2].sum() * 100, d32=ratio.sum() * 100))
