import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, faces, kinds, presets
from core.data import DataError, allowed_folder
from core.data import load as load_data
from core.i18n import N_
from ui import lab
from ui.figures import attribute_effects, labelled_rows
from ui.i18n import Literal, data_caption, escape, hardware, listing, model_names, nt, num, plain, t
from ui.models import face_judge, face_models, face_poster, face_report, face_work, js_gaussian
from ui.roles import is_teacher, teacher_only_note
from ui.training import request, wait_for
from ui.widgets import csv_button, image_with_download, number_table, png_bytes

PANELS = {  # the face grids' captions, by source
    "real": N_("real held-out faces"),
    "conv-ae": N_("Conv AE decoder(z), z ~ N(0, I)"),
    "conv-vae": N_("Conv VAE decoder(z), the same z"),
}
ATTRIBUTE_NAMES = {  # core.faces.ATTRIBUTES in words
    "smile": N_("smile"),
    "mouth_open": N_("mouth open"),
    "blond_hair": N_("blond hair"),
    "black_hair": N_("black hair"),
    "brown_hair": N_("brown hair"),
    "grey_hair": N_("grey hair"),
    "pale_skin": N_("pale skin"),
    "glasses": N_("glasses"),
    "male": N_("male"),
    "young": N_("young"),
}
SOURCES = {  # where the face models come from
    "shipped": N_("shipped with the lab"),
    "custom": N_("trained here on your folder"),
}

WEAK_STEP = 0.10  # a direction that moves the judge's P(trait) by less than this in one step is called weak here


def effects_section(report: dict | None, named: dict, attrs: list[str]) -> None:
    """What one step along each named direction does to held-out faces, as the face judge sees it (kept report)."""
    st.markdown("#### " + t("Measured: does each direction add its trait?"))
    if report is None:
        st.caption(
            t(
                "Not measured for these models yet: python -m core.report --faces --data-dir <the CelebA folder> "
                "measures, with the face judge, what each direction does to held-out faces."
            )
        )
        return
    eff = {k: report["effects"][k] for k in named if k in report["effects"]}
    if not eff or not all(any(r["attribute"] == "smile" for r in rows) for rows in eff.values()):
        st.caption(
            t("The kept measurements do not match these directions: python -m core.report --faces measures again.")
        )
        return
    labels = {a: t(ATTRIBUTE_NAMES[a]) for a in attrs}
    rows = [
        {
            t("trait"): labels[r["attribute"]],
            t("model"): names[k],
            t("P, real faces"): r["real"],
            t("P, the face"): r["before"],
            t("P, one step back"): r["down"],
            t("P, one step on"): r["up"],
            t("other traits moved"): r["others"],
            t("MSE to the original, before"): r["mse_before"],
            t("MSE to the original, after"): r["mse_up"],
        }
        for k in eff
        for r in eff[k]
    ]
    df = pd.DataFrame(rows)
    n = report["n_effects"]
    focus = "conv-vae" if "conv-vae" in eff else next(iter(eff))
    r = {row["attribute"]: row for row in eff[focus]}["smile"]
    others = [
        t("{model}: {a:.0%} → {b:.0%}", model=names[k], a=row["before"], b=row["up"])
        for k in eff
        if k != focus
        for row in eff[k]
        if row["attribute"] == "smile"
    ]
    said = nt(
        "Each model moved {n} held-out face by one step along each direction (◀ one step back, ● the face, "
        "▶ one step on), judged by the face judge. Smile, {model}: P(smile) {a:.0%} → {b:.0%} one step on, "
        "{c:.0%} one step back ({others}); the other nine traits move by {o:.0%} on average, and the distance "
        "to the original face per pixel goes from {m0:.4f} to {m1:.4f}.",
        "Each model moved {n} held-out faces by one step along each direction (◀ one step back, ● the face, "
        "▶ one step on), judged by the face judge. Smile, {model}: P(smile) {a:.0%} → {b:.0%} one step on, "
        "{c:.0%} one step back ({others}); the other nine traits move by {o:.0%} on average, and the distance "
        "to the original face per pixel goes from {m0:.4f} to {m1:.4f}.",
        n,
        model=names[focus],
        a=r["before"],
        b=r["up"],
        c=r["down"],
        others=Literal(listing(others)),
        o=r["others"],
        m0=r["mse_before"],
        m1=r["mse_up"],
    )
    ticks = [num(p / 5, 0, percent=True) for p in range(6)]
    png = _effects_png(json.dumps(eff), tuple(labels.items()), tuple((k, names[k]) for k in eff), tuple(ticks))
    st.image(png, width="stretch", alt=t("Chart: one step along each direction, per model.") + " " + said)
    st.caption(said)
    csv_button(df, "face-effects")
    weak = [labels[row["attribute"]] for row in eff[focus] if row["up"] - row["before"] < WEAK_STEP]
    if weak:
        st.info(
            t(
                "Weak for the {model}: {traits}: one step moves the judge's probability by less than {w:.0%}.",
                model=names[focus],
                traits=Literal(listing(weak)),
                w=WEAK_STEP,
            ),
            icon=":material/info:",
        )
    with st.expander(t("All the numbers")):
        digits = {c: 2 for c in df.columns[2:7]} | {c: 4 for c in df.columns[7:]}
        number_table(df, digits)


