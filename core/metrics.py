"""Measured comparison: pure functions over models and tensors (no Streamlit)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from core.analysis import (
    decode,
    encode,
    fit_gaussian,
    fitted_samples,
    from_2d,
    manifold_codes,
    prior_codes,
    prior_draws,
    prior_samples,
    psnr,
    reconstruct,
    ssim,
)
from core.models import AutoencoderBase
from core.noise import corrupt


@torch.no_grad()
def reconstruction(model: AutoencoderBase, x: Tensor, batch_size: int = 2000) -> dict:
    """Per-pixel MSE and BCE (nats per image) of decode(encode(x)), the deterministic reconstruction."""
    mse, bce = [], []
    for i in range(0, len(x), batch_size):
        xb = x[i : i + batch_size]
        r = reconstruct(model, xb)
        mse.append(F.mse_loss(r, xb, reduction="none").flatten(1).mean(1))
        bce.append(F.binary_cross_entropy(r.clamp(1e-6, 1 - 1e-6), xb, reduction="none").flatten(1).sum(1))
    return {"mse": torch.cat(mse).mean().item(), "bce": torch.cat(bce).mean().item()}


@torch.no_grad()
def elbo(model: AutoencoderBase, x: Tensor, seed: int = 0) -> dict:
    """Negative ELBO with its reconstruction and KL parts, nats per image (one sampled z per image)."""
    torch.manual_seed(seed)
    model.eval()
    loss = model.loss(x, sample=True)
    return {"neg_elbo": loss.total.item(), "recon": loss.recon.item(), "kl": loss.kl.item()}


def iw_nll(model: AutoencoderBase, x: Tensor, k: int = 50, seed: int = 0, batch_size: int = 250) -> float:
    """-log p(x) estimated with k importance samples from q(z|x) (Burda et al. 2016): tighter than the ELBO."""
    return iw_nll_per_image(model, x, k, seed, batch_size).mean().item()


@torch.no_grad()
def iw_nll_per_image(model: AutoencoderBase, x: Tensor, k: int = 50, seed: int = 0, batch_size: int = 250) -> Tensor:
    """iw_nll of each image, nats (N,)."""
    g = torch.Generator().manual_seed(seed)
    model.eval()
    out = []
    for i in range(0, len(x), batch_size):
        xb = x[i : i + batch_size]
        mu, logvar = model.encode_dist(xb)
        std = (0.5 * logvar).exp()
        eps = torch.randn((k, *mu.shape), generator=g)
        z = mu + std * eps  # (k, B, d)
        logits = model.decode_logits(z.flatten(0, 1)).view(k, len(xb), -1)
        log_px_z = -F.binary_cross_entropy_with_logits(logits, xb.flatten(1).expand(k, -1, -1), reduction="none").sum(2)
        log_pz = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(2)
        log_qz = -0.5 * (eps.pow(2) + math.log(2 * math.pi) + logvar).sum(2)
        out.append(-(torch.logsumexp(log_px_z + log_pz - log_qz, 0) - math.log(k)))
    return torch.cat(out)


def knn_accuracy(z_train: np.ndarray, y_train: np.ndarray, z_test: np.ndarray, y_test: np.ndarray, k: int = 5) -> float:
    """Accuracy of a k-nearest-neighbour classifier on the codes: how well classes separate in the code space."""
    from sklearn.neighbors import KNeighborsClassifier

    return float(KNeighborsClassifier(n_neighbors=k).fit(z_train, y_train).score(z_test, y_test))


def trustworthiness(x: Tensor, z: np.ndarray, n_neighbors: int = 5) -> float:
    """scikit-learn's trustworthiness: are the code-space neighbours also neighbours in pixel space (1 = yes)."""
    from sklearn.manifold import trustworthiness as tw

    return float(tw(x.flatten(1).numpy(), z, n_neighbors=n_neighbors))


def aggregate_kl(z: np.ndarray) -> float:
    """KL( N(mean, cov) of the codes || N(0, I) ): how far the code cloud is from what a sampler draws."""
    z = np.asarray(z, dtype=np.float64)
    d = z.shape[1]
    m, cov = z.mean(0), np.atleast_2d(np.cov(z, rowvar=False)) + 1e-6 * np.eye(d)
    _, logdet = np.linalg.slogdet(cov)
    return float(0.5 * (np.trace(cov) + m @ m - d - logdet))


def active_units(z_mean: np.ndarray, threshold: float = 0.01) -> int:
    """Coordinates whose mean code varies across inputs, Cov_x(E[z|x]) > threshold (Burda et al. 2016)."""
    return int((np.var(z_mean, axis=0) > threshold).sum())


