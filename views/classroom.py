import hashlib
import os
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, classmode, metrics, novelty, presets
from core.classmode import ClassError
from core.i18n import N_
from ui import classroom as cl
from ui import figures
from ui.i18n import class_names, escape, lang, model_name, nt, num, t
from ui.models import (
    coming,
    dataset,
    ensure_some,
    holes_share,
    load_model,
    more,
    plane,
    sampling,
    unfamiliar_n,
    unfamiliar_scores,
    versioned,
)
from ui.settings import settings
from ui.widgets import png_bytes

where = cl.mine()
if where is None or not where["teacher"]:
    st.title(t("Class"))
else:  # the projector: the code in the title, for whoever comes late (letters of core.classmode.ALPHABET only)
    st.title(t("Class {code}", code=" ".join(where["code"])))


def start() -> None:
    cl.attempt("start", cl.me())
    cl.forget()


def join(code: str, nick: str) -> None:
    got = cl.attempt("join", code, cl.me(), nick)
    if got is not None:
        st.session_state["_class_nick"] = got["nick"]
        st.session_state.pop("_class_seen", None)
    cl.forget()


def leave() -> None:
    cl.attempt("leave", cl.me())
    cl.forget()


def random_code() -> None:
    """A student's random code: drawn here from N(0, I), sent to the class, decoded by the AE and the VAE."""
    s = settings()
    d = presets.GEN_DIM
    st.subheader(t("A random code"))
    st.markdown(
        t(
            "Press the button: the lab draws a code of {d} numbers at random from N(0, I) and sends it to the class. "
            "Below: what the AE's and the VAE's decoders make of it.",
            d=d,
        )
    )
    if st.button(t("Draw a random code"), icon=":material/casino:", key="class-sample"):
        z = np.random.default_rng().standard_normal(d).round(3).tolist()
        try:
            cl.call("sample", cl.me(), z)
            st.session_state["_class_z"] = z
        except ClassError as e:
            st.warning(cl.why(e))
    z = st.session_state.get("_class_z")
    if z is None:
        return
    st.caption(t("Your code: ({z})", z="; ".join(num(v, 2) for v in z)))
    specs = presets.trio(d, s.dataset, s.data_dir, s.beta)
    judge = load_model(presets.classifier(s.dataset, s.data_dir))
    ds = dataset(s)
    names = class_names(ds) if ds is not None else ()
    cols = st.columns(2)
    for col, k in zip(cols, ("ae", "vae"), strict=True):
        got = load_model(specs[k])
        if got is None:
            col.caption(t("{model}: not trained yet", model=model_name(k)))
            continue
        img = analysis.decode(got[0], np.asarray([z], np.float32))
        seen = cl.judged(judge[0], img)[0] if judge is not None else metrics.HOLE
        verdict = (
            t("a digit: {digit}", digit=names[seen])
            if seen != metrics.HOLE and seen < len(names)
            else t("no digit (a hole)")
        )
        col.image(
            png_bytes((img[0, 0].clamp(0, 1).numpy() * 255).astype(np.uint8)),
            width=112,
            caption=f"{model_name(k)}: {verdict}",
            alt=f"{model_name(k)}: {verdict}",
        )


GAME_PER_SOURCE = 2  # pictures of each source in a round: 8 in all
GAME_NAMES = {"real": N_("a real held-out digit"), "ae": N_("the AE"), "vae": N_("the VAE"), "pca": N_("PCA")}


def _new_round() -> None:
    rng = np.random.default_rng()
    sources = [src for src in classmode.GAME_SOURCES for _ in range(GAME_PER_SOURCE)]
    rng.shuffle(sources)
    st.session_state["_game"] = {
        "id": int(rng.integers(1 << 30)),
        "sources": sources,
        "seed": int(rng.integers(1 << 30)),
    }


