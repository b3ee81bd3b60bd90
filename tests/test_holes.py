"""The holes measurement: the lab's judge over decoded codes (a fixed digit: no holes; noise: all holes)."""

import numpy as np
import pytest
import torch

from core import metrics, presets
from core.models.base import AutoencoderBase
from core.provision import get_or_train


class Fixed(AutoencoderBase):
    """A 'decoder' that outputs one given image whatever the code (or fresh noise for every code)."""

    def __init__(self, image: torch.Tensor | None, latent_dim: int = 2):
        super().__init__()
        self.image, self.latent_dim, self.shape = image, latent_dim, (1, 28, 28)

    def decode(self, z):
        if self.image is None:
            return torch.rand(len(z), *self.shape, generator=torch.Generator().manual_seed(12345))  # unseen noise
        return self.image.expand(len(z), *self.shape)


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    from core.store import Store

    return get_or_train(Store(tmp_path_factory.mktemp("judge")), presets.classifier(), "cpu")[0]


@pytest.fixture(scope="module")
def digits():
    from core.config import DataConfig
    from core.data import load

    return load(DataConfig("mnist")).x_test[:200]


def test_a_decoder_of_one_recognised_digit_has_no_holes(judge, digits):
    probs, _ = metrics.judge(judge, digits)
    clear = digits[int(np.argmax(probs.max(1)))]  # the digit the judge is surest of
    model = Fixed(clear[None])
    assert metrics.holes_share(model, judge, n=500) == 0.0
    m = metrics.holes_map(model, judge, (-3, 3), (-3, 3), n=12)
    assert m["confidence"].shape == (12, 12) and m["confidence"].min() >= 0.9
    assert len(np.unique(m["label"])) == 1


def test_a_decoder_of_noise_is_all_holes(judge):
    model = Fixed(None)
    assert metrics.holes_share(model, judge, n=500) == 1.0
    assert metrics.holes_map(model, judge, (-3, 3), (-3, 3), n=10)["confidence"].max() < 0.9


def test_holes_map_rows_run_from_the_top_and_follow_the_projection(judge, digits):
    class Half(Fixed):  # a clear digit above the horizontal axis, noise below
        def decode(self, z):
            z = torch.as_tensor(z)
            noise = torch.rand(len(z), *self.shape, generator=torch.Generator().manual_seed(0))
            return torch.where((z[:, 1] > 0)[:, None, None, None], self.image.expand_as(noise), noise)

    probs, _ = metrics.judge(judge, digits)
    model = Half(digits[int(np.argmax(probs.max(1)))][None])
    conf = metrics.holes_map(model, judge, (-2, 2), (-2, 2), n=10)["confidence"]
    assert conf[:5].min() >= 0.9 and conf[5:].max() < 0.9  # top rows: high codes

    class Flip:  # a projection whose plane's "up" is the code's "down"
        def inverse_transform(self, p):
            return p * np.array([1, -1], dtype=np.float32)

    conf = metrics.holes_map(model, judge, (-2, 2), (-2, 2), n=10, projector=Flip())["confidence"]
    assert conf[5:].min() >= 0.9 and conf[:5].max() < 0.9


def test_code_density_peaks_where_the_codes_are():
    pts = np.random.default_rng(0).normal([1.5, -1.5], 0.2, size=(2000, 2))
    d = metrics.code_density(pts, (-3, 3), (-3, 3), n=12)
    r, c = np.unravel_index(np.argmax(d), d.shape)
    assert d.max() == pytest.approx(1.0) and c > 6 and r > 6  # right half, lower half (rows from the top)


def test_the_relative_frechet_distance_has_no_unit():
    rng = np.random.default_rng(0)
    f, ref = rng.normal(size=(400, 8)), rng.normal(0.5, 1.0, size=(400, 8))
    assert metrics.relative_frechet(ref, ref) == pytest.approx(0, abs=1e-6)
    assert metrics.relative_frechet(f * 7.0, ref * 7.0) == pytest.approx(metrics.relative_frechet(f, ref), rel=1e-6)


def test_the_distance_to_a_models_own_reconstructions_is_blind_to_blur(judge):
    """A decoder that blurs: its samples (blurred digits) are as far from its reconstructions (other blurred digits)
    at any blur, while the plain distance to real digits grows with it: the measure is not about sharpness."""
    from torchvision.transforms.functional import gaussian_blur

    from core.config import DataConfig
    from core.data import load

    x = load(DataConfig("mnist")).x_test[:1200]
    feats = lambda images: metrics.judge(judge, images)[1]  # noqa: E731
    real = feats(x[:600])
    own, plain = {}, {}
    for sigma in (0.3, 1.5):
        samples = feats(gaussian_blur(x[600:], [9, 9], [sigma, sigma]))
        recons = feats(gaussian_blur(x[:600], [9, 9], [sigma, sigma]))
        own[sigma], plain[sigma] = metrics.relative_frechet(samples, recons), metrics.relative_frechet(samples, real)
    assert plain[1.5] > 5 * plain[0.3]  # the plain distance calls blur unreal
    assert own[1.5] < 2 * own[0.3] + 0.01 and own[1.5] < plain[1.5] / 5, (own, plain)
