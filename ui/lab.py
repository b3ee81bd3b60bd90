"""The models in the browser: one custom component (st.components.v2, ui/web/*.js) that runs each model in the
page, so hovering, drawing, replaying and face sliders answer without a server round trip: the dense models and the
digit judge in the page's own small engine (ui/web/engine.js, core.export's compact format), the convolutional face
models as ONNX in onnxruntime-web.

The runtime is served by the dashboard itself (static/ort/, verified against web/ort.sha256) and loaded only by a
page with an ONNX graph; each graph is sent once per browser, when the component says it lacks it. Without the
runtime (where a page needs it), or when the browser reports that it cannot run the models, the pages keep their
server-side figures.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path

import numpy as np
import streamlit as st

from core import export, kinds, metrics
from core.digits import FORM
from core.i18n import N_
from ui import server
from ui.figures import PALETTE, model_color
from ui.i18n import lang, nt, t

WEB = Path(__file__).parent / "web"
ROOT = Path(__file__).resolve().parents[1]
ORT_DIR = ROOT / "static" / "ort"
SUMS = ROOT / "web" / "ort.sha256"
HOLES_GRID = 40  # the judge's verdicts per plane: 40 x 40 decoded codes
CONFIDENCE = metrics.CONFIDENCE  # the judge's bar for "recognised", drawn by the holes map
PAD_STROKE = 13  # pen width on the 168 px pad: about MNIST's stroke once the digit is fitted into 20 x 20
MS_PER_EPOCH = 700  # the replay's speed
# Why a session shows server-side figures instead of the models in the browser, by id (shown as t(PROBLEMS[id]))
PROBLEMS = {
    "static": N_(
        "The models run on the server on this page: the dashboard does not serve its static files "
        "(server.enableStaticServing is off in .streamlit/config.toml)."
    ),
    "checksum": N_(
        "The models run on the server on this page: the files in static/ort/ do not match web/ort.sha256. Run "
        "bash scripts/vendor_web.sh and restart the dashboard."
    ),
    "missing": N_(
        "The models run on the server on this page: the browser runtime is not installed. Run bash "
        "scripts/vendor_web.sh (it needs npm) and restart the dashboard."
    ),
    "chosen": N_("The server decodes what you click (you chose it below)."),
    "browser": N_("This browser could not run the models ({reason}), so the server decodes what you click."),
}


# The component's script: the ES modules of ui/web/ (main.js and what it imports), joined here into one. Streamlit
# runs an inline `js` as one module made from a blob: URL, where no relative import resolves; a file-backed `js` needs
# the app installed as a package that declares an asset_dir; and modules served from static/ are cached by the browser
# one by one, so that after an update a page could mix two versions of them. Joined, they stay one inline module that
# comes with the page, as before. One module is one scope, so bundle() checks what joining could break: every import
# names a module and a name it exports, no cycle, no name declared by two modules (tests/test_web_modules.py).
ENTRY = "main.js"
_IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w-]+\.js)";\n', re.M)
_EXPORT = re.compile(r"^export (?=(?:async )?(?:function\*?|class|const|let) +([\w$]+))", re.M)  # the keyword
_DECLARED = re.compile(r"^(?:async )?(?:function\*?|class|const|let|var) +([\w$]+)", re.M)  # at the top level
_OTHER = re.compile(r"^(?:import|export(?! default ))\b", re.M)
_DEFAULT = re.compile(r"^export default ", re.M)


def bundle(folder: Path = WEB, entry: str = ENTRY) -> str:
    """The module `entry` of `folder` and the modules it imports, directly or not, as one module: each after the
    modules it imports, its import lines checked and dropped, its `export` keywords dropped (the entry keeps its
    `export default`). Raises ValueError on what one module cannot hold (see above), or on an import or export of
    another form than `import { a, b } from "./x.js";` and `export function|class|const|let`."""
    bodies: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in chain:
            raise ValueError(f"{folder}: an import cycle, {' -> '.join((*chain, name))}")
        if name in bodies:
            return
        text = (folder / name).read_text()
        for names, dep in _IMPORT.findall(text):
            visit(dep, (*chain, name))
            exported = set(_EXPORT.findall((folder / dep).read_text()))
            for imported in filter(None, (n.strip() for n in names.split(","))):
                if imported not in exported:
                    raise ValueError(f"{folder / name}: imports {imported!r}, which {dep} does not export")
        body = _EXPORT.sub("", _IMPORT.sub("", text))
        if _OTHER.search(body) or len(_DEFAULT.findall(body)) != (name == entry):
            raise ValueError(f"{folder / name}: an import or export that bundle() cannot join")
        bodies[name] = body

    visit(entry, ())
    declared: dict[str, str] = {}
    for name, body in bodies.items():
        for var in _DECLARED.findall(body):
            if var in declared:
                raise ValueError(f"{folder}: {declared[var]} and {name} both declare {var}")
            declared[var] = name
    return "\n".join(f"// ---- ui/web/{name}\n{body}" for name, body in bodies.items())


_LAB = st.components.v2.component("aevae_lab", js=bundle(), css=(WEB / "lab.css").read_text())


@st.cache_resource(show_spinner=False)
def runtime_problem() -> str | None:
    """None when onnxruntime-web is in static/ort/ as web/ort.sha256 says and the dashboard serves it; else a
    PROBLEMS id saying what is missing (checked once per server)."""
    if not st.get_option("server.enableStaticServing"):
        return "static"
    try:
        for line in SUMS.read_text().splitlines():
            sha, name = line.split()
            if hashlib.sha256((ORT_DIR / name).read_bytes()).hexdigest() != sha:
                return "checksum"
    except (OSError, ValueError):
        return "missing"
    return None


def problem(models=None) -> str | None:
    """Why this session shows server-side figures instead of the component (None: it shows the component).
    models: the page's models, when it knows them: if the page's own engine runs them all, onnxruntime-web (and
    static serving) is not needed."""
    if st.session_state.get("server_decoding"):
        return "chosen"
    if st.session_state.get("_browser_unavailable"):
        return "browser"
    return None if own_engine(models) else runtime_problem()


def own_engine(models) -> bool:
    """Whether the page's engine (ui/web/engine.js) runs all these models: no runtime to load for them."""
    return models is not None and all(export.engine_runs(m) for m in models)