@st.cache_data(max_entries=8, show_spinner=False)
def _effects_png(effects: str, labels: tuple, model_names_: tuple, ticks: tuple) -> bytes:
    """The measured chart as PNG bytes (effects: the kept report's, as JSON), drawn once per report and language."""
    return png_bytes(attribute_effects(json.loads(effects), dict(labels), dict(model_names_), list(ticks)))


def realism_section(report: dict | None) -> None:
    """How face-like random faces are: the kept report's Fréchet distances in the face judge's features."""
    if report is None:
        return
    real = report["realism"]
    what = {
        "recon": N_("{model}: reconstructions of held-out faces"),
        "prior": N_("{model}: decoded N(0, I) draws"),
        "fitted": N_("{model}: draws from a Gaussian fitted to its codes"),
    }
    rows = [{t("images"): t("other real held-out faces (the floor)"), "fd": real["real"]["frechet"], "sharp": 1.0}]
    for key, r in real.items():
        if key == "real":
            continue
        kind, _, sampler = key.partition("/")
        label = t("PCA: its Gaussian") if (kind, sampler) == ("pca", "prior") else t(what[sampler], model=names[kind])
        rows.append({t("images"): label, "fd": r["frechet"], "sharp": r["sharpness"]})
    df = pd.DataFrame(rows).rename(
        columns={"fd": t("Fréchet distance to real faces"), "sharp": t("sharpness (real faces = 1)")}
    )
    st.markdown("#### " + t("How face-like are random faces?"))
    number_table(df, {t("Fréchet distance to real faces"): 1, t("sharpness (real faces = 1)"): 2})
    get = lambda key: real.get(key, {}).get("frechet", float("nan"))  # noqa: E731
    st.caption(
        t(
            "The Fréchet distance between {n} images and {n} real held-out faces, in the face judge's 128 features "
            "(lower: closer; this is not Inception's FID, which needs a download, and its numbers do not compare "
            "with published ones). Two sets of real faces are {floor:.1f} apart: the floor. The conv VAE's random "
            "faces: {vae:.1f}; the conv AE's N(0, I) draws: {ae:.1f}, through a Gaussian fitted to its codes: "
            "{fit:.1f}. Sharpness: the variance of the Laplacian, as a share of real faces'.",
            n=Literal(num(report["n_realism"])),
            floor=real["real"]["frechet"],
            vae=get("conv-vae/prior"),
            ae=get("conv-ae/prior"),
            fit=get("conv-ae/fitted"),
        )
    )
    vae, fit, pca, ae = get("conv-vae/prior"), get("conv-ae/fitted"), get("pca/prior"), get("conv-ae/prior")
    if fit < vae and pca < vae < ae:  # the deeper truth, where the numbers say all of it (Ghosh et al. 2020)
        st.info(
            t(
                "As with the digits: a Gaussian fitted to the conv AE's codes after training ({fit:.1f}), or PCA's own "
                "Gaussian ({pca:.1f}), generates faces at least as close to real ones as the conv VAE's N(0, I) "
                "draws ({vae:.1f}) (Ghosh et al. 2020). What the VAE buys is a code distribution known before "
                "training: its N(0, I) draws are faces without fitting anything; the AE's are not ({ae:.1f}).",
                fit=fit,
                pca=pca,
                vae=vae,
                ae=ae,
            ),
            icon=":material/info:",
        )


