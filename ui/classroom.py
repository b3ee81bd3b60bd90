"""Class mode in the pages (core.classmode holds the classes): the one door to them (in cluster mode the cluster's
actor), who this browser is in a class, the teacher's lead, and the bar at the top of a student's every page that
follows the teacher and shows the open question.

A student's page asks the class what the teacher shows about once a second (a fragment; the rest of the page
does not rerun). When the teacher's view changed, the student's page goes there: the page, the lesson's step and
the sidebar's data set, latent size and β (each checked as a URL's value is). A student can leave to explore and
come back with one click. Nicknames and everything else a student sends are shown as plain text.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import threading

import numpy as np
import streamlit as st
import torch

from core import analysis, classmode, cluster, metrics, presets
from core.classmode import ClassError
from core.data import DIGIT_DATASETS
from core.i18n import N_
from ui import roles
from ui.i18n import t
from ui.navigation import NAMES
from ui.resources import session_id
from ui.settings import sanitize

log = logging.getLogger("aevae.classroom")
# A student's page hears of the teacher's moves at once (ui.server pushes the class's beat to the bar's listener);
# it also asks this often, in case a network drops the stream. Each ask is a Streamlit
# fragment run, about 50 ms of the server's CPU here: 30 students asking every second took 1.6 of 2 cores.
FOLLOW_EVERY_S = float(os.environ.get("AEVAE_CLASS_POLL_S") or 15)
WALL_EVERY_S = 1.0  # the projector's wall and votes are read again this often
REASONS = {
    "full": N_("The server already runs as many classes as it may; a class ends when its teacher ends it."),
    "unknown": N_("No class has this code. Check the code on the projector."),
    "class_full": N_("This class is full."),
    "rate": N_("Too many at once: wait a moment, then try again."),
    "frozen": N_("The teacher has paused the wall; try again when it is open."),
    "closed": N_("The vote is closed."),
    "bad": N_("This could not be read."),
    "not_teacher": N_("Only the class's teacher can do this."),
    "busy": N_("Too many wrong codes were tried on this server just now: wait a minute, then try again."),
    "unavailable": N_("The class cannot be reached just now; try again in a moment."),
}


_LOCAL: list[classmode.Classes] = []  # this server's classes, made once (pages and ui.server's routes share them)
_LOCAL_LOCK = threading.Lock()


def _local() -> classmode.Classes:
    with _LOCAL_LOCK:
        if not _LOCAL:
            _LOCAL.append(classmode.Classes())
        return _LOCAL[0]


@functools.lru_cache(maxsize=1)
def _actor():
    return cluster.classes()


def call(method: str, *args):
    """One request to the classes (this server's, or in cluster mode the cluster's); raises ClassError."""
    out = call_server(method, *args)
    if "error" in out:
        raise ClassError(out["error"])
    return out["ok"]


def call_server(method: str, *args) -> dict:
    """call()'s answer as the door gives it ({"ok": ...} or {"error": reason}), from any thread of the server
    (ui.server's routes have no Streamlit session)."""
    if cluster.enabled():
        try:
            out = cluster.call(_actor().do, method, *args)
        except Exception:  # the cluster does not answer: the class is out of reach, the page is not
            log.warning("the classes actor did not answer %s", method, exc_info=True)
            _actor.cache_clear()  # looked up (or made) afresh next time: a dead actor's handle is not kept
            return {"error": "unavailable"}
        return out
    return _local().do(method, *args)


def live(name: str, every: float = WALL_EVERY_S):
    """A part read again every `every` seconds (a fragment), inside a container keyed class-live-<name>: its
    elements do not fade while it reruns (ui.presenter's CSS), so a projector or a phone does not flicker."""

    def wrap(fn):
        @st.fragment(run_every=every)
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with st.container(key=f"class-live-{name}"):
                return fn(*args, **kwargs)

        return run

    return wrap


def why(e: ClassError) -> str:
    return t(REASONS.get(e.reason, REASONS["bad"]))


def attempt(method: str, *args):
    """call(), for a button's callback: on refusal the reason is kept for the page to say (None is returned)."""
    try:
        return call(method, *args)
    except ClassError as e:
        st.session_state["_class_said"] = why(e)
        return None


def me() -> str:
    return session_id()


def mine() -> dict | None:
    """The class this browser is in ({"code", "teacher", "nick"}), asked once per run."""
    run = st.session_state.get("_run")
    cached = st.session_state.get("_class_mine")
    if cached is not None and cached[0] == run:
        return cached[1]
    try:
        where = call("where_is", me())
    except ClassError:
        where = None
    st.session_state["_class_mine"] = (run, where)
    return where


def forget() -> None:
    st.session_state.pop("_class_mine", None)


def can_start() -> bool:
    """Who may start a class: the teacher when the server has a teacher's token, else anyone (a lab on one
    laptop); the server's bound on classes holds either way."""
    return roles.token() is None or roles.is_teacher()


# -- the teacher leads ------------------------------------------------------------------------------------------
def view_now(page: str) -> dict:
    ss = st.session_state
    view = {"page": page, "dataset": ss.get("dataset"), "latent_dim": ss.get("latent_dim"), "beta": ss.get("beta")}
    if page == "lesson":
        view["step"] = st.query_params.get("step", "1")  # the lesson's first run has no step yet: it is step 1
    return {k: v for k, v in view.items() if v is not None}


def lead(page: str) -> None:
    """The teacher's page, lesson step and settings, told to the class when they changed (and lead is on)."""
    where = mine()
    if not where or not where["teacher"] or not st.session_state.get("_class_lead", True):
        return
    view = view_now(page)
    if st.session_state.get("_class_led") == (where["code"], view):
        return
    try:
        call("lead", where["code"], me(), view)
        st.session_state["_class_led"] = (where["code"], view)
    except ClassError as e:
        log.warning("lead: %s", e.reason)


# -- a student follows --------------------------------------------------------------------------------------------
def before_page() -> None:
    """Apply what the bar's poll found the teacher shows: the sidebar's settings, before its widgets exist."""
    goto = st.session_state.pop("_class_goto", None)
    if not goto:
        return
    for key, allowed, numeric in (
        ("dataset", DIGIT_DATASETS, False),
        ("latent_dim", presets.SWEEP_DIMS, True),
        ("beta", presets.BETAS, True),
    ):
        if key in goto:
            sanitize(key, allowed, numeric, raw=goto[key])


def _go(view: dict) -> None:
    """Go where the teacher is: settings at the next run's start (before_page), the page and step now."""
    page = view.get("page")
    if page not in (*NAMES, "classroom"):
        return
    st.session_state["_class_goto"] = view
    params = {}
    if page == "lesson" and isinstance(view.get("step"), str) and view["step"].isdigit():
        params["step"] = view["step"][:3]
    st.switch_page(f"views/{page}.py", query_params=params or None)


QUESTIONS = {  # predict, then reveal: what the teacher may ask, its answers (messages) and how the lab measures it
    "random": (
        N_("Random codes of 5 numbers from N(0, I): which model turns more of them into digits?"),
        (N_("the AE"), N_("the VAE"), N_("both about as many")),
    ),
    "pca": (
        N_("With a code of 2 numbers, which rebuilds held-out digits more faithfully: PCA or the AE?"),
        (N_("PCA"), N_("the AE"), N_("both about as well")),
    ),
    "fitted": (
        N_(
            "The AE's random codes drawn from a Gaussian fitted to its own codes (5 numbers): does it make digits "
            "about as often as the VAE?"
        ),
        (N_("yes, about as often"), N_("no, far less often")),
    ),
    "blank": (
        N_("Which does the VAE trained on digits find more likely: a real digit or a blank page?"),
        (N_("a real digit"), N_("a blank page")),
    ),
}


def _vote(qid: int, option: int) -> None:
    attempt("vote", me(), qid, option)


def _question(q: dict) -> None:
    text, options = QUESTIONS.get(q["key"], (None, ()))
    if text is None or len(options) != q["options"]:
        return
    st.markdown("**" + t("Question") + ":** " + t(text))
    if q["open"]:
        cols = st.columns(len(options))
        for i, (col, option) in enumerate(zip(cols, options, strict=True)):
            col.button(
                t(option),
                key=f"class-vote-{q['id']}-{i}",
                type="primary" if q.get("mine") == i else "secondary",
                on_click=_vote,
                args=(q["id"], i),
                width="stretch",
            )
        st.caption(
            t("Your answer: {answer}. You can change it until the teacher reveals.", answer=t(options[q["mine"]]))
            if q.get("mine") is not None
            else t("Tap your prediction; the projector shows the class's answers.")
        )
    elif q.get("revealed"):
        st.caption(t("The teacher has revealed the measured answer on the projector."))


def _set_follow(on: bool) -> None:
    try:
        call("set_following", me(), on)
    except ClassError as e:
        st.session_state["_class_said"] = why(e)
        return
    if on:
        st.session_state.pop("_class_seen", None)  # go where the teacher is now


# The bar's listener: an EventSource on ui.server's stream; when the class's beat differs from the one this run drew
# (data.seen), it sets a trigger, which reruns the bar's fragment (follow the teacher, show the question). A class
# ended ("gone") reruns it once more and closes the stream (the bar then says so); a page left closes it; the browser
# reconnects a dropped stream by itself.
_LISTEN_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  let s = parentElement.__aevaeListen;
  if (s && s.url !== data.url) { s.close(); s = null; }  // another class: another stream
  if (!s) {
    s = parentElement.__aevaeListen = { url: data.url, seen: data.seen, source: null, gone: 0 };
    s.close = () => { if (s.source) s.source.close(); s.source = null; };
    s.open = () => {
      if (s.source || document.hidden || !parentElement.isConnected) return;
      const source = (s.source = new EventSource(s.url));
      source.onmessage = (e) => {
        if (!parentElement.isConnected) return s.close();
        if (e.data !== s.seen) { s.seen = e.data; setTriggerValue("beat", e.data); }
      };
      source.addEventListener("gone", () => {
        s.close();
        s.gone = Date.now();
        setTriggerValue("beat", "gone");  // the bar says the class ended (once: the stream stays closed)
      });
    };
    // a hidden tab lets its stream go (a browser keeps six connections to a server, for all its tabs)
    s.visible = () => (document.hidden ? s.close() : s.open());
    document.addEventListener("visibilitychange", s.visible);
  }
  s.seen = data.seen;
  // a stream the browser gave up on (an error answer), or one a minute after "gone": open again
  if (s.source && s.source.readyState === EventSource.CLOSED) s.source = null;
  if (!s.source && Date.now() - s.gone > 60000) s.open();
  return () => {
    s.close();
    document.removeEventListener("visibilitychange", s.visible);
    delete parentElement.__aevaeListen;
  };
}
"""
_LISTEN = st.components.v2.component("aevae_listen", js=_LISTEN_JS)


def _beat(code: str | None) -> str | None:
    """The class's beat as the stream names it, read before the run draws the bar (a move made while it draws
    then differs from it, and the stream's first message wakes the bar again)."""
    from ui.server import beat_key

    try:
        return beat_key(call("beat", code)) if code else None
    except ClassError:
        return None


