import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, kinds, metrics, presets
from core.digits import UploadError, mnist_like
from core.i18n import N_
from ui import classroom, figures, lab
from ui.i18n import class_names, lang, model_name, model_names, plain, t
from ui.models import (
    coming,
    density,
    draws,
    ensure_some,
    holes,
    holes_share,
    load_model,
    manifold,
    more,
    plane,
    replay,
)
from ui.resources import store
from ui.widgets import image_with_download, page, size_note

KINDS = kinds.ids("dense")
REPLAYED = kinds.ids("dense", replay=True)  # the AE and the VAE keep a replay of their training
# the holes share above a plane: of N(0, I) draws, or for PCA of draws from its own Gaussian (by the kind's prior)
SHARE_TEXT = {"normal": N_("holes: {p:.0%} of N(0, I)"), "fitted": N_("holes: {p:.0%} of its Gaussian")}
s, ds = page(
    t("The code space: holes vs a filled normal"),
    t(
        "Each dot is a test image placed at its code, coloured by its class. Dotted rings: the standard normal "
        "N(0, I) at 1, 2 and 3σ, where a VAE is asked to put its codes and from which we sample."
    ),
)
names = model_names()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
models, training = ensure_some(specs)  # the planes of the stored models now, the others as they are trained
coming(specs, training)
READY = [k for k in KINDS if k in models]
n = min(3000, len(ds.x_test))
labels = ds.y_test[:n].numpy()
judge = presets.classifier(s.dataset, s.data_dir)
have_judge, pending = ensure_some({"judge": judge})  # the holes need the judge; the planes do not wait for it
shared = bool(st.session_state.get("same_axes", False))  # its switch is drawn below the planes

views = {kind: plane(specs[kind], n) for kind in READY}
limits = {k: figures.padded_limits(v[0]) for k, v in views.items()}
if shared:
    allpts = np.concatenate([v[0] for v in views.values()])
    limits = {k: figures.padded_limits(allpts) for k in views}
shares = {k: holes_share(specs[k], judge) for k in READY} if have_judge else {}

AT_2D = s.latent_dim == 2  # the planes are the codes themselves: they show where the codes lie, not what draws make
fits = {}  # at 2-D, where each plane's codes lie against N(0, I): (KL of the code cloud, mean spread)
for k in READY if AT_2D else ():
    z = views[k][0]  # at 2-D the plane's points are the codes themselves
    fits[k] = (metrics.aggregate_kl(z), float(z.std(0).mean()))
at5 = presets.trio(presets.GEN_DIM, s.dataset, s.data_dir, s.beta)
there = {}  # the random-code claim where the talk makes it (5-D), quoted when those models are stored
if have_judge and s.latent_dim != presets.GEN_DIM and all(store().exists(at5[k]) for k in ("ae", "vae")):
    there = {f"{k}5": holes_share(at5[k], judge) for k in ("ae", "vae")}
digit, upload_error = None, None  # an uploaded picture: its code is marked on the planes, its images shown below
if st.session_state.get("upload") is not None:
    try:
        digit = mnist_like(st.session_state["upload"].getvalue())
        for kind in READY:
            pt = analysis.encode(models[kind][0], digit)
            pt = pt[0, :2] if views[kind][1] is None else views[kind][1].transform(pt)[0]
            st.session_state[f"sel-{kind}-{specs[kind].name}"] = np.asarray(pt, dtype=np.float32)
    except UploadError as e:
        upload_error = e


def share_text(kind: str) -> str:
    """The number above a plane: at 2-D where its codes lie against N(0, I); above, its share of holes."""
    if AT_2D:
        return t("codes vs N(0, I): KL {kl:.2f} nats, spread {sd:.1f}", kl=fits[kind][0], sd=fits[kind][1])
    return t(SHARE_TEXT[kinds.get(kind).prior], p=shares[kind]) if kind in shares else ""


