"""Telling the unfamiliar from the familiar: scores of how unlike the training data an input is, the sets that
test them (no download needed), and how well each score separates them (AUROC).

Scores, per image, higher = more unfamiliar:
- "ae", "pca": the mean squared error of the model's reconstruction (per pixel);
- "vae_elbo": the VAE's loss at z = μ (reconstruction in nats + KL), what the lab's pad shows for a drawing;
- "vae_nll": the VAE's -log p(x) of the image in black and white (pixels > 0.5), importance-sampled (k = 50, as
  the scoreboard's), in nats: its Bernoulli decoder gives a true probability to a black-and-white image (to grey
  pixels it does not), so this is a likelihood in the sense of Nalisnick et al.;
- "vae_complexity": Serrà et al. (ICLR 2020): that -log2 p(x) minus the length in bits of the same black-and-white
  image as a PNG (a lossless compressor's estimate of how complex it is), so that simple images stop looking
  familiar: both are code lengths of one image, in bits.

A generative model's likelihood is not a familiarity score: it rates simple inputs (a blank image) as more likely
than its own data (Nalisnick et al., ICLR 2019), which an AUROC below 0.5 shows.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from core import metrics
from core.digits import mnist_form
from core.models import AutoencoderBase

FONT = Path(__file__).resolve().parents[1] / "ui" / "fonts" / "DejaVuSans.ttf"  # shipped with the lab (its licence)
# Letters and symbols that do not pass for a digit (no O, I, l, S, Z, B, g, q, b ...)
GLYPHS = "ACDEFGHJKLMNPRTUVWXYacdefhkmnprtuvwxy#%&@?+=$*"
SETS = ("letters", "faces", "inverted", "rotated", "shifted", "blank", "noise")  # need no download
SCORES = ("ae", "pca", "vae_elbo", "vae_nll", "vae_complexity")
IW_SAMPLES = 50


# ---- the unfamiliar sets ---------------------------------------------------------------------------------------
def letters(n: int, seed: int = 0) -> Tensor:
    """n letters and symbols in the shipped font, drawn with a pen about MNIST's width at a random size, slant
    and rotation, then put in MNIST's form (core.digits.mnist_form: fitted in 20 x 20, centred by mass)."""
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        glyph = GLYPHS[rng.integers(len(GLYPHS))]
        size = int(rng.integers(40, 56))
        font = ImageFont.truetype(str(FONT), size)
        img = Image.new("L", (96, 96), 0)
        ImageDraw.Draw(img).text((48, 48), glyph, fill=255, font=font, anchor="mm", stroke_width=1, stroke_fill=255)
        img = img.rotate(float(rng.uniform(-15, 15)), resample=Image.BILINEAR)
        out.append(mnist_form(np.asarray(img, dtype=np.float32) / 255))
    return torch.from_numpy(np.stack(out))[:, None]


def faces(n: int, seed: int = 0) -> Tensor:
    """The LFW face crops shipped with scikit-image (the first 50 of lfw_subset, the ones that are faces), grey,
    28 x 28, and their mirror images; repeated to n with a small random shift."""
    from PIL import Image
    from skimage.data import lfw_subset

    crops = lfw_subset()[:50]
    imgs = [
        np.asarray(Image.fromarray((f * 255).astype(np.uint8)).resize((28, 28), Image.BILINEAR)) / 255 for f in crops
    ]
    imgs += [im[:, ::-1] for im in imgs]
    rng = np.random.default_rng(seed)
    out = [np.roll(imgs[i % len(imgs)], tuple(rng.integers(-2, 3, 2)), (0, 1)) for i in range(n)]
    return torch.tensor(np.stack(out), dtype=torch.float32)[:, None]


def shifted(x: Tensor, by: int = 7) -> Tensor:
    """Digits moved by `by` pixels right and down (what leaves the frame is lost, black comes in)."""
    out = torch.zeros_like(x)
    out[..., by:, by:] = x[..., : x.shape[-2] - by, : x.shape[-1] - by]
    return out


def unfamiliar(name: str, x_test: Tensor, n: int, seed: int = 0) -> Tensor:
    """One unfamiliar set of n images (1 x 28 x 28, in [0, 1]), deterministic for a seed. The digit-made ones
    transform held-out digits x_test (other digits than the familiar set's: from the end of the test split)."""
    g = torch.Generator().manual_seed(seed)
    digits = x_test[len(x_test) - n :]
    if name == "letters":
        return letters(n, seed)
    if name == "faces":
        return faces(n, seed)
    if name == "inverted":
        return 1 - digits
    if name == "rotated":
        return torch.rot90(digits, 1, (2, 3)).contiguous()
    if name == "shifted":
        return shifted(digits)
    if name == "blank":  # black, or nearly: a flat grey level of at most 0.1
        return torch.rand(n, 1, 1, 1, generator=g).mul(0.1).expand(n, 1, 28, 28).contiguous()
    if name == "noise":
        return torch.rand(n, 1, 28, 28, generator=g)
    raise ValueError(f"unknown unfamiliar set {name!r}; known: {', '.join(SETS)}")


