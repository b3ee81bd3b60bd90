"""Model and data access for pages: cached loads keyed on checkpoint versions, training what is missing."""

from __future__ import annotations

import functools
import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, facejudge, facemeasures, kinds, metrics, novelty, presets, report
from core import data as data_mod
from core.config import RunSpec
from core.faces import find_models, shipped_store
from core.store import SHIPPED, CorruptCheckpoint, StoreReadError
from ui.i18n import model_name, plain, t
from ui.resources import jobs, store
from ui.settings import Settings
from ui.training import request, wait_for

KEPT_SCOREBOARDS = SHIPPED / report.KEPT  # scoreboards measured once for the shipped models
MAX_TRIES = 3  # a model deleted as soon as it was stored is asked for again, at most this often in a row


def dataset(s: Settings) -> data_mod.Dataset | None:
    """The data set of the settings, or None after showing what is missing."""
    try:
        return data_mod.load(presets.data_config(s.dataset, s.data_dir))
    except data_mod.DataError as e:
        source = data_mod.DATASETS[s.dataset]
        if source.idx_folder:  # say which folder and variable, in the page's language
            folder = Path(s.data_dir or "data") / source.idx_folder / "raw"
            files = ", ".join(f"{f}.gz" for f in data_mod.MNIST_FILES)
            st.error(
                t(
                    "{name} is not on this computer. Put the four IDX files ({files}) in the folder {folder} "
                    "— or set the environment variable AEVAE_DATA_DIR to the folder that holds them — and "
                    "reload the page.",
                    name=t(source.label),
                    files=plain(files),
                    folder=plain(folder),
                )
            )
            with st.expander(t("Technical details")):
                st.code(str(e), language=None)
        else:
            st.error(t("This data set cannot be loaded here. {err}", err=plain(e)))
        return None


@st.cache_resource(max_entries=96, show_spinner=False)
def _load(folder: str, stamp: tuple):
    return store().load_folder(Path(folder))


def load_model(spec: RunSpec):
    """(model, meta) from the store (cached per checkpoint version) or from memory; None when absent."""
    if spec.name in jobs().memory or not store().exists(spec):
        return jobs().memory.get(spec.name)
    try:
        return _load(str(store().path(spec)), store().stamp(spec))
    except FileNotFoundError as e:
        if store().exists(spec):  # metadata without weights: damaged, set aside and retrained like any other
            raise CorruptCheckpoint(f"{spec.name}: {e.strerror or e}") from e
        return None  # deleted between the check and the load


def _missing(specs: dict[str, RunSpec]) -> list[RunSpec]:
    missing = []
    for spec in specs.values():
        try:
            if load_model(spec) is None:
                missing.append(spec)
        except CorruptCheckpoint as e:  # remembered for the session: the page reruns after retraining
            st.session_state.setdefault("_corrupt", []).append(
                t("A damaged checkpoint was set aside and will be retrained: {err}", err=plain(e))
            )
            if store().set_aside(spec) is None and store().exists(spec):  # read-only store: train into memory
                jobs().distrust(spec)
            missing.append(spec)
        except StoreReadError as e:  # not damage: nothing is set aside or retrained; try again in a moment
            st.error(
                t(
                    "The model store cannot be read just now ({err}). Nothing was changed; reload the page in a "
                    "moment.",
                    err=plain(e),
                ),
                icon=":material/sync_problem:",
            )
            st.stop()
    return missing


def ensure(specs: dict[str, RunSpec]) -> dict[str, tuple]:
    """Load every spec; train the missing ones in the background with a progress bar and live loss curves."""
    missing = _missing(specs)
    _corrupt_notes()
    if missing:
        request(missing)
        wait_for(missing)
        st.rerun()
    loaded = {k: load_model(spec) for k, spec in specs.items()}
    if any(v is None for v in loaded.values()):  # deleted between the check and the load: ask again, a few times
        tries = st.session_state.get("_ensure_tries", 0) + 1
        st.session_state["_ensure_tries"] = 0 if tries > MAX_TRIES else tries
        if tries > MAX_TRIES:
            st.error(
                t(
                    "The models of this page keep disappearing from the store (deleted by someone?). Reload "
                    "the page to try again."
                )
            )
            st.stop()
        st.rerun()
    st.session_state["_ensure_tries"] = 0
    _store_notes()
    return loaded


