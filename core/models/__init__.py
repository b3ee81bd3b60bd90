"""A plain dict registry of model kinds (pure nn.Modules); pages build their choices from it."""

from __future__ import annotations

from core.config import ModelConfig
from core.models.base import AutoencoderBase, Loss, Output, kl_normal
from core.models.classifier import DigitClassifier
from core.models.conv import ConvAE, ConvVAE
from core.models.dense import DenseAE, DenseVAE
from core.models.pca import PCAModel

MODELS: dict[str, type] = {
    "pca": PCAModel,
    "ae": DenseAE,
    "vae": DenseVAE,
    "conv-ae": ConvAE,
    "conv-vae": ConvVAE,
    "classifier": DigitClassifier,  # not an autoencoder: the judge of generated images (core.metrics)
}


def build(cfg: ModelConfig, shape: tuple[int, ...]):
    """A fresh model for a config and a data shape (C, H, W)."""
    if cfg.kind not in MODELS:
        raise ValueError(f"unknown model kind {cfg.kind!r}; choose one of {', '.join(MODELS)}")
    return MODELS[cfg.kind](
        shape=shape, latent_dim=cfg.latent_dim, hidden=cfg.hidden, channels=cfg.channels, beta=cfg.beta
    )


__all__ = ["MODELS", "build", "Output", "Loss", "kl_normal", "AutoencoderBase", "DigitClassifier"]