def _round_images(game: dict) -> list[np.ndarray] | None:
    """The round's pictures: real held-out digits, and random samples of the AE, the VAE (N(0, I) at the talk's
    size) and PCA (its Gaussian)."""
    s = settings()
    ds = dataset(s)
    specs = presets.trio(presets.GEN_DIM, s.dataset, s.data_dir, s.beta)
    models = {k: load_model(specs[k]) for k in ("ae", "vae", "pca")}
    if ds is None or any(v is None for v in models.values()):
        return None
    rng = np.random.default_rng(game["seed"])
    out = []
    for src in game["sources"]:
        if src == "real":
            x = ds.x_test[int(rng.integers(len(ds.x_test)))][0]
        else:
            z = analysis.prior_codes(1, presets.GEN_DIM, int(rng.integers(1 << 30)))
            x = analysis.prior_samples(models[src][0], z)[0, 0]
        out.append((x.detach().clamp(0, 1).numpy() * 255).astype(np.uint8))
    return out


def real_or_generated() -> None:
    """A round of eight pictures: which are real digits, which did a model make up? The class's answers add up on
    the projector."""
    st.subheader(t("Real or generated?"))
    game = st.session_state.get("_game")
    if game is None:
        st.markdown(
            t(
                "Eight pictures: some are real handwritten digits, some were made up by the AE, the VAE or PCA from "
                "random codes. Can you tell which?"
            )
        )
        st.button(t("Start a round"), icon=":material/play_arrow:", key="class-game-new", on_click=_new_round)
        return
    pictures = _round_images(game)
    if pictures is None:
        st.caption(t("The models for this game are not trained yet."))
        return
    done = game.get("done")
    options = {"real": t("real"), "made": t("made up")}
    grid = st.container(horizontal=True, gap="medium", key="class-game-grid")  # wraps: two a row on a phone
    for i, (src, img) in enumerate(zip(game["sources"], pictures, strict=True)):
        with grid.container(width=150, key=f"class-game-{i}"):
            st.image(png_bytes(img), width=84, alt=t("Picture {i}", i=i + 1))
            if done:
                st.caption(t("It was: {source}", source=t(GAME_NAMES[src])))
            else:
                st.segmented_control(
                    t("Picture {i}", i=i + 1),
                    list(options),
                    format_func=options.get,
                    key=f"game-{game['id']}-{i}",
                    label_visibility="collapsed",
                )
    if done:
        st.success(t("You were right about {k} of {n}.", k=done[0], n=done[1]))
        st.button(t("Another round"), icon=":material/replay:", key="class-game-again", on_click=_new_round)
        return
    answers = [st.session_state.get(f"game-{game['id']}-{i}") for i in range(len(game["sources"]))]
    if st.button(t("Hand in"), type="primary", key="class-game-send", disabled=None in answers):
        counts: dict[str, list[int]] = {}
        for src, said in zip(game["sources"], answers, strict=True):
            got = counts.setdefault(src, [0, 0])
            got[0] += said == "real"
            got[1] += 1
        try:
            cl.call("play", cl.me(), counts)
        except ClassError as e:
            st.warning(cl.why(e))
            return
        right = sum((said == "real") == (src == "real") for src, said in zip(game["sources"], answers, strict=True))
        game["done"] = (right, len(answers))
        st.rerun()
    if None in answers:
        st.caption(t("Mark every picture, then hand in."))


said = st.session_state.pop("_class_said", None)
if said:
    st.warning(said, icon=":material/info:")

if where is None:
    st.markdown(
        t(
            "A teacher starts a class; students join it from a phone or a laptop with its code or its QR code. "
            "Their pages then follow the teacher's page, lesson step and settings, their drawings land on the "
            "teacher's class wall, and they vote on questions before the answer is measured. No accounts; a "
            "nickname is optional; nothing about anyone is written to disk."
        )
    )
    if "class-code" not in st.session_state:
        st.session_state["class-code"] = str(st.query_params.get("join", ""))[:20]  # the QR code's link
    with st.form("class-join", border=True):
        st.subheader(t("Join a class"))
        code = st.text_input(t("The class's code"), key="class-code", max_chars=20, placeholder="ABCDE")
        nick = st.text_input(
            t("Nickname (optional)"), key="class-nick", max_chars=classmode.MAX_NICK, placeholder=t("anonymous")
        )
        if st.form_submit_button(t("Join"), type="primary", icon=":material/login:"):
            join(code, nick)
            st.rerun()
    if cl.can_start():
        st.button(t("Start a class"), icon=":material/co_present:", on_click=start, key="class-start")
    else:
        st.caption(t("Only the teacher starts a class (sidebar → Teacher)."))
    st.stop()