@st.fragment
def in_browser() -> None:
    """The three planes, hover-to-decode and the drawing pad, run by the browser (a fragment: the component's
    request for model files reruns this part only)."""
    graphs = lab.Graphs()
    planes = []
    for kind in READY:
        model, meta = load_model(specs[kind])
        ids = graphs.add(model, meta)
        pts, proj = views[kind]
        m = lab.plane_model(kind, model_name(kind), model, ids, pts, proj, limits[kind])
        if kind in shares:  # the holes view: drawn only by the browser's planes, so computed only for them
            m["draws"] = lab.draws_layer(draws(specs[kind], judge))  # the very draws its share counts
            if AT_2D:  # the judge over the plane's grid: at 2-D the plane is the code space itself
                m["holes"] = lab.holes_layer(holes(specs[kind], judge, limits[kind], lab.HOLES_GRID))
        m["share_text"] = share_text(kind)
        m["density"] = lab.density_layer(density(specs[kind], limits[kind], lab.HOLES_GRID))
        picked = st.session_state.get(f"sel-{kind}-{specs[kind].name}")  # an uploaded picture's code
        if picked is not None:
            m["upload"] = [float(v) for v in picked]
        planes.append(m)
    n_draws = len(draws(specs[next(iter(shares))], judge)["label"]) if shares else 0
    seer = None  # the judge in the page: the captions say what it sees at the probe
    if have_judge and (loaded := load_model(judge)) is not None:
        seer = (graphs.add_judge(*loaded), loaded[0].shape)
    samples = ds.x_test[presets.one_per_class(ds)].numpy()  # what the pad draws by keyboard
    payload = lab.latent_payload(planes, labels, class_names(ds), s.latent_dim, n_draws, seer, samples)
    in_class = (where := classroom.mine()) is not None and not where["teacher"]
    if in_class:  # a student in a class: the pad sends to the class wall
        payload["text"]["wall"] = t("Send to the class wall")
    lab.mount("lab-latent", payload, graphs, on_drawing=classroom.send_drawing if in_class else None)


@st.fragment
def panel(kind: str) -> None:
    """One scatter and its decoded code on the server. A fragment: a click reruns this panel only (tens of ms)."""
    pts, proj = views[kind]
    sel_key = f"sel-{kind}-{specs[kind].name}"
    event = st.session_state.get(f"scatter-{kind}")  # a click arrives here before the chart is drawn again
    points = event.selection.points if event and event.selection else []
    if points:
        st.session_state[sel_key] = np.array([points[0]["x"], points[0]["y"]], dtype=np.float32)
    fig = figures.latent_scatter(
        pts,
        labels,
        class_names(ds),
        model_name(kind),
        *limits[kind],
        prior_rings=kinds.get(kind).prior == "normal",
        selected=st.session_state.get(sel_key),
        axis_titles=("z₁", "z₂") if proj is None else (t("PC{i} of z", i=1), t("PC{i} of z", i=2)),
        lang=lang(),
    )
    st.plotly_chart(
        fig, key=f"scatter-{kind}", on_select="rerun", selection_mode="points", config={"displayModeBar": False}
    )
    if share_text(kind):
        st.caption(share_text(kind))
    picked = st.session_state.get(sel_key)
    if picked is not None:
        img = analysis.decode(models[kind][0], analysis.from_2d(picked, proj))
        said = t(
            "decoded ({x:.2f}, {y:.2f}), {r:.1f}σ from the origin",
            x=picked[0],
            y=picked[1],
            r=float(np.hypot(*picked)),
        )
        st.image(analysis.montage(img, nrow=1, padding=0), width=140, caption=said, alt=said)
    else:
        st.caption(t("Nothing picked yet."))


page_models = [got[0] for k in READY if (got := load_model(specs[k])) is not None]
why_not = lab.problem(page_models)  # the dense models run in the page's own engine: no runtime needed
if why_not is None:
    if READY:  # none yet: the note above says what is training
        in_browser()
    st.caption(
        t(
            "Move the pointer over any plane, dots or empty space: the code under it is decoded at "
            "once, in your browser, by all three models side by side (untick “linked” for one at a "
            "time). Draw a digit on the pad under the planes and watch its code move on every plane."
        )
    )
