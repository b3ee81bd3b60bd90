"""Scores of unfamiliar inputs (core.novelty): the AUROC as its definition counts it, sets that are deterministic
and unlike the digits, per-image scores that agree with the scoreboard's, and the likelihood failure with the
shipped models, corrected by the input's complexity."""

import math

import numpy as np
import pytest
import torch

from core import metrics, novelty, presets
from core.data import load
from core.store import SHIPPED, Store


def pairs_auroc(f, u):
    """The chance that an unfamiliar score beats a familiar one, ties counted half: every pair compared."""
    f, u = np.asarray(f)[:, None], np.asarray(u)[None, :]
    return float(((u > f) + 0.5 * (u == f)).mean())


@pytest.mark.parametrize(
    "f, u",
    [([1, 2, 3], [2.5, 4]), ([0, 0, 1], [0, 1, 1]), ([5, 6], [1, 2]), (np.arange(100) % 7, np.arange(50) % 11)],
)
def test_auroc_counts_pairs(f, u):
    assert novelty.auroc(np.asarray(f, float), np.asarray(u, float)) == pytest.approx(pairs_auroc(f, u))
    caught, flagged = novelty.at_threshold(np.asarray(f, float), np.asarray(u, float), 2.0)
    assert caught == np.mean(np.asarray(u) > 2) and flagged == np.mean(np.asarray(f) > 2)


@pytest.fixture(scope="module")
def digits():
    return load(presets.data_config()).x_test


@pytest.mark.parametrize("name", novelty.SETS)
def test_each_set_is_deterministic_and_unlike_the_digits(name, digits):
    n = 200
    a, b = novelty.unfamiliar(name, digits, n, seed=3), novelty.unfamiliar(name, digits, n, seed=3)
    assert a.shape == (n, 1, 28, 28) and a.dtype == torch.float32 and torch.equal(a, b)
    assert 0 <= a.min() and a.max() <= 1
    familiar = digits[:n]
    # pixel statistics: the mean image differs, or the share of lit pixels, or where the ink sits
    mean_gap = (a.mean(0) - familiar.mean(0)).abs().mean().item()
    ink_gap = abs((a > 0.5).float().mean().item() - (familiar > 0.5).float().mean().item())
    assert mean_gap > 0.03 or ink_gap > 0.05, (mean_gap, ink_gap)
    assert not any(torch.equal(x, y) for x in a[:20] for y in familiar)  # none is a familiar image


def test_png_length_grows_with_complexity(digits):
    blank = novelty.unfamiliar("blank", digits, 10)
    noise = novelty.unfamiliar("noise", digits, 10)
    bits = [novelty.png_bits(x).mean() for x in (blank, digits[:10], noise)]
    assert bits[0] < bits[1] < bits[2]


@pytest.fixture(scope="module")
def shipped():
    specs = presets.trio(presets.GEN_DIM)
    store = Store(SHIPPED)
    if not all(store.exists(s) for s in specs.values()):
        pytest.skip("the shipped models are not here")
    return {k: store.load(s)[0] for k, s in specs.items()}


def test_per_image_scores_agree_with_the_scoreboard_s(shipped, digits):
    vae, x = shipped["vae"], digits[:300]
    per_image = novelty.iw_nll(vae, x, seed=0)
    assert per_image.mean() == pytest.approx(metrics.iw_nll(vae, x, seed=0), rel=1e-5)
    loss = vae.loss(x, sample=False)
    assert novelty.loss_at_mean(vae, x).mean() == pytest.approx(loss.recon.item() + loss.kl.item(), rel=1e-4)
    err = novelty.reconstruction_error(shipped["ae"], x)
    with torch.no_grad():
        assert err.mean() == pytest.approx((shipped["ae"](x)[0] - x).pow(2).mean().item(), rel=1e-4)


def test_likelihood_fails_on_blank_pages_and_the_complexity_correction_repairs_it(shipped, digits):
    """Nalisnick et al.: the VAE's -log p(x) rates blank images as more likely than digits (AUROC < 0.5); Serrà et
    al.'s score (-log2 p minus the PNG length) ranks them unfamiliar; letters are caught by both."""
    n = 300
    familiar = novelty.scores(shipped, digits[:n])
    got = {k: novelty.scores(shipped, novelty.unfamiliar(k, digits, n)) for k in ("blank", "letters")}
    table = novelty.table(familiar, got)
    assert table["blank"]["vae_nll"] < 0.5
    assert table["blank"]["vae_complexity"] > 0.9
    assert table["letters"]["vae_nll"] > 0.75 and table["letters"]["vae_complexity"] > 0.75
    bits = familiar["vae_nll"] / math.log(2) - novelty.png_bits(digits[:n])
    np.testing.assert_allclose(familiar["vae_complexity"], bits)