if not where["teacher"]:
    st.success(
        t("You are in class {code} as {nick}.", code=where["code"], nick=where["nick"] or t("anonymous")),
        icon=":material/groups:",
    )
    st.markdown(
        t(
            "Your page follows the teacher's. To put a digit on the class wall: open *Latent space*, draw on its "
            "pad, then press *Send to the class wall*. When the teacher asks a question, it appears at the top of "
            "your page."
        )
    )
    st.page_link("views/latent.py", label=t("Latent space"), icon=":material/scatter_plot:")
    mine = settings()
    at5 = presets.trio(presets.GEN_DIM, mine.dataset, mine.data_dir, mine.beta)  # random codes at the talk's size
    _, pending = ensure_some({**at5, "judge": presets.classifier(mine.dataset, mine.data_dir)})
    coming(at5, pending)
    random_code()
    real_or_generated()
    st.button(t("Leave the class"), icon=":material/logout:", on_click=leave, key="class-leave")
    more(pending)  # what is still training: progress here, and the page again as each model comes
    st.stop()

# ---- the teacher's class: the code for the projector, the wall, the votes ------------------------------------
code = where["code"]
s = settings()


def join_link() -> str:
    """The link a QR code carries: AEVAE_PUBLIC_URL when set (the address students reach), else this page's."""
    base = os.environ.get("AEVAE_PUBLIC_URL", "").rstrip("/")
    if not base:
        url = urlsplit(st.context.url or "http://localhost:8501/")
        prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
        base = f"{url.scheme}://{url.netloc}" + (f"/{prefix}" if prefix else "")
    return f"{base}/classroom?join={code}"


_snap: dict = {}


def snapshot() -> dict | None:
    """The class as the projector shows it, read once per run (the watcher below reruns the page when it changes)."""
    if "w" not in _snap:
        try:
            _snap["w"] = cl.call("wall", code, cl.me())
        except ClassError as e:
            st.caption(cl.why(e))
            _snap["w"] = None
    return _snap["w"]


def pulse() -> tuple | None:
    try:
        return tuple(cl.call("pulse", code, cl.me()))
    except ClassError:
        return None


link = join_link()
shown = pulse()  # before the snapshot: a change after it is seen at the watcher's next poll
st.session_state["_class_drawn"] = False  # set at the end of this run (see watch)
joined = len((snapshot() or {}).get("students", ()))
c2, c3 = st.columns([3, 1.4], vertical_alignment="center")
c2.toggle(
    t("Students follow my page, step and settings"),
    value=st.session_state.get("_class_lead", True),
    key="class-lead",
    on_change=lambda: st.session_state.update(_class_lead=st.session_state["class-lead"]),
    help=t("Off: students explore on their own; on: their pages come where yours is."),
)
if c3.button(t("End the class"), icon=":material/logout:", key="class-end"):
    cl.attempt("end", code, cl.me())
    cl.forget()
    st.rerun()
with st.expander(t("How students join: the link and its QR code"), icon=":material/qr_code_2:", expanded=not joined):
    left, right = st.columns([3, 1.2])
    with left:
        st.markdown(t("Open the lab's *Class* page and type the code, or scan the QR code. The link:"))
        st.code(link, language=None)
        host = urlsplit(link).hostname or ""
        if host in ("localhost", "127.0.0.1", "::1"):
            st.caption(
                t(
                    "This link names this computer only: students' phones cannot reach it. Open the lab by this "
                    "computer's network address (e.g. `http://192.168.1.20:8501`), or start it with AEVAE_PUBLIC_URL "
                    "set."
                )
            )
    right.image(cl.qr_png(link), width=200, caption=t("Scan to join"), alt=t("QR code of the link {link}", link=link))

ds = dataset(s)
if ds is None:
    st.stop()
specs = presets.trio(s.latent_dim, s.dataset, s.data_dir, s.beta)
judge = presets.classifier(s.dataset, s.data_dir)
loaded = {k: load_model(spec) for k, spec in specs.items()}
models = {k: v[0] for k, v in loaded.items() if v is not None}
clf = load_model(judge)
CLASSES = class_names(ds)


def teacher_call(method: str, *args) -> None:
    cl.attempt(method, code, cl.me(), *args)