else:
    st.info(
        t(lab.PROBLEMS[why_not], reason=plain(st.session_state.get("_browser_unavailable", ""))), icon=":material/dns:"
    )
    st.caption(t("Click a dot, or any empty place between the clusters: that code is decoded below the panel."))
    for col, kind in zip(st.columns(3), READY):
        with col:
            panel(kind)
st.toggle(
    t("Same axes for all panels"),
    key="same_axes",
    help=t("Shows how far the AE's codes spread compared with the VAE's."),
)
if s.latent_dim > 2:
    st.caption(
        t(
            "The codes have {d} dimensions: each panel shows them projected on their first two "
            "principal axes (PCA of the codes); a click is mapped back through that plane before "
            "decoding.",
            d=s.latent_dim,
        )
    )
# at 2-D, what 2-D shows: the codes' shape and spread against N(0, I); random codes are measured at 5-D
if AT_2D and {"ae", "vae"} <= set(fits):
    numbers = {"ae_kl": fits["ae"][0], "vae_kl": fits["vae"][0], "spread": fits["ae"][1] / max(fits["vae"][1], 1e-9)}
    if there:
        note = N_(
            "At latent size 2 the planes show where the codes lie: the VAE's code cloud is {vae_kl:.2f} nats from "
            "N(0, I) (KL), the AE's {ae_kl:.1f} nats, its codes spread {spread:.1f} times as wide as the VAE's. "
            "The talk makes its random-code claim with {d}-D codes: there, for the AE, {ae5:.0%} of the N(0, I) "
            "draws decode to no digit; for the VAE, {vae5:.0%}."
        )
    else:
        note = N_(
            "At latent size 2 the planes show where the codes lie: the VAE's code cloud is {vae_kl:.2f} nats from "
            "N(0, I) (KL), the AE's {ae_kl:.1f} nats, its codes spread {spread:.1f} times as wide as the VAE's. "
            "The talk makes its random-code claim with {d}-D codes: see it with one click."
        )
    size_note(presets.GEN_DIM, "lat_2d", note, **numbers, **there)
elif not AT_2D and {"ae", "vae"} <= set(shares) and shares["ae"] - shares["vae"] < metrics.CLEAR_GAP:
    # the claim is weak at this size: say so
    if s.latent_dim == presets.GEN_DIM or not there:
        st.info(
            t(
                "Measured at latent size {current}: for the AE, {ae:.0%} of the N(0, I) draws decode to images the "
                "classifier does not recognise; for the VAE, {vae:.0%}: no clear gap at this size, with these "
                "models (the Scoreboard page shows the same measurement).",
                current=s.latent_dim,
                ae=shares["ae"],
                vae=shares["vae"],
            ),
            icon=":material/info:",
        )
    else:
        size_note(
            presets.GEN_DIM,
            "lat_weak",
            N_(
                "Measured at latent size {current}: for the AE, {ae:.0%} of the N(0, I) draws decode to images "
                "the classifier does not recognise; for the VAE, {vae:.0%}: a small gap. With the talk's {d}-D "
                "codes: AE {ae5:.0%}, VAE {vae5:.0%}."
            ),
            ae=shares["ae"],
            vae=shares["vae"],
            **there,
        )

with st.expander(t("Upload your own digit"), icon=":material/upload:"):
    st.file_uploader(t("A PNG or JPG of one hand-written digit (max 5 MB)"), type=["png", "jpg", "jpeg"], key="upload")
    if digit is not None:
        c = st.columns(4)
        c[0].image(analysis.montage(digit, 1, 0), width=112, caption=t("as MNIST sees it"), alt=t("as MNIST sees it"))
        for col, kind in zip(c[1:], READY):
            z = analysis.encode(models[kind][0], digit)
            col.image(
                analysis.montage(analysis.decode(models[kind][0], z), 1, 0),
                width=112,
                caption=names[kind],
                alt=names[kind],
            )
        st.caption(t("Its code is marked with ✕ in each panel above."))
    elif upload_error is not None:
        st.error(t("This upload cannot be used: {err}.", err=plain(upload_error)))

