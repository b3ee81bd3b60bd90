"""`python -m core.train`: train (or find) one model in the store, or every model of a preset."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core import cluster, kinds, presets
from core import data as data_mod
from core.classroom import run_classroom
from core.config import LIKELIHOODS, SCHEDULES, DataConfig, ModelConfig, RunSpec, TrainConfig
from core.provision import TrainingFailed, get_or_train
from core.store import Store
from core.train import TrainingDiverged


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core.train", description="Train (or find) a model in the store.")
    p.add_argument("--dataset", default=data_mod.DEFAULT_DATASET, choices=list(data_mod.DATASETS))
    p.add_argument("--model", default="vae", choices=list(kinds.KINDS), help="a model kind (core.kinds)")
    p.add_argument("--latent-dim", type=int, default=2)
    p.add_argument(
        "--epochs", type=int, default=None, help="default: about 40k samples seen for dense models, at least 10"
    )
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=TrainConfig.lr, help="the peak learning rate (default: %(default)s)")
    p.add_argument("--schedule", choices=SCHEDULES, default=TrainConfig.schedule, help="one-cycle warm-up and decay")
    p.add_argument("--beta", type=float, default=1.0)
    p.add_argument(
        "--likelihood",
        default="bernoulli",
        choices=LIKELIHOODS,
        help="the conv VAE's pixel distribution (gaussian: one fitted σ, the σ-VAE)",
    )
    p.add_argument("--noise", default=None, help="train a denoising AE, e.g. gaussian:0.5, salt-pepper:0.2")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--precision",
        default="auto",
        choices=["auto", "fp32", "bf16"],
        help="auto: bf16 autocast on CUDA and AVX512-BF16 CPUs, else fp32",
    )
    p.add_argument("--data-dir", default=None)
    p.add_argument("--image-size", type=int, default=64)
    p.add_argument("--crop", type=float, default=1.0)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--device", default="auto")
    p.add_argument("--checkpoints", default=None, help="store folder (default: checkpoints/)")
    p.add_argument("--retrain", action="store_true", help="train even when the model is stored")
    p.add_argument("--half", action="store_true", help="store the weights in float16 (half the size)")
    p.add_argument(
        "--preset",
        choices=["classroom", "shipped"],
        default=None,
        help="classroom: every model the dashboard needs; shipped: the models that ship with the lab",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="train data-parallel on N Ray Train workers (DDP; the cluster at AEVAE_RAY_ADDRESS, else this machine)",
    )
    return p


def spec_from_args(a: argparse.Namespace) -> RunSpec:
    """The RunSpec the arguments describe; ValueError (a plain sentence) for values out of range."""
    data_dir = a.data_dir
    if data_dir and a.dataset == "image-folder":
        data_dir = str(Path(data_dir).resolve())  # the folder is part of the key: one name for one folder
    dcfg = DataConfig(a.dataset, data_dir=data_dir, image_size=a.image_size, crop=a.crop, limit=a.limit)
    model = ModelConfig(kind=a.model, latent_dim=a.latent_dim, beta=a.beta, likelihood=a.likelihood)
    if a.epochs is None:  # the default depends on the data size: load it first (cached for the training)
        a.epochs = presets.dense_epochs(len(data_mod.load(dcfg).x_train))
    train = TrainConfig(
        epochs=a.epochs,
        batch_size=a.batch_size,
        lr=a.lr,
        seed=a.seed,
        noise=a.noise,
        precision=a.precision,
        schedule=a.schedule,
    )
    spec = RunSpec(dcfg, model, train)
    if not 1 <= a.workers <= 1024:
        raise ValueError(f"workers must be 1 to 1,024, not {a.workers}")
    if a.workers > 1 and not kinds.get(spec.model.kind).trained:
        raise ValueError(f"{spec.model.kind} is fitted in one step; --workers is for trained models")
    if a.batch_size % a.workers:
        raise ValueError(f"the batch size ({a.batch_size}) must split evenly over {a.workers} workers")
    return spec


def main(argv: list[str] | None = None) -> None:
    p = parser()
    a = p.parse_args(argv)
    store = Store(a.checkpoints)
    try:
        if a.preset:
            if a.workers != 1:
                raise ValueError("--workers trains one model data-parallel; a preset trains many models side by side")
            print(json.dumps(run_classroom(store, a.dataset, a.data_dir, a.device, a.preset, a.half)))
            return
        spec = spec_from_args(a)
    except ValueError as e:
        p.error(str(e))
    except data_mod.DataError as e:
        sys.exit(f"error: {e}")
    from tqdm import tqdm

    bar = tqdm(total=spec.train.epochs if kinds.get(spec.model.kind).trained else 1, desc=spec.name, unit="epoch")

    def progress(row: dict) -> None:
        bar.update(1)
        bar.set_postfix(loss=f"{row['loss']:.1f}", test=f"{row['test_loss']:.1f}", sps=f"{row['samples_per_s']:.0f}")

    try:
        model, meta = get_or_train(
            store, spec, device=a.device, progress=progress, retrain=a.retrain, half=a.half, workers=a.workers
        )
    except (TrainingDiverged, TrainingFailed, cluster.TrainingLost) as e:
        sys.exit(f"error: {spec.name}: {e}; nothing was stored")
    finally:
        bar.close()
        cluster.disconnect()
    for notice in meta.get("notices", []):
        print(f"note: {notice}", file=sys.stderr)
    print(json.dumps({"name": spec.name, "status": meta["status"], **meta["metrics"]}))


if __name__ == "__main__":
    main()
