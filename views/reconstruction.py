import pandas as pd
import streamlit as st

from core import analysis, kinds, presets
from ui import figures
from ui.i18n import Literal, lang, listing, model_names, nt, num, t
from ui.models import coming, ensure_some, more
from ui.widgets import chart_with_csv, image_with_download, number_table, page

s, ds = page(
    t("Reconstruction and dimensionality reduction"),
    t(
        "The same test images, squeezed to the same code length by PCA (linear), an AE and a VAE (non-linear), "
        "then rebuilt."
    ),
)
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models, pending = ensure_some(specs)  # the page draws what is stored and fills in as the rest is trained
coming(specs, pending)
x = ds.x_test[presets.one_per_class(ds)]
rows = [(t("original"), analysis.montage(x, nrow=len(x)))]
rows += [(names[k], analysis.montage(analysis.reconstruct(models[k][0], x), nrow=len(x))) for k in specs if k in models]
st.subheader(t("Originals and reconstructions, latent size {d}", d=s.latent_dim))
errors = [f"{names[k]} {num(models[k][1]['metrics']['test_mse'], 4)}" for k in specs if k in models]
alt = nt(
    "{n} test image, one of each class, in the first row; below, each model's reconstruction of it. Mean squared "
    "error per pixel on the test set: {errors}.",
    "{n} test images, one of each class, in the first row; below, each model's reconstruction of them. Mean "
    "squared error per pixel on the test set: {errors}.",
    len(x),
    errors=Literal(listing(errors)),  # an alternative text, not markdown: our own names and numbers
)
image_with_download(
    figures.labelled_rows(rows),
    t("rows: original | PCA | AE | VAE (latent size {d}, β = {beta})", d=s.latent_dim, beta=s.beta)
    if not pending
    else t("rows: original, then each model that is ready (latent size {d}, β = {beta})", d=s.latent_dim, beta=s.beta),
    "reconstructions",
    alt=alt,
)

cols = {"test_mse": t("MSE / pixel"), "test_recon": t("BCE (nats / image)"), "test_kl": t("KL (nats / image)")}
if models:
    table = pd.DataFrame(
        [
            {t("model"): names[k], **{label: m["metrics"][key] for key, label in cols.items()}}
            for k, (_, m) in models.items()
        ]
    )
    number_table(table, {cols["test_mse"]: 4, cols["test_recon"]: 1, cols["test_kl"]: 1})

st.subheader(t("Test error against latent size"))
st.caption(t("Each point is a separately trained model (β = 1), measured on held-out test images."))
# PCA at every size first (closed form, instant), then AE and VAE by size: the curve fills in point by point
sweep = {(k, d): presets.trio(d, s.dataset, s.data_dir)[k] for k in kinds.ids("dense") for d in presets.SWEEP_DIMS}
loaded, sweeping = ensure_some({f"{k}{d}": spec for (k, d), spec in sweep.items()})
df = pd.DataFrame(
    [
        {"model": k, "latent_dim": d, "test_mse": m["metrics"]["test_mse"], "test_bce": m["metrics"]["test_recon"]}
        for (k, d) in sweep
        if (m := loaded.get(f"{k}{d}", (None, None))[1])
    ],
    columns=["model", "latent_dim", "test_mse", "test_bce"],
)
labels = {"test_mse": t("MSE / pixel"), "test_bce": t("BCE (nats / image)")}
metric = st.radio(t("Error measure"), list(labels), horizontal=True, format_func=labels.get)
chart_with_csv(figures.error_vs_latent(df, metric, labels[metric], names, lang=lang()), df, "error-vs-latent")
if not sweeping:  # the curve is complete
    wins = df.pivot(index="latent_dim", columns="model", values="test_mse")
    beat = [int(d) for d in wins.index if wins.loc[d, "ae"] < wins.loc[d, "pca"]]
    st.info(
        t(
            "The AE reconstructs better than PCA at latent sizes {dims} (of {n} tried): a non-linear "
            "code keeps more of the image.",
            dims=", ".join(map(str, beat)) or "—",
            n=len(wins),
        )
    )

st.subheader(t("PCA: explained variance"))
if f"pca{max(presets.SWEEP_DIMS)}" in loaded:
    pca32 = loaded[f"pca{max(presets.SWEEP_DIMS)}"][0]
    ratio = pca32.explained_variance_ratio_.numpy()
    variance = pd.DataFrame({"component": range(1, len(ratio) + 1), "explained_variance_ratio": ratio})
    chart_with_csv(figures.explained_variance(ratio, lang=lang()), variance, "pca-variance")
    st.caption(
        t(
            "2 components explain {d2:.1f}% of the pixel variance, 32 explain {d32:.1f}%.",
            d2=ratio[:2].sum() * 100,
            d32=ratio.sum() * 100,
        )
    )
more([*pending, *(p for p in sweeping if p not in pending)])  # then the rest, as each model is stored