@st.cache_data(max_entries=8, show_spinner=False)
def _wall_figures(sig: tuple, _wall: list, names: tuple, lang_: str) -> tuple[list, dict]:
    """The wall's three planes and what the judge says of each drawing's reconstructions (recomputed only when the
    drawings or the models change: sig)."""
    x = cl.images(_wall)
    planes = {k: plane(specs[k])[1] for k in models}
    where_ = cl.placed(models, planes, clf[0], x)
    figs = []
    n = 1000
    labels = ds.y_test[:n].numpy()
    for k in models:
        pts, _ = plane(specs[k])
        limits = figures.padded_limits(pts)
        title = None  # the line above each plane names its model
        figs.append(
            figures.class_wall(
                pts[:n],
                labels,
                where_[k]["points"],
                where_[k]["label"],
                list(names),
                CLASSES,
                title,
                *limits,
                hole=metrics.HOLE,
                hole_name=t("no digit (a hole)"),
                lang=lang_,
            )
        )
    return figs, where_


@st.fragment(run_every=cl.WALL_EVERY_S)
def watch(shown: tuple | None) -> None:
    """Every second, a few numbers (core.classmode's pulse); the page is drawn again only when they changed: a vote,
    a drawing, a student who joins. (Five parts each redrawn every second cost the server a core.) Also when the
    page's last run did not reach its end: the browser's timer for this part may cut a run of the page that takes
    longer than a second (a cold server's first projector, while students join), which then stopped before its
    tabs (bench/class_load.py); the computations it finished are cached, so the next run gets further."""
    if pulse() != shown or not st.session_state.get("_class_drawn"):
        st.rerun(scope="app")


def wall() -> None:
    """The wall's controls (outside the part that is read again each second: a list being chosen from stays
    open), then the live wall."""
    w = snapshot()
    if w is None:
        return
    c1, c2 = st.columns(2)
    c1.toggle(
        t("Pause the wall (no new drawings)"),
        value=w["frozen"],
        key="class-freeze",
        on_change=lambda: teacher_call("freeze", bool(st.session_state.get("class-freeze"))),
    )
    c2.button(t("Clear the wall"), key="class-clear", on_click=teacher_call, args=("clear",))
    wall_now()
    drawings = w["drawings"]
    if drawings and clf is not None and models:
        one_drawing(drawings)


def one_drawing(drawings: list[dict]) -> None:
    """One drawing large, with the three reconstructions; the teacher may hide it."""
    ids = [d["id"] for d in drawings]
    pick = st.selectbox(
        t("Open one drawing"),
        ids,
        format_func=lambda i: f"#{i} · " + (drawings[ids.index(i)]["nick"] or t("anonymous")),
        index=None,
        key="class-open",
        placeholder=t("choose a drawing"),
    )
    if pick is None or pick not in ids:
        return
    x = cl.images([drawings[ids.index(pick)]])
    row = [("drawing", x[0, 0].numpy())]
    row += [(k, analysis.reconstruct(models[k], x)[0, 0].detach().numpy()) for k in models]
    tiles = st.columns(len(row) + 1)
    for col, (k, img) in zip(tiles, row, strict=False):
        col.image(
            png_bytes((np.clip(img, 0, 1) * 255).astype(np.uint8)),
            width=140,
            caption=t("the drawing") if k == "drawing" else model_name(k),
            alt=t("the drawing") if k == "drawing" else model_name(k),
        )
    tiles[-1].button(t("Hide this drawing"), key="class-hide", on_click=teacher_call, args=("hide", pick))


