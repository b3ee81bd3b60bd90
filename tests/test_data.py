import pytest
import torch
from PIL import Image

from conftest import SHARED
from core.config import DataConfig
from core.data import DataError, load, load_image_folder


def test_embedded_mnist_is_a_stratified_shuffled_split():
    ds = load(DataConfig("mnist"))
    assert ds.shape == (1, 28, 28) and len(ds.x_train) == 4000 and len(ds.x_test) == 1000
    assert 0 <= ds.x_train.min() and ds.x_train.max() == 1
    assert torch.bincount(ds.y_test).tolist() == [100] * 10  # stratified
    assert len(set(ds.y_train[:20].tolist())) > 3  # shuffled (the source file is sorted by label)
    assert load(DataConfig("mnist")).checksum == ds.checksum  # fixed split


def test_embedded_faces_are_rgb_at_the_requested_size():
    ds = load(DataConfig("faces", image_size=32))
    assert ds.shape == (3, 32, 32) and len(ds.x_train) + len(ds.x_test) == 100


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