if lab.runtime_problem() is None or lab.own_engine(page_models):
    st.toggle(
        t("Decode on the server instead"),
        key="server_decoding",
        help=t("For a browser that cannot run the models: click a point, the server decodes it (slower)."),
    )

st.subheader(t("Training replay: how the codes found their places"))
replays = {k: replay(specs[k]) for k in REPLAYED if k in models}
if len(replays) < len(REPLAYED):
    st.caption(t("Shown once the AE and the VAE are trained."))
elif any(r is None for r in replays.values()):
    st.info(
        t(
            "These models were trained before the lab recorded replays. A model trained now keeps "
            "one; the teacher can retrain these on the Models page."
        ),
        icon=":material/history:",
    )
else:
    frames = {}
    for k, r in replays.items():  # every epoch on the plane of the last one (a fixed projection: no flips)
        last, proj = analysis.to_2d(r[-1])
        flat = r.reshape(-1, r.shape[2])
        frames[k] = (flat if proj is None else proj.transform(flat)).reshape(len(r), -1, 2)
    rlabels = ds.y_test[: replays["ae"].shape[1]].numpy()
    st.caption(
        t(
            "The codes of the same {n} test images before training and after each of the {e} epochs, "
            "AE beside VAE (recorded while they trained). Press play: the VAE's codes gather into "
            "N(0, I), the AE's spread out.",
            n=int(replays["ae"].shape[1]),
            e=int(replays["ae"].shape[0] - 1),
        )
    )
    if why_not is None:
        data = {
            "mode": "replay",
            "epochs": int(replays["ae"].shape[0] - 1),
            "labels": lab.b64(rlabels, np.uint8),
            "classes": list(class_names(ds)),
            "ms_per_epoch": lab.MS_PER_EPOCH,
            "text": {
                **lab.common_text(),
                **{
                    "play": t("▶ Play"),
                    "pause": t("❚❚ Pause"),
                    "before": t("before training"),
                    "epoch": t("after epoch {e} of {E}"),
                    "epoch_label": t("Epoch"),
                },
            },
            "models": [
                {
                    "id": k,
                    "title": model_name(k),
                    "color": figures.model_color(k),
                    "points": lab.b64q(frames[k]),
                    **dict(zip(("xlim", "ylim"), figures.padded_limits(frames[k].reshape(-1, 2)))),
                    "rings": True,
                }
                for k in REPLAYED
            ],
        }
        lab.mount("lab-replay", data, lab.Graphs())
    else:
        e = st.slider(t("Epoch"), 0, int(replays["ae"].shape[0] - 1), int(replays["ae"].shape[0] - 1))
        for col, k in zip(st.columns(len(REPLAYED)), REPLAYED):
            lim = figures.padded_limits(frames[k].reshape(-1, 2))
            fig = figures.latent_scatter(frames[k][e], rlabels, class_names(ds), model_name(k), *lim, lang=lang())
            col.plotly_chart(fig, key=f"replay-{k}", config={"displayModeBar": False})

st.subheader(t("Decoded manifold: a grid of codes over each panel's range"))
st.caption(
    t("Read it like the scatter above: top-left is the top-left corner of the panel. Garbage tiles are the holes.")
)
steps = st.slider(t("Grid size"), 8, 20, 12)
cols = st.columns(3)
for col, kind in zip(cols, READY):
    with col:
        image_with_download(manifold(specs[kind], limits[kind], steps), model_name(kind), f"manifold-{kind}")

with st.expander(t("Data behind the scatters")):
    df = pd.DataFrame({"label": labels, **{f"{k}_{a}": views[k][0][:, i] for k in views for i, a in enumerate("xy")}})
    csv = df.to_csv(index=False).encode()  # made now, sent to the browser only when the button is pressed
    st.download_button("CSV", lambda: csv, "latent-codes.csv", "text/csv", key="csv-codes")
more([*training, *pending])  # then the models still to come, as each is stored
