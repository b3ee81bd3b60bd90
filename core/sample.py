"""`python -m core.sample`: a PNG of what a model generates (prior draws, an interpolation, a traversal)."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
from torch import Tensor

from core import analysis, kinds, presets
from core import data as data_mod
from core.config import RunSpec
from core.provision import get_or_train
from core.store import META, WEIGHTS, CorruptCheckpoint, Store
from core.train import TrainingDiverged

MAX_IMAGES = 1024  # images in one picture, prior draws or steps
MAX_SCALE = 16
MAX_PIXELS = 50_000_000  # a bigger PNG is a mistake (1024 faces at --scale 16), not a picture anyone looks at
SHOWN_NAMES = 5  # stored names listed when a name is not found
KL_IMAGES = 500  # test images the default traversal coordinate is chosen on
SWEEP = 3.0  # a traversal sweeps one coordinate over [-SWEEP, SWEEP]: ±3 σ of the prior
DEFAULT_STEPS = {"interpolate": 10, "traverse": 11}


class SampleError(ValueError):
    """A request this command refuses; the message is one sentence for the user."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m core.sample",
        description="Write a PNG of what a model generates.",
        epilog="MODEL: a checkpoint name in the store, a path to a checkpoint folder, "
        "or KIND:DATASET:LATENT[:bBETA] (e.g. vae:mnist:5, vae:mnist:2:b4), trained first when missing.",
    )
    p.add_argument("model", metavar="MODEL", help="checkpoint name or folder, or KIND:DATASET:LATENT[:bBETA]")
    p.add_argument("--mode", choices=["prior", "interpolate", "traverse"], default="prior")
    p.add_argument("--n", type=int, default=64, help=f"prior draws (1 to {MAX_IMAGES})")
    p.add_argument("--seed", type=int, default=0, help="seed of the prior draws")
    p.add_argument("--from", dest="start", type=int, default=0, help="test image index (interpolate, traverse)")
    p.add_argument("--to", dest="end", type=int, default=1, help="test image index (interpolate)")
    p.add_argument("--steps", type=int, default=None, help="images in the row (default 10 interpolate, 11 traverse)")
    p.add_argument("--dim", type=int, default=None, help="latent coordinate to traverse (default: largest KL, else 0)")
    p.add_argument("--out", default="grid.png", help="PNG file to write (parent folders are created)")
    p.add_argument("--scale", type=int, default=2, help=f"nearest-neighbour upscale (1 to {MAX_SCALE})")
    p.add_argument("--checkpoints", default=None, help="store folder (default: $AEVAE_CHECKPOINTS or checkpoints/)")
    p.add_argument("--data-dir", default=None, help="data folder for a KIND:DATASET:LATENT spec")
    p.add_argument("--no-train", action="store_true", help="refuse instead of training a missing spec")
    p.add_argument("--device", default="auto", help="device for a training (auto, cpu, cuda)")
    return p


def check_numbers(a: argparse.Namespace) -> None:
    """Refuse numbers out of range before anything is loaded or trained."""
    if a.steps is None:
        a.steps = DEFAULT_STEPS.get(a.mode, 0)
    if a.mode == "prior" and not 1 <= a.n <= MAX_IMAGES:
        raise SampleError(f"--n must be 1 to {MAX_IMAGES}, not {a.n}")
    if a.mode != "prior" and not 2 <= a.steps <= MAX_IMAGES:
        raise SampleError(f"--steps must be 2 to {MAX_IMAGES}, not {a.steps}")
    if not 1 <= a.scale <= MAX_SCALE:
        raise SampleError(f"--scale must be 1 to {MAX_SCALE}, not {a.scale}")


def parse_spec(text: str, data_dir: str | None = None) -> RunSpec:
    """The preset RunSpec of KIND:DATASET:LATENT[:bBETA] (presets.dense_spec), or SampleError."""
    parts = text.split(":")
    if len(parts) not in (3, 4) or not parts[2].isdigit() or (len(parts) == 4 and not parts[3].startswith("b")):
        raise SampleError(f"{text!r} is not a model spec; write KIND:DATASET:LATENT[:bBETA], e.g. vae:mnist:5")
    kind, dataset, latent = parts[0], parts[1], int(parts[2])
    _require_autoencoder(kind, text)
    if dataset not in data_mod.DATASETS:
        raise SampleError(f"unknown data set {dataset!r}; choose one of {', '.join(data_mod.DATASETS)}")
    try:
        beta = float(parts[3][1:]) if len(parts) == 4 else 1.0
    except ValueError:
        raise SampleError(f"{text!r}: β must be a number after the b, e.g. vae:mnist:2:b4") from None
    try:
        return presets.dense_spec(kind, latent, dataset, data_dir, beta=beta)
    except ValueError as e:  # a config range (latent size, β)
        raise SampleError(f"{text!r}: {e}") from e


def _require_autoencoder(kind: str, what: str) -> None:
    if kind in kinds.KINDS and not kinds.KINDS[kind].autoencoder:
        label = kinds.KINDS[kind].label
        raise SampleError(f"{what} is a classifier ({label}), not an autoencoder: it has no images to generate")
    if kind not in kinds.ids(autoencoder=True):
        raise SampleError(f"unknown model kind {kind!r}; choose one of {', '.join(kinds.ids(autoencoder=True))}")


