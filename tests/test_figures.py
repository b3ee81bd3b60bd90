import numpy as np
import pandas as pd
import pytest
import torch

from core import analysis
from ui import figures


def test_latent_scatter_has_rings_grid_and_one_trace_per_class():
    pts = np.random.default_rng(0).normal(size=(100, 2))
    labels = np.arange(100) % 10
    lim = figures.padded_limits(pts)
    fig = figures.latent_scatter(pts, labels, tuple("0123456789"), "VAE", *lim, selected=np.array([0.1, 0.2]))
    names = [tr.name for tr in fig.data]
    assert names.count("N(0, I): 1, 2, 3σ") == 1 and "grid" in names and "decoded" in names
    assert sum(n in tuple("0123456789") for n in names) == 10
    grid = next(tr for tr in fig.data if tr.name == "grid")
    assert len(grid.x) == figures.CLICK_GRID**2
    assert lim[0][0] <= -3.2 and lim[1][1] >= 3.2


def test_error_vs_latent_one_line_per_model():
    df = pd.DataFrame(
        {"model": ["pca", "pca", "ae", "ae"], "latent_dim": [2, 5, 2, 5], "test_mse": [0.05, 0.04, 0.04, 0.03]}
    )
    fig = figures.error_vs_latent(df, "test_mse", "MSE", {"pca": "PCA", "ae": "AE"})
    assert [tr.name for tr in fig.data] == ["PCA", "AE"] and list(fig.data[1].y) == [0.04, 0.03]
    assert fig.data[0].line.color == figures.model_color("pca")


def test_explained_variance_is_cumulative():
    fig = figures.explained_variance(np.array([0.5, 0.3, 0.1]))
    assert np.allclose(fig.data[1].y, [0.5, 0.8, 0.9])


def test_quality_vs_noise_two_panels():
    df = pd.DataFrame({"model": ["ae", "ae"], "level": [0.1, 0.2], "psnr": [20, 18], "ssim": [0.9, 0.8]})
    fig = figures.quality_vs_noise(df, {"ae": "AE"})
    assert len(fig.data) == 2 and fig.data[0].xaxis != fig.data[1].xaxis


def test_labelled_rows_and_montage_shapes():
    x = torch.rand(5, 1, 28, 28)
    strip = analysis.montage(x, nrow=5)
    assert strip.shape == (32, 2 + 5 * 30, 3) and strip.dtype == np.uint8
    img = figures.labelled_rows([("a", strip), ("b", strip)], label_width=50, scale=2)
    assert img.shape == (128, 50 + 2 * strip.shape[1], 3)


def test_quality_oracles():
    x = torch.rand(3, 1, 28, 28)
    assert np.isinf(analysis.psnr(x, x)).all() and np.allclose(analysis.ssim(x, x), 1)
    y = (x + 0.1).clamp(0, 1)
    assert np.allclose(analysis.psnr(x, y), 10 * np.log10(1 / ((x - y) ** 2).flatten(1).mean(1).numpy()))
    assert (analysis.ssim(x, y) < 1).all()


def test_to_2d_round_trip_through_the_projection():
    z = np.random.default_rng(0).normal(size=(200, 5)).astype(np.float32)
    pts, proj = analysis.to_2d(z)
    assert pts.shape == (200, 2) and proj is not None
    back = analysis.from_2d(pts[0], proj)
    assert back.shape == (1, 5) and np.allclose(proj.transform(back), pts[:1], atol=1e-4)
    same, none = analysis.to_2d(z[:, :2])
    assert none is None and same is not None


def test_describe_reads_the_real_layers():
    from core.config import ModelConfig
    from core.models import build

    vae = analysis.describe(build(ModelConfig(kind="vae", latent_dim=5), (1, 28, 28)))
    assert vae["units"].tolist() == [784, 500, 120, 5, 120, 500, 784]
    assert vae["activation"].iloc[-1] == "sigmoid" and vae["params"].sum() == 907834


def test_the_label_font_draws_every_polish_letter():
    from PIL import ImageFont

    font = ImageFont.truetype(str(figures.LABEL_FONT), 15)
    missing = bytes(font.getmask("\ue000"))  # a private-use code point: the font's missing-glyph box
    for ch in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ":
        mask = font.getmask(ch)
        assert mask.size[0] > 0 and bytes(mask) != missing, ch
    img = figures.labelled_rows([("oryginał", np.zeros((10, 10, 3), np.uint8))], label_width=90, scale=1)
    assert (img[:, :90] < 128).any()  # the label was drawn


def test_step_7_shows_sigma_where_it_can_be_seen():
    """σ of 0.1 beside codes spread over ±6: in the main axes the 2σ ellipse is about 2% of the plot's width; in
    the zoom beside them at least a fifth of it, centred on μ."""
    rng = np.random.default_rng(0)
    points = rng.uniform(-6, 6, (500, 2))
    mu, sigma = np.array([1.0, -2.0]), np.array([0.1, 0.08])
    fig = figures.posterior(points, mu, sigma, mu + sigma * rng.standard_normal((12, 2)), "", ("μ", "z"))
    lay = fig.layout
    zoom = next(tr for tr in fig.data if tr.name == "2σ" and tr.xaxis == "x2")
    width = lambda xs: float(np.max(xs) - np.min(xs))
    span = lay.xaxis2.range[1] - lay.xaxis2.range[0]
    share_in_zoom = width(zoom.x) / span * (lay.xaxis2.domain[1] - lay.xaxis2.domain[0])
    share_in_main = width(zoom.x) / width(points[:, 0]) * (lay.xaxis.domain[1] - lay.xaxis.domain[0])
    assert share_in_zoom >= 0.2 and share_in_main < 0.03
    assert np.mean(lay.xaxis2.range) == pytest.approx(mu[0]) and np.mean(lay.yaxis2.range) == pytest.approx(mu[1])


def test_the_faces_measured_chart_puts_each_probability_where_it_is():
    """The named directions' chart (drawn as a picture): each model's dot (the face) at its probability on the axis,
    in the model's colour."""
    import numpy as np

    from ui import figures

    effects = {
        "conv-vae": [{"attribute": "smile", "before": 0.5, "up": 0.9, "down": 0.1}],
        "pca": [{"attribute": "smile", "before": 0.25, "up": 0.3, "down": 0.2}],
    }
    ticks = ["0%", "20%", "40%", "60%", "80%", "100%"]
    img = figures.attribute_effects(effects, {"smile": "smile"}, {"conv-vae": "Conv VAE", "pca": "PCA"}, ticks, 1)
    assert img.ndim == 3 and img.shape[2] == 3
    for kind, p, dy in (("conv-vae", 0.5, -10), ("pca", 0.25, 10)):
        colour = np.array([int(figures.model_color(kind)[i : i + 2], 16) for i in (1, 3, 5)])
        x, y = int(170 + p * 900), int(14 + 21 + dy)
        assert np.abs(img[y, x].astype(int) - colour).max() <= 8, (kind, img[y, x])