def base_url() -> str:
    """Where the page fetches the runtime from: this server's own static files."""
    return server.base_path() + "/app/static/ort/"


def b64(a: np.ndarray, dtype=np.float32) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode()


def b64q(a: np.ndarray) -> dict:
    """Coordinates as 16-bit integers and one scale (a replay's 1,000 codes x epochs: half the bytes of float32;
    the step, 1/32767 of the largest value, is far below a pixel of the plane)."""
    scale = float(np.abs(a).max() or 1.0) / 32767
    return {"q": b64(np.round(np.asarray(a) / scale), np.int16), "scale": scale}


@st.cache_resource(max_entries=64, show_spinner=False)
def _exported(version: tuple, _model) -> dict[str, bytes]:
    """Both graphs of one model (by name and weights), exported in memory from the verified model once."""
    return export.exported(_model)


@st.cache_resource(max_entries=4, show_spinner=False)
def _exported_judge(version: tuple, _clf) -> bytes:
    return export.judge_graph(_clf)


class Graphs:
    """The graphs a component may ask for: id -> the graph's bytes, exported from the verified model."""

    def __init__(self):
        self.sources: dict[str, bytes] = {}

    def add(self, model, meta: dict) -> dict[str, str]:
        version = (meta["name"], meta.get("weights_sha256") or meta.get("created"))
        graphs = _exported(version, model)
        ids = {g: export.graph_id(meta, g, graphs[g]) for g in export.GRAPHS}
        for g, gid in ids.items():
            self.sources[gid] = graphs[g]
            server.register_graph(gid, graphs[g])
        return ids

    def add_judge(self, clf, meta: dict) -> str:
        """The judge (the project's classifier) as a graph: the browser says what it sees at a plane's probe."""
        data = _exported_judge((meta["name"], meta.get("weights_sha256") or meta.get("created")), clf)
        gid = export.graph_id(meta, export.JUDGE, data)
        self.sources[gid] = data
        server.register_graph(gid, data)
        return gid

    def payload(self, need: list[str]) -> dict[str, str]:
        return {gid: base64.b64encode(self.sources[gid]).decode() for gid in dict.fromkeys(need) if gid in self.sources}


MAX_NEED, MAX_NAME = 16, 100  # a page has at most six graphs; a graph's name is about 60 characters
RESENDS, RESEND_WINDOW_S = 6, 600  # each graph sent at most this often per session in this window (the faces
# page's four parts may each ask for the VAE decoder before any has stored it, and each may ask once again)


def from_browser(state: object) -> tuple[list[str], str | None]:
    """What the component sent, checked against its schema: the graph names it lacks (at most MAX_NEED strings
    of at most MAX_NAME characters, "#n" counters dropped) and why it cannot run models, if it said so. Anything
    else (wrong types, a 15 MB list) is read as nothing, at the cost of a slice."""
    if not isinstance(state, dict):
        return [], None
    raw = state.get("need")
    need = []
    if isinstance(raw, list):
        for g in raw[: MAX_NEED * 2]:
            if isinstance(g, str) and len(g) <= MAX_NAME and not g.startswith("#") and g not in need:
                need.append(g)
    unavailable = state.get("unavailable")
    unavailable = unavailable[:200] if isinstance(unavailable, str) and unavailable else None
    return need[:MAX_NEED], unavailable


