"""Convolutional AE and VAE for RGB faces (64x64 by default); the same encoder/decoder for both."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from core.models.base import AutoencoderBase, Loss, Output, kl_normal, reparameterize


def conv_encoder(c_in: int, channels) -> nn.Sequential:
    layers: list[nn.Module] = []
    for c in channels:  # each block halves the side: 64 -> 32 -> 16 -> 8 -> 4
        layers += [nn.Conv2d(c_in, c, 4, stride=2, padding=1), nn.BatchNorm2d(c), nn.LeakyReLU(0.2)]
        c_in = c
    return nn.Sequential(*layers, nn.Flatten())


def conv_decoder(c_out: int, channels) -> nn.Sequential:
    rev = list(reversed(channels))
    layers: list[nn.Module] = []
    for a, b in zip(rev, rev[1:]):
        layers += [nn.ConvTranspose2d(a, b, 4, stride=2, padding=1), nn.BatchNorm2d(b), nn.LeakyReLU(0.2)]
    layers.append(nn.ConvTranspose2d(rev[-1], c_out, 4, stride=2, padding=1))  # logits
    return nn.Sequential(*layers)


class ConvAE(AutoencoderBase):
    def __init__(self, shape=(3, 64, 64), latent_dim: int = 128, channels=(32, 64, 128, 256), **_):
        super().__init__()
        self.shape, self.latent_dim = tuple(shape), latent_dim
        c, h, w = self.shape
        self.side = h // 2 ** len(channels)  # feature-map side at the bottleneck
        flat = channels[-1] * self.side * (w // 2 ** len(channels))
        self.encoder = conv_encoder(c, channels)
        self.to_code = nn.Linear(flat, latent_dim * (2 if self.variational else 1))
        self.from_code = nn.Linear(latent_dim, flat)
        self.decoder = conv_decoder(c, channels)
        self.bottleneck = (channels[-1], self.side, w // 2 ** len(channels))

    def encode_dist(self, x: Tensor) -> tuple[Tensor, Tensor | None]:
        h = self.to_code(self.encoder(x))
        return h.chunk(2, dim=1) if self.variational else (h, None)

    def encode(self, x: Tensor) -> Tensor:
        return self.encode_dist(x)[0]

    def decode_logits(self, z: Tensor) -> Tensor:
        return self.decoder(self.from_code(z).view(-1, *self.bottleneck))

    def forward(self, x: Tensor, sample: bool | None = None, image: bool = True) -> Output:
        mu, logvar = self.encode_dist(x)
        sample = self.training if sample is None else sample
        z = reparameterize(mu, logvar) if (self.variational and sample) else mu
        logits = self.decode_logits(z)
        return Output(logits.sigmoid() if image else None, z, mu, logvar, logits)


class ConvVAE(ConvAE):
    variational = True

    def __init__(
        self,
        shape=(3, 64, 64),
        latent_dim: int = 128,
        channels=(32, 64, 128, 256),
        beta: float = 1.0,
        likelihood: str = "bernoulli",
        **_,
    ):
        super().__init__(shape, latent_dim, channels)
        self.beta, self.likelihood = beta, likelihood

    def _loss_of(self, out: Output, target: Tensor) -> Loss:
        """ "bernoulli": the cross-entropy of every VAE here. "gaussian": each pixel ~ N(decoded mean, σ²) with one
        σ for all pixels, the one that fits this batch best (σ² = its mean squared error; the σ-VAE of Rybkin et al.
        2021, "Simple and effective VAE training with calibrated decoders"): the reconstruction weighs as much as
        the images' own noise level says, not as a cross-entropy of grey values says, and faces come out sharper."""
        if self.likelihood != "gaussian":
            return super()._loss_of(out, target)
        sq = (torch.sigmoid(out.logits) - target).pow(2).flatten(1)
        var = sq.mean().detach().clamp_min(1e-6)
        recon = 0.5 * (sq / var).sum(1) + 0.5 * sq.shape[1] * torch.log(2 * math.pi * var)
        return Loss.weighted({"recon": recon, "kl": kl_normal(out.mu, out.logvar)}, {"kl": self.beta})