def _ticks(state: object, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The faces ticked in the own-direction table (its edits as Streamlit keeps them), as two boolean arrays."""
    yes, no = np.zeros(n, bool), np.zeros(n, bool)
    edited = state.get("edited_rows", {}) if isinstance(state, dict) else {}
    for row, change in edited.items() if isinstance(edited, dict) else ():
        i = int(row) if str(row).isdigit() else -1
        if 0 <= i < n and isinstance(change, dict):
            yes[i] = change.get("yes", yes[i]) is True
            no[i] = change.get("no", no[i]) is True
    return yes, no


def _make_own(codes: dict[str, np.ndarray], yes: np.ndarray, no: np.ndarray) -> None:
    """The class's direction per model, kept in the session (the sliders above read it on the next run)."""
    name = " ".join(str(st.session_state.get("face_own_name") or "").split())[:40] or t("your trait")
    try:
        built = {k: faces.own_direction(z, yes, no) for k, z in codes.items()}
    except ValueError:
        return
    st.session_state["face_own"] = {
        "name": name,
        "yes": yes,
        "no": no,
        "vectors": {k: b["vector"] for k, b in built.items()},
        "loo": {k: b["loo_auroc"] for k, b in built.items()},
        "projection": {k: b["projection"] for k, b in built.items()},
    }


def _data_url(face) -> str:
    """One face as a PNG data URL (our own pixels) for the table's image column."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(analysis.montage(face[None], 1, 0))).decode()


OWN_CLEAR = 0.8  # a class's own direction below this leave-one-out AUROC for every model is called weak
MIN_EACH = 3  # faces on each side before a direction is made (about ten each is better)


@st.fragment  # ticking a face reruns this section only; making the slider reruns the page (the sliders are above)
def own_direction_section(codes: dict[str, np.ndarray], x, judged) -> None:
    """A class builds its own direction: tick faces that show a trait and faces that do not."""
    st.subheader(t("Your own direction"))
    st.caption(
        t(
            "Choose a trait you can see (a fringe, a hat, a beard, a tilted head…). Tick about ten faces that show "
            "it and about ten that do not; the lab turns the difference of their codes into one more slider above, "
            "for each model, and says how well it separates the trait on faces it was not built from."
        )
    )
    st.text_input(t("Your trait"), max_chars=40, key="face_own_name", placeholder=t("e.g. fringe"))
    table = pd.DataFrame(
        {
            "i": range(len(x)),
            "face": [_data_url(f) for f in x],
            "yes": False,
            "no": False,
        }
    )
    st.data_editor(
        table,
        width=560,
        key="face_own_ticks",
        hide_index=True,
        disabled=["i", "face"],
        row_height=68,
        height=580,
        column_config={
            "i": st.column_config.NumberColumn("#", width="small"),
            "face": st.column_config.ImageColumn(t("face"), width="small"),
            "yes": st.column_config.CheckboxColumn(t("shows it")),
            "no": st.column_config.CheckboxColumn(t("does not")),
        },
    )
    yes, no = _ticks(st.session_state.get("face_own_ticks"), len(x))
    both = yes & no
    if both.any():
        st.warning(
            nt(
                "{n} face is ticked both ways; it is left out.",
                "{n} faces are ticked both ways; they are left out.",
                int(both.sum()),
            )
        )
    n_yes, n_no = int((yes & ~both).sum()), int((no & ~both).sum())
    ok = n_yes >= MIN_EACH and n_no >= MIN_EACH
    if st.button(
        t("Make it a slider"),
        disabled=not ok,
        icon=":material/tune:",
        help=None if ok else t("Tick at least {m} faces each way.", m=MIN_EACH),
    ):
        _make_own(codes, yes, no)
        st.rerun()
    st.caption(t("Ticked so far: {yes} that show it, {no} that do not.", yes=n_yes, no=n_no))
    own = st.session_state.get("face_own")
    if not own:
        return
    if st.button(t("Remove it"), icon=":material/delete:"):
        st.session_state.pop("face_own")
        st.rerun()
    st.markdown(
        t(
            "**{name}**: the slider is above, last in the list. Each ticked face, scored by the direction built "
            "without it, lands on its side with an AUROC of {loo} (1: always; 0.5: a coin).",
            name=Literal(escape(own["name"])),
            loo=Literal(listing([f"{names[k]} {num(v, 2)}" for k, v in own["loo"].items()])),
        )
    )
    if max(own["loo"].values()) < OWN_CLEAR:
        ticked = int((own["yes"] | own["no"]).sum())
        st.info(
            nt(
                "Weak: below {c} for every model. {n} ticked face is few, or the codes do not hold this trait "
                "(with few faces, leaving one out even pushes a meaningless direction below 0.5); about ten each way "
                "helps.",
                "Weak: below {c} for every model. {n} ticked faces are few, or the codes do not hold this trait "
                "(with few faces, leaving one out even pushes a meaningless direction below 0.5); about ten each way "
                "helps.",
                ticked,
                c=OWN_CLEAR,
            ),
            icon=":material/info:",
        )
    rest = ~(own["yes"] | own["no"])
    focus = "conv-vae" if "conv-vae" in own["projection"] else next(iter(own["projection"]))
    proj = own["projection"][focus]
    order = [i for i in np.argsort(-proj) if rest[i]]
    if len(order) >= 12:
        k = 6
        image_with_download(
            labelled_rows(
                [
                    (t("most"), analysis.montage(x[order[:k]], k)),
                    (t("least"), analysis.montage(x[order[-k:]], k)),
                ],
                scale=1,
            ),
            t(
                "The faces you did not tick, furthest along your direction and furthest against it ({model})",
                model=names[focus],
            ),
            "face-own",
        )
    if judged is not None and rest.sum() >= 8:
        from scipy.stats import spearmanr

        probs = judged[0].predict(x[rest])[0].numpy()
        rho = np.array([spearmanr(proj[rest], probs[:, j]).statistic for j in range(probs.shape[1])], dtype=float)
        if np.isnan(rho).all():  # a direction along which the unticked faces do not vary: nothing to compare
            return
        j = int(np.nanargmax(np.abs(rho)))
        attrs = judged[1]["attributes"]
        st.caption(
            nt(
                "On the {n} face you did not tick, your direction ({model}) goes most with the face judge's "
                "“{trait}” (rank correlation {rho:.2f}).",
                "On the {n} faces you did not tick, your direction ({model}) goes most with the face judge's "
                "“{trait}” (rank correlation {rho:.2f}).",
                int(rest.sum()),
                model=names[focus],
                trait=t(ATTRIBUTE_NAMES[attrs[j]]),
                rho=float(rho[j]),
            )
        )


st.title(t("Faces: a convolutional VAE"))
st.markdown(
    t(
        "For complex images the dense layers become convolutions. A convolutional AE and a "
        "convolutional VAE with the same encoder and decoder were trained on CelebA celebrity "
        "faces (64×64 RGB). The VAE's random codes decode to faces; the AE's do not."
    )
)
names = model_names()
custom = st.session_state.get("face_specs")
try:
    found = face_models(custom)
except faces.CorruptCheckpoint as e:
    st.error(t("A damaged checkpoint was set aside and will be retrained: {err}", err=plain(e)))
    st.stop()
if found is None:
    st.warning(t("No face models are available. Train them from a folder of CelebA images:"))
    st.code("bash scripts/train_faces.sh /path/to/img_align_celeba", language="bash")
    st.stop()
models, source = found
vae_meta = models["conv-vae"][1]
total_s = sum(meta["wall_time_s"] for _, meta, _ in models.values())
st.caption(
    t(
        "Models {source}: {data}; trained on {hw} in {s:.0f} s in all.",
        source=t(SOURCES[source]),
        data=data_caption(
            vae_meta["data"]["name"],
            vae_meta["data"]["n_train"],
            vae_meta["data"]["n_test"],
            vae_meta["data"]["shape"][0],
            folder=Path(vae_meta["spec"]["data"]["data_dir"] or "").name,
        ),
        hw=hardware(vae_meta),
        s=total_s,
    )
)

try:
    x = load_data(custom[0].data).x_test[:48] if source == "custom" else faces.heldout_faces()
except DataError as e:  # the teacher's folder was moved or deleted since
    st.error(t("This data set cannot be loaded here. {err}", err=plain(e)))
    st.session_state.pop("face_specs", None)
    st.stop()
if x is None:
    st.error(t("The held-out faces (checkpoints/shipped/heldout-faces.png) are missing."))
    st.stop()
shown = [k for k in presets.FACE_KINDS if k in models]
work = face_work({k: models[k] for k in shown}, x, source)
report = face_report(models) if source == "shipped" else None  # the kept measurements, read once per run

d = models["conv-vae"][0].latent_dim
in_browser = lab.problem() is None
graphs = lab.Graphs()
ids = {}
for k in shown:
    ids[k] = graphs.add(*models[k][:2])
shape = list(models["conv-vae"][0].shape)
face_text = {
    **lab.common_text(),
    **{
        "morph": t("Between the two faces:"),
        "new_faces": t("New faces"),
        "draws_note": t("drawn in your browser; the same codes go to both decoders"),
    },
}

st.subheader(t("Random faces: the same N(0, I) draws through both decoders"))
if in_browser:
    c1, c2 = st.columns([1, 2])
    with c1:
        image_with_download(analysis.montage(x[8:32], 6), t("real held-out faces"), "faces-real")
    with c2:
        trained = kinds.ids("conv", trained=True)
        draws = [{"id": k, "title": t(PANELS[k]), "decoder": ids[k]["decoder"]} for k in trained]
        data = {"mode": "faces", "part": "draws", "shape": shape, "d": d, "models": draws, "n": 24, "cols": 6}
        z = js_gaussian(24 * d, 1).reshape(24, d)  # the page's first draws (seed 1), drawn here first
        data["poster"] = {m["id"]: face_poster(models[m["id"]], z, 6) for m in draws}
        lab.mount_part("lab-face-draws", {**data, "seed": 1, "text": face_text}, graphs)
    st.caption(t("24 draws of a {d}-D standard normal, decoded by the conv AE and the conv VAE in your browser.", d=d))
else:
    c1, c2 = st.columns([3, 1])
    st.session_state.setdefault("face_seed", 0)
    c2.button(
        t("New faces"),
        icon=":material/casino:",
        on_click=lambda: st.session_state.update(face_seed=st.session_state["face_seed"] + 1),
    )
    seed = c1.number_input(t("Seed"), 0, 10_000, key="face_seed")
    z = analysis.prior_codes(24, d, int(seed))
    panels = [
        ("real", x[8:32]),
        ("conv-ae", analysis.prior_samples(models["conv-ae"][0], z)),
        ("conv-vae", analysis.prior_samples(models["conv-vae"][0], z)),
    ]
    for col, (k, imgs) in zip(st.columns(3), panels):
        with col:
            image_with_download(analysis.montage(imgs, 6), t(PANELS[k]), f"faces-{k}")
    st.caption(t("24 draws of a {d}-D standard normal, seed {seed}.", d=d, seed=int(seed)))

realism_section(report)

st.subheader(t("Reconstructions of held-out faces"))
n = 8
rows = [(t("original"), analysis.montage(x[:n], n))]
rows += [(names[k], analysis.montage(work["recon"][k][:n], n)) for k in shown]
errors = [f"{names[k]} {num(models[k][1]['metrics']['test_mse'], 4)}" for k in shown]
image_with_download(
    labelled_rows(rows, scale=1),
    t("rows: original | PCA | Conv AE | Conv VAE, all with a 128-number code"),
    "face-reconstructions",
    alt=t("rows: original | PCA | Conv AE | Conv VAE, all with a 128-number code")
    + ". "
    + nt(
        "{n} held-out face and each model's reconstruction. Mean squared error per pixel on the test split: {errors}.",
        "{n} held-out faces and each model's reconstructions. Mean squared error per pixel on the test split: "
        "{errors}.",
        n,
        errors=Literal(listing(errors)),  # an alternative text, not markdown: our own names and numbers
    ),
)
table = pd.DataFrame(
    [
        {
            t("model"): names[k],
            t("Latent size"): models[k][0].latent_dim,
            t("MSE / pixel, test split"): models[k][1]["metrics"]["test_mse"],
            t("MSE / pixel, faces shown"): work["mse"][k],
            t("training s"): round(models[k][1]["wall_time_s"]),
        }
        for k in shown
    ]
)
number_table(table, {t("MSE / pixel, test split"): 4, t("MSE / pixel, faces shown"): 4, t("training s"): 0})
mse = {k: models[k][1]["metrics"]["test_mse"] for k in shown}
if "pca" in mse and mse["conv-ae"] >= 0.98 * mse["pca"]:  # say why the claim does not show here, with the numbers
    kept = float(models["pca"][0].explained_variance_ratio_.sum())
    st.info(
        t(
            "At this size the conv AE does not beat PCA on held-out faces (error per pixel {ae:.4f} "
            "vs {pca:.4f}): with 128 numbers PCA already keeps {var:.0%} of the pixel variance, and "
            "20 epochs on 8,000 faces are not enough for the network to do better. On digits, with "
            "short codes, the AE wins clearly (Reconstruction page).",
            ae=mse["conv-ae"],
            pca=mse["pca"],
            var=kept,
        ),
        icon=":material/info:",
    )

st.subheader(t("Interpolation between two faces"))
c1, c2 = st.columns(2)
ia = c1.selectbox(t("From test image #"), range(len(x)), index=0)
ib = c2.selectbox(t("To test image #"), range(len(x)), index=5)
if in_browser:
    ends = {k: work["codes"][k][[ia, ib]] for k in shown}
    rows = [
        {"id": k, "title": names[k], "decoder": ids[k]["decoder"], "za": lab.b64(ends[k][0]), "zb": lab.b64(ends[k][1])}
        for k in shown
    ]
    data = {"mode": "faces", "part": "interp", "shape": shape, "d": d, "models": rows, "steps": 10}
    steps = np.linspace(0, 1, 10, dtype=np.float32)[:, None]
    data["poster"] = {
        k: {
            "strip": face_poster(models[k], ends[k][0] * (1 - steps) + ends[k][1] * steps, 10),
            "morph": face_poster(models[k], ends[k].mean(0), 1),
        }
        for k in shown
    }
    lab.mount_part("lab-face-interp", {**data, "text": face_text}, graphs)
else:
    for k in shown:
        strip = analysis.interpolate(models[k][0], x[ia], x[ib], 10)
        image_with_download(analysis.montage(strip, 10), names[k], f"face-interp-{k}")

st.subheader(t("Named directions: smile, hair, glasses"))
named = {k: faces.load_attributes(models[k][1]["name"]) for k in shown} if source == "shipped" else {}
named = {k: v for k, v in named.items() if v is not None}
judged = face_judge()
if named:
    attrs = next(iter(named.values()))["attributes"]
    st.caption(
        t(
            "Each direction is the mean code of the training faces with a trait minus the mean code of those "
            "without it (CelebA's labels; White 2016), found for each model in its own code space. A slider adds "
            "that vector to the chosen face's code, from −2 to 2 times; the three models decode side by side."
        )
    )
    nbase = st.selectbox(t("Held-out face #"), range(len(x)), index=1, key="face_named_base")
    own = st.session_state.get("face_own")  # the class's own direction (below), per model
    if in_browser:
        rows = [
            {
                "id": k,
                "title": names[k],
                "decoder": ids[k]["decoder"],
                "base": lab.b64(work["codes"][k][nbase]),
                "vectors": lab.b64(
                    np.vstack([named[k]["vectors"], own["vectors"][k][None]]) if own else named[k]["vectors"]
                ),
            }
            for k in named
        ]
        data = {"mode": "faces", "part": "named", "shape": shape, "d": d, "models": rows, "min": -2.0, "max": 2.0}
        data["poster"] = {k: face_poster(models[k], work["codes"][k][nbase], 1) for k in named}
        data["attributes"] = [{"id": a, "label": t(ATTRIBUTE_NAMES[a])} for a in attrs]
        if own:
            data["attributes"].append({"id": "own", "label": t("your direction: {name}", name=Literal(own["name"]))})
        if judged is not None and judged[1]["attributes"] == attrs:
            data |= {"judge": graphs.add_judge(*judged), "judged": len(attrs)}
        text = {
            **face_text,
            "judge_p": t("the face judge: {attribute} {p}"),
            "judge_from": t("the face judge: {attribute} {p} (this face: {p0})"),
        }
        lab.mount_part("lab-face-named", {**data, "text": text}, graphs)
    else:
        c_sl, c_img = st.columns([1, 2])
        labels = [t(ATTRIBUTE_NAMES[a]) for a in attrs]
        if own:
            labels.append(t("your direction: {name}", name=own["name"]))  # a widget label: markdown, so escaped
        with c_sl:
            alpha = np.array(
                [st.slider(label, -2.0, 2.0, 0.0, 0.05, key=f"fa-{i}-{nbase}") for i, label in enumerate(labels)],
                dtype=np.float32,
            )
        with c_img:
            cols = st.columns(len(named))
            for col, k in zip(cols, named):
                vectors = np.vstack([named[k]["vectors"], own["vectors"][k][None]]) if own else named[k]["vectors"]
                z = work["codes"][k][nbase : nbase + 1] + alpha @ vectors
                col.image(analysis.montage(analysis.decode(models[k][0], z), 1, 0), caption=names[k], alt=names[k])
    effects_section(report, named, attrs)
    own_direction_section({k: work["codes"][k] for k in named}, x, judged)
else:
    st.caption(t("Named directions need the shipped face models and their CelebA labels (face-attributes.json)."))

st.subheader(t("Unnamed directions: the most used coordinates"))
vae = models["conv-vae"][0]
kl = work["kl"]
order = np.argsort(-kl)[:6]
base = st.selectbox(t("Starting from test image #"), range(len(x)), index=0, key="face_base")
z0 = work["codes"]["conv-vae"][base].copy()
st.caption(t("The six coordinates with the largest KL (the ones the VAE uses most), starting from the chosen face."))
if in_browser:
    sliders = {
        "base": lab.b64(z0),
        "dims": [int(j) for j in order],
        "values": [float(np.clip(z0[j], -3, 3)) for j in order],
        "labels": [t("z{j} (KL {kl:.2f})", j=int(j), kl=float(kl[j])) for j in order],
        "min": -3.0,
        "max": 3.0,
    }
    data = {"mode": "faces", "part": "sliders", "shape": shape, "d": d, "decoder": ids["conv-vae"]["decoder"]}
    z_start = z0.copy()
    z_start[order] = np.clip(z0[order], -3, 3)  # where the sliders start
    data["poster"] = face_poster(models["conv-vae"], z_start, 1)
    lab.mount_part(
        "lab-face-sliders", {**data, "sliders": sliders, "title": names["conv-vae"], "text": face_text}, graphs
    )
else:
    c_sl, c_img = st.columns([2, 1])
    with c_sl:
        zz = z0.copy()
        for j in order:
            zz[j] = st.slider(
                t("z{j} (KL {kl:.2f})", j=int(j), kl=float(kl[j])),
                -3.0,
                3.0,
                float(np.clip(z0[j], -3, 3)),
                0.1,
                key=f"fz{j}-{base}",
            )
    with c_img:
        st.image(
            analysis.montage(analysis.decode(vae, zz[None]), 1, 0),
            width=256,
            caption=names["conv-vae"],
            alt=names["conv-vae"],
        )
if lab.runtime_problem() is None:
    st.toggle(
        t("Decode on the server instead"),
        key="server_decoding",
        help=t("For a browser that cannot run the models: the server draws every face (slower)."),
    )
else:
    st.caption(t(lab.PROBLEMS[lab.runtime_problem()]))

with st.expander(t("Train on your own folder of faces")):
    if not is_teacher():
        teacher_only_note()
    else:
        root = faces.data_root()
        st.caption(
            t(
                "A folder of face images (e.g. CelebA's img_align_celeba) inside the data root {root} "
                "(AEVAE_DATA_ROOT). Unreadable files are skipped and counted.",
                root=root,
            )
        )
        with st.form("faces-train"):
            folder = st.text_input(t("Folder"), "", max_chars=300)
            c1, c2 = st.columns(2)
            epochs = c1.select_slider(t("Epochs"), presets.FACE_EPOCHS, value=5)
            limit = c2.select_slider(t("At most this many images"), presets.FACE_LIMITS, value=5000)
            go = st.form_submit_button(t("Train"))
        if go:
            try:
                specs = presets.face_specs(str(allowed_folder(folder, root)), epochs, limit)
                load_data(specs[0].data)  # a clear message now rather than inside the training job
                request(specs)
                wait_for(specs)
                st.session_state["face_specs"] = specs
                st.rerun()
            except DataError as e:
                st.error(t("This data set cannot be loaded here. {err}", err=plain(e)))
    if custom and st.button(t("Back to the shipped models")):
        st.session_state.pop("face_specs")
        st.rerun()
