"""A flat IDX folder (the four files directly in the data folder) is linked into the cache: moves and swaps."""

import numpy as np
import pytest
from test_data_idx import _pixels, _write_idx

from core.config import DataConfig
from core.data import DataError, load_mnist_full


def test_a_flat_folder_still_loads_after_it_moved(tmp_path, cache):
    _write_idx(tmp_path / "old", gz=False)
    first = load_mnist_full(DataConfig("mnist-full", data_dir=str(tmp_path / "old")))
    (tmp_path / "old").rename(tmp_path / "new")
    second = load_mnist_full(DataConfig("mnist-full", data_dir=str(tmp_path / "new")))
    assert second.checksum == first.checksum


def test_a_flat_folder_replaced_by_other_data_is_not_served_from_the_cache(tmp_path, cache):
    _write_idx(tmp_path / "a", gz=False, seed=0)
    _write_idx(tmp_path / "b", gz=False, seed=20)
    first = load_mnist_full(DataConfig("mnist-full", data_dir=str(tmp_path / "a")))
    second = load_mnist_full(DataConfig("mnist-full", data_dir=str(tmp_path / "b")))
    assert second.checksum != first.checksum
    assert np.array_equal((second.x_train[:, 0] * 255).round().byte().numpy(), _pixels(tmp_path / "b", False))


def test_a_cut_plain_idx_file_is_named(tmp_path, cache):
    for folder in (tmp_path / "flat", tmp_path / "tree" / "MNIST" / "raw"):
        _write_idx(folder, gz=False)
        (folder / "t10k-images-idx3-ubyte").write_bytes((folder / "t10k-images-idx3-ubyte").read_bytes()[:1000])
    for data_dir in (tmp_path / "flat", tmp_path / "tree"):
        with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte cannot be used \(1,000 bytes where its header"):
            load_mnist_full(DataConfig("mnist-full", data_dir=str(data_dir)))
