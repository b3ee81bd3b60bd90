import streamlit as st

from core import analysis, presets
from core.config import ModelConfig
from core.models import build
from ui import figures
from ui.i18n import lang, layer_columns, layer_table, t
from ui.navigation import PAGES
from ui.settings import settings
from ui.widgets import number_table

s = settings()
st.title(t("ov_title"))
st.markdown(t("ov_intro"))

st.header(t("ov_arch"))
cols = st.columns(2)
for col, kind in zip(cols, ("ae", "vae")):
    model = build(ModelConfig(kind=kind, latent_dim=s.latent_dim), (1, 28, 28))
    layers = layer_table(analysis.describe(model))
    title = t(f"ov_arch_{kind}", n=model.n_params)
    with col:
        st.plotly_chart(figures.architecture(layers, title, lang=lang()), key=f"arch-{kind}")
        shown = layers[list(layer_columns())].rename(columns=layer_columns())
        number_table(shown, {layer_columns()["units"]: 0, layer_columns()["params"]: 0})

st.header(t("ov_losses"))
st.markdown(t("ov_loss_ae"))  # one formula per row: side by side they were cut off on a 1400 px screen
st.latex(
    r"\mathcal{L}_{AE}(x) = -\sum_{i=1}^{784}\big[x_i \log \hat{x}_i + (1-x_i)\log(1-\hat{x}_i)\big],"
    r"\quad \hat{x} = \mathrm{dec}(\mathrm{enc}(x))"
)
st.markdown(t("ov_loss_vae"))
st.latex(
    r"\mathcal{L}_{VAE}(x) = \underbrace{\mathrm{BCE}(x, \mathrm{dec}(z))}_{\text{"
    + t("ov_tex_recon")
    + r"}} + \beta\,\underbrace{\tfrac12\sum_{j}\big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)}_{"
    r"\mathrm{KL}(\mathcal{N}(\mu,\sigma^2)\,\|\,\mathcal{N}(0, I))}"
)
st.latex(r"z = \mu + \sigma \odot \varepsilon,\quad \varepsilon \sim \mathcal{N}(0, I)")
st.caption(t("ov_loss_caption"))

st.header(t("ov_map"))
for name, icon in PAGES[1:]:
    st.page_link(f"views/{name}.py", label=f"**{t('nav_' + name)}** — {t('map_' + name)}", icon=icon)
st.caption(t("ov_source", dim=presets.GEN_DIM))