def wall_now() -> None:
    w = snapshot()
    if w is None:
        return
    st.caption(nt("{n} student has joined.", "{n} students have joined.", len(w["students"])))
    drawings = w["drawings"]
    if not drawings:
        st.info(
            t(
                "No drawings yet. Students: open *Latent space*, draw a digit on the pad and press *Send to the "
                "class wall*."
            ),
            icon=":material/draw:",
        )
        return
    if clf is None or not models:
        st.warning(t("The models for these settings are not trained yet: open Latent space once to train them."))
        return
    names = tuple(d["nick"] or t("anonymous") for d in drawings)
    pixels = hashlib.blake2b(b"".join(d["pixels"] for d in drawings), digest_size=16).hexdigest()
    metas = [got[1] for got in (*loaded.values(), clf) if got is not None]
    versions = tuple(meta.get("weights_sha256") or meta.get("created") for meta in metas)  # a retrained model
    sig = (code, tuple(d["id"] for d in drawings), pixels, tuple(sorted(specs[k].name for k in models)), versions)
    figs, placed = _wall_figures(sig, drawings, names, lang())
    st.markdown(
        nt(
            "**{n} drawing** of the class, at its code on each model's plane (faint: the held-out digits). The colour "
            "and the digit on a marker: what the lab's classifier sees in that model's reconstruction of it; a grey "
            "ring with ?: no digit (a hole).",
            "**{n} drawings** of the class, at their codes on each model's plane (faint: the held-out digits). The "
            "colour and the digit on a marker: what the lab's classifier sees in that model's reconstruction of it; "
            "a grey ring with ?: no digit (a hole).",
            len(drawings),
        )
    )
    if s.latent_dim > 2:
        st.caption(
            t(
                "The codes have {d} numbers: the planes show the codes' first two principal axes.",
                d=s.latent_dim,
            )
        )
    cols = st.columns(len(figs))
    for k, col, fig in zip(models, cols, figs, strict=True):
        ok = float((placed[k]["label"] != metrics.HOLE).mean())
        col.markdown(
            "**"
            + t(
                "{model}: {share} of the class's drawings rebuilt as a digit",
                model=model_name(k),
                share=num(ok, 0, percent=True),
            )
            + "**"
        )
        col.plotly_chart(fig, key=f"class-wall-{k}", config={"displayModeBar": False})
    drawn = placed["drawn"]
    counts = {CLASSES[c] if c != metrics.HOLE else "?": int((drawn == c).sum()) for c in np.unique(drawn)}
    st.caption(
        t(
            "What the class drew, as the classifier sees the drawings: {counts}",
            counts=", ".join(f"{k} × {v}" for k, v in counts.items()),
        )
    )


@versioned(max_entries=8)
def _recon_mse(spec, n: int = 1000) -> float:
    x = dataset(s).x_test[:n]
    return float(((analysis.reconstruct(load_model(spec)[0], x) - x) ** 2).mean())


def answer(key: str) -> tuple[int, str] | None:
    """The measured answer to a question: the right option and its numbers in a sentence (None: the models for it
    are missing)."""
    at5 = presets.trio(presets.GEN_DIM, s.dataset, s.data_dir, s.beta)
    at2 = presets.trio(2, s.dataset, s.data_dir, s.beta)
    if clf is None:
        return None
    if key == "random":
        if any(load_model(at5[k]) is None for k in ("ae", "vae")):
            return None
        ae, vae = (1 - holes_share(at5[k], judge) for k in ("ae", "vae"))
        right = 1 if vae - ae >= metrics.CLEAR_GAP else 0 if ae - vae >= metrics.CLEAR_GAP else 2
        return right, t(
            "Measured: of 2,000 random codes, the AE's decoder makes {ae} into digits, the VAE's {vae}.",
            ae=num(ae, 0, percent=True),
            vae=num(vae, 0, percent=True),
        )
    if key == "pca":
        if any(load_model(at2[k]) is None for k in ("ae", "pca")):
            return None
        ae, pca = _recon_mse(at2["ae"]), _recon_mse(at2["pca"])
        right = 1 if ae < 0.9 * pca else 0 if pca < 0.9 * ae else 2
        return right, t(
            "Measured on 1,000 held-out digits (mean squared error per pixel, lower is better): PCA {pca}, AE {ae}.",
            pca=num(pca, 4),
            ae=num(ae, 4),
        )
    if key == "fitted":
        if any(load_model(at5[k]) is None for k in ("ae", "vae")):
            return None
        got = sampling({k: at5[k] for k in ("ae", "vae")}, judge)
        fit, vae = got["ae+fit"]["recognised"], got["vae"]["recognised"]
        return (0 if fit >= vae - 0.1 else 1), t(
            "Measured: the AE through a Gaussian fitted to its codes makes {fit} of its random codes into digits, "
            "the VAE {vae} (Ghosh et al., 2020).",
            fit=num(fit, 0, percent=True),
            vae=num(vae, 0, percent=True),
        )
    if key == "blank":
        if any(load_model(at5[k]) is None for k in at5):
            return None
        scored = unfamiliar_scores(at5, unfamiliar_n(dataset(s)), None)
        auroc = novelty.table(scored["familiar"], {"blank": scored["blank"]})["blank"]["vae_nll"]
        return (1 if auroc < 0.5 else 0), t(
            "Measured: the VAE's likelihood tells blank pages from digits with AUROC {auroc} (0.5 is chance; below "
            "it, blank pages look more likely than digits).",
            auroc=num(auroc, 2),
        )
    return None


