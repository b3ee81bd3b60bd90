"""Model and data access for pages: cached loads keyed on checkpoint versions, training what is missing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, metrics, presets, report
from core import data as data_mod
from core.config import RunSpec
from core.faces import find_models, shipped_store
from core.store import CorruptCheckpoint
from ui.i18n import plain, t
from ui.resources import jobs, store
from ui.settings import Settings
from ui.training import request, wait_for

IDX_FOLDERS = {"mnist-full": "MNIST", "fashion-mnist": "FashionMNIST"}  # torchvision's folder names
MAX_TRIES = 3  # a model deleted as soon as it was stored is asked for again, at most this often in a row


def dataset(s: Settings) -> data_mod.Dataset | None:
    """The data set of the settings, or None after showing what is missing."""
    try:
        return data_mod.load(presets.data_config(s.dataset, s.data_dir))
    except data_mod.DataError as e:
        if s.dataset in IDX_FOLDERS:  # say which folder and variable, in the page's language
            folder = Path(s.data_dir or "data") / IDX_FOLDERS[s.dataset] / "raw"
            files = ", ".join(f"{f}.gz" for f in data_mod.MNIST_FILES)
            st.error(t("idx_missing", name=t(f"ds_{s.dataset}"), files=plain(files), folder=plain(folder)))
            with st.expander(t("idx_details")):
                st.code(str(e), language=None)
        else:
            st.error(t("data_missing", err=plain(e)))
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
            st.session_state.setdefault("_corrupt", []).append(t("corrupt_notice", err=plain(e)))
            if store().set_aside(spec) is None and store().exists(spec):  # read-only store: train into memory
                jobs().distrust(spec)
            missing.append(spec)
    return missing


def ensure(specs: dict[str, RunSpec]) -> dict[str, tuple]:
    """Load every spec; train the missing ones in the background with a progress bar and live loss curves."""
    missing = _missing(specs)
    for msg in st.session_state.get("_corrupt", [])[-3:]:
        st.warning(msg, icon=":material/build:")
    if missing:
        request(missing)
        wait_for(missing)
        st.rerun()
    loaded = {k: load_model(s) for k, s in specs.items()}
    if any(v is None for v in loaded.values()):  # deleted between the check and the load: ask again, a few times
        tries = st.session_state.get("_ensure_tries", 0) + 1
        st.session_state["_ensure_tries"] = 0 if tries > MAX_TRIES else tries
        if tries > MAX_TRIES:
            st.error(t("models_vanished"))
            st.stop()
        st.rerun()
    st.session_state["_ensure_tries"] = 0
    for notice in jobs().notices[-3:]:
        st.warning(t("store_notice", msg=plain(notice)))
    return loaded


def ensure_some(specs: dict[str, RunSpec]) -> tuple[dict[str, tuple], list[RunSpec]]:
    """What is stored now, and the specs still to come (queued, cheapest first as given). A page draws what it has,
    then calls `more(pending)` below its partial figure: the page reruns as each model arrives."""
    missing = _missing(specs)
    if missing:
        request(missing)
    names = {s.name for s in missing}
    loaded = {k: load_model(s) for k, s in specs.items() if s.name not in names}
    gone = [specs[k] for k, v in loaded.items() if v is None]  # deleted between the check and the load
    return {k: v for k, v in loaded.items() if v is not None}, missing + gone


def more(pending: list[RunSpec]) -> None:
    """Wait until the next pending model is stored, then rerun the page (a no-op when nothing is pending)."""
    if pending:
        wait_for(pending, any_stored=True)
        st.rerun()


# --- cached computations: keyed on specs and checkpoint versions, never on page globals or arrays ----------------
def _version(spec: RunSpec) -> tuple:
    return store().stamp(spec) if store().exists(spec) else ("memory", spec.name)


@st.cache_data(max_entries=64, show_spinner=False)
def _codes(spec: RunSpec, version: tuple, n: int) -> np.ndarray:
    return analysis.encode(load_model(spec)[0], data_mod.load(spec.data).x_test[:n])


def codes(spec: RunSpec, n: int = 3000) -> np.ndarray:
    """Codes of the first n test images under a stored model."""
    return _codes(spec, _version(spec), n)


@st.cache_data(max_entries=32, show_spinner=False)
def _train_codes(spec: RunSpec, version: tuple, n: int) -> np.ndarray:
    return analysis.encode(load_model(spec)[0], data_mod.load(spec.data).x_train[:n])


def train_codes(spec: RunSpec, n: int = 4000) -> np.ndarray:
    """Codes of the first n training images under a stored model (where its training codes lie)."""
    return _train_codes(spec, _version(spec), n)


def plane(spec: RunSpec, n: int = 3000) -> tuple[np.ndarray, object | None]:
    """The 2-D view of a model's test codes and its projection (None at two dimensions), as every plane draws it."""
    return analysis.to_2d(codes(spec, n))


@st.cache_data(max_entries=48, show_spinner=False)
def _holes(spec: RunSpec, version: tuple, judge: RunSpec, jversion: tuple, limits: tuple, n: int) -> dict:
    _, proj = plane(spec)
    (x0, x1), (y0, y1) = limits
    return metrics.holes_map(load_model(spec)[0], load_model(judge)[0], (x0, x1), (y0, y1), n, proj)


