"""Pure figure builders: tidy data in, plotly figures out (no Streamlit; tested as plain functions)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from plotly.subplots import make_subplots

from core import kinds
from core.i18n import gettext, pgettext

PALETTE = (
    "#99991f",
    "#c229ad",
    "#7a3300",
    "#29a3a3",
    "#8f85ff",
    "#8f6600",
    "#ff52a3",
    "#7a1485",
    "#668f5c",
    "#5c52ff",
)  # categorical: one colour per digit, told apart under protanopia, deuteranopia and tritanopia (closest pair
# CIEDE2000 11.1 under the worst of them, Tableau 10: 1.3), 3:1 on white, far from the grey of a hole
# (scripts/palette.py chose and checks it; tests/test_palette.py); the digits as markers are the second channel
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "triangle-down",
    "cross",
    "x",
    "star",
    "pentagon",
    "hexagon",
)  # the server-side scatters' second channel: one marker shape per class
# one colour per model id, the same on every page: each kind's (core.kinds), the denoising AE's, the noisy input's
OTHER_COLORS = {"dae": "#2ca02c", "noisy": "#bcbd22"}


def model_color(model_id: str) -> str:
    return kinds.KINDS[model_id].color if model_id in kinds.KINDS else OTHER_COLORS.get(model_id, "#7f7f7f")


Names = dict[str, str]  # model id -> legend text
LABEL_FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"  # shipped: has every Polish letter (ą ł ż …)
INSET_SIGMAS, MAIN_X, INSET_X = 3, (0.0, 0.52), (0.6, 1.0)  # step 7: the codes, and beside them a zoom on μ (±3σ)
CLICK_GRID = 41  # invisible points that make empty places of a latent scatter clickable


def _base(fig: go.Figure, title: str | None = None, height: int = 380, lang: str = "en") -> go.Figure:
    fig.update_layout(
        separators=get_decimal_symbol(lang) + get_group_symbol(lang),
        title=title,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        template="plotly_white",
        legend=dict(itemsizing="constant"),
    )
    return fig


def padded_limits(points: np.ndarray, pad: float = 0.08, min_half: float = 3.2) -> tuple[list, list]:
    """Axis ranges around 2-D points, at least +-min_half so the N(0, I) rings are always in view."""
    lo, hi = np.percentile(points, 0.5, axis=0), np.percentile(points, 99.5, axis=0)
    span = hi - lo
    lo, hi = np.minimum(lo - pad * span, -min_half), np.maximum(hi + pad * span, min_half)
    return [float(lo[0]), float(hi[0])], [float(lo[1]), float(hi[1])]


def _by_class(labels: np.ndarray, classes: tuple[str, ...]):
    """(class, its mask, its name) for each class among the labels."""
    for c in np.unique(labels):
        yield c, labels == c, classes[c] if 0 <= c < len(classes) else str(c)


def _class_points(points: np.ndarray, mask: np.ndarray, c: int, name: str, size: int, opacity: float) -> dict:
    """One class's codes as a scatter trace's arguments: its colour and marker shape (the second channel)."""
    marker = dict(size=size, color=PALETTE[int(c) % 10], symbol=SYMBOLS[int(c) % 10], opacity=opacity)
    return dict(x=points[mask, 0], y=points[mask, 1], mode="markers", name=name, marker=marker)


def latent_scatter(
    points: np.ndarray,
    labels: np.ndarray,
    classes: tuple[str, ...],
    title: str,
    xlim: list,
    ylim: list,
    prior_rings: bool = True,
    selected: np.ndarray | None = None,
    axis_titles: tuple[str, str] = ("z₁", "z₂"),
    lang: str = "en",
) -> go.Figure:
    """Test codes coloured by class, N(0, I) at 1-2-3 sigma, a clickable grid over empty space, the clicked code."""
    fig = go.Figure()
    if prior_rings:
        t = np.append(np.linspace(0, 2 * np.pi, 120), np.nan)  # NaN breaks the line between rings
        ring = lambda f: np.concatenate([r * f(t) for r in (1, 2, 3)])
        fig.add_trace(
            go.Scatter(
                x=ring(np.cos),
                y=ring(np.sin),
                mode="lines",
                hoverinfo="skip",
                line=dict(color="rgba(0,0,0,0.35)", dash="dot", width=1),
                name="N(0, I): 1, 2, 3σ",
            )
        )
    gx, gy = np.meshgrid(np.linspace(*xlim, CLICK_GRID), np.linspace(*ylim, CLICK_GRID))
    fig.add_trace(
        go.Scattergl(
            x=gx.ravel(),
            y=gy.ravel(),
            mode="markers",
            name="grid",
            showlegend=False,
            marker=dict(size=9, color="rgba(0,0,0,0)"),
            hovertemplate=gettext("(%{x:.2f}, %{y:.2f})", lang) + "<extra>" + gettext("empty space", lang) + "</extra>",
        )
    )
    for c, m, name in _by_class(labels, classes):
        fig.add_trace(
            go.Scattergl(
                **_class_points(points, m, c, name, size=6, opacity=0.75),
                hovertemplate=gettext("(%{x:.2f}, %{y:.2f})", lang)
                + "<extra>"
                + (classes[c] if 0 <= c < len(classes) else "")
                + "</extra>",
            )
        )
    if selected is not None:
        fig.add_trace(
            go.Scatter(
                x=[selected[0]],
                y=[selected[1]],
                mode="markers",
                name=gettext("decoded", lang),
                hoverinfo="skip",
                marker=dict(symbol="x", size=16, color="black", line=dict(width=2)),
            )
        )
    fig.update_xaxes(range=xlim, title=axis_titles[0], zeroline=False)
    fig.update_yaxes(range=ylim, title=axis_titles[1], zeroline=False)
    fig.update_layout(
        clickmode="event+select",
        dragmode="pan",
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, font=dict(size=11)),
    )
    return _base(fig, title, height=470, lang=lang)


def error_vs_latent(df: pd.DataFrame, y: str, y_title: str, names: Names, lang: str = "en") -> go.Figure:
    """Lines of test error against latent size, one per model (tidy: model id, latent_dim, y)."""
    fig = go.Figure()
    for mid, g in df.groupby("model", sort=False):
        g = g.sort_values("latent_dim")
        fig.add_trace(
            go.Scatter(
                x=g["latent_dim"],
                y=g[y],
                mode="lines+markers",
                name=names.get(mid, mid),
                line=dict(color=model_color(mid)),
            )
        )
    fig.update_xaxes(title=gettext("latent size", lang), type="log", tickvals=sorted(df["latent_dim"].unique()))
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return _base(fig, lang=lang)


def explained_variance(ratio: np.ndarray, lang: str = "en") -> go.Figure:
    """PCA's explained variance per component (bars) and cumulative (line, right axis in round steps)."""
    k = np.arange(1, len(ratio) + 1)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    bar = go.Bar(x=k, y=ratio, name=gettext("per component", lang), marker_color="#7f7f7f")
    fig.add_trace(bar, secondary_y=False)
    cum = go.Scatter(
        x=k, y=np.cumsum(ratio), name=gettext("cumulative", lang), mode="lines+markers", line=dict(color="#1f77b4")
    )
    fig.add_trace(cum, secondary_y=True)
    fig.update_yaxes(title=gettext("explained variance", lang), tickformat=".0%", secondary_y=False)
    fig.update_yaxes(title=gettext("cumulative", lang), range=[0, 1], dtick=0.2, tickformat=".0%", secondary_y=True)
    fig.update_xaxes(title=gettext("principal component", lang))
    return _base(fig, height=320, lang=lang)