def ask() -> None:
    key = st.session_state.get("class-question")
    if key in cl.QUESTIONS:
        teacher_call("ask", key, len(cl.QUESTIONS[key][1]))


def votes() -> None:
    """The question's controls (outside the part read again each second), then the class's answers."""
    w = snapshot()
    if w is None:
        return
    keys = list(cl.QUESTIONS)
    c1, c2, c3, c4 = st.columns([3.2, 1.6, 1.6, 1], vertical_alignment="bottom")  # Polish labels are longer
    c1.selectbox(t("Question"), keys, format_func=lambda k: t(cl.QUESTIONS[k][0]), key="class-question")
    c2.button(
        t("Ask the class"),
        key="class-ask",
        type="primary",
        on_click=ask,  # the question chosen when the button is pressed, even when pressed at once
    )
    q = w["question"]
    c3.button(t("Reveal the answer"), key="class-reveal", on_click=teacher_call, args=("reveal",), disabled=q is None)
    c4.button(t("Close"), key="class-close", on_click=teacher_call, args=("close",), disabled=q is None)
    answers()


def answers() -> None:
    w = snapshot()
    if w is None:
        return
    q = w["question"]
    if q is None or q["key"] not in cl.QUESTIONS:
        st.info(t("No question is open. Choose one and press Ask the class."), icon=":material/how_to_vote:")
        return
    text, options = cl.QUESTIONS[q["key"]]
    total = sum(w["votes"])
    st.markdown("**" + t(text) + "**")
    st.caption(
        nt("{n} answer", "{n} answers", total)
        + " · "
        + nt("{n} student in the class", "{n} students in the class", len(w["students"]))
        + (" · " + t("open: students can still answer") if q["open"] else "")
    )
    measured = answer(q["key"]) if q["revealed"] else None
    right = measured[0] if measured else None
    fig = figures.vote_bars([t(o) for o in options], w["votes"], right, t("students"), lang=lang())
    st.plotly_chart(fig, key="class-votes", config={"displayModeBar": False})
    with st.container(key="class-votes-table"):
        st.table(
            pd.DataFrame({t("answer"): [t(o) for o in options], t("students"): w["votes"]}),
            border="horizontal",
            hide_index=True,
        )
    if q["revealed"]:
        if measured is None:
            st.warning(t("The models this answer is measured with are not trained yet."))
        else:
            st.success(
                t("The answer: {option}.", option=t(options[measured[0]])) + " " + measured[1],
                icon=":material/straighten:",
            )


def class_codes() -> None:
    """The class's random codes through the AE's and the VAE's decoders at the talk's size, judged, beside the
    lab's measurement over 2,000 draws."""
    w = snapshot()
    if w is None:
        return
    samples = w["samples"]
    d = presets.GEN_DIM
    if not samples:
        st.info(
            t(
                "No random codes yet. Students: on the *Class* page, press *Draw a random code*. Each code has {d} "
                "numbers drawn from N(0, I), as in the talk.",
                d=d,
            ),
            icon=":material/casino:",
        )
        return
    at5 = presets.trio(d, s.dataset, s.data_dir, s.beta)
    z = np.asarray([x["z"] for x in samples if len(x["z"]) == d], np.float32)
    if not len(z) or clf is None:
        return
    st.markdown(
        nt(
            "**{n} random code** of the class, each decoded by the AE and by the VAE. Framed: what the lab's "
            "classifier recognises as a digit.",
            "**{n} random codes** of the class, each decoded by the AE and by the VAE. Framed: what the lab's "
            "classifier recognises as a digit.",
            len(z),
        )
    )
    for k in ("ae", "vae"):
        got = load_model(at5[k])
        if got is None:
            st.caption(t("{model}: not trained yet", model=model_name(k)))
            continue
        imgs = analysis.decode(got[0], z)
        seen = cl.judged(clf[0], imgs)
        ok = seen != metrics.HOLE
        measured = 1 - holes_share(at5[k], judge)
        st.markdown(
            "**"
            + nt(
                "{model}: digits from {k} of the class's {n} code ({share}); the lab measures {measured} over 2,000 "
                "random codes.",
                "{model}: digits from {k} of the class's {n} codes ({share}); the lab measures {measured} over 2,000 "
                "random codes.",
                len(z),
                model=model_name(k),
                k=int(ok.sum()),
                share=num(float(ok.mean()), 0, percent=True),
                measured=num(measured, 0, percent=True),
            )
            + "**"
        )
        st.image(
            png_bytes(cl.framed_montage(imgs, ok)),
            caption=model_name(k),
            alt=nt(
                "{model}: digits from {k} of {n} random code.",
                "{model}: digits from {k} of {n} random codes.",
                len(z),
                model=model_name(k),
                k=int(ok.sum()),
            ),
        )