def _folder(store: Store, name: str) -> Path:
    """The checkpoint folder a name (in the store) or a path points at; SampleError when there is none."""
    is_path = "/" in name or os.sep in name
    folder = Path(name) if is_path else store.root / name
    if name not in ("", ".", "..") and any(os.path.lexists(folder / f) for f in (META, WEIGHTS)):
        return folder
    if is_path:
        raise SampleError(f"no checkpoint folder at {name} (it holds no {META})")
    listing = store.list()
    names = [] if listing.empty else listing["name"].tolist()
    more = len(names) - SHOWN_NAMES
    shown = ", ".join(names[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")
    held = f"it holds {shown}" if names else "it is empty"
    raise SampleError(f"no checkpoint named {name!r} in the store {store.root} ({held})")


def _load_spec(store: Store, spec: RunSpec, no_train: bool, device: str):
    """(model, meta) of a preset spec, trained first when missing unless no_train."""
    try:
        found = store.load(spec)
    except CorruptCheckpoint:
        if no_train:
            raise
        found = None  # get_or_train sets the damaged one aside, retrains, and says so in its notices
    if found:
        return found
    if no_train:
        raise SampleError(f"{spec.name} is not in the store {store.root}, and --no-train forbids training it")
    print(f"training {spec.name} ({spec.train.epochs} epochs) into {store.root}", file=sys.stderr)
    model, meta = get_or_train(store, spec, device=device)
    for notice in meta.get("notices", []):
        print(f"note: {notice}", file=sys.stderr)
    return model, meta


def load_model(store: Store, text: str, no_train: bool = False, device: str = "auto", data_dir: str | None = None):
    """(model, meta) for a checkpoint name, a checkpoint folder or a KIND:DATASET:LATENT spec; autoencoders only."""
    if ":" in text and "/" not in text and os.sep not in text:  # checkpoint names never hold a colon
        return _load_spec(store, parse_spec(text, data_dir), no_train, device)
    model, meta = store.load_folder(_folder(store, text))
    _require_autoencoder(RunSpec.from_dict(meta["spec"]).model.kind, meta["name"])
    return model, meta


def _test_image(x: Tensor, i: int, flag: str) -> Tensor:
    if not 0 <= i < len(x):
        raise SampleError(f"{flag} must be a test image index from 0 to {len(x) - 1}, not {i}")
    return x[i]


def prior(model, n: int, seed: int) -> tuple[Tensor, int]:
    """n decoded N(0, I) draws and the columns of a square-ish grid."""
    return analysis.prior_samples(model, analysis.prior_codes(n, model.latent_dim, seed)), math.ceil(math.sqrt(n))


def interpolate(model, x_test: Tensor, start: int, end: int, steps: int) -> tuple[Tensor, int]:
    """One row: steps decoded codes on the line from test image start's code to test image end's."""
    xa, xb = _test_image(x_test, start, "--from"), _test_image(x_test, end, "--to")
    return analysis.interpolate(model, xa, xb, steps), steps


def default_dim(model, x_test: Tensor) -> int:
    """The coordinate with the largest KL (the one a VAE uses most); 0 for a deterministic model."""
    kl = analysis.kl_per_dim(model, x_test[:KL_IMAGES])
    return 0 if kl is None else int(np.argmax(kl))


def traverse(model, x_test: Tensor, start: int, dim: int | None, steps: int) -> tuple[Tensor, int]:
    """One row: test image start's code with coordinate dim swept over [-3, 3]."""
    z0 = analysis.encode(model, _test_image(x_test, start, "--from")[None])[0]
    dim = default_dim(model, x_test) if dim is None else dim
    if not 0 <= dim < len(z0):
        raise SampleError(f"--dim must be a latent coordinate from 0 to {len(z0) - 1}, not {dim}")
    return analysis.traverse(model, z0, dim, np.linspace(-SWEEP, SWEEP, steps, dtype=np.float32)), steps


def images_for(model, meta: dict, a: argparse.Namespace) -> tuple[Tensor, int]:
    """The images of the requested mode and the columns of their grid."""
    if a.mode == "prior":
        return prior(model, a.n, a.seed)
    x_test = data_mod.load(RunSpec.from_dict(meta["spec"]).data).x_test
    if a.mode == "interpolate":
        return interpolate(model, x_test, a.start, a.end, a.steps)
    return traverse(model, x_test, a.start, a.dim, a.steps)


def write_png(grid: np.ndarray, out: Path, scale: int = 1) -> tuple[int, int]:
    """Write an HxWxC uint8 grid upscaled by scale (grey when its channels agree); its [H, W] on disk."""
    from PIL import Image

    h, w = grid.shape[0] * scale, grid.shape[1] * scale
    if h * w > MAX_PIXELS:
        raise SampleError(f"the picture would be {w} x {h} pixels; ask for fewer images or a smaller --scale")
    grid = grid.repeat(scale, axis=0).repeat(scale, axis=1)
    if (grid == grid[..., :1]).all():  # make_grid repeats a grey channel three times: one is enough, lossless
        grid = grid[..., 0]
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:  # through a temp file: a full disk never leaves half a PNG under the real name
        out.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(grid).save(tmp, format="PNG")
        os.replace(tmp, out)
    except OSError as e:
        raise SampleError(f"cannot write {out} ({e.strerror or e})") from e
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return h, w


def main(argv: list[str] | None = None) -> None:
    p = parser()
    a = p.parse_args(argv)
    try:
        check_numbers(a)
        model, meta = load_model(Store(a.checkpoints), a.model, a.no_train, a.device, a.data_dir)
        images, nrow = images_for(model, meta, a)
        shape = write_png(analysis.montage(images, nrow=nrow), Path(a.out), a.scale)
    except CorruptCheckpoint as e:
        p.error(f"damaged checkpoint {e}")
    except (SampleError, data_mod.DataError, TrainingDiverged, TimeoutError) as e:
        p.error(str(e))
    print(json.dumps({"model": meta["name"], "mode": a.mode, "n": len(images), "out": a.out, "shape": list(shape)}))


if __name__ == "__main__":
    main()