def _listen(seen: str | None, code: str) -> None:
    from ui.server import events_url

    if seen is not None:  # the code in the address: joining another class opens another stream
        _LISTEN(key="class-listen", data={"url": events_url(code), "seen": seen}, on_beat_change=_noop, width="content")


def _noop() -> None:
    pass


@live("bar", FOLLOW_EVERY_S)
def _bar() -> None:
    seen = _beat(st.session_state.get("_class_code_now"))
    try:
        f = call("follow", me())
    except ClassError as e:
        st.caption(why(e))
        return
    if f is None:
        forget()
        st.info(t("Your class has ended."), icon=":material/groups:")
        return
    following = f["following"]
    who = st.session_state.get("_class_nick") or t("anonymous")
    with st.container(horizontal=True, vertical_alignment="center", key="class-bar"):
        st.markdown(
            ":material/groups: "
            + (
                t("Class {code} · {who} · following the teacher", code=f["code"], who=who)
                if following
                else t("Class {code} · {who} · exploring on your own", code=f["code"], who=who)
            )
        )
        if following:
            st.button(t("Explore on my own"), key="class-explore", on_click=_set_follow, args=(False,))
        else:
            st.button(t("Follow the teacher"), key="class-follow", on_click=_set_follow, args=(True,), type="primary")
        _listen(seen, f["code"])
    said = st.session_state.pop("_class_said", None)
    if said:
        st.warning(said)
    if f["question"]:
        _question(f["question"])
    if following and f["version"] and f["version"] != st.session_state.get("_class_seen"):
        st.session_state["_class_seen"] = f["version"]
        _go(f["view"])