def game_results() -> None:
    """How often the class called each source's pictures real, beside what the lab measures of the same samples."""
    w = snapshot()
    if w is None:
        return
    if not w["players"]:
        st.info(
            t(
                "Nobody has played yet. Students: on the *Class* page, *Real or generated?*, press *Start a round*, "
                "mark the eight pictures and hand in."
            ),
            icon=":material/visibility:",
        )
        return
    at5 = presets.trio(presets.GEN_DIM, s.dataset, s.data_dir, s.beta)
    measured = sampling(at5, judge) if clf is not None and all(load_model(x) for x in at5.values()) else {}
    rows = []
    for src in classmode.GAME_SOURCES:
        real, shown = w["game"][src]
        m = measured.get(src, {})
        rows.append(
            {
                t("pictures from"): t(GAME_NAMES[src]),
                t("called real by the class"): real / shown if shown else None,
                t("answers"): shown,
                t("recognised by the classifier"): m.get("recognised"),
            }
        )
    df = pd.DataFrame(rows)
    st.markdown(
        nt(
            "**{n} student** has played. A model whose pictures the class calls real as often as the real digits "
            "fools the class; the classifier's share says how often the same kind of picture is a clear digit.",
            "**{n} students** have played. A model whose pictures the class calls real as often as the real digits "
            "fools the class; the classifier's share says how often the same kind of picture is a clear digit.",
            w["players"],
        )
    )
    fig = figures.called_real(
        list(classmode.GAME_SOURCES),
        [t(GAME_NAMES[src]) for src in classmode.GAME_SOURCES],
        [r[t("called real by the class")] for r in rows],
        t("called real by the class"),
        lang=lang(),
    )
    st.plotly_chart(fig, key="class-game", config={"displayModeBar": False})
    for col in (t("called real by the class"), t("recognised by the classifier")):
        df[col] = ["—" if v is None or pd.isna(v) else num(float(v), 0, percent=True) for v in df[col]]
    with st.container(key="class-game-table"):
        st.table(df, border="horizontal", hide_index=True)


def students() -> None:
    w = snapshot()
    if w is None:
        return
    names = [n or t("anonymous") for n in w["students"]]
    st.caption(nt("{n} student has joined.", "{n} students have joined.", len(names)))
    if names:
        # st.table reads markdown in its cells: each name escaped, so it shows as typed
        st.table(pd.DataFrame({t("Nickname"): [escape(n) for n in names]}), border="horizontal", hide_index=True)


try:
    tab_wall, tab_codes, tab_votes, tab_game, tab_students = st.tabs(
        [
            t("Class wall"),
            t("The class's random codes"),
            t("Predict, then reveal"),
            t("Real or generated?"),
            t("Students"),
        ]
    )
    with tab_wall:
        wall()
    with tab_codes:
        class_codes()
    with tab_votes:
        votes()
    with tab_game:
        game_results()
    with tab_students:
        students()
except Exception:  # an error in a tab (Streamlit shows it there): the projector still watches the class
    st.session_state["_class_drawn"] = True
    watch(shown)
    raise
st.session_state["_class_drawn"] = True
watch(shown)  # last: its timer starts once the page is drawn
