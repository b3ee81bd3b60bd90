"""The face judge (core.models.facejudge.FaceJudge): trained on the shipped face models' own training faces and
their CelebA labels (the train split only), measured on the held-out split, shipped beside the face models as
face-judge.safetensors + face-judge.json (weights in float16, their sha256, the recipe and held-out figures).

It measures two claims of the faces page: that moving a face along a named direction adds that attribute (and
little else), and how face-like random faces are (a Fréchet distance in its features: not Inception's FID).

    python -m core.facejudge --data-dir ../shared/data/faces/celeba_align_89x109 \
        --attributes ../shared/data/faces/celeba_annotations/list_attr_celeba.txt
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file

from core.config import DataConfig
from core.faces import ATTRIBUTES, read_attributes, split_files
from core.models.facejudge import FaceJudge
from core.store import FILE_MODE, SHIPPED, CorruptCheckpoint, _fsync_write, _regular_file, _sha256

WEIGHTS, META = "face-judge.safetensors", "face-judge.json"
RECIPE = {"epochs": 15, "batch_size": 64, "lr": 1e-3, "weight_decay": 1e-4, "seed": 0, "shift": 4}
MAX_BYTES = 8 << 20  # the judge is about 1.4 MB in float16


def labels(names: list[str], annotations: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The named attributes (ATTRIBUTES, in order) of the files in names that have labels: (kept indices, (n, k)
    booleans)."""
    cols = [int(np.nonzero(annotations["_names"] == ATTRIBUTES[a])[0][0]) for a in ATTRIBUTES]
    keep = np.array([i for i, n in enumerate(names) if n in annotations], dtype=int)
    has = np.stack([annotations[names[i]][cols] for i in keep]) if len(keep) else np.zeros((0, len(cols)), bool)
    return keep, has


def _augment(x: torch.Tensor, g: torch.Generator, shift: int) -> torch.Tensor:
    """A random left-right flip (no attribute changes with it) and a shift of up to `shift` pixels, per image."""
    flip = torch.rand(len(x), generator=g) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    if shift:
        pad = F.pad(x, (shift,) * 4, mode="replicate")
        dx, dy = torch.randint(0, 2 * shift + 1, (2,), generator=g).tolist()
        x = pad[:, :, dy : dy + x.shape[2], dx : dx + x.shape[3]]
    return x


