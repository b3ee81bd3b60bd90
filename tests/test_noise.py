import pytest
import torch

from core.noise import NOISES, corrupt


@pytest.mark.parametrize("kind", NOISES)
def test_corrupt_keeps_range_and_zero_level_is_identity(kind):
    x = torch.rand(10, 1, 28, 28)
    g = torch.Generator().manual_seed(0)
    y = corrupt(x, kind, 0.3, g)
    assert y.shape == x.shape and 0 <= y.min() and y.max() <= 1 and not torch.equal(x, y)
    assert torch.equal(corrupt(x, kind, 0.0, g), x)


def test_masking_and_salt_pepper_hit_the_requested_fraction():
    x = torch.full((100, 1, 28, 28), 0.5)
    g = torch.Generator().manual_seed(0)
    assert abs((corrupt(x, "masking", 0.3, g) == 0).float().mean().item() - 0.3) < 0.01
    assert abs((corrupt(x, "salt-pepper", 0.2, g) != 0.5).float().mean().item() - 0.2) < 0.01


def test_bad_noise_is_refused():
    with pytest.raises(ValueError, match="unknown noise"):
        corrupt(torch.rand(2, 4), "blur", 0.1)
    with pytest.raises(ValueError, match=">= 0"):
        corrupt(torch.rand(2, 4), "gaussian", -1)
