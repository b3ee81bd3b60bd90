"""The one interface every model shares: encode, decode, forward, loss with named terms."""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class Output(NamedTuple):
    recon: Tensor | None  # decoded images in [0, 1], shape of the input (None: forward(image=False), the loss)
    z: Tensor  # the code that was decoded (a sample for a VAE in training mode, μ otherwise)
    mu: Tensor  # the deterministic code (what `encode` returns)
    logvar: Tensor | None = None  # VAE posterior log-variance
    logits: Tensor | None = None  # pre-sigmoid decoder output where there is one (numerically stable BCE)


class Loss(dict):
    """A model's loss as named terms, batch means in nats per image: "total" is what is minimised, the others are
    its parts (an autoencoder's "recon", the BCE summed over pixels, and "kl", KL(q(z|x) || N(0, I)), 0 for a
    deterministic model). The training loop keeps a running mean of every term a model returns, so a kind may add
    its own. Terms read as attributes too (loss.total)."""

    def __getattr__(self, name: str) -> Tensor:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def weighted(cls, terms: dict[str, Tensor], weights: dict[str, float] | None = None) -> Loss:
        """Per-image terms → the loss: total = Σ weight × term (weight 1 where none is given), all as batch means."""
        weights = weights or {}
        total = sum(weights.get(k, 1.0) * v for k, v in terms.items())
        return cls(total=total.mean(), **{k: v.mean() for k, v in terms.items()})


def terms(loss: Loss) -> dict[str, float]:
    """A loss as the figures a history or a test row records: "loss" (the total) and each named part."""
    return {("loss" if k == "total" else k): torch.as_tensor(v).detach().item() for k, v in loss.items()}


def kl_normal(mu: Tensor, logvar: Tensor) -> Tensor:
    """KL(N(mu, diag(exp(logvar))) || N(0, I)) per row; Kingma & Welling 2014, Appendix B."""
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)


def bce_per_image(out: Output, target: Tensor) -> Tensor:
    """Binary cross-entropy summed over pixels, one value per image."""
    if out.logits is not None:
        bce = F.binary_cross_entropy_with_logits(out.logits, target, reduction="none")
    else:
        bce = F.binary_cross_entropy(out.recon.clamp(1e-6, 1 - 1e-6), target, reduction="none")
    return bce.flatten(1).sum(1)


class AutoencoderBase(nn.Module):
    """Shared loss for deterministic and variational models; subclasses set `variational` and `beta`."""

    variational = False
    closed_form = False  # True: fitted in one step by fit(x), not by the training loop
    beta = 1.0

    def encode(self, x: Tensor) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def decode(self, z: Tensor) -> Tensor:
        """Decode codes to images in [0, 1]."""
        return torch.sigmoid(self.decode_logits(z))

    def loss(self, x: Tensor, target: Tensor | None = None, sample: bool | None = None) -> Loss:
        """Batch mean of the per-image loss terms; target defaults to x (denoising passes the clean image)."""
        out = self(x, sample=sample, image=False)  # the loss needs logits only: no sigmoid image per step
        return self._loss_of(out, x if target is None else target)

    def _loss_of(self, out: Output, target: Tensor) -> Loss:
        recon = bce_per_image(out, target)
        kl = kl_normal(out.mu, out.logvar) if out.logvar is not None else torch.zeros_like(recon)
        return Loss.weighted({"recon": recon, "kl": kl}, {"kl": self.beta})

    @torch.no_grad()
    def test_terms(self, x: Tensor, y: Tensor) -> dict[str, float]:
        """One test batch's figures: the loss terms with a sampled code (as the ELBO is defined) and `scores` (the
        MSE of decoding μ), from one encoder pass; a deterministic model decodes once for both. The same numbers
        as loss(sample=True) then scores(), at half to three quarters of the work (evaluated after every epoch)."""
        out = self(x, sample=True, image=not self.variational)
        loss = self._loss_of(out, self.target(x, y))
        image = self.decode(out.mu) if self.variational else out.recon
        mse = F.mse_loss(image, x)
        return {**terms(loss), "mse": mse.item()}

    @torch.no_grad()
    def init_from_data(self, x: Tensor) -> None:
        """Start the decoder's output bias at the logit of the mean training image (per pixel for a dense
        decoder, per channel for a convolutional one), so the first steps learn shapes, not the average."""
        last = self.decoder[-1]
        mean = x.float().mean(0)
        mean = mean.flatten() if isinstance(last, nn.Linear) else mean.flatten(1).mean(1)
        last.bias.copy_(torch.logit(mean.clamp(1e-3, 1 - 1e-3)).to(last.bias))

    def prior_scale(self) -> Tensor | None:
        """Per-coordinate scale of a Gaussian sampler in this model's code space (None: N(0, I) as it is)."""
        return None

    @staticmethod
    def target(x: Tensor, y: Tensor) -> Tensor:
        """What the training loop compares the output with: the clean image itself."""
        return x

    @torch.no_grad()
    def scores(self, x: Tensor, y: Tensor) -> dict[str, float]:
        """Per-pixel MSE of the deterministic reconstruction (decode of μ)."""
        return {"mse": F.mse_loss(self(x, sample=False).recon, x).item()}

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())


def reparameterize(mu: Tensor, logvar: Tensor) -> Tensor:
    """z = mu + sigma * eps, eps ~ N(0, I) (the reparameterisation trick)."""
    return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)


def image_numel(shape: tuple[int, ...]) -> int:
    return math.prod(shape)