# ---- the scores ------------------------------------------------------------------------------------------------
@torch.no_grad()
def reconstruction_error(model: AutoencoderBase, x: Tensor, batch_size: int = 2000) -> np.ndarray:
    """Mean squared error per pixel of each image's reconstruction (for a VAE: decoded at z = μ)."""
    model.eval()
    out = []
    for i in range(0, len(x), batch_size):
        xb = x[i : i + batch_size]
        z = model.encode_dist(xb)[0] if model.variational else model.encode(xb)
        out.append((model.decode(z) - xb).pow(2).flatten(1).mean(1))
    return torch.cat(out).numpy()


@torch.no_grad()
def loss_at_mean(model: AutoencoderBase, x: Tensor, batch_size: int = 2000) -> np.ndarray:
    """The VAE's loss at z = μ per image, nats: Bernoulli reconstruction + β-free KL (the ELBO's terms at its mean
    code; what the browser computes for a drawing)."""
    model.eval()
    out = []
    for i in range(0, len(x), batch_size):
        xb = x[i : i + batch_size]
        mu, logvar = model.encode_dist(xb)
        logits = model.decode_logits(mu).flatten(1)
        recon = F.binary_cross_entropy_with_logits(logits, xb.flatten(1), reduction="none").sum(1)
        kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)
        out.append(recon + kl)
    return torch.cat(out).numpy()


def iw_nll(model: AutoencoderBase, x: Tensor, k: int = IW_SAMPLES, seed: int = 0) -> np.ndarray:
    """-log p(x) per image, nats, estimated with k importance samples (the scoreboard's estimator, per image)."""
    return metrics.iw_nll_per_image(model, x, k, seed).numpy()


def binarize(x: Tensor) -> Tensor:
    """Black and white: pixels above 0.5 on, the rest off."""
    return (x > 0.5).float()


def png_bits(x: Tensor) -> np.ndarray:
    """The length in bits of each black-and-white image (x > 0.5) as a 1-bit PNG (zlib at its strongest): its
    complexity, in the units of -log2 p(x)."""
    from PIL import Image

    out = []
    for img in (x[:, 0] > 0.5).numpy():
        buf = io.BytesIO()
        Image.fromarray(img).convert("1").save(buf, format="PNG", compress_level=9)
        out.append(8 * len(buf.getvalue()))
    return np.asarray(out, dtype=np.float64)


def scores(models: dict[str, AutoencoderBase], x: Tensor, seed: int = 0) -> dict[str, np.ndarray]:
    """Every score (SCORES) the given models allow, per image of x; models: {"ae", "vae", "pca"} (any of them)."""
    out: dict[str, np.ndarray] = {}
    for kind in ("ae", "pca"):
        if kind in models:
            out[kind] = reconstruction_error(models[kind], x)
    if "vae" in models:
        vae = models["vae"]
        out["vae_elbo"] = loss_at_mean(vae, x)
        out["vae_nll"] = iw_nll(vae, binarize(x), seed=seed)
        out["vae_complexity"] = out["vae_nll"] / math.log(2) - png_bits(x)
    return out


# ---- how well a score separates ----------------------------------------------------------------------------------
def auroc(familiar: np.ndarray, unfamiliar: np.ndarray) -> float:
    """The area under the ROC curve of a score that should be higher for the unfamiliar inputs: the chance that
    a random unfamiliar input scores above a random familiar one (ties: half). 0.5 is chance; below 0.5 the score
    ranks the unfamiliar as *more* familiar."""
    from sklearn.metrics import roc_auc_score

    y = np.r_[np.zeros(len(familiar)), np.ones(len(unfamiliar))]
    return float(roc_auc_score(y, np.r_[familiar, unfamiliar]))


def roc(familiar: np.ndarray, unfamiliar: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false positive rate: familiar flagged, true positive rate: unfamiliar caught, thresholds)."""
    from sklearn.metrics import roc_curve

    y = np.r_[np.zeros(len(familiar)), np.ones(len(unfamiliar))]
    fpr, tpr, thr = roc_curve(y, np.r_[familiar, unfamiliar])
    return fpr, tpr, thr


def at_threshold(familiar: np.ndarray, unfamiliar: np.ndarray, threshold: float) -> tuple[float, float]:
    """(share of unfamiliar inputs caught, share of familiar inputs falsely flagged) by "score > threshold"."""
    return float((unfamiliar > threshold).mean()), float((familiar > threshold).mean())


def table(familiar: dict[str, np.ndarray], sets: dict[str, dict[str, np.ndarray]]) -> dict[str, dict[str, float]]:
    """{set: {score: AUROC}} from the familiar inputs' scores and each unfamiliar set's."""
    return {name: {s: auroc(familiar[s], got[s]) for s in familiar if s in got} for name, got in sets.items()}
