"""One hand-written training loop (Adam, whole data set as one tensor) for every model kind.

A model brings its own loss (`loss(x, target)`) and says what it is compared with (`target(x, y)`): the clean
image for an autoencoder, the label for the classifier. PCA is fitted in closed form (`closed_form`).
The command line lives in core.cli; `python -m core.train` still runs it.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable

from core import forkserver

if __name__ == "__main__" and forkserver.preset_requested(sys.argv[1:]):
    forkserver.start()  # a preset's workers: their server imports torch beside this process, not after it

import pandas as pd
import torch

from core import kinds
from core.config import FORMAT_VERSION, RunSpec, TrainConfig
from core.data import Dataset
from core.device import autocast_dtype, hardware, machine, resolve_device, versions
from core.models import Loss, build
from core.models.base import terms
from core.noise import corrupt, outliers

ProgressFn = Callable[[dict], None]  # receives one history row per epoch
REPLAY_N = 1000  # test images whose codes are kept at every epoch (the training replay): 1,000 x epochs x d


def replays(spec: RunSpec) -> bool:
    """Does training this spec keep a replay (the dense AE and VAE the latent page plays back)?"""
    return kinds.get(spec.model.kind).replay and not spec.train.noise


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: nothing is stored (a too large learning rate, usually)."""


def _device_of(model: torch.nn.Module) -> torch.device:
    t = next(iter(model.buffers()), None)
    return t.device if t is not None else next(model.parameters()).device


@torch.no_grad()
def evaluate(model, x: torch.Tensor, y: torch.Tensor, batch_size: int = 1000) -> dict:
    """Test metrics per image: loss / recon / kl (sampled z, as the ELBO is defined) and the model's scores."""
    model.eval()
    dev = _device_of(model)
    sums: dict[str, float] = {}
    rng = torch.random.get_rng_state()
    torch.manual_seed(1234)  # the same sampled codes every time: comparable test figures
    for i in range(0, len(x), batch_size):
        xb, yb = x[i : i + batch_size].to(dev), y[i : i + batch_size].to(dev)
        for k, v in model.test_terms(xb, yb).items():  # loss terms (sampled z) and the model's scores
            sums[k] = sums.get(k, 0.0) + v * len(xb)
    torch.random.set_rng_state(rng)
    return {f"test_{k}": v / len(x) for k, v in sums.items()}


def schedule(opt: torch.optim.Optimizer, cfg: TrainConfig, steps_per_epoch: int):
    """The learning-rate schedule: "constant" (cfg.lr throughout), or "onecycle": a warm-up from cfg.lr / 25 to
    cfg.lr over the first cfg.warmup of the steps, then a cosine decay to cfg.lr / 1000 (Smith & Topin 2019).
    Early stopping (stop_at) and a schedule over the whole budget do not mix, so the judge keeps "constant"."""
    if cfg.schedule == "constant":
        return None
    return torch.optim.lr_scheduler.OneCycleLR(
        opt,
        max_lr=cfg.lr,
        total_steps=cfg.epochs * steps_per_epoch,
        pct_start=cfg.warmup,
        div_factor=25.0,
        final_div_factor=1000.0 / 25.0,
        cycle_momentum=False,
    )


class FlatParameters:
    """The trainable weights and their gradients as views into two contiguous buffers, so that Adam's fused kernel
    runs once over all of them (one parameter of 0.9 M numbers for the dense VAE) instead of once per layer: on 2
    cores it halves the optimiser's share of a step (bench/train_throughput.py). The gradients accumulate in place
    into their views (zeroed each step); the update is Adam's, equal to the per-layer one up to float rounding.
    `release()` gives every weight its own storage again (safetensors refuses shared tensors), drops the buffers."""

    def __init__(self, model: torch.nn.Module):
        self.params = [p for p in model.parameters() if p.requires_grad]
        data = torch.cat([p.detach().flatten() for p in self.params])
        self.flat = torch.nn.Parameter(data)
        self.flat.grad = torch.zeros_like(data)
        offset = 0
        for p in self.params:
            k = p.numel()
            p.data = self.flat.data[offset : offset + k].view_as(p)
            p.grad = self.flat.grad[offset : offset + k].view_as(p)
            offset += k

    def zero_grad(self) -> None:
        self.flat.grad.zero_()

    def release(self) -> None:
        for p in self.params:
            p.data, p.grad = p.data.clone(), None
        self.flat = None


def _flattenable(model: torch.nn.Module) -> bool:
    """One device and dtype, and no wrapper that keeps its own references to the gradients (DDP's buckets)."""
    params = [p for p in model.parameters() if p.requires_grad]
    kinds = {(p.device, p.dtype) for p in params}
    return bool(params) and len(kinds) == 1 and getattr(model, "flat_parameters", True)


