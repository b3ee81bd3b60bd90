"""The chosen language, texts by key, and model names: everything a page shows goes through t()."""

from __future__ import annotations

import re
import unicodedata

import streamlit as st

from core.config import LABELS
from core.text import TEXT

LANGS = {"en": "English", "pl": "Polski"}
# Markdown and Streamlit directive syntax (links, images, emphasis, :color[...], :material/...:, HTML, maths)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def lang() -> str:
    return st.session_state.get("lang", "en") if st.session_state.get("lang") in LANGS else "en"


def plain(value: object, limit: int = 200) -> str:
    """A string from a URL, a file or a folder made safe to show in markdown: control characters dropped,
    every markdown and Streamlit directive character escaped, long values cut. Nothing in it is ever a link,
    an image, emphasis or HTML."""
    s = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C" or ch == " ")
    if len(s) > limit:
        s = s[:limit] + "…"
    return _MD_SPECIAL.sub(r"\\\1", s)


def t(key: str, **kw) -> str:
    """The text for key in the chosen language (English when a translation is missing).

    String arguments are escaped (plain): a value from outside can never turn into markdown."""
    entry = TEXT[key]
    s = entry.get(lang(), entry["en"])
    return s.format(**{k: plain(v) if isinstance(v, str) else v for k, v in kw.items()}) if kw else s


def model_name(model_id: str) -> str:
    """Display name of a model id (config.LABELS), and of the "noisy" input in the page's language."""
    return t("noisy").capitalize() if model_id == "noisy" else LABELS.get(model_id, model_id)


def model_names() -> dict[str, str]:
    """Legend text for every model id, in the page's language."""
    return {k: model_name(k) for k in (*LABELS, "noisy")}
