"""Corruptions for denoising: Gaussian, salt-and-pepper, masking; the level is a parameter."""

from __future__ import annotations

import torch
from torch import Tensor

from core.config import NOISES


def corrupt(x: Tensor, kind: str, level: float, generator: torch.Generator | None = None) -> Tensor:
    """Return a corrupted copy of x in [0, 1]. gaussian: std=level; salt-pepper / masking: fraction of pixels."""
    if level < 0:
        raise ValueError(f"noise level must be >= 0, got {level}")
    rand = lambda: torch.rand(x.shape, generator=generator, device=x.device)
    if kind == "gaussian":
        return (x + level * torch.randn(x.shape, generator=generator, device=x.device)).clamp_(0, 1)
    if kind == "salt-pepper":
        hit, salt = rand() < level, rand() < 0.5
        return torch.where(hit, salt.to(x.dtype), x)
    if kind == "masking":
        return x * (rand() >= level)
    raise ValueError(f"unknown noise {kind!r}; choose one of {', '.join(NOISES)}")


def outliers(n: int, shape: tuple[int, ...], generator: torch.Generator | None = None) -> Tensor:
    """n images that are no class at all, for teaching a judge to say so (outlier exposure): a third uniform
    noise, a third sparse dots, a third grey Gaussian noise, each with its own random level."""
    k = -(-n // 3)
    level = lambda lo, hi: lo + (hi - lo) * torch.rand(k, *([1] * len(shape)), generator=generator)
    uniform = torch.rand(k, *shape, generator=generator)
    dots = (torch.rand(k, *shape, generator=generator) < level(0.02, 0.3)).float()
    grey = (level(0.2, 0.8) + level(0.05, 0.3) * torch.randn(k, *shape, generator=generator)).clamp(0, 1)
    return torch.cat([uniform, dots, grey])[:n]
