"""Streamlit glue: the shared sidebar, cached model and data loaders, training on demand with live progress."""
from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from core import analysis, presets
from core import data as data_mod
from core.config import RunSpec
from core.jobs import Jobs
from core.models import LABELS
from core.store import CorruptCheckpoint, Store
from ui import figures
from ui.text import TEXT

LANGS = {"en": "English", "pl": "Polski"}


# --- language -----------------------------------------------------------------------------------------
def lang() -> str:
    return st.session_state.get("lang", "en")


def t(key: str, **kw) -> str:
    """The text for key in the chosen language (English when a translation is missing)."""
    entry = TEXT[key]
    s = entry.get(lang(), entry["en"])
    return s.format(**kw) if kw else s


# --- shared resources -----------------------------------------------------------------------------------
@st.cache_resource
def store() -> Store:
    return Store()


@st.cache_resource
def jobs() -> Jobs:
    return Jobs(store(), max_running=int(os.environ.get("AEVAE_MAX_TRAINING", 1)))


@dataclass(frozen=True)
class Settings:
    dataset: str = "mnist"
    data_dir: str | None = None
    latent_dim: int = 2
    beta: float = 1.0


def notify(key: str, msg: str) -> None:
    """Remember a message about a setting; it stays on every page while that setting keeps the fixed value."""
    st.session_state.setdefault("_notices", {})[key] = (msg, st.session_state.get(key))


def show_notices(keys: tuple[str, ...]) -> None:
    notices = st.session_state.get("_notices", {})
    for key, (msg, value) in [(k, v) for k, v in notices.items() if k in keys]:
        if st.session_state.get(key) == value:
            st.warning(msg, icon=":material/warning:")
        else:  # the user has changed it since: the message is moot
            del notices[key]


def _nearest(value, allowed):
    return min(allowed, key=lambda a: abs(a - value))


def sanitize(key: str, allowed, numeric: bool = True, raw=None) -> None:
    """Put a valid value under a widget key before the widget exists: snap numbers to the nearest allowed
    value, refuse unknown strings (keep the default), and say so."""
    if raw is None:
        if key not in st.session_state:
            return
        raw = st.session_state[key]
    try:
        value = float(raw) if numeric else str(raw)
    except (TypeError, ValueError):
        value = None
    if value is not None and (value in allowed if not numeric else any(value == a for a in allowed)):
        st.session_state[key] = type(allowed[0])(value)
        return
    if numeric and value is not None and np.isfinite(value):
        fixed = _nearest(value, allowed)
        st.session_state[key] = fixed
        notify(key, t("param_clamped", name=key, value=raw, fixed=fixed))
    else:
        st.session_state.pop(key, None)
        notify(key, t("param_refused", name=key, value=raw))


def read_query_params() -> None:
    """?latent=5&beta=2&dataset=mnist&lang=pl set the sidebar once per session; bad values are fixed or refused."""
    if st.session_state.get("_qp_done"):
        return
    st.session_state["_qp_done"] = True
    qp = st.query_params
    for param, key, allowed, numeric in (("lang", "lang", tuple(LANGS), False),
                                         ("dataset", "dataset", presets.DIGIT_DATASETS, False),
                                         ("latent", "latent_dim", presets.SWEEP_DIMS, True),
                                         ("beta", "beta", presets.BETAS, True)):
        if param in qp:
            sanitize(key, allowed, numeric, raw=qp[param])


def sidebar() -> Settings:
    """The shared sidebar: language, data, latent size, beta, and which stored models are in use."""
    read_query_params()
    for key, allowed, numeric in (("lang", tuple(LANGS), False), ("dataset", presets.DIGIT_DATASETS, False),
                                  ("latent_dim", presets.SWEEP_DIMS, True), ("beta", presets.BETAS, True)):
        sanitize(key, allowed, numeric)  # session state may have been set to anything
    show_notices(("lang", "dataset", "latent_dim", "beta"))
    sb = st.sidebar
    sb.radio("Language / Język", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True)
    dataset = sb.selectbox(t("sb_dataset"), presets.DIGIT_DATASETS, key="dataset",
                           format_func=lambda d: t(f"ds_{d}"))
    data_dir = None
    if dataset != "mnist":
        data_dir = os.environ.get("AEVAE_DATA_DIR", "data")
        sb.caption(t("sb_data_dir", dir=data_dir))
    sb.select_slider(t("sb_latent"), presets.SWEEP_DIMS, key="latent_dim", help=t("sb_latent_help"))
    if "beta" not in st.session_state:
        st.session_state["beta"] = 1.0
    sb.select_slider("β (VAE)", presets.BETAS, key="beta", help=t("sb_beta_help"))
    stored = store().list()
    n_ok = int((stored["status"] == "ok").sum()) if not stored.empty else 0
    sb.caption(t("sb_stored", n=n_ok, root=str(store().root)))
    return settings()


def settings() -> Settings:
    """The sidebar's current values (read from its widget keys, so any page can ask at any time)."""
    ss = st.session_state
    dataset = ss.get("dataset", "mnist")
    data_dir = os.environ.get("AEVAE_DATA_DIR", "data") if dataset != "mnist" else None
    return Settings(dataset, data_dir, int(ss.get("latent_dim", 2)), float(ss.get("beta", 1.0)))


def page(title_key: str, intro_key: str | None = None, **intro) -> tuple[Settings, data_mod.Dataset]:
    """A digit page's head: title, introduction, current settings and data (stops with a message when missing)."""
    st.title(t(title_key))
    if intro_key:
        st.markdown(t(intro_key, **intro))
    s = settings()
    ds = dataset(s)
    if ds is None:
        st.stop()
    return s, ds


