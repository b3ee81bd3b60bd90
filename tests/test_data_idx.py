"""IDX folders (mnist-full, fashion-mnist): damaged archives, stale caches, moved folders."""

import gzip
import os
import struct

import numpy as np
import pytest

from core.config import DataConfig
from core.data import MNIST_FILES, DataError, load_mnist_full


def _idx(images: bool, n: int, seed: int) -> bytes:
    """A tiny valid IDX file: n random 28x28 uint8 images (magic 0x803) or n labels (magic 0x801)."""
    rng = np.random.default_rng(seed)
    if images:
        return struct.pack(">iiii", 0x803, n, 28, 28) + rng.integers(0, 256, n * 784, dtype=np.uint8).tobytes()
    return struct.pack(">ii", 0x801, n) + rng.integers(0, 10, n, dtype=np.uint8).tobytes()


def _write_idx(folder, gz: bool, seed: int = 0, n: int = 5):
    folder.mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(MNIST_FILES):
        data = _idx("images" in f, n, seed + i)
        if gz:
            (folder / f"{f}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / f).write_bytes(data)


def _pixels(folder, gz: bool, name: str = "train-images-idx3-ubyte") -> np.ndarray:
    raw = (folder / (name + ".gz" if gz else name)).read_bytes()
    return np.frombuffer(gzip.decompress(raw) if gz else raw, dtype=np.uint8)[16:].reshape(-1, 28, 28)


def test_a_truncated_gz_names_the_file_and_a_good_one_loads_after_it(tmp_path, cache):
    src = tmp_path / "idx"
    _write_idx(src, gz=True)
    good = (src / "train-images-idx3-ubyte.gz").read_bytes()
    (src / "train-images-idx3-ubyte.gz").write_bytes(good[: len(good) // 2])
    with pytest.raises(DataError, match=r"train-images-idx3-ubyte\.gz.*(damaged|truncated)") as e:
        load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    assert "labels" not in str(e.value)  # it names the damaged file, not all four
    assert not list(cache.rglob("*tmp*")), "no temp files are left behind"
    (src / "train-images-idx3-ubyte.gz").write_bytes(good)
    ds = load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    assert len(ds.x_train) == 5 and np.array_equal((ds.x_train[:, 0] * 255).round().byte().numpy(), _pixels(src, True))


def test_a_partial_file_left_in_the_cache_is_extracted_again(tmp_path, cache):
    src = tmp_path / "idx"
    _write_idx(src, gz=True)
    raw = cache / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / "train-images-idx3-ubyte").write_bytes(b"")  # what an interrupted extraction used to leave
    (raw / "t10k-images-idx3-ubyte").write_bytes(_idx(True, 5, 0)[:100])
    ds = load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    assert len(ds.x_train) == 5 and len(ds.x_test) == 5


def test_a_replaced_gz_is_extracted_again(tmp_path, cache):
    src = tmp_path / "idx"
    _write_idx(src, gz=True, seed=0)
    first = load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    _write_idx(src, gz=True, seed=10, n=7)
    os.utime(src / "train-images-idx3-ubyte.gz", ns=(1, 1))  # a different mtime even on a coarse clock
    second = load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    assert len(second.x_train) == 7 and second.checksum != first.checksum


def test_a_gz_that_holds_no_idx_data_is_named(tmp_path, cache):
    src = tmp_path / "idx"
    _write_idx(src, gz=True)
    (src / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"<html>not found</html>"))
    with pytest.raises(DataError, match=r"t10k-labels-idx1-ubyte\.gz") as e:
        load_mnist_full(DataConfig("mnist-full", data_dir=str(src)))
    assert "train-images" not in str(e.value)


def test_extracted_files_are_readable_by_others_as_before(tmp_path, cache):
    _write_idx(tmp_path / "idx", gz=True)
    load_mnist_full(DataConfig("mnist-full", data_dir=str(tmp_path / "idx")))
    assert (cache / "MNIST" / "raw" / "train-images-idx3-ubyte").stat().st_mode & 0o044 == 0o044
