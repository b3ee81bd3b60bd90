import streamlit as st

from core import analysis, presets
from core.config import ModelConfig
from core.models import build
from ui import figures
from ui.i18n import t
from ui.navigation import PAGES
from ui.settings import settings

s = settings()
st.title(t("ov_title"))
st.markdown(t("ov_intro"))

st.header(t("ov_arch"))
cols = st.columns(2)
for col, kind in zip(cols, ("ae", "vae")):
    model = build(ModelConfig(kind=kind, latent_dim=s.latent_dim), (1, 28, 28))
    layers = analysis.describe(model)
    with col:
        st.plotly_chart(figures.architecture(layers, t(f"ov_arch_{kind}", n=f"{model.n_params:,}")), key=f"arch-{kind}")
        st.dataframe(layers.drop(columns="part"), hide_index=True, width="stretch")

st.header(t("ov_losses"))
c1, c2 = st.columns(2)
with c1:
    st.markdown(t("ov_loss_ae"))
    st.latex(
        r"\mathcal{L}_{AE}(x) = -\sum_{i=1}^{784}\big[x_i \log \hat{x}_i + (1-x_i)\log(1-\hat{x}_i)\big],"
        r"\quad \hat{x} = \mathrm{dec}(\mathrm{enc}(x))"
    )
with c2:
    st.markdown(t("ov_loss_vae"))
    st.latex(
        r"\mathcal{L}_{VAE}(x) = \underbrace{\mathrm{BCE}(x, \mathrm{dec}(z))}_{\text{reconstruction}}"
        r" + \beta\,\underbrace{\tfrac12\sum_{j}\big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)}_{"
        r"\mathrm{KL}(\mathcal{N}(\mu,\sigma^2)\,\|\,\mathcal{N}(0, I))},\quad z = \mu + \sigma \odot \varepsilon"
    )
st.caption(t("ov_loss_caption"))

st.header(t("ov_map"))
for name, icon in PAGES[1:]:
    st.page_link(f"views/{name}.py", label=f"**{t('nav_' + name)}** — {t('map_' + name)}", icon=icon)
st.caption(t("ov_source", dim=presets.GEN_DIM))