def fit(
    model,
    data: Dataset,
    cfg: TrainConfig,
    device: torch.device | str = "cpu",
    progress: ProgressFn | None = None,
    track: torch.Tensor | None = None,
):
    """Train in place; return the per-epoch history table. With `track` (a few test images), their codes before
    training and after every epoch are kept in `model.replay_` (epochs + 1, n, latent_dim): the training replay."""
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    model.to(device)
    x_train, y_train = data.x_train.to(device), data.y_train.to(device)
    x_test, y_test = data.x_test.to(device), data.y_test.to(device)
    start = time.perf_counter()
    if model.closed_form:
        model.fit(x_train, seed=cfg.seed)
        nan = float("nan")
        row = {"epoch": 1, "loss": nan, "recon": nan, "kl": 0.0, "samples_per_s": nan}
        row.update(elapsed_s=time.perf_counter() - start, **evaluate(model, x_test, y_test))
        if progress:
            progress(row)
        return pd.DataFrame([row])
    if cfg.init == "data" and hasattr(model, "init_from_data"):
        model.init_from_data(x_train)
    snapshots: list[torch.Tensor] = []

    def snapshot() -> None:
        if track is not None:
            model.eval()
            with torch.no_grad():
                snapshots.append(model.encode(track.to(device)).float().cpu())

    snapshot()
    # fused Adam runs the whole update in one kernel (CPU and CUDA), over one flat buffer where it can
    flat = FlatParameters(model) if _flattenable(model) else None
    opt = torch.optim.Adam([flat.flat] if flat else model.parameters(), lr=cfg.lr, fused=True)
    steps = math.ceil(len(x_train) / cfg.batch_size)
    sched = schedule(opt, cfg, steps)
    gen = torch.Generator(device="cpu").manual_seed(cfg.seed)
    noise = cfg.noise_spec()
    amp = autocast_dtype(cfg.precision, device)  # bf16 needs no loss scaling; weights and Adam stay fp32
    history, n = [], len(x_train)
    try:
        for epoch in range(1, cfg.epochs + 1):
            model.train()
            t0 = time.perf_counter()
            perm = torch.randperm(n, generator=gen).to(device)
            sums: dict[str, torch.Tensor] = {}  # a running sum of every term the model's loss returns
            for i in range(0, n, cfg.batch_size):
                idx = perm[i : i + cfg.batch_size]
                clean = x_train[idx]
                xb = corrupt(clean, *noise) if noise else clean
                with torch.autocast(device.type, dtype=amp or torch.float32, enabled=amp is not None):
                    loss = model.loss(xb, model.target(clean, y_train[idx]))
                    total = loss.total
                    if cfg.outliers:  # and images of no class, which the judge learns to give no confident class
                        total = total + model.outlier_loss(
                            outliers(round(cfg.outliers * len(idx)), data.shape, gen).to(device)
                        )
                if flat:
                    flat.zero_grad()
                else:
                    opt.zero_grad(set_to_none=True)
                total.backward()
                opt.step()
                if sched is not None:
                    sched.step()
                for k, v in loss.items():
                    sums[k] = sums.get(k, 0.0) + v.detach() * len(idx)
            dt = time.perf_counter() - t0
            means = terms(Loss({k: v / n for k, v in sums.items()}))
            total = means["loss"]
            if not math.isfinite(total):
                raise TrainingDiverged(f"the loss became {total} in epoch {epoch}; try a smaller learning rate")
            row = {"epoch": epoch, "precision": str(amp or torch.float32).removeprefix("torch.")}
            row.update(means, samples_per_s=n / dt, elapsed_s=time.perf_counter() - start)
            row.update(evaluate(model, x_test, y_test))
            snapshot()
            history.append(row)
            if progress:
                progress(row)
            if cfg.stop_at is not None and row.get("test_accuracy", 0.0) >= cfg.stop_at:
                break  # the judge is as good as it was asked to be: the rest of the epochs are a budget, not a plan
    finally:
        if flat:
            flat.release()
    model.eval()
    if snapshots:
        model.replay_ = torch.stack(snapshots).half()
    return pd.DataFrame(history)


def train_new(spec: RunSpec, data: Dataset, device: str = "auto", progress: ProgressFn | None = None):
    """Build the model a spec describes and train it; returns (model, history). Seeded: init and batches."""
    torch.manual_seed(spec.train.seed)
    model = build(spec.model, data.shape)
    track = data.x_test[:REPLAY_N] if replays(spec) else None
    history = fit(model, data, spec.train, resolve_device(device), progress, track)
    return model.cpu().eval(), history


def record(spec: RunSpec, data: Dataset, model, history: pd.DataFrame, wall_s: float, device: str) -> dict:
    """The self-describing metadata stored beside a model's weights."""
    dev = resolve_device(device)
    last = history.iloc[-1]
    return {
        "format_version": FORMAT_VERSION,
        "name": spec.name,
        "key": spec.key,
        "spec": spec.to_dict(),
        "data": {
            "name": data.name,
            "description": data.description,
            "checksum": data.checksum,
            "shape": list(data.shape),
            "n_train": len(data.x_train),
            "n_test": len(data.x_test),
        },
        "metrics": {k: float(last[k]) for k in history.columns if k.startswith("test_")},
        "history": history.to_dict(orient="list"),
        "seed": spec.train.seed,
        "wall_time_s": wall_s,
        "device": str(dev),
        "hardware": hardware(dev),
        "machine": machine(dev),
        "n_params": model.n_params,
        "versions": versions(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "argv": sys.argv[:1],
    }


if __name__ == "__main__":  # the documented `python -m core.train`: the CLI sits above the store, in core.cli
    import runpy

    runpy.run_module("core.cli", run_name="__main__", alter_sys=True)