def _first_in_run(name: str) -> bool:
    """Whether this is the first call of name in this run of the page (the router counts the runs)."""
    run = st.session_state.get("_run", 0)
    if st.session_state.get(f"_shown-{name}") == run:
        return False
    st.session_state[f"_shown-{name}"] = run
    return True


def _corrupt_notes() -> None:
    if not _first_in_run("corrupt"):
        return
    for msg in st.session_state.get("_corrupt", [])[-3:]:
        st.warning(msg, icon=":material/build:")


def _store_notes() -> None:
    if not _first_in_run("store"):
        return
    for notice in jobs().notices[-3:]:
        st.warning(
            t(
                "The model store cannot be written ({msg}). The lab keeps working with models held in "
                "memory until the server stops.",
                msg=plain(notice),
            )
        )


def ensure_some(specs: dict[str, RunSpec]) -> tuple[dict[str, tuple], list[RunSpec]]:
    """What is stored now, and the specs still to come (queued, cheapest first as given). A page draws what it has,
    then calls `more(pending)` below its partial figure: the page reruns as each model arrives."""
    missing = _missing(specs)
    _corrupt_notes()
    if missing:
        request(missing)
    _store_notes()
    names = {s.name for s in missing}
    loaded = {k: load_model(spec) for k, spec in specs.items() if spec.name not in names}
    gone = [specs[k] for k, v in loaded.items() if v is None]  # deleted between the check and the load
    return {k: v for k, v in loaded.items() if v is not None}, missing + gone


def coming(specs: dict[str, RunSpec], pending: list[RunSpec]) -> None:
    """Name the page's models still training (the page draws the others now, and `more(pending)` at its end shows
    the progress and reruns it as each arrives)."""
    waiting = [k for k, spec in specs.items() if spec in pending]
    if waiting:
        st.info(
            t(
                "Training {models} for these settings: the page shows the others now and fills in as each is "
                "ready (progress at the bottom of the page).",
                models=", ".join(model_name(k) for k in waiting),
            ),
            icon=":material/hourglass_top:",
        )


def more(pending: list[RunSpec]) -> None:
    """Wait until the next pending model is stored, then rerun the page (a no-op when nothing is pending)."""
    if pending:
        wait_for(pending, any_stored=True)
        st.rerun()


# --- cached computations: keyed on their arguments and the stored version of every model among them ----------------
def _version(spec: RunSpec) -> tuple:
    return store().stamp(spec) if store().exists(spec) else ("memory", spec.name)


def _specs(value) -> list[RunSpec]:
    """The RunSpecs among a call's arguments (one, or the values of a dict of them)."""
    if isinstance(value, RunSpec):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _specs(v)] if isinstance(value, (list, tuple)) else []


def _plain(value):
    """A plane's limits (numpy numbers, lists) as tuples of floats: the same figure, one cache entry."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(_plain(v) for v in value)
    return value.item() if isinstance(value, np.generic) else value


def versioned(max_entries: int):
    """st.cache_data keyed on a function's arguments and on the stored version of each model (RunSpec) among them:
    a model retrained, replaced or deleted is computed again, never served from an older one's entry."""

    def wrap(fn):
        def compute(versions: tuple, *args):
            return fn(*args)

        compute.__qualname__ = compute.__name__ = fn.__qualname__  # one cache per function (Streamlit keys on it)
        cached = st.cache_data(max_entries=max_entries, show_spinner=False)(compute)

        @functools.wraps(fn)
        def call(*args):
            args = tuple(_plain(a) for a in args)
            return cached(tuple(_version(s) for a in args for s in _specs(a)), *args)

        return call

    return wrap


@versioned(max_entries=64)
def codes(spec: RunSpec, n: int = 3000) -> np.ndarray:
    """Codes of the first n test images under a stored model."""
    return analysis.encode(load_model(spec)[0], data_mod.load(spec.data).x_test[:n])


@versioned(max_entries=32)
def train_codes(spec: RunSpec, n: int = 4000) -> np.ndarray:
    """Codes of the first n training images under a stored model (where its training codes lie)."""
    return analysis.encode(load_model(spec)[0], data_mod.load(spec.data).x_train[:n])