def holes(spec: RunSpec, judge: RunSpec, limits: tuple, n: int = 40) -> dict:
    """The judge over an n x n grid of a model's plane (confidence, class); once per model, judge and plane."""
    lim = tuple(tuple(float(v) for v in ax) for ax in limits)
    return _holes(spec, _version(spec), judge, _version(judge), lim, n)


@st.cache_data(max_entries=48, show_spinner=False)
def _holes_share(spec: RunSpec, version: tuple, judge: RunSpec, jversion: tuple, n: int) -> float:
    return metrics.holes_share(load_model(spec)[0], load_model(judge)[0], n)


def holes_share(spec: RunSpec, judge: RunSpec) -> float:
    """Share of N(0, I) draws whose decoded images the judge does not recognise: 1 minus the scoreboard's
    "recognised random samples" (the same draws: as many as the scoreboard's test images, seed 0)."""
    return _holes_share(spec, _version(spec), judge, _version(judge), min(2000, len(data_mod.load(spec.data).x_test)))


@st.cache_data(max_entries=48, show_spinner=False)
def _density(spec: RunSpec, version: tuple, limits: tuple, n: int) -> np.ndarray:
    _, proj = plane(spec)
    z = train_codes(spec)
    return metrics.code_density(z if proj is None else proj.transform(z), limits[0], limits[1], n)


def density(spec: RunSpec, limits: tuple, n: int = 40) -> np.ndarray:
    """Where a model's training codes lie on its plane: an n x n smoothed histogram (rows from the top), max 1."""
    lim = tuple(tuple(float(v) for v in ax) for ax in limits)
    return _density(spec, _version(spec), lim, n)


@st.cache_data(max_entries=48, show_spinner=False)
def _manifold(spec: RunSpec, version: tuple, limits: tuple, steps: int) -> np.ndarray:
    _, proj = plane(spec)
    grid = analysis.manifold_codes(limits[0], limits[1], steps)
    z = analysis.from_2d(grid, proj)
    return analysis.montage(analysis.decode(load_model(spec)[0], z), nrow=steps, padding=0)


def manifold(spec: RunSpec, limits: tuple, steps: int) -> np.ndarray:
    """The decoded manifold of a model's plane: a steps x steps grid of codes over its range, as one image."""
    lim = tuple(tuple(float(v) for v in ax) for ax in limits)
    return _manifold(spec, _version(spec), lim, steps)


def replay(spec: RunSpec) -> np.ndarray | None:
    """The stored training replay of a model (epochs + 1, n, latent_dim), or None."""
    return _replay(spec, _version(spec))


@st.cache_data(max_entries=16, show_spinner=False)
def _replay(spec: RunSpec, version: tuple) -> np.ndarray | None:
    return store().replay(spec)


@st.cache_data(max_entries=32, show_spinner=False)
def _denoising(specs: tuple[tuple[str, RunSpec], ...], versions: tuple, kind: str, levels: tuple, n: int):
    models = {k: load_model(s)[0] for k, s in specs}
    return pd.DataFrame(metrics.denoising(models, data_mod.load(specs[0][1].data).x_test[:n], kind, levels))


def denoising_quality(specs: dict[str, RunSpec], kind: str, levels: tuple[float, ...], n: int) -> pd.DataFrame:
    """PSNR / SSIM of each model (by id) and of the noisy input against the clean images, per noise level."""
    items = tuple(specs.items())
    return _denoising(items, tuple(_version(s) for _, s in items), kind, tuple(levels), n)


@st.cache_data(max_entries=16, show_spinner=False)
def _scoreboard(specs: tuple[tuple[str, RunSpec], ...], versions: tuple, n_eval: int):
    models = {k: load_model(s)[0] for k, s in specs}
    return report.build(models, data_mod.load(dict(specs)["ae"].data), n_eval)


def scoreboard(specs: dict[str, RunSpec], n_eval: int):
    """The scoreboard table (by metric id) and its details for the models of report.specs_for."""
    items = tuple(specs.items())
    return _scoreboard(items, tuple(_version(s) for _, s in items), n_eval)


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
    if not {"conv-ae", "conv-vae"} <= set(folders):
        return None
    paths = tuple(str(folders[k]) for k in sorted(folders))
    stamps = tuple(store().folder_stamp(Path(p)) for p in paths)
    return _face_models(paths, stamps), source


@st.cache_data(max_entries=16, show_spinner=False)
def _recognition(specs: tuple[tuple[str, RunSpec], ...], versions: tuple, judge: RunSpec, n: int) -> dict:
    models = {k: load_model(s)[0] for k, s in specs}
    clf = load_model(judge)[0]
    x = data_mod.load(judge.data).x_test[:n]
    gen = metrics.generation(models, clf, x, n)
    real = metrics.recognised_share(metrics.judge(clf, x)[0])
    return {**{k: gen[k]["recognised"] for k in models}, "real": real}


def recognition(specs: dict[str, RunSpec], judge: RunSpec, n: int = 1000) -> dict[str, float]:
    """Share of decoded N(0, I) draws the judge recognises, per model id, and of real test images ("real")."""
    items = tuple(specs.items())
    versions = tuple(_version(s) for _, s in items) + (_version(judge),)
    return _recognition(items, versions, judge, n)