def judge(clf, images: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Class probabilities and penultimate features of the project's classifier."""
    probs, feats = clf.predict(images)
    return probs.numpy(), feats.numpy()


CONFIDENCE = 0.9  # the judge's bar for "recognised": one class with at least this probability
HOLE = 255  # the class of a judged image where the judge recognises no digit (a hole)
# The smallest AE-minus-VAE difference in holes shares that a page calls a clear gap (15 points of N(0, I) draws,
# far above the draw-to-draw spread of 2,000 draws, about 1 point); below it, the page says the claim is weak here.
CLEAR_GAP = 0.15


def recognised_labels(probs: np.ndarray, confidence: float = CONFIDENCE) -> np.ndarray:
    """The class the judge recognises in each image (uint8), HOLE where no class reaches `confidence`."""
    return np.where(probs.max(1) >= confidence, probs.argmax(1), HOLE).astype(np.uint8)


def recognised_share(probs: np.ndarray, confidence: float = CONFIDENCE) -> float:
    """Share of images the classifier assigns to one class with at least this confidence (1 - holes)."""
    return float((probs.max(1) >= confidence).mean())


def class_coverage(probs: np.ndarray, min_share: float = 0.02) -> int:
    """How many classes get at least min_share of the (confidently) predicted images."""
    pred = probs.argmax(1)
    shares = np.bincount(pred, minlength=probs.shape[1]) / len(pred)
    return int((shares >= min_share).sum())


def frechet_distance(f1: np.ndarray, f2: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, as in FID)."""
    from scipy import linalg

    m1, m2 = f1.mean(0), f2.mean(0)
    ridge = 1e-6 * np.eye(f1.shape[1])  # dead ReLU features make the covariances singular
    s1, s2 = np.cov(f1, rowvar=False) + ridge, np.cov(f2, rowvar=False) + ridge
    with warnings.catch_warnings():  # near-singular products are expected here; the ridge keeps them finite
        warnings.simplefilter("ignore")
        covmean = linalg.sqrtm(s1 @ s2)
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(max(0.0, ((m1 - m2) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean)))


def relative_frechet(f: np.ndarray, ref: np.ndarray) -> float:
    """The Fréchet distance of features f to reference features, divided by the reference's total variance (the
    trace of its covariance): unit-free, so that models whose outputs differ in sharpness, and so in the spread of
    their features, compare on one scale (0: the same Gaussian; 1: as far as the reference's spread)."""
    return frechet_distance(f, ref) / max(float(np.trace(np.atleast_2d(np.cov(ref, rowvar=False)))), 1e-12)


def generation(
    models: dict[str, AutoencoderBase],
    clf,
    x_test: Tensor,
    n: int = 2000,
    seed: int = 0,
    x_train: Tensor | None = None,
) -> dict:
    """Per model: recognised share, class coverage, mean confidence and Fréchet distance to real images of N(0, I)
    samples; plus the real-vs-real floor (one half of the first n test images against the other).

    And a realism measure that is not about sharpness: the relative Fréchet distance of the samples to the same
    model's reconstructions of n test images ("frechet_recon"), with its floor, the reconstructions of n other test
    images against them ("frechet_recon_floor"): the decoder's blur is on both sides, so what is left is whether
    random codes decode to what real images' codes decode to. "recognised_recon": the share of those reconstructions the
    judge recognises, the model's own ceiling. With training images: the same draws through a Gaussian fitted to
    each model's training codes ("recognised_fitted", "frechet_fitted_recon")."""
    n = min(n, len(x_test))
    _, f_real = judge(clf, x_test[:n])
    out = {}
    for name, model in models.items():
        probs, feats = judged_prior_samples(model, clf, n, seed)
        recon_probs, f_recon = judge(clf, reconstruct(model, x_test[:n]))
        out[name] = {
            "recognised": recognised_share(probs),
            "coverage": class_coverage(probs),
            "confidence": float(probs.max(1).mean()),
            "frechet": frechet_distance(feats, f_real),
            "recognised_recon": recognised_share(recon_probs),
            "frechet_recon": relative_frechet(feats, f_recon),
            "frechet_recon_floor": _recon_floor(model, clf, x_test, n, f_recon),
        }
        if x_train is not None:
            fprobs, ffeats = judged_fitted_samples(model, clf, x_train, n, seed)
            out[name]["recognised_fitted"] = recognised_share(fprobs)
            out[name]["frechet_fitted_recon"] = relative_frechet(ffeats, f_recon)
    half = n // 2
    _, fa = judge(clf, x_test[:half])
    _, fb = judge(clf, x_test[half : 2 * half])
    out["real-vs-real"] = {"frechet": frechet_distance(fa, fb)}
    return out


def _recon_floor(model: AutoencoderBase, clf, x_test: Tensor, n: int, f_recon: np.ndarray) -> float:
    """The distance to a model's reconstructions of x_test[:n] that sampling alone gives: its reconstructions of the
    next n test images against them (or, with fewer than 2n test images, of one half of the first n against the
    other)."""
    if len(x_test) >= 2 * n:
        return relative_frechet(judge(clf, reconstruct(model, x_test[n : 2 * n]))[1], f_recon)
    return relative_frechet(f_recon[: n // 2], f_recon[n // 2 : 2 * (n // 2)])


def judged_prior_samples(model: AutoencoderBase, clf, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The judge's probabilities and features for n decoded N(0, I) draws (PCA: its Gaussian sampler)."""
    return judge(clf, prior_samples(model, prior_codes(n, model.latent_dim, seed)))


def judged_fitted_samples(
    model: AutoencoderBase, clf, x_train: Tensor, n: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The same n draws, mapped to a Gaussian fitted to the model's codes of x_train (Ghosh et al. 2020), decoded
    and judged: what a model generates when its sampler is learnt after training instead of fixed before it."""
    fit = fit_gaussian(encode(model, x_train))
    return judge(clf, fitted_samples(model, fit, prior_codes(n, model.latent_dim, seed)))


def judged_draws(model: AutoencoderBase, clf, n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The n N(0, I) draws that holes_share counts, as codes of the model (PCA: its Gaussian's), and the judge's
    probabilities for their decoded images: what a holes view draws, draw by draw."""
    z = prior_draws(model, prior_codes(n, model.latent_dim, seed))
    return z.numpy(), judge(clf, decode(model, z))[0]


def holes_share(model: AutoencoderBase, clf, n: int = 2000, seed: int = 0) -> float:
    """Share of the N(0, I) mass whose decoded images the judge does not recognise (holes), by n draws: 1 minus
    the scoreboard's "recognised random samples" for the same n and seed."""
    return 1.0 - recognised_share(judged_draws(model, clf, n, seed)[1])


def holes_map(model: AutoencoderBase, clf, xlim, ylim, n: int = 40, projector=None) -> dict[str, np.ndarray]:
    """The judge over an n x n grid of a latent plane (rows from the top, as a plane is drawn): its confidence and
    its class for each decoded code. Codes of more than two coordinates are decoded through the plane's
    projection (the plane's points mapped back into the code space, as a click on the plane is)."""
    grid = manifold_codes(tuple(xlim), tuple(ylim), n)
    z = from_2d(grid, projector)
    probs, _ = judge(clf, decode(model, z))
    return {"confidence": probs.max(1).reshape(n, n), "label": probs.argmax(1).reshape(n, n)}


def code_density(points: np.ndarray, xlim, ylim, n: int = 40) -> np.ndarray:
    """Where the codes lie on a plane: an n x n histogram (rows from the top), smoothed by one cell, max 1."""
    from scipy.ndimage import gaussian_filter

    h, _, _ = np.histogram2d(points[:, 1], points[:, 0], bins=n, range=[list(ylim), list(xlim)])
    h = gaussian_filter(h[::-1], sigma=1.0)
    return h / max(h.max(), 1e-12)


def denoising(models: dict[str, AutoencoderBase], x: Tensor, kind: str, levels, seed: int = 1) -> list[dict]:
    """PSNR and SSIM (scikit-image) of each model's output on corrupted x against the clean x, per level."""
    rows = []
    for level in levels:
        noisy = corrupt(x, kind, float(level), torch.Generator().manual_seed(seed))
        outs = {"noisy": noisy, **{name: reconstruct(m, noisy) for name, m in models.items()}}
        for name, out in outs.items():
            rows.append(
                {
                    "model": name,
                    "noise": kind,
                    "level": float(level),
                    "psnr": float(np.mean(np.minimum(psnr(x, out), 60))),
                    "ssim": float(ssim(x, out).mean()),
                }
            )
    return rows


__all__ = [
    "reconstruction",
    "elbo",
    "iw_nll",
    "knn_accuracy",
    "trustworthiness",
    "aggregate_kl",
    "active_units",
    "recognised_share",
    "class_coverage",
    "frechet_distance",
    "relative_frechet",
    "generation",
    "holes_share",
    "judged_draws",
    "holes_map",
    "code_density",
    "denoising",
    "encode",
]
