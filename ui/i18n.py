"""The chosen language and its texts: everything a page shows goes through t() or nt() (core.i18n's catalogs)."""

from __future__ import annotations

import re
import string
import unicodedata

import numpy as np
import streamlit as st
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from core import i18n, kinds
from core.data import DATASETS
from core.device import machine_of
from core.i18n import N_


def languages() -> dict[str, str]:
    """The languages offered, by code, with their names: the source language, then one per catalog."""
    return {code: i18n.language_name(code) for code in i18n.languages()}


_SPEC = re.compile(r"^(?P<comma>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fgd%])?$")
# Markdown and Streamlit directive syntax (links, images, emphasis, :color[...], :material/...:, HTML, maths)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def language_label() -> str:
    """The language switch's label in every language it offers ("Language / Język"): each reader finds theirs."""
    return " / ".join(i18n.gettext("Language", code) for code in languages())


def lang() -> str:
    return st.session_state.get("lang", i18n.SOURCE) if st.session_state.get("lang") in languages() else i18n.SOURCE


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
        return format_percent(value, format=pattern + "%", locale=lang())
    return format_decimal(value, format=pattern, locale=lang())


def listing(items: list[str]) -> str:
    """Items joined as the language joins a list (Babel): "A, B, and C" / "A, B i C"."""
    return format_list(list(items), locale=lang()) if items else ""


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


def _format(s: str, kw: dict) -> str:
    if not kw:
        return s
    safe = {k: v if isinstance(v, Literal) or not isinstance(v, str) else escape(v) for k, v in kw.items()}
    return _FORMAT.format(s, **safe)


def t(message: str, **kw) -> str:
    """message in the chosen language (English when a translation is missing), its {fields} filled in.

    String arguments are escaped (a value can never turn into markdown); plain() values go in as inline code."""
    return _format(i18n.gettext(message, lang()), kw)


def nt(singular: str, plural: str, n: int, **kw) -> str:
    """The plural form for n in the chosen language ("1 model", "2 modele", "5 modeli"); n is also a field."""
    return _format(i18n.ngettext(singular, plural, n, lang()), {"n": n, **kw})


def model_name(model_id: str) -> str:
    """Display name of a model id (a kind's label, the denoising AE's), and of the "noisy" input in the page's
    language."""
    if model_id == "noisy":
        return t("noisy").capitalize()
    return kinds.label(model_id)


def model_names() -> dict[str, str]:
    """Legend text for every model id, in the page's language."""
    return {k: model_name(k) for k in (*kinds.KINDS, *kinds.ROLES, "noisy")}


LAYER_NAMES = {  # analysis.describe's parts
    "input": N_("input"),
    "encoder": N_("encoder {i}"),
    "decoder": N_("decoder {i}"),
}
ACTIVATIONS = {  # analysis.describe's activations
    "pixels": N_("pixels in [0, 1]"),
    "relu": N_("ReLU"),
    "sigmoid": N_("sigmoid"),
    "linear_code": N_("linear (code)"),
    "sampled": N_("linear; z = μ + σ·ε"),
}


def layer_table(layers):
    """analysis.describe's table with its labels and activations in the page's language (ids stay as columns)."""

    def label(row) -> str:
        if row["part"] == "code":
            return "μ, log σ² → z" if row["act"] == "sampled" else t("code z")
        if row["index"] == -1:
            return t("output")
        return t(LAYER_NAMES[row["part"]], i=row["index"])

    return layers.assign(label=layers.apply(label, axis=1), activation=[t(ACTIVATIONS[a]) for a in layers["act"]])


def layer_columns() -> dict[str, str]:
    """Display names of the layer table's columns."""
    return {
        "label": t("layer"),
        "units": t("units"),
        "activation": t("activation"),
        "params": t("parameters"),
    }


def hardware(meta: dict) -> str:
    """What trained a model (core.device.machine_of) in the page's language: "x86_64 CPU, 1 thread"."""
    m = machine_of(meta)
    if "gpu" in m:
        return Literal(escape(str(m["gpu"])))  # escaped once, here
    return Literal(nt("{cpu} CPU, {n} thread", "{cpu} CPU, {n} threads", int(m["threads"]), cpu=str(m["cpu"])))


def data_caption(
    name: str, n_train: int, n_test: int, channels: int = 1, folder: str | None = None, skipped: int = 0
) -> str:
    """A data set described in the page's language (core's descriptions are English, for logs and the CLI)."""
    colour = Literal(t("grey") if channels == 1 else t("colour"))
    text = t(DATASETS[name].caption, train=n_train, test=n_test, colour=colour, folder=folder or "", skipped=skipped)
    return Literal(text)  # escaped once, here: it goes into other texts as it is


def class_names(ds) -> tuple[str, ...]:
    """A data set's classes in the page's language (Fashion-MNIST's words; digits are digits)."""
    words = DATASETS[ds.name].class_names if ds.name in DATASETS else ()
    return tuple(t(w) for w in words) if len(words) == len(ds.classes) else tuple(ds.classes)


def dataset_caption(ds) -> str:
    """data_caption for a loaded core.data.Dataset."""
    return data_caption(ds.name, len(ds.x_train), len(ds.x_test), ds.shape[0], skipped=ds.skipped)