def loss_curves(history: pd.DataFrame, y: str, y_title: str, lang: str = "en") -> go.Figure:
    """Curves per model from a tidy table (model, epoch, y)."""
    fig = go.Figure()
    for name, g in history.groupby("model", sort=False):
        fig.add_trace(go.Scatter(x=g["epoch"], y=g[y], mode="lines+markers", name=str(name)))
    fig.update_xaxes(title=gettext("epoch", lang))
    fig.update_yaxes(title=y_title)
    return _base(fig, height=300, lang=lang)


def quality_vs_noise(df: pd.DataFrame, names: Names, lang: str = "en") -> go.Figure:
    """PSNR and SSIM against noise level, one line per model (tidy: model id, level, psnr, ssim)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("PSNR (dB) ↑", "SSIM ↑"))
    for mid, g in df.groupby("model", sort=False):
        for col, metric in ((1, "psnr"), (2, "ssim")):
            fig.add_trace(
                go.Scatter(
                    x=g["level"],
                    y=g[metric],
                    mode="lines+markers",
                    name=names.get(mid, mid),
                    legendgroup=mid,
                    showlegend=col == 1,
                    line=dict(color=model_color(mid)),
                ),
                row=1,
                col=col,
            )
    fig.update_xaxes(title=gettext("noise level", lang))
    _base(fig, height=360, lang=lang)
    fig.update_layout(margin=dict(t=50))
    return fig


def kl_bars(kl: np.ndarray, lang: str = "en") -> go.Figure:
    order = np.argsort(-kl)
    fig = go.Figure(go.Bar(x=[f"z{i}" for i in order], y=kl[order], marker_color="#d62728"))
    fig.update_yaxes(title=gettext("KL (nats)", lang))
    fig.update_xaxes(title=gettext("latent coordinate, by KL", lang))
    return _base(fig, height=260, lang=lang)


def architecture(layers: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Layers as bars whose height grows with their width (log scale): the hourglass of an autoencoder."""
    h = np.log2(layers["units"].clip(lower=1)) + 1
    colors = layers["part"].map({"encoder": "#1f77b4", "code": "#d62728", "decoder": "#2ca02c"}).fillna("#7f7f7f")
    fig = go.Figure(
        go.Bar(
            x=list(range(len(layers))),
            y=h,
            base=-h / 2,
            marker_color=colors,
            text=layers["units"].astype(str),
            textposition="outside",
            customdata=layers[["label", "activation", "params"]].values,
            hovertemplate="%{customdata[0]}<br>%{text} "
            + pgettext("abbreviated", "units", lang)
            + "<br>%{customdata[1]}<br>"
            "%{customdata[2]:,} " + pgettext("abbreviated", "parameters", lang) + "<extra></extra>",
        )
    )
    fig.update_xaxes(tickvals=list(range(len(layers))), ticktext=layers["label"], tickangle=0)
    fig.update_yaxes(visible=False)
    return _base(fig, title, height=300, lang=lang)


