"""The chosen language, texts by key, and model names: everything a page shows goes through t()."""

from __future__ import annotations

import re
import string
import unicodedata

import numpy as np
import streamlit as st
from babel.numbers import format_decimal, format_percent

from core.config import LABELS
from core.text import TEXT

LANGS = {"en": "English", "pl": "Polski"}
LOCALES = {"en": "en_US", "pl": "pl_PL"}
_SPEC = re.compile(r"^(?P<comma>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fgd%])?$")
# Markdown and Streamlit directive syntax (links, images, emphasis, :color[...], :material/...:, HTML, maths)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def lang() -> str:
    return st.session_state.get("lang", "en") if st.session_state.get("lang") in LANGS else "en"


class Literal(str):
    """A value already made safe for markdown (plain()): t() puts it in as it is."""


_AUTOLINK = re.compile(r"(://|www\.|@)", re.IGNORECASE)  # GFM turns these into links even when escaped


def _clean(value: object, limit: int) -> str:
    s = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C" or ch == " ")
    return s[:limit] + "…" if len(s) > limit else s


def plain(value: object, limit: int = 200) -> Literal:
    """A value from a URL, a file, a folder or an error shown exactly as it is: control characters dropped, long
    values cut, and set as inline code, where markdown, links, images, HTML and Streamlit directives are inert."""
    s = _clean(value, limit)
    run = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence, pad = "`" * (run + 1), " " if s[:1] == "`" or s[-1:] == "`" or not s.strip() else ""
    return Literal(f"{fence}{pad}{s}{pad}{fence}")


def escape(value: str) -> str:
    """Our own strings with markdown characters in them (data descriptions, names) shown as text, never as links."""
    unlinked = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], value)  # before escaping
    return _MD_SPECIAL.sub(r"\\\1", unlinked)


def num(value: float, digits: int = 0, percent: bool = False) -> str:
    """A number as the chosen language writes it (Babel): 906,506 / 906 506, 17.0% / 17,0%, 0.5 / 0,5."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    if percent:
        return format_percent(value, format=pattern + "%", locale=LOCALES[lang()])
    return format_decimal(value, format=pattern, locale=LOCALES[lang()])


class _Formatter(string.Formatter):
    """str.format whose numbers follow the language: {x:.1f} → 0,5 in Polish, {n:,} → 906 506, {p:.1%} → 17,0%."""

    def format_field(self, value, format_spec):
        m = _SPEC.match(format_spec)
        if isinstance(value, np.generic):  # numpy scalars (np.float32 from a model) are numbers too
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not m:
            return super().format_field(value, format_spec)
        if value != value or value in (float("inf"), float("-inf")):
            return "—"
        if isinstance(value, int) and not format_spec:  # an index, a seed, a size: as it is
            return str(value)
        digits = int(m["digits"]) if m["digits"] else (0 if isinstance(value, int) or m["kind"] == "d" else None)
        if digits is None:  # {x} or {x:g}: as many decimals as the value has, at most 4, at least 1
            digits = max(1, min(4, len(f"{value:g}".partition(".")[2])))
        return num(value, digits, percent=m["kind"] == "%")


_FORMAT = _Formatter()


def t(key: str, **kw) -> str:
    """The text for key in the chosen language (English when a translation is missing).

    String arguments are escaped (a value can never turn into markdown); plain() values go in as inline code."""
    entry = TEXT[key]
    s = entry.get(lang(), entry["en"])
    if not kw:
        return s
    safe = {k: v if isinstance(v, Literal) or not isinstance(v, str) else escape(v) for k, v in kw.items()}
    return _FORMAT.format(s, **safe)


def model_name(model_id: str) -> str:
    """Display name of a model id (config.LABELS), and of the "noisy" input in the page's language."""
    return t("noisy").capitalize() if model_id == "noisy" else LABELS.get(model_id, model_id)


def model_names() -> dict[str, str]:
    """Legend text for every model id, in the page's language."""
    return {k: model_name(k) for k in (*LABELS, "noisy")}


def layer_table(layers):
    """analysis.describe's table with its labels and activations in the page's language (ids stay as columns)."""

    def label(row) -> str:
        if row["part"] == "code":
            return "μ, log σ² → z" if row["act"] == "sampled" else t("layer_code")
        if row["index"] == -1:
            return t("layer_output")
        return t(f"layer_{row['part']}", i=row["index"])

    return layers.assign(label=layers.apply(label, axis=1), activation=[t(f"act_{a}") for a in layers["act"]])


def layer_columns() -> dict[str, str]:
    """Display names of the layer table's columns."""
    return {
        "label": t("col_layer"),
        "units": t("col_units"),
        "activation": t("col_activation"),
        "params": t("col_params"),
    }


def hardware(text: str) -> str:
    """core's machine record ("x86_64 CPU, 2 threads") in the page's language; other devices as they are."""
    m = re.fullmatch(r"(.*) CPU, (\d+) threads", text)
    return Literal(t("hw_cpu", cpu=m[1], n=int(m[2])) if m else escape(text))  # escaped once, here


def data_caption(
    name: str, n_train: int, n_test: int, channels: int = 1, folder: str | None = None, skipped: int = 0
) -> str:
    """A data set described in the page's language (core's descriptions are English, for logs and the CLI)."""
    colour = Literal(t("dsd_grey") if channels == 1 else t("dsd_rgb"))
    text = t(f"dsd_{name}", train=n_train, test=n_test, colour=colour, folder=folder or "", skipped=skipped)
    return Literal(text)  # escaped once, here: it goes into other texts as it is


def dataset_caption(ds) -> str:
    """data_caption for a loaded core.data.Dataset."""
    return data_caption(ds.name, len(ds.x_train), len(ds.x_test), ds.shape[0], skipped=ds.skipped)
