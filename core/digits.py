"""Turn an uploaded picture of a digit into an MNIST-like 28x28 image (grey, light-on-dark, centred by mass)."""

from __future__ import annotations

import io

import numpy as np
import torch

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # refuse decompression bombs before decoding them


class UploadError(ValueError):
    """An upload that is not a usable picture of a digit; the message says why."""


def mnist_like(raw: bytes) -> torch.Tensor:
    """(1, 1, 28, 28) in [0, 1]: a photo or scan made light-on-dark and stretched, then put into MNIST's form."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not raw:
        raise UploadError("the file is empty (0 bytes)")
    if len(raw) > MAX_BYTES:
        raise UploadError(f"the file is {len(raw) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise UploadError(f"the image is {probe.width}x{probe.height} pixels; the limit is {MAX_PIXELS:,}")
            probe.verify()
        img = ImageOps.exif_transpose(Image.open(io.BytesIO(raw))).convert("L")
    except UploadError:
        raise
    except Image.DecompressionBombError as e:  # PIL's own guard fired first
        raise UploadError(f"the image has too many pixels; the limit is {MAX_PIXELS:,}") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise UploadError(f"this is not an image that can be read (PNG or JPG expected): {type(e).__name__}") from e
    w, h = img.size
    if min(w, h) < 8 or max(w, h) / min(w, h) > 8:
        raise UploadError(f"odd shape {w}x{h}: expected a roughly square picture of at least 8x8 pixels")
    a = np.asarray(img, dtype=np.float32) / 255
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    if border.mean() > 0.5:  # dark ink on light paper: MNIST is light on dark
        a = 1 - a
    a = np.clip((a - np.percentile(a, 5)) / max(a.max() - np.percentile(a, 5), 1e-6), 0, 1)
    digit = mnist_form(a, {**FORM, "ink": 0.25})  # a photo keeps specks after the stretch: a higher bar for ink
    if digit is None:
        raise UploadError("the picture looks blank: no strokes found")
    return torch.from_numpy(digit)[None, None]


# MNIST's form (LeCun et al.): the digit's box fitted into BOX x BOX keeping its aspect, its centre of mass put at
# the centre of SIDE x SIDE. The drawing pad in the browser does the same (ui/web/form.js, tested against this).
FORM = {"side": 28, "box": 20, "ink": 0.1}


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in): how much of each input cell every output cell covers, as a share of the output cell."""
    edges = np.arange(n_out + 1) * (n_in / n_out)
    lo, hi = edges[:-1, None], edges[1:, None]
    cells = np.arange(n_in)[None, :]
    return np.clip(np.minimum(hi, cells + 1) - np.maximum(lo, cells), 0, None) / (n_in / n_out)


def area_resize(a: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resample by area (a box filter with exact fractional overlaps): every output pixel is the mean of the input
    it covers. Simple enough to be written the same way in the browser."""
    return _area_weights(a.shape[0], height) @ a.astype(np.float64) @ _area_weights(a.shape[1], width).T


def mnist_form(a: np.ndarray, form: dict = FORM) -> np.ndarray | None:
    """(side, side) float32 from a light-on-dark grey image in [0, 1] of any size; None when it holds no ink.
    Crop to the pixels brighter than `ink`, fit into box x box by area, centre the mass at the middle."""
    side, box = form["side"], form["box"]
    ys, xs = np.nonzero(a > form["ink"])
    if len(ys) == 0:
        return None
    crop = a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    scale = box / max(crop.shape)
    h, w = (max(1, int(np.floor(n * scale + 0.5))) for n in crop.shape)  # floor(x + 0.5): JavaScript's rounding
    digit = np.clip(area_resize(crop, h, w), 0, 1)
    mass = digit.sum()
    cy = (digit.sum(1) @ np.arange(h)) / mass  # centre of mass in pixel indices; MNIST puts it on pixel (14, 14)
    cx = (digit.sum(0) @ np.arange(w)) / mass
    top = int(np.clip(np.floor(side / 2 - cy + 0.5), 0, side - h))
    left = int(np.clip(np.floor(side / 2 - cx + 0.5), 0, side - w))
    out = np.zeros((side, side), dtype=np.float32)
    out[top : top + h, left : left + w] = digit
    return out