def bar(page: str) -> None:
    """At the top of every page: for a student in a class, the class's bar (follow, the open question); for its
    teacher, away from the Class page, its code (for a student who comes late)."""
    where = mine()
    if where is None:
        return
    if where["teacher"]:
        if page != "classroom":
            st.caption(":material/groups: " + t("Class {code}: join on the Class page.", code=where["code"]))
        return
    st.session_state["_class_nick"] = where["nick"]
    st.session_state["_class_code_now"] = where["code"]
    _bar()


# -- the wall ---------------------------------------------------------------------------------------------------
def pixels_from_browser(raw: object) -> tuple[int, bytes] | None:
    """A drawing the pad sent ("<n>:<base64 of 28 x 28 grey bytes>"), checked: its counter and its bytes; None
    for anything else."""
    import base64
    import binascii

    if not isinstance(raw, str) or len(raw) > 1200 or ":" not in raw:
        return None
    n, _, b64 = raw.partition(":")
    if not n.isdigit() or len(n) > 9:
        return None
    try:
        data = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return (int(n), data) if len(data) == classmode.SIDE * classmode.SIDE else None


def send_drawing(raw: object) -> str | None:
    """A student's pad sent a drawing for the class wall: post it once (by its counter); what to tell them."""
    got = pixels_from_browser(raw)
    if got is None or got[0] == st.session_state.get("_wall_sent"):
        return None
    st.session_state["_wall_sent"] = got[0]
    try:
        call("draw", me(), got[1])
    except ClassError as e:
        return why(e)
    return t("Sent: your drawing is on the class wall.")


