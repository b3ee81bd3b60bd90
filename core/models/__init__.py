"""A plain dict registry of model kinds; pages build their choices from it."""
from __future__ import annotations

import dataclasses

from core.config import ModelConfig
from core.classifier import DigitClassifier
from core.models.base import AutoencoderBase, Loss, Output, kl_normal
from core.models.conv import ConvAE, ConvVAE
from core.models.dense import DenseAE, DenseVAE
from core.models.pca import PCAModel

MODELS: dict[str, type[AutoencoderBase]] = {
    "pca": PCAModel,
    "ae": DenseAE,
    "vae": DenseVAE,
    "conv-ae": ConvAE,
    "conv-vae": ConvVAE,
    "classifier": DigitClassifier,  # not an autoencoder: the judge of generated digits (core.metrics)
}
LABELS = {"pca": "PCA", "ae": "AE", "vae": "VAE", "conv-ae": "Conv AE", "conv-vae": "Conv VAE"}
# Config fields each kind reads; the others are reset so they never change a checkpoint key.
USES = {"pca": {"latent_dim"}, "ae": {"latent_dim", "hidden"}, "vae": {"latent_dim", "hidden", "beta"},
        "conv-ae": {"latent_dim", "channels"}, "conv-vae": {"latent_dim", "channels", "beta"}, "classifier": set()}


def normalized(cfg: ModelConfig) -> ModelConfig:
    default = ModelConfig()
    return dataclasses.replace(cfg, **{f.name: getattr(default, f.name) for f in dataclasses.fields(cfg)
                                       if f.name not in USES[cfg.kind] | {"kind"}})


def build(cfg: ModelConfig, shape: tuple[int, ...]) -> AutoencoderBase:
    if cfg.kind not in MODELS:
        raise ValueError(f"unknown model kind {cfg.kind!r}; choose one of {', '.join(MODELS)}")
    return MODELS[cfg.kind](shape=shape, latent_dim=cfg.latent_dim, hidden=cfg.hidden, channels=cfg.channels,
                            beta=cfg.beta)


__all__ = ["MODELS", "LABELS", "build", "normalized", "Output", "Loss", "kl_normal", "AutoencoderBase"]
