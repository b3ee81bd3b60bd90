import numpy as np
import streamlit as st
import torch

from core import analysis, kinds, presets
from core.i18n import N_
from ui.i18n import model_names, nt, t
from ui.models import coming, ensure_some, more, sampling, train_codes
from ui.widgets import image_with_download, page, size_note

PANELS = {  # the grids' captions, by source
    "real": N_("real test images"),
    "ae": N_("AE decoder(z), z ~ N(0, I)"),
    "vae": N_("VAE decoder(z), the same z"),
    "pca": N_("PCA, Gaussian in PCA space"),
    "ae+fit": N_("AE decoder, the same z moved to a Gaussian fitted to the AE's codes"),
}


s, ds = page(
    t("Generation: random codes through the decoder"),
    t(
        "The **same** draws from N(0, I) go to the AE's decoder and to the VAE's. The VAE was trained to put its "
        "codes there, the AE was not: compare the panels with the real data on the left."
    ),
)
names = model_names()
size_note(
    presets.GEN_DIM,
    "gen_size_note",
    N_("The talk's generating model draws {d}-dimensional codes; the sidebar is set to {current}."),
)
dim = s.latent_dim
c2, c3 = st.columns([3, 1], vertical_alignment="bottom")
if "gen_seed" not in st.session_state:  # a shared link's seed (?seed=), checked; else 0
    raw = str(st.query_params.get("seed", "0"))
    st.session_state["gen_seed"] = min(10_000, int(raw)) if raw.isdigit() and len(raw) < 8 else 0
c3.button(
    t("New draws"),
    icon=":material/casino:",
    key="gen_new",
    on_click=lambda: st.session_state.update(gen_seed=st.session_state["gen_seed"] + 1),
)
seed = c2.number_input(t("Seed"), 0, 10_000, key="gen_seed")
st.query_params["seed"] = str(int(seed))  # the address names these draws
specs = presets.trio(dim, s.dataset, s.data_dir, s.beta)
models, training = ensure_some(specs)  # the grids of the stored models now, the others as they are trained
coming(specs, training)
judge = presets.classifier(s.dataset, s.data_dir)
have_judge, pending = ensure_some({"judge": judge})  # the shares below need the judge; the grids do not wait for it

z = analysis.prior_codes(36, dim, int(seed))
real = ds.x_test[torch.randperm(len(ds.x_test), generator=torch.Generator().manual_seed(int(seed)))[:36]]
panels = [("real", real)]
panels += [(k, analysis.prior_samples(models[k][0], z)) for k in ("ae", "vae", "pca") if k in models]
if "ae" in models:
    fit = analysis.fit_gaussian(train_codes(specs["ae"], 10_000))  # after training, from the AE's own codes
    panels.append(("ae+fit", analysis.fitted_samples(models["ae"][0], fit, z)))
measured = sampling(specs, judge) if have_judge and not training else {}
for col, (name, imgs) in zip(st.columns(len(panels)), panels):
    with col:
        m = measured.get(name)
        alt = t(PANELS[name]) + ". " + nt("{n} image, 6 per row.", "{n} images, 6 per row.", len(imgs))
        if m:  # what the picture shows, as the measure counts it
            alt += " " + (
                t("The classifier recognises {p:.0%} of 1,000 test images as digits.", p=m["recognised"])
                if name == "real"
                else t("The classifier recognises {p:.0%} of 1,000 such images as digits.", p=m["recognised"])
            )
        image_with_download(analysis.montage(imgs, nrow=6), t(PANELS[name]), f"samples-{name}", alt=alt)
        if m and name == "real":
            st.caption(t("recognised: {p:.0%}", p=m["recognised"]))
        elif m:
            st.caption(
                t(
                    "recognised: {p:.0%} (its reconstructions of real digits: {c:.0%}); distance to those "
                    "reconstructions: {d:.2f} (floor {f:.3f})",
                    p=m["recognised"],
                    c=m["recognised_recon"],
                    d=m["frechet_recon"],
                    f=m["frechet_recon_floor"],
                )
            )
st.caption(
    t(
        "36 draws of a {dim}-D standard normal, seed {seed}; PCA scales each by its component's standard deviation.",
        dim=dim,
        seed=int(seed),
    )
)
if measured:
    st.caption(
        t(
            "“Recognised”: the share of 1,000 such draws (real images: of 1,000 test images) that the lab's "
            "classifier puts in one class with at least 90% confidence; a blurry decoder loses some of its own "
            "reconstructions too, so each model's reconstructions are its ceiling. “Distance”: how far the "
            "draws' images lie from the model's reconstructions of 1,000 test images (Fréchet distance in the "
            "classifier's features, divided by their spread): blur is on both sides, so it measures where random "
            "codes land, not sharpness; the floor is the model's reconstructions of other test images. The last panel "
            "moves the AE's draws to a "
            "Gaussian fitted to its training codes after training (Ghosh et al., ICLR 2020, “From variational to "
            "deterministic autoencoders”): the AE's trouble is that nothing tells it where its codes should be, "
            "which the VAE's N(0, I) does."
        )
    )

st.subheader(t("Interpolation between two test images"))
n_test = len(ds.x_test)
c1, c2 = st.columns(2)
ia = c1.number_input(t("From test image #"), 0, n_test - 1, 0)
ib = c2.number_input(t("To test image #"), 0, n_test - 1, 1)
c1.image(analysis.montage(ds.x_test[ia : ia + 1], 1, 0), width=70, alt=t("test image #{i}", i=int(ia)))
c2.image(analysis.montage(ds.x_test[ib : ib + 1], 1, 0), width=70, alt=t("test image #{i}", i=int(ib)))
for kind in (k for k in kinds.ids("dense") if k in models):
    strip = analysis.interpolate(models[kind][0], ds.x_test[ia], ds.x_test[ib], steps=10)
    image_with_download(
        analysis.montage(strip, nrow=10),
        names[kind],
        f"interp-{kind}",
        width=640,
        alt=t(
            "{model}: 10 images decoded along the straight line from the code of test image #{a} to that of #{b}.",
            model=names[kind],
            a=int(ia),
            b=int(ib),
        ),
    )

st.subheader(t("Traversal of one latent coordinate (−3 … 3)"))
if {"ae", "vae"} <= set(models):
    kl = analysis.kl_per_dim(models["vae"][0], ds.x_test[:500])
    order = np.argsort(-kl)
    c1, c2 = st.columns(2)
    coords = {
        j: t("z{j} (KL {kl:.2f})", j=int(j), kl=float(kl[j])) for j in order
    }  # fixed now: no session in a format_func
    d = c1.selectbox(
        t("Coordinate (ordered by the VAE's KL: how much it is used)"), list(order), format_func=coords.get
    )
    base = c2.number_input(t("Starting from test image #"), 0, n_test - 1, 0)
    vals = np.linspace(-3, 3, 11, dtype=np.float32)
    for kind in ("ae", "vae"):
        z0 = analysis.encode(models[kind][0], ds.x_test[base : base + 1])[0]
        strip = analysis.traverse(models[kind][0], z0, int(d), vals)
        image_with_download(
            analysis.montage(strip, nrow=11),
            t("{kind}: z{d} from −3 to 3", kind=names[kind], d=int(d)),
            f"traverse-{kind}",
            width=700,
        )
else:
    st.caption(t("Shown once the AE and the VAE are trained."))
more([*training, *pending])  # then the models still to come, as each is stored