def images(drawings: list[dict]) -> torch.Tensor:
    """The wall's drawings as a batch the models take: (n, 1, 28, 28) in [0, 1]."""
    side = classmode.SIDE
    a = np.stack([np.frombuffer(d["pixels"], np.uint8).reshape(side, side) for d in drawings]).astype(np.float32)
    return torch.from_numpy(a / 255.0).unsqueeze(1)


def placed(models: dict, planes: dict, clf, x: torch.Tensor) -> dict:
    """Where the drawings land and what becomes of them: per model id, their codes on its plane ("points", (n, 2))
    and the judged class of their reconstructions ("label", metrics.HOLE for none); "drawn": the judged class of
    the drawings themselves."""
    out = {"drawn": judged(clf, x)}
    for k, model in models.items():
        z = analysis.encode(model, x)
        proj = planes.get(k)
        out[k] = {
            "points": np.asarray(z if proj is None else proj.transform(z), np.float32),
            "label": judged(clf, analysis.reconstruct(model, x)),
        }
    return out


def judged(clf, x: torch.Tensor) -> np.ndarray:
    return metrics.recognised_labels(metrics.judge(clf, x)[0])


def qr_png(link: str) -> bytes:
    """The join link as a QR code (segno, drawn here: nothing from the network), PNG."""
    import segno

    buf = io.BytesIO()
    segno.make(link, error="m").save(buf, kind="png", scale=10, border=2)
    return buf.getvalue()


def framed_montage(images: torch.Tensor, ok: np.ndarray, per_row: int = 15) -> np.ndarray:
    """Decoded images in a row (RGB): each one the judge recognises in a thick green frame, the others (holes) in
    a thin grey one, so the frame's width says it as well as its colour."""
    x = (images.detach().clamp(0, 1).numpy()[:, 0] * 255).astype(np.uint8)
    n, side = len(x), x.shape[-1]
    cell = side + 8
    rows = (n + per_row - 1) // per_row
    out = np.full((rows * cell, min(n, per_row) * cell, 3), 255, np.uint8)
    for i in range(n):
        r, c = divmod(i, per_row)
        y0, x0 = r * cell, c * cell
        width, colour = (3, (46, 125, 50)) if ok[i] else (1, (170, 170, 170))
        out[y0 + 1 : y0 + cell - 1, x0 + 1 : x0 + cell - 1] = colour
        inner = out[y0 + 1 + width : y0 + cell - 1 - width, x0 + 1 + width : x0 + cell - 1 - width]
        inner[:] = 255
        pad = (inner.shape[0] - side) // 2
        inner[pad : pad + side, pad : pad + side] = x[i][:, :, None]
    return out