def labelled_rows(rows: list[tuple[str, np.ndarray]], label_width: int = 110, scale: int = 2) -> np.ndarray:
    """Stack montage strips (uint8 HxWx3) into one picture with each row's label on its left, upscaled."""
    from PIL import Image, ImageDraw, ImageFont

    width = max(r.shape[1] for _, r in rows)
    height = sum(r.shape[0] for _, r in rows)
    canvas = Image.new("RGB", (label_width + width * scale, height * scale), "white")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(str(LABEL_FONT), 15)
    y = 0
    for text, strip in rows:
        img = Image.fromarray(strip).resize((strip.shape[1] * scale, strip.shape[0] * scale), Image.Resampling.NEAREST)
        canvas.paste(img, (label_width, y))
        draw.text((6, y + img.height // 2 - 6), text, fill="black", font=font)
        y += img.height
    return np.asarray(canvas)


def bars(ids: list[str], values: list[float], title: str, names: Names, lang: str = "en") -> go.Figure:
    """One bar per model in the model's colour, values written on the bars."""
    fig = go.Figure(
        go.Bar(
            x=[names.get(i, i) for i in ids],
            y=values,
            marker_color=[model_color(i) for i in ids],
            texttemplate="%{y:.3g}",  # formatted by plotly with the language's separators
            textposition="outside",
        )
    )
    fig.update_yaxes(rangemode="tozero")
    return _base(fig, title, height=320, lang=lang)


def posterior(
    points: np.ndarray,
    mu: np.ndarray,
    sigma: np.ndarray,
    samples: np.ndarray,
    title: str,
    names: tuple[str, str],
    lang: str = "en",
) -> go.Figure:
    """A VAE's 2-D codes in grey, one image's μ with its 2σ ellipse, and codes drawn from N(μ, σ²); an inset in the
    panel beside it zooms on μ (±INSET_SIGMAS σ), where σ of a tenth of a unit is seen next to axes of ±6."""
    t = np.linspace(0, 2 * np.pi, 100)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=points[:, 0],
            y=points[:, 1],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker=dict(size=3, color="rgba(0,0,0,0.18)"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=mu[0] + 2 * sigma[0] * np.cos(t),
            y=mu[1] + 2 * sigma[1] * np.sin(t),
            mode="lines",
            line=dict(color=model_color("vae"), width=2),
            name="2σ",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=samples[:, 0],
            y=samples[:, 1],
            mode="markers",
            name=names[1],
            marker=dict(size=7, color=model_color("vae"), opacity=0.6),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[mu[0]],
            y=[mu[1]],
            mode="markers",
            name=names[0],
            marker=dict(symbol="x", size=14, color="black", line=dict(width=2)),
        )
    )
    half = INSET_SIGMAS * float(max(sigma[0], sigma[1]))
    for k, (line, ls) in enumerate(((1, "dot"), (2, "solid"))):
        fig.add_trace(
            go.Scatter(
                x=mu[0] + line * sigma[0] * np.cos(t),
                y=mu[1] + line * sigma[1] * np.sin(t),
                mode="lines",
                line=dict(color=model_color("vae"), width=2, dash=ls),
                name=f"{line}σ",
                showlegend=k == 0,
                hoverinfo="skip",
                xaxis="x2",
                yaxis="y2",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=samples[:, 0],
            y=samples[:, 1],
            mode="markers",
            showlegend=False,
            marker=dict(size=8, color=model_color("vae"), opacity=0.7),
            xaxis="x2",
            yaxis="y2",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[mu[0]],
            y=[mu[1]],
            mode="markers",
            showlegend=False,
            marker=dict(symbol="x", size=10, color="black"),
            xaxis="x2",
            yaxis="y2",
        )
    )
    box = dict(showline=True, mirror=True, linecolor="#444", zeroline=False, showgrid=False, tickfont=dict(size=9))
    fig.update_layout(
        xaxis=dict(title="z₁", scaleanchor="y", zeroline=False, domain=list(MAIN_X)),
        yaxis=dict(title="z₂", zeroline=False),
        xaxis2=dict(
            domain=list(INSET_X), anchor="y2", range=[mu[0] - half, mu[0] + half], title=f"μ ± {INSET_SIGMAS}σ", **box
        ),
        yaxis2=dict(anchor="x2", range=[mu[1] - half, mu[1] + half], scaleanchor="x2", **box),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
    )
    return _base(fig, title, height=460, lang=lang)


SCORE_COLORS = {  # the unfamiliar-inputs page: one colour per score (the models' own; a dash pattern each, too)
    "ae": model_color("ae"),
    "pca": model_color("pca"),
    "vae_elbo": "#e377c2",
    "vae_nll": model_color("vae"),
    "vae_complexity": "#2ca02c",
}
SCORE_DASH = {"ae": "solid", "pca": "dot", "vae_elbo": "dashdot", "vae_nll": "dash", "vae_complexity": "longdash"}


def score_histograms(
    familiar: np.ndarray, unfamiliar: np.ndarray, names: tuple[str, str], axis: str, threshold: float, lang: str = "en"
) -> go.Figure:
    """The familiar inputs' scores and an unfamiliar set's, as two overlaid histograms on one binning, with the
    threshold above which an input is flagged (a dashed line)."""
    both = np.r_[familiar, unfamiliar]
    lo, hi = np.percentile(both, 0.5), np.percentile(both, 99.5)
    if hi <= lo:
        lo, hi = float(both.min()) - 0.5, float(both.max()) + 0.5
    bins = dict(start=float(lo), end=float(hi), size=float(hi - lo) / 40)
    fig = go.Figure()
    for values, name, color, pattern in (
        (familiar, names[0], "#4c78a8", ""),
        (unfamiliar, names[1], "#e45756", "/"),  # hatched: told apart without colour
    ):
        fig.add_trace(
            go.Histogram(
                x=np.clip(values, lo, hi),
                xbins=bins,
                name=name,
                histnorm="percent",
                marker=dict(color=color, pattern=dict(shape=pattern)),
                opacity=0.6,
            )
        )
    fig.add_vline(x=float(threshold), line=dict(color="black", dash="dash", width=2))
    fig.update_layout(barmode="overlay", legend=dict(orientation="h", y=1.12, x=0))
    fig.update_xaxes(title=axis)
    fig.update_yaxes(title=gettext("share of the set (%)", lang))
    return _base(fig, height=320, lang=lang)


def roc_curves(curves: dict[str, tuple[np.ndarray, np.ndarray, float]], names: Names, lang: str = "en") -> go.Figure:
    """ROC curves, one per score (id -> (false positive rate, true positive rate, AUROC)), and chance's diagonal."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=gettext("chance (AUROC 0.5)", lang),
            line=dict(color="#999", dash="dot", width=1),
            hoverinfo="skip",
        )
    )
    for sid, (fpr, tpr, area) in curves.items():
        fig.add_trace(
            go.Scatter(
                x=fpr,
                y=tpr,
                mode="lines",
                name=f"{names.get(sid, sid)}: AUROC {format_decimal(area, '0.00', locale=lang)}",
                line=dict(color=SCORE_COLORS.get(sid, "#333"), dash=SCORE_DASH.get(sid, "solid"), width=2),
            )
        )
    fig.update_xaxes(title=gettext("familiar digits flagged (false alarms)", lang), range=[0, 1])
    fig.update_yaxes(title=gettext("unfamiliar inputs caught", lang), range=[0, 1])
    _base(fig, height=470, lang=lang)
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"), margin=dict(b=10))
    return fig


def auroc_bars(table: dict[str, dict[str, float]], sets: Names, scores: Names, lang: str = "en") -> go.Figure:
    """AUROC per unfamiliar set (groups) and score (bars, each with its colour and pattern), chance at 0.5."""
    fig = go.Figure()
    patterns = ["", "/", "x", ".", "+"]
    for i, sid in enumerate(scores):
        values = [table[k][sid] for k in sets]
        fig.add_trace(
            go.Bar(
                x=list(sets.values()),
                y=values,
                name=scores[sid],
                marker=dict(color=SCORE_COLORS.get(sid, "#333"), pattern=dict(shape=patterns[i % len(patterns)])),
                texttemplate="%{y:.2f}",
                textposition="outside",
            )
        )
    fig.add_hline(y=0.5, line=dict(color="black", dash="dash", width=1.5))
    fig.update_yaxes(title="AUROC", range=[0, 1.12])
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15))
    return _base(fig, height=380, lang=lang)


def _dashed(draw, xy0, xy1, color, width: int, pattern: tuple[int, int] | None) -> None:
    """A line from xy0 to xy1, solid or in dashes (on, off) pixels."""
    if pattern is None:
        draw.line([xy0, xy1], fill=color, width=width)
        return
    (x0, y0), (x1, y1) = xy0, xy1
    length = max(abs(x1 - x0), abs(y1 - y0), 1)
    on, off = pattern
    t = 0.0
    while t < length:
        a, b = t / length, min(t + on, length) / length
        draw.line(
            [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
            fill=color,
            width=width,
        )
        t += on + off


def attribute_effects(
    effects: dict[str, list[dict]], attributes: Names, names: Names, ticks: list[str], scale: int = 2
) -> np.ndarray:
    """The faces' named directions, measured, as one picture (drawn here, not by a chart library: the page shows it
    at once): per attribute (rows) and model (a colour, a line style and its place in the row), the face judge's
    mean probability of the attribute after one step back (◀), on the reconstruction (●) and after one step on
    (▶), joined by a line on a 0-100% axis (ticks: the six labels of 0, 20 … 100%, as the page's language writes
    them). Returns an RGB array."""
    from PIL import Image, ImageDraw, ImageFont

    ids, kinds_ = list(attributes), list(effects)
    label_w, plot_w, row_h, top, bottom = 170, 900, 42, 14, 78
    width, height = label_w + plot_w + 30, top + row_h * len(ids) + bottom
    img = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(LABEL_FONT), 14 * scale)
    x_of = lambda p: (label_w + p * plot_w) * scale  # noqa: E731
    styles = [None, (3, 3), (8, 4)]
    for k in range(6):  # the grid and its labels
        x = x_of(k / 5)
        draw.line([(x, top * scale), (x, (top + row_h * len(ids)) * scale)], fill="#e6e6e6", width=scale)
        tw = draw.textlength(ticks[k], font=font)
        draw.text((x - tw / 2, (top + row_h * len(ids) + 6) * scale), ticks[k], fill="#333", font=font)
    offsets = np.linspace(-10, 10, len(kinds_)) if len(kinds_) > 1 else [0.0]
    for i, a in enumerate(ids):
        yc = top + row_h * i + row_h / 2
        tw = draw.textlength(attributes[a], font=font)
        draw.text(((label_w - 12) * scale - tw, (yc - 9) * scale), attributes[a], fill="#222", font=font)
        for m, kind in enumerate(kinds_):
            r = next((r for r in effects[kind] if r["attribute"] == a), None)
            if r is None:
                continue
            color, y = model_color(kind), (yc + offsets[m]) * scale
            _dashed(draw, (x_of(r["down"]), y), (x_of(r["up"]), y), color, 2 * scale, styles[m % 3])
            for key, sign in (("down", -1), ("up", 1)):
                x, h = x_of(r[key]), 5 * scale
                draw.polygon([(x + sign * h, y), (x - sign * h, y - h), (x - sign * h, y + h)], fill=color)
            x = x_of(r["before"])
            draw.ellipse([x - 5 * scale, y - 5 * scale, x + 5 * scale, y + 5 * scale], fill=color)
    x, y = label_w * scale, (height - 30) * scale
    for m, kind in enumerate(kinds_):  # the legend: each model's line style and colour
        color = model_color(kind)
        _dashed(draw, (x, y + 9 * scale), (x + 40 * scale, y + 9 * scale), color, 2 * scale, styles[m % 3])
        draw.ellipse([x + 15 * scale, y + 4 * scale, x + 25 * scale, y + 14 * scale], fill=color)
        draw.text((x + 48 * scale, y), names.get(kind, kind), fill="#222", font=font)
        x += (60 + draw.textlength(names.get(kind, kind), font=font) / scale + 30) * scale
    return np.asarray(img)


def class_wall(
    points: np.ndarray,
    labels: np.ndarray,
    drawn: np.ndarray,
    drawn_label: np.ndarray,
    names: list[str],
    classes: tuple[str, ...],
    title: str,
    xlim: list,
    ylim: list,
    hole: int,
    hole_name: str,
    lang: str = "en",
) -> go.Figure:
    """The class wall on one model's plane: the held-out codes, faint, in their classes' colours and shapes; each
    student's drawing a large marker at its code, in the colour of the class its reconstruction is judged to be
    (the digit written on it), or an open grey ring with "?" where the judge sees no digit. `names` (the
    students' nicknames) are shown as hover text, escaped."""
    import html

    fig = go.Figure()
    for c, m, name in _by_class(labels, classes):
        fig.add_trace(go.Scattergl(**_class_points(points, m, c, name, size=4, opacity=0.25), hoverinfo="skip"))
    ok = drawn_label != hole
    text = [classes[int(c)] if c != hole and int(c) < len(classes) else "?" for c in drawn_label]
    hover = [html.escape(n) for n in names]
    for sel, style, legend in (
        (
            ok,
            dict(size=22, color=[PALETTE[int(c) % 10] for c in drawn_label[ok]], line=dict(width=2, color="black")),
            None,
        ),
        (~ok, dict(size=22, color="white", line=dict(width=3, color="#6b6b6b")), hole_name),
    ):
        if not sel.any():
            continue
        fig.add_trace(
            go.Scatter(
                x=drawn[sel, 0],
                y=drawn[sel, 1],
                mode="markers+text",
                text=[x for x, s in zip(text, sel, strict=True) if s],
                textfont=dict(size=13, color="white" if legend is None else "#333"),
                hovertext=[h for h, s in zip(hover, sel, strict=True) if s],
                hoverinfo="text",
                marker=dict(symbol="circle", **style),
                name=legend or gettext("the class's drawings", lang),
            )
        )
    fig.update_xaxes(range=xlim, zeroline=False)
    fig.update_yaxes(range=ylim, zeroline=False)
    fig.update_layout(showlegend=False)
    return _base(fig, title, height=360, lang=lang)


def vote_bars(options: list[str], counts: list[int], right: int | None, axis: str, lang: str = "en") -> go.Figure:
    """A class's answers to a question, one bar per option; once revealed, the measured answer's bar green and
    hatched (a second channel beside the colour)."""
    fig = go.Figure(
        go.Bar(
            x=options,
            y=counts,
            marker_color=["#2e7d32" if i == right else "#5c52ff" for i in range(len(options))],
            marker_pattern_shape=["/" if i == right else "" for i in range(len(options))],
            text=counts,
            textposition="outside",
        )
    )
    fig.update_yaxes(rangemode="tozero", title=axis, dtick=max(1, int(np.ceil(max(counts, default=0) / 5))))
    return _base(fig, height=300, lang=lang)  # whole students only on the axis


def called_real(sources: list[str], names: list[str], shares: list[float | None], axis: str, lang: str = "en"):
    """How often a class called each source's pictures real (real digits in dark grey, each model in its colour)."""
    fig = go.Figure(
        go.Bar(
            x=names,
            y=[np.nan if v is None else v for v in shares],
            marker_color=["#444444" if s == "real" else model_color(s) for s in sources],
            texttemplate="%{y:.0%}",
            textposition="outside",
        )
    )
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", title=axis)
    return _base(fig, height=300, lang=lang)