def plane(spec: RunSpec, n: int = 3000) -> tuple[np.ndarray, object | None]:
    """The 2-D view of a model's test codes and its projection (None at two dimensions), as every plane draws it."""
    return analysis.to_2d(codes(spec, n))


@versioned(max_entries=48)
def holes(spec: RunSpec, judge: RunSpec, limits: tuple, n: int = 40) -> dict:
    """The judge over an n x n grid of a model's plane (confidence, class); once per model, judge and plane."""
    _, proj = plane(spec)
    return metrics.holes_map(load_model(spec)[0], load_model(judge)[0], limits[0], limits[1], n, proj)


@versioned(max_entries=48)
def draws(spec: RunSpec, judge: RunSpec) -> dict:
    """The N(0, I) draws a holes share counts (as many as the scoreboard's test images, seed 0: its "recognised
    random samples"), placed on the model's plane ("points", (n, 2)) and judged: "label" is the recognised class,
    metrics.HOLE where the judge recognises nothing."""
    n = min(2000, len(data_mod.load(spec.data).x_test))
    z, probs = metrics.judged_draws(load_model(spec)[0], load_model(judge)[0], n)
    _, proj = plane(spec)
    points = z if proj is None else proj.transform(z)
    return {"points": np.asarray(points, dtype=np.float32), "label": metrics.recognised_labels(probs)}


def holes_share(spec: RunSpec, judge: RunSpec) -> float:
    """Share of N(0, I) draws whose decoded images the judge does not recognise: 1 minus the scoreboard's
    "recognised random samples" (the same draws), the share of grey dots in the holes view."""
    return float((draws(spec, judge)["label"] == metrics.HOLE).mean())


@versioned(max_entries=48)
def density(spec: RunSpec, limits: tuple, n: int = 40) -> np.ndarray:
    """Where a model's training codes lie on its plane: an n x n smoothed histogram (rows from the top), max 1."""
    _, proj = plane(spec)
    z = train_codes(spec)
    return metrics.code_density(z if proj is None else proj.transform(z), limits[0], limits[1], n)


@versioned(max_entries=48)
def manifold(spec: RunSpec, limits: tuple, steps: int) -> np.ndarray:
    """The decoded manifold of a model's plane: a steps x steps grid of codes over its range, as one image."""
    _, proj = plane(spec)
    z = analysis.from_2d(analysis.manifold_codes(limits[0], limits[1], steps), proj)
    return analysis.montage(analysis.decode(load_model(spec)[0], z), nrow=steps, padding=0)


@versioned(max_entries=16)
def replay(spec: RunSpec) -> np.ndarray | None:
    """The stored training replay of a model (epochs + 1, n, latent_dim), or None."""
    return store().replay(spec)


@versioned(max_entries=32)
def denoising_quality(specs: dict[str, RunSpec], kind: str, levels: tuple[float, ...], n: int) -> pd.DataFrame:
    """PSNR / SSIM of each model (by id) and of the noisy input against the clean images, per noise level."""
    models = {k: load_model(spec)[0] for k, spec in specs.items()}
    x = data_mod.load(next(iter(specs.values())).data).x_test[:n]
    return pd.DataFrame(metrics.denoising(models, x, kind, levels))


