"""The models (pure nn.Modules behind one interface); which class a kind builds is its descriptor's (core.kinds)."""

from __future__ import annotations

import importlib

from core import kinds
from core.config import ModelConfig
from core.models.base import AutoencoderBase, Loss, Output, kl_normal
from core.models.classifier import DigitClassifier


def model_class(kind: str) -> type:
    """The nn.Module class of a kind: its descriptor names it ("module:Class") or holds it."""
    model = kinds.get(kind).model
    if isinstance(model, str):
        module, _, name = model.partition(":")
        model = getattr(importlib.import_module(module), name)
    return model


def build(cfg: ModelConfig, shape: tuple[int, ...]):
    """A fresh model for a config and a data shape (C, H, W)."""
    return model_class(cfg.kind)(
        shape=shape,
        latent_dim=cfg.latent_dim,
        hidden=cfg.hidden,
        channels=cfg.channels,
        beta=cfg.beta,
        likelihood=cfg.likelihood,
    )


__all__ = ["build", "model_class", "Output", "Loss", "kl_normal", "AutoencoderBase", "DigitClassifier"]