def _allowed(need: list[str]) -> list[str]:
    """The graphs this session may be sent now: each at most RESENDS times per RESEND_WINDOW_S (a browser that lost
    a graph asks again; one that asks for ever gets nothing more)."""
    now, sent = time.time(), st.session_state.setdefault("_graphs_sent", {})
    out = []
    for g in need:
        times = [t0 for t0 in sent.get(g, []) if now - t0 < RESEND_WINDOW_S]
        if len(times) < RESENDS:
            times.append(now)
            out.append(g)
        sent[g] = times
    if len(sent) > 256:  # names of graphs long gone: forget the oldest
        for g in sorted(sent, key=lambda k: max(sent[k], default=0))[: len(sent) - 256]:
            del sent[g]
    return out


def _noop() -> None:
    pass


def mount(key: str, data: dict, graphs: Graphs, on_drawing=None) -> None:
    """Draw the component; add the graphs it said it lacks. A browser that cannot run it turns this session's
    pages back to the server-side figures. on_drawing(raw): what the pad sent for the class wall (unchecked: the
    handler checks it), returning what to tell the student."""
    state = st.session_state.get(key)
    need, unavailable = from_browser(state)
    if on_drawing is not None and isinstance(state, dict) and state.get("drawing"):
        told = on_drawing(state.get("drawing"))
        if told:
            st.toast(told, icon=":material/groups:")
    if unavailable:
        st.session_state["_browser_unavailable"] = unavailable
        st.rerun()
    payload = {
        **data,
        "ort": base_url(),
        "graph_url": server.graph_url(),  # where the browser fetches a graph it lacks (None: it asks the page)
        "locale": lang(),
        "palette": list(PALETTE),
        "confidence": CONFIDENCE,
    }
    payload["build"] = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
    payload["graphs"] = graphs.payload(_allowed([g for g in need if g in graphs.sources]))
    _LAB(
        key=key,
        data=payload,
        default={"need": [], "unavailable": None, "drawing": None},
        on_need_change=_noop,
        on_unavailable_change=_noop,
        on_drawing_change=_noop,
    )


# The same, as a fragment: the component's request for graphs reruns this part of the page only.
mount_part = st.fragment(mount)


def common_text() -> dict[str, str]:
    return {
        "loading": t("loading the models into the browser…"),
        "ready": t("models run in your browser"),
        "failed": t("this browser cannot run the models"),
    }


def latent_text(d: int = 2, n: int = 2000) -> dict[str, str]:
    """The latent component's texts for codes of d numbers, whose holes view draws n random codes."""
    legend = nt(
        "Holes view: {n} random code drawn from N(0, I) (for PCA from its own Gaussian), placed on the plane. A dot "
        "in a class's colour: its decoded image is a digit of that class (the lab's classifier, ≥ 90%). A grey "
        "ring: a hole, nothing the classifier recognises. Codes beyond the panel sit on its edge.",
        "Holes view: {n} random codes drawn from N(0, I) (for PCA from its own Gaussian), placed on the plane. A "
        "dot in a class's colour: its decoded image is a digit of that class (the lab's classifier, ≥ 90%). A grey "
        "ring: a hole, nothing the classifier recognises. Codes beyond the panel sit on its edge.",
        n,
    )
    if d == 2:
        legend += " " + t(
            "The background is the same classifier over a grid of the plane: colour a digit, grey a hole."
        )
    else:
        legend += " " + t(
            "The share of holes above each plane is the share of grey rings in it. The codes have {d} numbers: the "
            "rings and dots are projected on the plane of the codes' first two principal axes, so a ring can sit "
            "among dots (its other numbers differ).",
            d=d,
        )
    return {
        **common_text(),
        "linked": t("linked: one code, all three models"),
        "holes": t("holes: random codes"),
        "glyphs": t("classes as digits, not dots"),
        "density": t("density of training codes"),
        "holes_legend": legend,
        "hover_hint": t("Move the pointer over the plane, or focus it (Tab) and use the arrow keys."),
        "plane_label": t(
            "{model}: code plane. Arrow keys move the probe (with Shift, further); L links the planes or not; "
            "the decoded code is read out below."
        ),
        "decoded": t("z = ({x}, {y}), |z| = {r}"),
        "decoded_proj": t("({x}, {y}) on the plane of the first two principal axes"),
        "pad_title": t("Draw a digit"),
        "pad_label": t(
            "Drawing pad. Draw with the pointer, or press a digit key (0 to 9) to draw a test digit of that "
            "class; Delete clears it. The reconstructions and the VAE's loss are read out below."
        ),
        "clear": t("Clear"),
        "sample": t("Draw a test digit"),
        "judge_digit": t("the classifier sees: {digit} ({p})"),
        "judge_hole": t("the classifier sees no digit, a hole (at best: {digit}, {p})"),
        "as_mnist": t("as MNIST sees it"),
        "recons": t("Reconstructions"),
        "pad_hint": t("Its code appears as a star on each plane; the VAE's σ as ellipses (1σ, 2σ)."),
        "pad_loss": t("The VAE's loss for this drawing: reconstruction {recon} nats + KL {kl} nats = {total} nats"),
        "pad_loss_beta": t(
            "The VAE's loss for this drawing: reconstruction {recon} nats + β × KL, {beta} × {kl} nats = {total} nats"
        ),
    }


