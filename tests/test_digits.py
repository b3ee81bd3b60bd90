import io
import zlib

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.digits import UploadError, mnist_like


def png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_dark_on_light_photo_becomes_a_centred_light_on_dark_digit():
    img = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(img).line([(100, 50), (110, 350)], fill="black", width=30)  # a "1" off to the left
    x = mnist_like(png(img))
    assert x.shape == (1, 1, 28, 28) and 0 <= x.min() and x.max() <= 1
    assert x[0, 0, 0].max() < 0.05 and x[0, 0, :, 0].max() < 0.05  # background dark, as in MNIST
    ys, xs = torch.nonzero(x[0, 0] > 0.1, as_tuple=True)
    assert abs(xs.float().mean() - 13.5) < 2 and ys.max() - ys.min() >= 18  # centred, 20 px tall


def test_an_mnist_digit_survives_the_round_trip():
    from core.config import DataConfig
    from core.data import load

    d = load(DataConfig("mnist")).x_test[0, 0]
    x = mnist_like(png(Image.fromarray((d.numpy() * 255).astype(np.uint8))))
    assert torch.nn.functional.mse_loss(x[0, 0], d) < 0.03


@pytest.mark.parametrize(
    "raw, msg",
    [
        (b"", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 200, "not an image"),  # a renamed executable
        (b"just some text", "not an image"),
    ],
)
def test_bad_bytes_are_refused(raw, msg):
    with pytest.raises(UploadError, match=msg):
        mnist_like(raw)


def test_blank_huge_and_odd_images_are_refused():
    with pytest.raises(UploadError, match="blank"):
        mnist_like(png(Image.new("L", (50, 50), 255)))
    with pytest.raises(UploadError, match="odd shape"):
        mnist_like(png(Image.new("L", (400, 10), 0)))
    with pytest.raises(UploadError, match="limit"):
        mnist_like(b"x" * (6 * 2**20))


def test_a_png_bomb_is_refused_before_decoding():
    # a valid PNG header claiming 20000 x 20000 pixels with a tiny compressed body
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(UploadError, match="pixels"):
        mnist_like(bomb)
