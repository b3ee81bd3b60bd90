import numpy as np
import pandas as pd
import streamlit as st

from core import presets, report
from core import data as data_mod
from ui import figures
from ui.glue import chart_with_csv, ensure, page, t

s, ds = page("sc_title", "sc_intro")
dim = st.select_slider(t("gen_dim"), presets.SWEEP_DIMS, value=presets.GEN_DIM, help=t("gen_dim_help"), key="sc_dim")
specs = report.specs_for(s.dataset, s.data_dir, dim)
loaded = ensure(specs)


@st.cache_data(show_spinner=False, max_entries=16)
def scoreboard(names: tuple[str, ...], n_eval: int):
    """The whole table, keyed on the checkpoint names (each name hashes its full configuration)."""
    models = {k: m for k, (m, _) in loaded.items()}
    return report.build(models, data_mod.load(specs["AE"].data), n_eval)


with st.spinner(t("sc_measuring")):
    table, details = scoreboard(tuple(sp.name for sp in specs.values()), min(2000, len(ds.x_test)))
clf_acc = loaded["classifier"][1]["metrics"].get("test_accuracy", np.nan)
st.caption(t("sc_used", data=ds.description, d=dim, n=details["n_eval"], acc=clf_acc * 100,
             floor=details["frechet_floor"]))

keys = [k for k, *_ in report.ROWS]
shown = table.assign(metric=[t(f"sc_m_{k}") for k in keys], meaning=[t(f"sc_d_{k}") for k in keys])
cols = list(report.COLUMNS)


def mark(row):
    return ["background-color: #d4edda; font-weight: bold" if row["winner"] == c else "" for c in cols]


text = shown[["metric", *cols, "meaning"]].copy()
for c in cols:  # formatted here: st.dataframe shows a Styler's missing values as "None"
    text[c] = [("—" if pd.isna(v) else f"{v:.4f}" if abs(v) < 1 else f"{v:.1f}") for v in shown[c]]
styled = text.style.apply(lambda r: mark(shown.loc[r.name]), axis=1, subset=cols)
st.dataframe(styled, hide_index=True, width="stretch", height=(len(shown) + 1) * 35 + 3)
st.caption(t("sc_winner"))
st.download_button("CSV", table.to_csv(index=False).encode(), f"scoreboard-{s.dataset}-d{dim}.csv",
                   "text/csv", key="csv-scoreboard", icon=":material/download:")

st.subheader(t("sc_gen"))
gen = table.set_index("metric").loc[[r[1] for r in report.ROWS if r[0] in ("recognised", "frechet")], ["PCA", "AE", "VAE"]]
c1, c2 = st.columns(2)
long = gen.reset_index().melt(id_vars="metric", var_name="model", value_name="value")
for col, (metric, label) in zip((c1, c2), zip(gen.index, (t("sc_m_recognised"), t("sc_m_frechet")))):
    with col:
        df = long[long.metric == metric]
        st.plotly_chart(figures.bars(df["model"].tolist(), df["value"].tolist(), label), key=f"bar-{metric}")
st.subheader(t("sc_denoise"))
chart_with_csv(figures.quality_vs_noise(details["denoising"]), details["denoising"], "scoreboard-denoising")
