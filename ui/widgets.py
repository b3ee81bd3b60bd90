"""Shared page pieces: a digit page's head, an image with its PNG download, a chart with its CSV."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import streamlit as st

from core import data as data_mod
from ui.i18n import num, t
from ui.models import dataset
from ui.settings import Settings, settings


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


def png_bytes(img: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    if img.ndim == 3 and img.shape[2] == 3 and (img == img[..., :1]).all():
        img = img[..., 0]  # a grey montage (make_grid repeats one channel three times): a third of the bytes
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def image_with_download(
    img: np.ndarray, caption: str, key: str, width: int | str = "stretch", alt: str | None = None
) -> None:
    """One montage image with a PNG download button under it (encoded once: the page shows the same PNG); its text
    alternative is alt, else its caption."""
    data = png_bytes(img)
    st.image(data, caption=caption, width=width, alt=alt or caption)
    st.download_button(
        "PNG", data, file_name=f"{key}.png", mime="image/png", key=f"dl-{key}", icon=":material/download:"
    )


def chart_with_csv(fig, df: pd.DataFrame, key: str, **kw):
    """A plotly chart (PNG from its toolbar camera) with the data behind it as CSV."""
    ev = st.plotly_chart(fig, key=key, **kw)
    csv_button(df, key)
    return ev


def csv_button(df: pd.DataFrame, key: str) -> None:
    """The data behind a figure as a CSV download (file {key}.csv)."""
    st.download_button(
        "CSV",
        df.to_csv(index=False).encode(),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        icon=":material/download:",
    )


def size_note(needed: int, key: str, why: str, **numbers) -> None:
    """Where a figure is best seen at another latent size than the sidebar's: say so (why: a message with {d} and
    {current}), and offer one click that sets the sidebar (one latent size drives every page; no second control)."""
    current = settings().latent_dim
    if current == needed:
        return
    c1, c2 = st.columns([4, 1], vertical_alignment="center")
    c1.info(t(why, d=needed, current=current, **numbers), icon=":material/info:")
    c2.button(
        t("Use {d}", d=needed),
        key=f"use-size-{key}",
        on_click=st.session_state.update,
        kwargs={"latent_dim": needed},
    )


def number_table(df: pd.DataFrame, digits: dict[str, int], **kw) -> None:
    """A table whose numbers are written as the page's language writes them (0,0567 in Polish), right-aligned."""
    shown = df.copy()
    for col, d in digits.items():
        shown[col] = ["—" if pd.isna(v) else num(float(v), d) for v in df[col]]
    config = {col: st.column_config.TextColumn(alignment="right") for col in digits}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **kw)
