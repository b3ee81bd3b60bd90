"""The shared sidebar and its settings: language, data set, latent size, β; URL and session values checked."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import streamlit as st

from core import i18n, presets
from core.data import DATASETS, DEFAULT_DATASET, DIGIT_DATASETS
from ui.i18n import language_label, languages, nt, num, plain, t
from ui.resources import store

SIDEBAR_KEYS = ("lang", "dataset", "latent_dim", "beta")


@dataclass(frozen=True)
class Settings:
    dataset: str = DEFAULT_DATASET
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


def _as_number(raw) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def sanitize(key: str, allowed, numeric: bool = True, raw=None) -> None:
    """Put a valid value under a widget key before the widget exists: snap numbers to the nearest allowed
    value, refuse unknown strings (keep the default), and say so."""
    if raw is None:
        if key not in st.session_state:
            return
        raw = st.session_state[key]
    if not numeric:
        if isinstance(raw, str) and raw in allowed:
            return st.session_state.__setitem__(key, raw)
        st.session_state.pop(key, None)
        return notify(
            key, t("The setting {name} = {value} is not allowed; using the default.", name=key, value=plain(raw))
        )
    value = _as_number(raw)
    if value is not None and value in allowed:
        st.session_state[key] = type(allowed[0])(value)
        return
    if value is None:
        st.session_state.pop(key, None)
        return notify(
            key, t("The setting {name} = {value} is not allowed; using the default.", name=key, value=plain(raw))
        )
    fixed = min(allowed, key=lambda a: abs(a - value))
    st.session_state[key] = fixed
    notify(
        key,
        t(
            "The setting {name} = {value} is out of range; using {fixed} instead.",
            name=key,
            value=plain(raw),
            fixed=fixed,
        ),
    )


def clamp(key: str, lo: float, hi: float, default: float, name: str) -> None:
    """A number kept in [lo, hi] under a widget key (a slider's value set from outside), with a notice."""
    if key not in st.session_state:
        return
    raw = st.session_state[key]
    value = _as_number(raw)
    if value is not None and lo <= value <= hi:
        return
    st.session_state[key] = default if value is None else min(hi, max(lo, value))
    notify(
        key,
        t(
            "The setting {name} = {value} is out of range; using {fixed} instead.",
            name=name,
            value=plain(raw),
            fixed=st.session_state[key],
        ),
    )


def read_query_params() -> None:
    """?latent=5&beta=2&dataset=mnist&lang=pl set the sidebar once per session; bad values are fixed or refused."""
    if st.session_state.get("_qp_done"):
        return
    st.session_state["_qp_done"] = True
    qp = st.query_params
    for param, key, allowed, numeric in (
        ("lang", "lang", tuple(languages()), False),
        ("dataset", "dataset", DIGIT_DATASETS, False),
        ("latent", "latent_dim", presets.SWEEP_DIMS, True),
        ("beta", "beta", presets.BETAS, True),
    ):
        if param in qp:
            sanitize(key, allowed, numeric, raw=qp[param])


URL_PARAMS = (("lang", "lang"), ("dataset", "dataset"), ("latent", "latent_dim"), ("beta", "beta"))


def write_query_params() -> None:
    """The sidebar's settings in the page's address, each one not at its default (read_query_params reads them
    back when a bookmark or a shared link opens): the address says what the page shows."""
    ss, defaults = st.session_state, {**vars(Settings()), "lang": i18n.SOURCE}
    for param, key in URL_PARAMS:
        value = ss.get(key, defaults[key])
        if value == defaults[key] or value is None:
            if param in st.query_params:
                del st.query_params[param]
        else:
            text = f"{value:g}" if isinstance(value, float) else str(value)
            if st.query_params.get(param) != text:
                st.query_params[param] = text


def data_dir(dataset: str) -> str | None:
    return None if DATASETS[dataset].builtin else os.environ.get("AEVAE_DATA_DIR", "data")


def sidebar() -> Settings:
    """The shared sidebar: language, data, latent size, beta, and how many models are stored."""
    read_query_params()
    for key, allowed, numeric in (
        ("lang", tuple(languages()), False),
        ("dataset", DIGIT_DATASETS, False),
        ("latent_dim", presets.SWEEP_DIMS, True),
        ("beta", presets.BETAS, True),
    ):
        sanitize(key, allowed, numeric)  # session state may have been set to anything
    show_notices(SIDEBAR_KEYS)
    sb = st.sidebar
    sb.radio(language_label(), list(languages()), format_func=languages().get, key="lang", horizontal=True)
    names = {d: t(DATASETS[d].label) for d in DIGIT_DATASETS}  # fixed now: a format_func must not read the session
    dataset = sb.selectbox(t("Data set"), DIGIT_DATASETS, key="dataset", format_func=names.get)
    if not DATASETS[dataset].builtin:
        sb.caption(t("Data folder: {dir} (set AEVAE_DATA_DIR)", dir=data_dir(dataset)))
    sb.select_slider(
        t("Latent size"),
        presets.SWEEP_DIMS,
        key="latent_dim",
        help=t("Length of the code the encoder produces (2 lets you see it directly)."),
    )
    st.session_state.setdefault("beta", 1.0)
    betas = {b: num(b, 1) for b in presets.BETAS}  # fixed now: a format_func must not read the session
    sb.select_slider(
        "β (VAE)",
        presets.BETAS,
        key="beta",
        help=t("Weight of the KL term in the VAE loss: 0 is a plain AE with noise, higher pulls codes to N(0, I)."),
        format_func=betas.get,
    )
    write_query_params()
    n_ok = store().count()
    sb.caption(
        nt("{n} trained model stored in {root}/", "{n} trained models stored in {root}/", n_ok, root=str(store().root))
    )
    return settings()


def settings() -> Settings:
    """The sidebar's current values (read from its widget keys, so any page can ask at any time)."""
    ss = st.session_state
    dataset = ss.get("dataset", DEFAULT_DATASET)
    return Settings(dataset, data_dir(dataset), int(ss.get("latent_dim", 2)), float(ss.get("beta", 1.0)))
