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
