import streamlit as st

from core import analysis, presets
from core.config import ModelConfig
from core.i18n import NP_
from core.models import build
from ui import figures
from ui.i18n import lang, layer_columns, layer_table, nt, t
from ui.navigation import PAGES, SUMMARIES, TITLES
from ui.settings import settings
from ui.widgets import number_table

ARCHITECTURES = {  # the two architecture charts' titles
    "ae": NP_(
        "AE: 784 → 500 → 120 → code → 120 → 500 → 784 ({n:,} parameter)",
        "AE: 784 → 500 → 120 → code → 120 → 500 → 784 ({n:,} parameters)",
    ),
    "vae": NP_(
        "VAE: the same widths, code = μ + σ·ε ({n:,} parameter)",
        "VAE: the same widths, code = μ + σ·ε ({n:,} parameters)",
    ),
}


s = settings()
st.title(t("Autoencoders vs variational autoencoders"))
st.markdown(
    t(
        "An **autoencoder (AE)** squeezes an image into a short **code** with an encoder and "
        "rebuilds it with a decoder; input and target are the same image. That makes it a lossy "
        "compressor, useful for **dimensionality reduction** (non-linear, unlike PCA) and "
        "**denoising**. But nothing tells us where the codes lie: the code space has **holes**, "
        "so a random code decodes to garbage.\n\nA **variational autoencoder (VAE)** encodes each "
        "image as a normal distribution (mean μ, spread σ), samples the code from it and adds a "
        "**Kullback–Leibler** term that pulls these distributions towards a standard normal N(0, "
        "I). The code space becomes continuous and complete: a random point from N(0, I) decodes "
        "to a **new** image. This lab lets you check each claim on trained models, next to a PCA "
        "baseline."
    )
)

st.header(t("The two architectures (read off the real models)"))
cols = st.columns(2)
for col, kind in zip(cols, ("ae", "vae")):
    model = build(ModelConfig(kind=kind, latent_dim=s.latent_dim), (1, 28, 28))
    layers = layer_table(analysis.describe(model))
    title = nt(*ARCHITECTURES[kind], model.n_params)
    with col:
        st.plotly_chart(figures.architecture(layers, title, lang=lang()), key=f"arch-{kind}")
        shown = layers[list(layer_columns())].rename(columns=layer_columns())
        number_table(shown, {layer_columns()["units"]: 0, layer_columns()["params"]: 0})

st.header(t("The two loss functions"))
st.markdown(
    t("**AE**: reconstruction error only (binary cross-entropy, pixels in 0..1).")
)  # one formula per row: side by side they were cut off on a 1400 px screen
st.latex(
    r"\mathcal{L}_{AE}(x) = -\sum_{i=1}^{784}\big[x_i \log \hat{x}_i + (1-x_i)\log(1-\hat{x}_i)\big],"
    r"\quad \hat{x} = \mathrm{dec}(\mathrm{enc}(x))"
)
st.markdown(t("**VAE**: reconstruction + β × KL to the standard normal (the negative ELBO)."))
st.latex(
    r"\mathcal{L}_{VAE}(x) = \underbrace{\mathrm{BCE}(x, \mathrm{dec}(z))}_{\text{"
    + t("reconstruction")
    + r"}} + \beta\,\underbrace{\tfrac12\sum_{j}\big(\mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1\big)}_{"
    r"\mathrm{KL}(\mathcal{N}(\mu,\sigma^2)\,\|\,\mathcal{N}(0, I))}"
)
st.latex(r"z = \mu + \sigma \odot \varepsilon,\quad \varepsilon \sim \mathcal{N}(0, I)")
st.caption(
    t(
        "ReLU in hidden layers, a linear code layer (code values are not limited), a sigmoid "
        "output (pixels are in 0..1). KL in closed form: Kingma & Welling 2014, appendix B."
    )
)

st.header(t("Map of the lab"))
for name, icon in PAGES[1:]:
    st.page_link(f"views/{name}.py", label=f"**{t(TITLES[name])}** — {t(SUMMARIES[name])}", icon=icon)
st.caption(
    t(
        "From the presentation “A comparative analysis of the uses of traditional and "
        "variational autoencoders” (F. Ręka, UMCS, 2022); its generating model samples a {dim}-D "
        "standard normal.",
        dim=presets.GEN_DIM,
    )
)
