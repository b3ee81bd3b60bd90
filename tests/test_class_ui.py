"""Class mode's server-side pieces that need no browser: what a pad may send, the QR code, the framed montage."""

import base64

import numpy as np
import torch

from ui import classroom as cl


def test_only_a_counter_and_784_grey_bytes_are_read_from_the_pad():
    px = bytes(range(256)) * 3 + bytes(16)
    good = "42:" + base64.b64encode(px).decode()
    assert cl.pixels_from_browser(good) == (42, px)
    for bad in (
        None,
        42,
        {"n": 1},
        "42" + base64.b64encode(px).decode(),  # no counter
        "x:" + base64.b64encode(px).decode(),
        "1234567890:" + base64.b64encode(px).decode(),  # a counter too long
        "1:" + base64.b64encode(px[:-1]).decode(),  # 783 bytes
        "1:" + base64.b64encode(px).decode() + "!!",  # not base64
        "1:" + "A" * 5000,  # far too long
    ):
        assert cl.pixels_from_browser(bad) is None, bad
    images = cl.images([{"pixels": px}])
    assert images.shape == (1, 1, 28, 28) and float(images.max()) == 1.0 and float(images.min()) == 0.0


def test_the_qr_code_is_a_png_drawn_here():
    short, long = cl.qr_png("http://10.0.0.2:8501/classroom?join=ABCDE"), cl.qr_png("http://x/" + "y" * 300)
    assert short[:8] == b"\x89PNG\r\n\x1a\n" and long[:8] == short[:8]
    assert len(long) > len(short)  # more to carry, more modules


def test_the_montage_frames_digits_thick_and_holes_thin():
    imgs = torch.zeros(3, 1, 28, 28)
    m = cl.framed_montage(imgs, np.array([True, False, True]))
    assert m.shape == (36, 3 * 36, 3)
    green = (m[..., 1] > 100) & (m[..., 0] < 100)
    assert green[:, :36].sum() > green[:, 36:72].sum() == 0  # the hole has no green frame