def dataset(s: Settings) -> data_mod.Dataset | None:
    """The data set of the settings, or None after showing what is missing."""
    try:
        return data_mod.load(presets.data_config(s.dataset, s.data_dir))
    except data_mod.DataError as e:
        st.error(t("data_missing", err=str(e)))
        return None


# --- models ---------------------------------------------------------------------------------------------
@st.cache_resource(max_entries=96, show_spinner=False)
def _load(folder: str, stamp: tuple):
    return store().load_folder(Path(folder))


def _stamp(spec: RunSpec) -> tuple:
    """Version of a checkpoint on disk: a retrained, replaced or damaged file reloads (and is verified)."""
    folder = store().path(spec)
    meta, weights = (folder / "meta.json").stat(), (folder / "weights.safetensors").stat()
    return meta.st_mtime_ns, weights.st_mtime_ns, weights.st_size


def load_model(spec: RunSpec):
    """(model, meta) from the store (cached per checkpoint version) or from memory; None when absent."""
    if not store().exists(spec):
        return jobs().memory.get(spec.name)
    try:
        return _load(str(store().path(spec)), _stamp(spec))
    except FileNotFoundError as e:  # the weights vanished under a complete meta.json
        raise CorruptCheckpoint(f"{spec.name}: {e}") from e


def ensure(specs: dict[str, RunSpec]) -> dict[str, tuple]:
    """Load every spec; train the missing ones in the background with a progress bar and live loss curves."""
    missing = []
    for spec in specs.values():
        try:
            if load_model(spec) is None:
                missing.append(spec)
        except CorruptCheckpoint as e:  # remembered for the session: the page reruns after retraining
            st.session_state.setdefault("_corrupt", []).append(t("corrupt_notice", err=str(e)))
            store().set_aside(spec)
            missing.append(spec)
    for msg in st.session_state.get("_corrupt", [])[-3:]:
        st.warning(msg, icon=":material/build:")
    if missing:
        jobs().submit(missing)
        wait_for(missing)
        st.rerun()
    for notice in jobs().notices[-3:]:
        st.warning(t("store_notice", msg=notice))
    return {k: load_model(s) for k, s in specs.items()}


def wait_for(specs: list[RunSpec]) -> None:
    """Show training progress until every spec is stored (polling; the training itself runs elsewhere)."""
    box = st.container(border=True)
    box.markdown(f"**{t('training_title', n=len(specs))}**")
    box.caption(t("training_caption"))
    bar, chart, note = box.empty(), box.empty(), box.empty()
    i = 0
    while True:
        states = {s.name: jobs().state(s) for s in specs}
        failed = {n: s["error"] for n, s in states.items() if s["phase"] == "failed"}
        if failed:
            box.error(t("training_failed", err=next(iter(failed.values()))))
            st.stop()
        done = sum(s["phase"] == "stored" for s in states.values())
        partial = sum(len(s["rows"]) / max(s["epochs"] or 1, 1) for s in states.values() if s["phase"] == "training")
        frac = min(1.0, (done + partial) / len(specs))
        bar.progress(frac, text=t("training_progress", done=done, n=len(specs), pct=round(100 * frac)))
        rows = [{"model": n.rsplit("-", 1)[0], **r} for n, s in states.items() for r in s["rows"]]
        if rows:
            chart.plotly_chart(figures.loss_curves(pd.DataFrame(rows), "loss", t("live_loss_axis")),
                               key=f"live-{i}", config={"displayModeBar": False})
        if any(s["phase"] == "missing" for s in states.values()) and not jobs().busy(specs):
            note.info(t("training_other"))  # trained by another process: its lock, its progress file
        if done == len(specs):
            return
        i += 1
        time.sleep(0.8)


# --- cached computations (keyed on spec and checkpoint version, never on arrays) ---------------------------
@st.cache_data(max_entries=64, show_spinner=False)
def test_codes(spec: RunSpec, stamp: tuple, n: int) -> np.ndarray:
    model, _ = _load(str(store().path(spec)), stamp)
    return analysis.encode(model, data_mod.load(spec.data).x_test[:n])


def codes(spec: RunSpec, n: int = 3000) -> np.ndarray:
    if not store().exists(spec):  # a model held in memory (read-only store): not cached across reruns
        return analysis.encode(load_model(spec)[0], data_mod.load(spec.data).x_test[:n])
    return test_codes(spec, _stamp(spec), n)


def label(kind: str) -> str:
    return LABELS[kind]


# --- downloads -------------------------------------------------------------------------------------------
def png_bytes(img: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def image_with_download(img: np.ndarray, caption: str, key: str, width: int | str = "stretch") -> None:
    """One montage image with a PNG download button under it."""
    st.image(img, caption=caption, width=width)
    st.download_button("PNG", png_bytes(img), file_name=f"{key}.png", mime="image/png", key=f"dl-{key}",
                       icon=":material/download:")


def chart_with_csv(fig, df: pd.DataFrame, key: str, **kw):
    """A plotly chart (PNG from its toolbar camera) with the data behind it as CSV."""
    ev = st.plotly_chart(fig, key=key, **kw)
    st.download_button("CSV", df.to_csv(index=False).encode(), file_name=f"{key}.csv", mime="text/csv",
                       key=f"csv-{key}", icon=":material/download:")
    return ev
