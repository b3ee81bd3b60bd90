import pandas as pd
import streamlit as st

from core import kinds, presets, report
from core.i18n import N_
from ui import figures
from ui.i18n import dataset_caption, lang, model_names, num, t
from ui.models import ensure, scoreboard
from ui.widgets import chart_with_csv, page, size_note

s, ds = page(
    t("Scoreboard: every claim, measured"),
    t(
        "The presentation argues with pictures; here are the numbers. PCA, AE, VAE and the denoising AE (DAE, "
        "Gaussian noise) share the sidebar's latent size. Random samples are judged by a small CNN classifier "
        "the lab trains on the training split."
    ),
)
names = model_names()
size_note(
    presets.GEN_DIM,
    "sc_size_note",
    N_("The holes show most clearly at the talk's {d}-dimensional codes; the sidebar is set to {current}."),
)
dim = s.latent_dim
specs = report.specs_for(s.dataset, s.data_dir, dim)
loaded = ensure(specs)
with st.spinner(t("Measuring (once per set of models)…")):
    table, details = scoreboard(specs, min(2000, len(ds.x_test)))
clf_acc = loaded["classifier"][1]["metrics"].get("test_accuracy", float("nan"))
target = (specs["classifier"].train.stop_at or float("nan")) * 100
used = dict(
    data=dataset_caption(ds),
    d=dim,
    n=details["n_eval"],
    acc=clf_acc * 100,
    floor=details["frechet_floor"],
    target=target,
)
st.caption(
    t(
        "Data: {data}. Latent size {d}, {n:,} test images. Classifier test accuracy {acc:.1f}% "
        "(trained until {target:.0f}%). Fréchet distance between two halves of the real test set "
        "(the floor): {floor:.2f}.",
        **used,
    )
)

cols = list(report.columns())
text = pd.DataFrame({t("metric"): [t(report.ROWS[m].label) for m in table["metric"]]})
names[report.REAL] = t("real images")  # the real test images: the ceiling and the floor, never a winner
for c in [*cols, report.REAL]:  # formatted here, in the page's language
    text[names[c]] = [("—" if pd.isna(v) else num(v, 4) if abs(v) < 1 else num(v, 1)) for v in table[c]]
text[t("meaning")] = [t(report.ROWS[m].meaning) for m in table["metric"]]


def mark(row: pd.Series) -> list[str]:
    winner = table.loc[row.name, "winner"]
    return ["background-color: #d4edda; font-weight: bold" if c == winner else "" for c in cols]


styled = text.style.apply(mark, axis=1, subset=[names[c] for c in cols])
st.table(styled)  # a static table: long meanings wrap instead of being cut
st.caption(t("Green: the best model of each row that has a direction (lower or higher is better)."))
csv = table.to_csv(index=False).encode()
st.download_button(
    "CSV", csv, f"scoreboard-{s.dataset}-d{dim}.csv", "text/csv", key="csv-scoreboard", icon=":material/download:"
)

st.subheader(t("Random codes: recognised as digits, and how close to what real codes decode to"))
by_id = table.set_index("metric")
trio = list(kinds.ids("dense"))
for col, metric in zip(st.columns(2), ("recognised", "frechet_recon")):
    with col:
        fig = figures.bars(trio, by_id.loc[metric, trio].tolist(), t(report.ROWS[metric].label), names, lang=lang())
        st.plotly_chart(fig, key=f"bar-{metric}")
st.subheader(t("Denoising against Gaussian noise level"))
chart_with_csv(
    figures.quality_vs_noise(details["denoising"], names, lang=lang()), details["denoising"], "scoreboard-denoising"
)
