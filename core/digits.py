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
    """(1, 1, 28, 28) in [0, 1]: as MNIST was made (digit fitted in 20x20, centre of mass at the centre of 28x28)."""
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
    ys, xs = np.nonzero(a > 0.25)
    if len(ys) == 0:
        raise UploadError("the picture looks blank: no strokes found")
    a = a[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    scale = 20 / max(a.shape)
    size = (max(1, round(a.shape[1] * scale)), max(1, round(a.shape[0] * scale)))
    digit = (
        np.asarray(Image.fromarray((a * 255).astype(np.uint8)).resize(size, Image.Resampling.LANCZOS), dtype=np.float32)
        / 255
    )
    cy, cx = np.array(np.nonzero(digit > 0)).mean(1) if digit.any() else (size[1] / 2, size[0] / 2)
    out = np.zeros((28, 28), dtype=np.float32)
    top = int(np.clip(round(14 - cy), 0, 28 - digit.shape[0]))
    left = int(np.clip(round(14 - cx), 0, 28 - digit.shape[1]))
    out[top : top + digit.shape[0], left : left + digit.shape[1]] = digit
    return torch.from_numpy(out)[None, None]
