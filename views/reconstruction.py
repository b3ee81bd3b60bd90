import pandas as pd
import streamlit as st

from core import analysis, presets
from ui import figures
from ui.glue import chart_with_csv, ensure, image_with_download, page, t

s, ds = page("rec_title", "rec_intro")

specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models = ensure(specs)
idx = [int((ds.y_test == c).nonzero()[0]) for c in range(len(ds.classes))] if ds.classes else list(range(10))
x = ds.x_test[idx]
rows = [(t("original"), analysis.montage(x, nrow=len(x)))]
for kind in ("pca", "ae", "vae"):
    rows.append((kind.upper(), analysis.montage(analysis.reconstruct(models[kind][0], x), nrow=len(x))))
st.subheader(t("rec_grid", d=s.latent_dim))
image_with_download(figures.labelled_rows(rows), t("rec_grid_caption", d=s.latent_dim, beta=s.beta), "reconstructions")

table = pd.DataFrame([{"model": kind.upper(), "MSE / pixel": m["metrics"]["test_mse"],
                       "BCE (nats / image)": m["metrics"]["test_recon"], "KL (nats / image)": m["metrics"]["test_kl"]}
                      for kind, (_, m) in models.items()])
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "MSE / pixel": st.column_config.NumberColumn(format="%.4f"),
    "BCE (nats / image)": st.column_config.NumberColumn(format="%.1f"),
    "KL (nats / image)": st.column_config.NumberColumn(format="%.1f")})

st.subheader(t("rec_sweep"))
st.caption(t("rec_sweep_caption"))
sweep = {(k, d): spec for d in presets.SWEEP_DIMS for k, spec in presets.trio(d, s.dataset, s.data_dir).items()}
loaded = ensure({f"{k}{d}": spec for (k, d), spec in sweep.items()})
df = pd.DataFrame([{"model": k.upper(), "latent_dim": d, "test_mse": loaded[f"{k}{d}"][1]["metrics"]["test_mse"],
                    "test_bce": loaded[f"{k}{d}"][1]["metrics"]["test_recon"]} for (k, d) in sweep])
metric = st.radio(t("rec_metric"), ["test_mse", "test_bce"], horizontal=True,
                  format_func=lambda m: {"test_mse": "MSE / pixel", "test_bce": "BCE (nats / image)"}[m])
chart_with_csv(figures.error_vs_latent(df, metric, {"test_mse": "MSE / pixel", "test_bce": "BCE (nats / image)"}[metric]),
               df, "error-vs-latent")
wins = df.pivot(index="latent_dim", columns="model", values="test_mse")
beat = [int(d) for d in wins.index if wins.loc[d, "AE"] < wins.loc[d, "PCA"]]
st.info(t("rec_verdict", dims=", ".join(map(str, beat)) or "—", n=len(wins)))

st.subheader(t("rec_pca_var"))
pca32 = loaded[f"pca{max(presets.SWEEP_DIMS)}"][0]
ratio = pca32.explained_variance_ratio_.numpy()
chart_with_csv(figures.explained_variance(ratio), pd.DataFrame({"component": range(1, len(ratio) + 1),
               "explained_variance_ratio": ratio}), "pca-variance")
st.caption(t("rec_pca_caption", d2=ratio[:2].sum() * 100, d32=ratio.sum() * 100))