def train(x: torch.Tensor, has: np.ndarray, recipe: dict = RECIPE, progress=None) -> FaceJudge:
    """Fit the judge to faces x (N, 3, 64, 64) and their attributes has (N, k), binary cross-entropy per attribute."""
    torch.manual_seed(recipe["seed"])
    g = torch.Generator().manual_seed(recipe["seed"])
    model = FaceJudge(tuple(x.shape[1:]), has.shape[1])
    y = torch.as_tensor(has, dtype=torch.float32)
    opt = torch.optim.AdamW(model.parameters(), lr=recipe["lr"], weight_decay=recipe["weight_decay"])
    steps = recipe["epochs"] * -(-len(x) // recipe["batch_size"])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=recipe["lr"], total_steps=steps)
    for epoch in range(recipe["epochs"]):
        model.train()
        order = torch.randperm(len(x), generator=g)
        total = 0.0
        for i in range(0, len(x), recipe["batch_size"]):
            idx = order[i : i + recipe["batch_size"]]
            loss = F.binary_cross_entropy_with_logits(model(_augment(x[idx], g, recipe["shift"])), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        if progress:
            progress(epoch + 1, recipe["epochs"], total / len(x))
    return model.eval()


def evaluate(model: FaceJudge, x: torch.Tensor, has: np.ndarray) -> dict[str, dict[str, float]]:
    """Per attribute, on held-out faces: accuracy at P = 0.5, the accuracy of always answering the commoner
    answer (the bar to beat), the AUROC and how many faces have it."""
    from sklearn.metrics import roc_auc_score

    probs = model.predict(x)[0].numpy()
    out = {}
    for j, a in enumerate(ATTRIBUTES):
        yes = has[:, j].astype(bool)
        share = float(yes.mean())
        both = 0 < yes.sum() < len(yes)
        out[a] = {
            "accuracy": float(((probs[:, j] >= 0.5) == yes).mean()),
            "majority": max(share, 1 - share),
            "auroc": float(roc_auc_score(yes, probs[:, j])) if both else float("nan"),
            "with": int(yes.sum()),
        }
    return out


def save(model: FaceJudge, meta: dict, root: Path = SHIPPED) -> dict:
    """Weights (float16) then their record, each written to a temp file, fsynced and renamed into place: a reader
    sees the old pair, or a record whose checksum its weights do not match (refused), never a half-written file."""
    root.mkdir(parents=True, exist_ok=True)
    state = {
        k: (v.half() if v.is_floating_point() else v).detach().cpu().contiguous() for k, v in model.state_dict().items()
    }
    tmp = root / f".{WEIGHTS}.{os.getpid()}.tmp"
    save_file(state, str(tmp))
    tmp.chmod(FILE_MODE)  # safetensors writes 0600: another user's server must read it too
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    meta = {**meta, "weights_sha256": _sha256(tmp), "bytes": tmp.stat().st_size, "n_params": model.n_params}
    os.replace(tmp, root / WEIGHTS)
    tmp = root / f".{META}.{os.getpid()}.tmp"
    _fsync_write(tmp, json.dumps(meta, indent=1).encode())
    os.replace(tmp, root / META)
    return meta


def load(root: Path = SHIPPED) -> tuple[FaceJudge, dict] | None:
    """The shipped judge, verified (regular files of sane size, the weights' sha256): None when absent; raises
    CorruptCheckpoint when damaged."""
    if not (root / META).exists() and not (root / WEIGHTS).exists():
        return None
    for path, limit in ((root / META, 1 << 20), (root / WEIGHTS, MAX_BYTES)):
        _regular_file(path, limit)
    try:
        meta = json.loads((root / META).read_text())
        if _sha256(root / WEIGHTS) != meta["weights_sha256"]:
            raise CorruptCheckpoint(f"{WEIGHTS} does not match its recorded checksum")
        model = FaceJudge(tuple(meta["shape"]), len(meta["attributes"]))
        model.load_state_dict({k: v.float() for k, v in load_file(str(root / WEIGHTS)).items()}, strict=True)
    except CorruptCheckpoint:
        raise
    except Exception as e:  # malformed record, truncated safetensors, wrong shapes
        raise CorruptCheckpoint(f"the face judge: {type(e).__name__}: {e}") from e
    if list(meta["attributes"]) != list(ATTRIBUTES):
        raise CorruptCheckpoint("the face judge was trained for other attributes")
    return model.eval(), meta


def fit_shipped(cfg: DataConfig, annotations: str | Path, root: Path = SHIPPED, recipe: dict = RECIPE) -> dict:
    """Train the judge on cfg's training faces (the face models' own split) and measure it on the held-out ones."""
    from core.data import load as load_data

    ds = load_data(cfg)
    train_names, test_names = split_files(cfg)
    if len(train_names) != len(ds.x_train) or len(test_names) != len(ds.x_test):
        raise ValueError("the folder's file names do not match the loader's split")
    table = read_attributes(annotations)
    keep, has = labels(train_names, table)
    keep_test, has_test = labels(test_names, table)
    t0 = time.perf_counter()
    model = train(
        ds.x_train[keep], has, recipe, progress=lambda e, n, loss: print(f"epoch {e}/{n}: loss {loss:.4f}", flush=True)
    )
    wall = time.perf_counter() - t0
    heldout = evaluate(model, ds.x_test[keep_test], has_test)
    meta = {
        "attributes": list(ATTRIBUTES),
        "celeba": ATTRIBUTES,
        "shape": list(ds.x_train.shape[1:]),
        "recipe": recipe,
        "n_train": len(keep),
        "n_heldout": len(keep_test),
        "data_checksum": ds.checksum,
        "wall_time_s": round(wall, 1),
        "torch_threads": torch.get_num_threads(),
        "heldout": heldout,
    }
    return save(model, meta, root)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m core.facejudge", description="Train and ship the face judge.")
    p.add_argument("--data-dir", required=True, help="the CelebA folder the shipped face models were trained on")
    p.add_argument("--attributes", required=True, metavar="LIST_ATTR_CELEBA")
    p.add_argument("--limit", type=int, default=10000)
    p.add_argument("--crop", type=float, default=0.8)
    p.add_argument("--epochs", type=int, default=RECIPE["epochs"])
    a = p.parse_args(argv)
    cfg = DataConfig("image-folder", data_dir=str(Path(a.data_dir).resolve()), limit=a.limit, crop=a.crop)
    meta = fit_shipped(cfg, a.attributes, recipe={**RECIPE, "epochs": a.epochs})
    for name, m in meta["heldout"].items():
        print(f"{name:>11}: accuracy {m['accuracy']:.3f} (majority {m['majority']:.3f}), AUROC {m['auroc']:.3f}")
    print(f"{meta['bytes']:,} bytes, {meta['n_params']:,} parameters, {meta['wall_time_s']} s")


if __name__ == "__main__":
    main()