def latent_payload(
    planes: list[dict],
    labels: np.ndarray,
    classes: tuple[str, ...],
    d: int = 2,
    draws: int = 2000,
    judge: tuple[str, tuple[int, ...]] | None = None,
    samples: np.ndarray | None = None,
) -> dict:
    """The latent component's data: its planes, the test labels and the classes' names (the colours' key), the
    MNIST form of the pad (core.digits.FORM); the judge's graph id (Graphs.add_judge) and image shape (it says what
    it sees at the probe), and the test images the pad draws by keyboard (one per class, (n, 1, 28, 28) in [0, 1])."""
    extra = {}
    if judge:
        extra.update(judge=judge[0], judge_shape=list(judge[1]))
    if samples is not None and tuple(samples.shape[1:]) == (1, 28, 28):
        extra["samples"] = {"n": len(samples), "side": 28, "images": b64(np.round(samples * 255), np.uint8)}
    return {
        **extra,
        "mode": "latent",
        "models": planes,
        "labels": b64(labels, np.uint8),
        "classes": list(classes),
        "glyphs": [str(i) for i in range(len(classes))],  # the second channel beside colour: each class's number
        "form": dict(FORM),
        "pad": {"stroke": PAD_STROKE},
        "text": latent_text(d, draws),
    }


def novelty_text() -> dict[str, str]:
    """The unfamiliar-inputs pad's texts."""
    latent = latent_text()
    return {
        **common_text(),
        **{k: latent[k] for k in ("clear", "sample", "as_mnist")},
        "pad_label": t(
            "Drawing pad. Draw with the pointer, or press a digit key (0 to 9) to draw a test digit of that "
            "class; Delete clears it. Each model's score is read out below."
        ),
        "pad_title": t("Draw a digit, a letter, anything"),
        "scores_title": t("How unfamiliar it looks to each model"),
        "pad_hint": t(
            "Each model rebuilds your drawing; below each, its score and the share of held-out digits that score "
            "lower (above 95%: as unfamiliar as the rarest digits)."
        ),
        "rank": t("{score}: above {pct} of the held-out digits"),
    }


def novelty_payload(models: list[dict], samples: np.ndarray | None) -> dict:
    """The unfamiliar-inputs pad: per model its graphs, the score it computes ("ae" and "pca": reconstruction
    error; "vae_elbo": the VAE's loss at z = μ) and the held-out digits' scores, sorted (float32)."""
    payload = {
        "mode": "novelty",
        "models": models,
        "form": dict(FORM),
        "pad": {"stroke": PAD_STROKE},
        "text": novelty_text(),
    }
    if samples is not None and tuple(samples.shape[1:]) == (1, 28, 28):
        payload["samples"] = {"n": len(samples), "side": 28, "images": b64(np.round(samples * 255), np.uint8)}
    return payload


def plane_model(kind: str, title: str, model, ids: dict, pts: np.ndarray, proj, limits) -> dict:
    """One plane of the latent component: the model's graphs, its plane's points, range and projection."""
    (x0, x1), (y0, y1) = limits
    return {
        "id": kind,
        "title": title,
        "color": model_color(kind),
        "encoder": ids["encoder"],
        "decoder": ids["decoder"],
        "shape": list(model.shape),
        "d": int(model.latent_dim),
        "variational": bool(model.variational),
        "beta": float(model.beta),
        "proj": None if proj is None else {"mean": proj.mean_.tolist(), "comps": proj.components_[:2].tolist()},
        "xlim": [float(x0), float(x1)],
        "ylim": [float(y0), float(y1)],
        "rings": kinds.get(kind).prior == "normal",
        "points": b64(pts),
    }


def holes_layer(grid: dict, n: int = HOLES_GRID) -> dict:
    return {
        "n": n,
        "conf": b64(np.round(grid["confidence"] * 255), np.uint8),
        "label": b64(grid["label"], np.uint8),
    }


def draws_layer(draws: dict) -> dict:
    """A holes view's random codes on the plane (float32 pairs) and their judged classes (metrics.HOLE: none)."""
    return {"points": b64(draws["points"]), "label": b64(draws["label"], np.uint8), "hole": metrics.HOLE}


def density_layer(density: np.ndarray) -> dict:
    return {"n": int(density.shape[0]), "v": b64(np.round(density * 255), np.uint8)}