def unfamiliar_n(ds: data_mod.Dataset) -> int:
    """How many images per set the unfamiliar-inputs page scores: the familiar digits are the first of the test
    split, the digit-made unfamiliar sets transform its last ones, so they never share an image."""
    return min(1000, len(ds.x_test) // 2)


@versioned(max_entries=8)
def unfamiliar_scores(specs: dict[str, RunSpec], n: int, other=None) -> dict[str, dict]:
    """{"familiar" or a set's name: {score: per-image scores}} (core.novelty) for the held-out digits and each
    unfamiliar set; "other": another data set's test images (Fashion-MNIST for MNIST, or MNIST for Fashion-MNIST),
    when `other` names it (its core.config.DataConfig)."""
    models = {k: load_model(spec)[0] for k, spec in specs.items()}
    x = data_mod.load(next(iter(specs.values())).data).x_test
    out = {"familiar": novelty.scores(models, x[:n])}
    for name in novelty.SETS:
        out[name] = novelty.scores(models, novelty.unfamiliar(name, x, n))
    if other is not None:
        out["other"] = novelty.scores(models, data_mod.load(other).x_test[:n])
    return out


@st.cache_data(max_entries=4, show_spinner=False)
def unfamiliar_examples(data: object, n: int, per_set: int = 10) -> dict[str, np.ndarray]:
    """A few images of each unfamiliar set (the first of each), to show what they look like."""
    x = data_mod.load(data).x_test
    return {name: novelty.unfamiliar(name, x, n)[:per_set].numpy() for name in novelty.SETS}


@versioned(max_entries=16)
def scoreboard(specs: dict[str, RunSpec], n_eval: int):
    """The scoreboard table (by metric id) and its details for the models of report.specs_for: kept beside the
    shipped models when these very models were measured there (python -m core.report --keep), else measured."""
    loaded = {k: load_model(spec) for k, spec in specs.items()}
    found = report.kept(KEPT_SCOREBOARDS, report.measured_key({k: m for k, (_, m) in loaded.items()}, n_eval))
    if found is not None:
        return found
    return report.build({k: m for k, (m, _) in loaded.items()}, data_mod.load(specs["classifier"].data), n_eval)


@st.cache_resource(max_entries=8, show_spinner=False)
def _face_models(folders: tuple[str, ...], stamps: tuple):
    out = {}
    for folder in folders:
        model, meta = shipped_store().load_folder(Path(folder))
        out[meta["spec"]["model"]["kind"]] = (model, meta, Path(folder))  # the folder: where its ONNX copies go
    return out


def face_models(custom: list[RunSpec] | None) -> tuple[dict, str] | None:
    """kind -> (model, meta, folder) of the face models in use (a teacher's own, else the shipped ones), and their
    source."""
    if custom and all(store().exists(s) for s in custom):
        folders, source = {s.model.kind: store().path(s) for s in custom}, "custom"
    else:
        folders, source = find_models(shipped_store()), "shipped"
    if not set(kinds.ids("conv", trained=True)) <= set(folders):
        return None
    paths = tuple(str(folders[k]) for k in sorted(folders))
    stamps = tuple(store().folder_stamp(Path(p)) for p in paths)
    return _face_models(paths, stamps), source


@st.cache_resource(max_entries=4, show_spinner=False)
def _face_work(version: tuple, _models: dict, _x) -> dict:
    out = {"codes": {}, "recon": {}, "mse": {}}
    for k, (model, _, _) in _models.items():
        out["codes"][k] = analysis.encode(model, _x)
        recon = analysis.reconstruct(model, _x)
        out["recon"][k] = recon
        out["mse"][k] = float(analysis.mse_per_image(_x, recon).mean())
    vae = _models.get("conv-vae")
    out["kl"] = analysis.kl_per_dim(vae[0], _x) if vae else None
    return out


def js_gaussian(n: int, seed: int) -> np.ndarray:
    """ui/web/faces.js gaussian(): the same n standard normal draws the page makes for a seed (mulberry32, then
    Box-Muller), so that what the server draws first is what the browser then draws."""
    m32 = 0xFFFFFFFF
    imul = lambda a, b: (a * b) & m32  # noqa: E731 - Math.imul on 32-bit patterns
    a = (seed * 2654435761) & m32

    def rnd() -> float:
        nonlocal a
        a = (a + 0x6D2B79F5) & m32
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & m32
        return ((t ^ (t >> 14)) & m32) / 4294967296

    out = np.empty(n, dtype=np.float32)
    for i in range(0, n, 2):
        u, v = max(rnd(), 1e-12), rnd()
        r = math.sqrt(-2 * math.log(u))
        out[i] = r * math.cos(2 * math.pi * v)
        if i + 1 < n:
            out[i + 1] = r * math.sin(2 * math.pi * v)
    return out


@st.cache_data(max_entries=128, show_spinner=False)
def _poster(version: tuple, codes: bytes, d: int, cols: int, _model) -> str:
    import base64
    import io

    from PIL import Image

    z = np.frombuffer(codes, dtype=np.float32).reshape(-1, d)
    buf = io.BytesIO()
    Image.fromarray(analysis.montage(analysis.decode(_model, z.copy()), cols, padding=0)).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def face_poster(entry: tuple, z: np.ndarray, cols: int) -> str:
    """The faces codes z decode to (a model's (model, meta, folder)), cols per row, as a PNG data URL: what the
    page shows at once, drawn by the server, until the browser's own copy of the model draws the same (and then
    follows the sliders); cached per model and codes."""
    model, meta, _ = entry
    version = (meta["name"], meta.get("weights_sha256") or meta.get("created"))
    z = np.ascontiguousarray(np.atleast_2d(z), dtype=np.float32)
    return _poster(version, z.tobytes(), z.shape[1], cols, model)


def face_work(models: dict, x, source: str) -> dict:
    """What the faces page needs of its held-out faces x on every run, computed once per set of models: per model
    (kind -> (model, meta, folder)) the codes, reconstructions and mean squared error of all of them, and the conv
    VAE's KL per coordinate (read-only: shared by every session)."""
    faces_id = hashlib.sha1(np.ascontiguousarray(x.numpy()).tobytes()).hexdigest()[:16]  # the faces themselves
    version = (
        faces_id,
        source,
        len(x),
        *((k, m[1]["name"], m[1].get("weights_sha256") or m[1].get("created")) for k, m in sorted(models.items())),
    )
    return _face_work(version, models, x)


def _judge_stamp() -> tuple:
    out = []
    for name in (facejudge.WEIGHTS, facejudge.META):
        try:
            st_ = (SHIPPED / name).stat()
            out.append((st_.st_mtime_ns, st_.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


@st.cache_resource(max_entries=2, show_spinner=False)
def _face_judge(stamp: tuple):
    judged = facejudge.load()
    return None if judged is None else (judged[0], {"name": "face-judge", **judged[1]})  # its graph's name


def face_judge():
    """The shipped face judge (model, meta), verified; None when it is absent or damaged (the page says so)."""
    try:
        return _face_judge(_judge_stamp())
    except (CorruptCheckpoint, StoreReadError):
        return None


def face_report(models: dict) -> dict | None:
    """The kept faces report (python -m core.report --faces) when it was measured on exactly these models (kind ->
    (model, meta, folder)), the shipped judge and the shipped directions; else None."""
    judged = face_judge()
    if judged is None:
        return None
    return facemeasures.kept({k: v[1] for k, v in models.items()}, judged[1], SHIPPED)


@versioned(max_entries=16)
def sampling(specs: dict[str, RunSpec], judge: RunSpec, n: int = 1000) -> dict[str, dict[str, float]]:
    """core.metrics.generation of n decoded N(0, I) draws per model id, judged (the recognised share, its ceiling in
    the model's reconstructions, the distance to them and its floor); "<id>+fit": the same draws through a Gaussian
    fitted to the model's training codes; "real": the real test images' recognised share."""
    models = {k: load_model(spec)[0] for k, spec in specs.items()}
    clf = load_model(judge)[0]
    data = data_mod.load(judge.data)
    gen = metrics.generation(models, clf, data.x_test, n, x_train=data.x_train[:10_000])  # the next n: the floor
    out = {"real": {"recognised": metrics.recognised_share(metrics.judge(clf, data.x_test[:n])[0])}}
    for k in models:
        g = gen[k]
        out[k] = {m: g[m] for m in ("recognised", "recognised_recon", "frechet_recon", "frechet_recon_floor")}
        out[f"{k}+fit"] = {
            "recognised": g["recognised_fitted"],
            "recognised_recon": g["recognised_recon"],
            "frechet_recon": g["frechet_fitted_recon"],
            "frechet_recon_floor": g["frechet_recon_floor"],
        }
    return out


def recognition(specs: dict[str, RunSpec], judge: RunSpec, n: int = 1000) -> dict[str, float]:
    """Share of decoded N(0, I) draws the judge recognises, per model id; the same draws through a Gaussian fitted
    to each model's training codes ("<id>+fit"); and the share of real test images ("real")."""
    return {k: v["recognised"] for k, v in sampling(specs, judge, n).items()}
