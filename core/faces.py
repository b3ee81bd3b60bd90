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
ATTRIBUTE_FILE = "face-attributes.json"  # named directions in each face model's code space (numbers, no faces)
# The faces page's named directions: our id -> CelebA's attribute (list_attr_celeba.txt)
ATTRIBUTES = {
    "smile": "Smiling",
    "mouth_open": "Mouth_Slightly_Open",
    "blond_hair": "Blond_Hair",
    "black_hair": "Black_Hair",
    "brown_hair": "Brown_Hair",
    "grey_hair": "Gray_Hair",
    "pale_skin": "Pale_Skin",
    "glasses": "Eyeglasses",
    "male": "Male",
    "young": "Young",
}


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


def read_attributes(path: str | Path) -> dict[str, np.ndarray]:
    """CelebA's list_attr_celeba.txt: {file name: the 40 attributes as booleans}, and "_names" -> their names."""
    lines = Path(path).read_text().splitlines()
    names = lines[1].split()
    out: dict[str, np.ndarray] = {"_names": np.array(names)}
    for line in lines[2:]:
        parts = line.split()
        if len(parts) == len(names) + 1:
            out[parts[0]] = np.array([v == "1" for v in parts[1:]])
    return out


def attribute_vectors(codes: np.ndarray, has: np.ndarray, min_each: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Per attribute (a column of has, (n, k) booleans): the mean code of the faces with it minus the mean code of
    those without (White 2016, "Sampling generative networks"), (k, d); and how many faces had it, (k,). An
    attribute seen fewer than min_each times on either side gets a zero vector."""
    codes, has = np.asarray(codes, dtype=np.float64), np.asarray(has, dtype=bool)
    vectors = np.zeros((has.shape[1], codes.shape[1]))
    for j in range(has.shape[1]):
        yes = has[:, j]
        if yes.sum() >= min_each and (~yes).sum() >= min_each:
            vectors[j] = codes[yes].mean(0) - codes[~yes].mean(0)
    return vectors.astype(np.float32), has.sum(0)


def split_files(cfg: DataConfig) -> tuple[list[str], list[str]]:
    """The names of an image folder's training and test images, in the order of the loader's x_train and x_test
    (core.data: the first `limit` readable files, sorted, split by the same seeded shuffle)."""
    from sklearn.model_selection import train_test_split

    from core.data import _walk

    files = [f.name for f in _walk(Path(cfg.data_dir))[0]][: cfg.limit or None]
    idx = np.arange(len(files))
    train, test = train_test_split(idx, test_size=cfg.test_fraction, random_state=cfg.split_seed, shuffle=True)
    return [files[i] for i in train], [files[i] for i in test]


def own_direction(codes: np.ndarray, yes: np.ndarray, no: np.ndarray) -> dict:
    """A direction built from faces a class ticked: the mean code of the faces that show its trait (yes) minus the
    mean code of those that do not (no), as attribute_vectors does with CelebA's labels. How well it separates
    the trait on faces it was not built from: leave-one-out, each ticked face scored by the direction built
    without it ((z - midpoint) · direction), and the AUROC of those scores ("loo_auroc", 0.5: no better than
    chance). "projection": every face's position along the direction (0: the midpoint, 1: the "yes" mean)."""
    from sklearn.metrics import roc_auc_score

    codes = np.asarray(codes, dtype=np.float64)
    yes, no = np.asarray(yes, bool) & ~np.asarray(no, bool), np.asarray(no, bool) & ~np.asarray(yes, bool)
    if yes.sum() < 2 or no.sum() < 2:
        raise ValueError("a direction needs at least two faces on each side")

    def built(y: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = codes[y].mean(0), codes[n].mean(0)
        return a - b, (a + b) / 2

    scores, truth = [], []
    for i in np.nonzero(yes | no)[0]:
        y, n = yes.copy(), no.copy()
        y[i] = n[i] = False
        v, mid = built(y, n)
        scores.append(float((codes[i] - mid) @ v))
        truth.append(bool(yes[i]))
    vector, mid = built(yes, no)
    norm2 = float(vector @ vector) or 1.0
    return {
        "vector": vector.astype(np.float32),
        "loo_auroc": float(roc_auc_score(truth, scores)),
        "projection": (codes - mid) @ vector / (norm2 / 2),
    }


def train_files(cfg: DataConfig) -> list[str]:
    return split_files(cfg)[0]


def export_attributes(models: dict, cfg: DataConfig, annotations: str | Path, root: Path = SHIPPED) -> Path:
    """Named directions (ATTRIBUTES) of each face model ({kind: (model, meta)}), from its own training faces and
    their CelebA labels, written as one JSON file beside the shipped models: per model name, the attribute ids,
    their vectors and how many training faces had each."""
    import json

    from core.analysis import encode

    labels = read_attributes(annotations)
    cols = [int(np.nonzero(labels["_names"] == ATTRIBUTES[a])[0][0]) for a in ATTRIBUTES]
    ds = load(cfg)
    names = train_files(cfg)
    if len(names) != len(ds.x_train):
        raise ValueError(f"{len(names)} training file names for {len(ds.x_train)} training faces")
    for kind, (_, meta) in models.items():
        if meta["data"].get("n_train") != len(ds.x_train):
            raise ValueError(
                f"{kind} was trained on {meta['data'].get('n_train')} faces, this folder has {len(ds.x_train)}"
            )
    keep = [i for i, n in enumerate(names) if n in labels]
    has = np.stack([labels[names[i]][cols] for i in keep])
    out = {}
    for kind, (model, meta) in models.items():
        codes = encode(model, ds.x_train[keep])
        vectors, counts = attribute_vectors(codes, has)
        out[meta["name"]] = {
            "kind": kind,
            "attributes": list(ATTRIBUTES),
            "vectors": np.round(vectors, 6).tolist(),
            "with": [int(c) for c in counts],
            "faces": len(keep),
        }
    path = root / ATTRIBUTE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out))
    tmp.replace(path)
    return path


def load_attributes(name: str, root: Path = SHIPPED) -> dict | None:
    """One model's named directions (export_attributes), checked: None when absent or malformed."""
    import json

    try:
        entry = json.loads((root / ATTRIBUTE_FILE).read_text()).get(name)
        vectors = np.asarray(entry["vectors"], dtype=np.float32)
        if vectors.ndim != 2 or len(entry["attributes"]) != len(vectors) or not np.isfinite(vectors).all():
            return None
        return {"attributes": [str(a) for a in entry["attributes"]], "vectors": vectors, "with": entry["with"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m core.faces", description="Export the held-out faces strip.")
    p.add_argument("--data-dir", required=True)
    p.add_argument("--limit", type=int, default=10000)
    p.add_argument("--crop", type=float, default=0.8)
    p.add_argument(
        "--attributes",
        default=None,
        metavar="LIST_ATTR_CELEBA",
        help="instead: write the shipped face models' named directions (face-attributes.json) from CelebA's labels",
    )
    a = p.parse_args()
    cfg = DataConfig("image-folder", data_dir=str(Path(a.data_dir).resolve()), limit=a.limit, crop=a.crop)
    if a.attributes:
        store = shipped_store()
        models = {k: store.load_folder(path) for k, path in find_models(store).items()}
        print(export_attributes(models, cfg, a.attributes))
        return
    ds = load(cfg)
    print(export_heldout(ds.x_test))


if __name__ == "__main__":
    main()


__all__ = ["SHIPPED", "find_models", "heldout_faces", "export_heldout", "shipped_store", "CorruptCheckpoint"]
