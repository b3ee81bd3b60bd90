"""image-folder hardening: oversized images, EXIF orientation, links out of the folder, odd names, grey folders."""
from PIL import Image, ImageFile

from core.config import DataConfig
from core.data import MAX_IMAGE_PIXELS, load_image_folder


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
