"""Pure tensor functions behind the pages: codes, reconstructions, grids, paths through the code space, quality."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from core.models import AutoencoderBase


@torch.no_grad()
def encode(model: AutoencoderBase, x: Tensor, batch_size: int = 2000) -> np.ndarray:
    """Deterministic codes (μ for a VAE) as a numpy array (N, latent_dim)."""
    model.eval()
    return torch.cat([model.encode(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]).numpy()


@torch.no_grad()
def decode(model: AutoencoderBase, z: np.ndarray | Tensor) -> Tensor:
    model.eval()
    return model.decode(torch.as_tensor(np.asarray(z), dtype=torch.float32))


@torch.no_grad()
def reconstruct(model: AutoencoderBase, x: Tensor) -> Tensor:
    model.eval()
    return model(x, sample=False).recon


def prior_codes(n: int, latent_dim: int, seed: int) -> np.ndarray:
    """n draws from N(0, I): the same draws go to every model that is compared."""
    return torch.randn(n, latent_dim, generator=torch.Generator().manual_seed(seed)).numpy()


def prior_draws(model: AutoencoderBase, z: np.ndarray) -> Tensor:
    """N(0, I) draws as codes of this model: themselves, or for PCA scaled by each component's std (a Gaussian
    sampler in PCA space)."""
    z = torch.as_tensor(z, dtype=torch.float32)
    scale = model.prior_scale()
    return z if scale is None else z * scale


def prior_samples(model: AutoencoderBase, z: np.ndarray) -> Tensor:
    """Decode N(0, I) draws as codes of this model (prior_draws)."""
    return decode(model, prior_draws(model, z))


class GaussianFit(NamedTuple):
    mean: np.ndarray  # (d,)
    chol: np.ndarray  # (d, d) lower-triangular: cov = chol @ chol.T


def fit_gaussian(codes: np.ndarray) -> GaussianFit:
    """A Gaussian fitted to a model's codes after training ("ex-post density estimation": Ghosh et al., ICLR 2020,
    "From variational to deterministic autoencoders", §4): the codes' mean and covariance (a ridge of 1e-6 of the
    largest variance keeps it positive definite)."""
    z = np.asarray(codes, dtype=np.float64)
    cov = np.atleast_2d(np.cov(z, rowvar=False))
    cov += np.eye(len(cov)) * 1e-6 * max(float(np.diag(cov).max()), 1e-12)
    return GaussianFit(z.mean(0).astype(np.float32), np.linalg.cholesky(cov).astype(np.float32))


def fitted_codes(fit: GaussianFit, z: np.ndarray) -> np.ndarray:
    """N(0, I) draws mapped to the fitted Gaussian (the same draws, so samplers are compared draw by draw)."""
    return (fit.mean + np.asarray(z, dtype=np.float32) @ fit.chol.T).astype(np.float32)


def fitted_samples(model: AutoencoderBase, fit: GaussianFit, z: np.ndarray) -> Tensor:
    """N(0, I) draws moved to the fitted Gaussian and decoded: the model with a sampler learnt after training."""
    return decode(model, torch.from_numpy(fitted_codes(fit, z)))


def manifold_codes(xlim: tuple[float, float], ylim: tuple[float, float], n: int) -> np.ndarray:
    """An n x n grid of 2-D codes, rows from top (high y) to bottom, as a decoded manifold is drawn."""
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)[::-1]
    return np.array([[x, y] for y in ys for x in xs], dtype=np.float32)


def interpolate(model: AutoencoderBase, xa: Tensor, xb: Tensor, steps: int = 8) -> Tensor:
    """Decode evenly spaced codes on the straight line between the codes of two images."""
    za, zb = encode(model, xa[None]), encode(model, xb[None])
    t = np.linspace(0, 1, steps, dtype=np.float32)[:, None]
    return decode(model, (1 - t) * za + t * zb)


def traverse(model: AutoencoderBase, z0: np.ndarray, dim: int, values: np.ndarray) -> Tensor:
    """Decode copies of z0 with one coordinate swept over values."""
    z = np.repeat(np.asarray(z0, dtype=np.float32)[None], len(values), axis=0)
    z[:, dim] = values
    return decode(model, z)


def kl_per_dim(model: AutoencoderBase, x: Tensor) -> np.ndarray | None:
    """Mean KL to N(0, 1) of each latent coordinate over x (how much the model uses it); None for non-VAEs."""
    if not getattr(model, "variational", False):
        return None
    with torch.no_grad():
        model.eval()
        mu, logvar = model.encode_dist(x)
        return (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).mean(0).numpy()


def to_2d(codes: np.ndarray) -> tuple[np.ndarray, object | None]:
    """2-D view of codes: themselves when 2-D, else their first two principal axes (returned to map clicks back)."""
    if codes.shape[1] == 2:
        return codes, None
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2, random_state=0).fit(codes)
    return pca.transform(codes), pca


def from_2d(point: np.ndarray, projector) -> np.ndarray:
    """Map points of the 2-D view, (2,) or (n, 2), back to codes (n, d), through the projection's plane when there
    is one (the browser's planeToCode in ui/web/draw.js does the same, tested against this)."""
    point = np.asarray(point, dtype=np.float32).reshape(-1, 2)
    return point if projector is None else projector.inverse_transform(point).astype(np.float32)


def mse_per_image(a: Tensor, b: Tensor) -> np.ndarray:
    return (a - b).pow(2).flatten(1).mean(1).numpy()


def psnr(clean: Tensor, other: Tensor) -> np.ndarray:
    """Peak signal-to-noise ratio in dB per image (data range 1); inf for identical images."""
    mse = mse_per_image(clean, other)
    with np.errstate(divide="ignore"):
        return 10 * np.log10(1.0 / mse)


def ssim(clean: Tensor, other: Tensor) -> np.ndarray:
    """Structural similarity per image, scikit-image's implementation (Wang et al. 2004)."""
    from skimage.metrics import structural_similarity

    a, b = clean.numpy(), other.numpy()
    ch = a.shape[1] > 1
    return np.array(
        [
            structural_similarity(
                x.transpose(1, 2, 0) if ch else x[0],
                y.transpose(1, 2, 0) if ch else y[0],
                data_range=1.0,
                channel_axis=2 if ch else None,
            )
            for x, y in zip(a, b)
        ]
    )


def montage(images: Tensor, nrow: int, padding: int = 2, pad_value: float = 1.0) -> np.ndarray:
    """One uint8 HxWxC image of a grid (torchvision's make_grid): one picture per grid, not one per image."""
    from torchvision.utils import make_grid

    grid = make_grid(images.detach().float().clamp(0, 1), nrow=nrow, padding=padding, pad_value=pad_value)
    return (grid.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)


def describe(model: AutoencoderBase):
    """Layer table of a dense model, read off the module itself: label, units, activation, params, part."""
    import pandas as pd
    from torch import nn

    rows = [
        {
            "label": "input",
            "units": int(np.prod(model.shape)),
            "activation": "pixels in [0, 1]",
            "params": 0,
            "part": "input",
            "index": 0,
            "act": "pixels",
        }
    ]

    def linears(seq, part: str, last_act: str) -> None:
        mods = list(seq.modules())
        lins = [m for m in mods if isinstance(m, nn.Linear)]
        for i, m in enumerate(lins):
            nxt = mods[mods.index(m) + 1] if mods.index(m) + 1 < len(mods) else None
            act = "ReLU" if isinstance(nxt, nn.ReLU) else last_act
            rows.append(
                {
                    "label": f"{part} {i + 1}",
                    "units": m.out_features,
                    "activation": act,
                    "params": sum(p.numel() for p in m.parameters()),
                    "part": part,
                    "index": i + 1,
                    "act": {"ReLU": "relu", "sigmoid": "sigmoid", "linear (code)": "linear_code"}.get(act, act),
                }
            )

    if getattr(model, "variational", False):
        linears(model.encoder, "encoder", "ReLU")
        heads = sum(p.numel() for p in model.to_mu.parameters()) + sum(p.numel() for p in model.to_logvar.parameters())
        rows.append(
            {
                "label": "μ, log σ² → z",
                "units": model.latent_dim,
                "activation": "linear; z = μ + σ·ε",
                "params": heads,
                "part": "code",
                "index": 0,
                "act": "sampled",
            }
        )
    else:
        linears(model.encoder, "encoder", "linear (code)")
        rows[-1].update(label="code z", part="code", index=0)
    linears(model.decoder, "decoder", "sigmoid")
    rows[-1].update(label="output", index=-1)
    return pd.DataFrame(rows)
