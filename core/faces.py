"""The shipped face models (checkpoints/shipped) and the held-out faces that ship with them."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import torch

from core.analysis import montage
from core.config import DataConfig
from core.data import load
from core.presets import FACE_KINDS
from core.store import SHIPPED, CorruptCheckpoint, Store

HELDOUT = "heldout-faces.png"


def data_root() -> str:
    """The folder a browser user may train from (AEVAE_DATA_ROOT, default data/)."""
    return os.environ.get("AEVAE_DATA_ROOT", "data")


def shipped_store() -> Store:
    return Store(SHIPPED)


def find_models(store: Store) -> dict[str, Path]:
    """kind -> checkpoint folder of the newest healthy face model of that kind in a store."""
    found: dict[str, tuple[str, Path]] = {}
    df = store.list()
    if df.empty:
        return {}
    for _, row in df[df["status"] == "ok"].iterrows():
        if row["kind"] in FACE_KINDS and row["dataset"] in ("image-folder", "faces"):
            if row["kind"] not in found or row["created"] > found[row["kind"]][0]:
                found[row["kind"]] = (row["created"], store.root / row["name"])
    return {k: v[1] for k, v in found.items()}


def heldout_faces(root: Path = SHIPPED, side: int = 64) -> torch.Tensor | None:
    """The held-out test faces stored as one PNG grid (8 per row, no padding), as (N, 3, side, side) in [0, 1]."""
    from PIL import Image

    path = root / HELDOUT
    if not path.exists():
        return None
    img = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
    rows, cols = img.shape[0] // side, img.shape[1] // side
    tiles = img.reshape(rows, side, cols, side, 3).transpose(0, 2, 4, 1, 3).reshape(rows * cols, 3, side, side)
    keep = tiles.reshape(len(tiles), -1).max(1) > 0  # the last row may be padded with black
    return torch.from_numpy(np.ascontiguousarray(tiles[keep]))


def export_heldout(x_test: torch.Tensor, root: Path = SHIPPED, n: int = 48) -> Path:
    """Write the first n test faces as one lossless PNG grid beside the shipped models."""
    from PIL import Image

    root.mkdir(parents=True, exist_ok=True)
    grid = montage(x_test[:n], nrow=8, padding=0)
    Image.fromarray(grid).save(root / HELDOUT, optimize=True)
    return root / HELDOUT


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m core.faces", description="Export the held-out faces strip.")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--limit", type=int, default=10000)
    p.add_argument("--crop", type=float, default=0.8)
    a = p.parse_args()
    ds = load(DataConfig("image-folder", data_dir=str(Path(a.data_dir).resolve()), limit=a.limit, crop=a.crop))
    print(export_heldout(ds.x_test))


if __name__ == "__main__":
    main()


__all__ = ["SHIPPED", "find_models", "heldout_faces", "export_heldout", "shipped_store", "CorruptCheckpoint"]
