"""image-folder hardening: oversized images, EXIF orientation, links out of the folder, odd names, grey folders."""

import numpy as np
import pytest
from PIL import Image, ImageFile, ImageOps

from core.config import DataConfig
from core.data import MAX_IMAGE_PIXELS, DataError, allowed_folder, list_images, load_image_folder


def _load(folder, **kw):
    return load_image_folder(DataConfig("image-folder", data_dir=str(folder), image_size=16, **kw))


def _colour_images(folder, n=3):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        Image.new("RGB", (40, 30), (200, 20 * i, 10)).save(folder / f"c{i}.png")


def test_an_image_that_claims_too_many_pixels_is_skipped_before_it_is_decoded(tmp_path, monkeypatch):
    _colour_images(tmp_path)
    Image.new("L", (8000, 8000), 90).save(tmp_path / "huge.png")  # 64 megapixels in a small file
    assert MAX_IMAGE_PIXELS <= 25_000_000 < 8000 * 8000
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self.size) or real_load(self))
    ds = _load(tmp_path)
    assert ds.skipped == 1 and len(ds.x_train) + len(ds.x_test) == 3
    assert (8000, 8000) not in decoded, "the pixels of the huge image were decoded"


def test_exif_orientation_is_applied_before_cropping(tmp_path):
    img = Image.new("L", (40, 20), 0)
    img.paste(255, (20, 0, 40, 20))  # left half black, right half white
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned, show it rotated by 90 degrees
    for name in ("a.jpg", "b.jpg"):
        img.save(tmp_path / name, exif=exif, quality=95)
    upright = ImageOps.exif_transpose(Image.open(tmp_path / "a.jpg")).convert("L")
    assert upright.size == (20, 40)
    want = np.asarray(upright.crop((0, 10, 20, 30)).resize((16, 16), Image.Resampling.LANCZOS), dtype=float)
    ds = _load(tmp_path)
    for x in (ds.x_train[0], ds.x_test[0]):
        assert np.abs(x[0].numpy() * 255 - want).max() < 3


def test_links_that_lead_out_of_the_folder_are_skipped_and_counted(tmp_path):
    _colour_images(tmp_path / "data")
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (40, 30), (0, 255, 0)).save(outside / "secret.png")
    (tmp_path / "data" / "leak.png").symlink_to(outside / "secret.png")
    (tmp_path / "data" / "more").symlink_to(outside, target_is_directory=True)
    (tmp_path / "data" / "loop.png").symlink_to(tmp_path / "data" / "loop.png")
    assert [p.name for p in list_images(tmp_path / "data")] == ["c0.png", "c1.png", "c2.png"]
    ds = _load(tmp_path / "data")
    x = np.concatenate([ds.x_train.numpy(), ds.x_test.numpy()])
    assert len(x) == 3 and ds.skipped == 3
    assert not (x[:, 1] == 1).all(axis=(1, 2)).any(), "the green image from outside was read"


@pytest.mark.parametrize("name", ["faces\x00.png", "x" * 5000, "../\x1b[2J\nfaces", "a/" * 2000])
def test_odd_folder_names_give_a_short_clean_data_error(tmp_path, name):
    calls = (lambda: _load(allowed_folder(name, tmp_path)), lambda: _load(name), lambda: _load(tmp_path / name))
    for call in calls:
        with pytest.raises(DataError) as e:
            call()
        msg = str(e.value)
        assert len(msg) < 400 and not any(ord(c) < 32 or ord(c) == 127 for c in msg), msg
        assert "x" * 200 not in msg and "a/" * 100 not in msg


def test_a_folder_of_grey_images_loads_as_one_channel(tmp_path):
    for i in range(3):
        Image.new("L", (30, 20), 40 * i).save(tmp_path / f"l{i}.png")
        Image.new("RGB", (20, 30), (70 + i, 70 + i, 70 + i)).save(tmp_path / f"rgb{i}.jpg", quality=100)
    ds = _load(tmp_path)
    assert ds.shape == (1, 16, 16) and "grey" in ds.description
    values = sorted({round(v * 255) for v in np.concatenate([ds.x_train.numpy(), ds.x_test.numpy()]).ravel()})
    assert values[:3] == [0, 40, 70]


def test_one_colour_image_makes_the_folder_rgb(tmp_path):
    for i in range(3):
        Image.new("L", (30, 20), 40 * i).save(tmp_path / f"l{i}.png")
    Image.new("RGB", (20, 30), (70, 71, 70)).save(tmp_path / "almost-grey.png")
    ds = _load(tmp_path)
    assert ds.shape == (3, 16, 16) and "RGB" in ds.description
