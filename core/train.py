"""A hand-written training loop (Adam, whole data set as one tensor) and the training CLI."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Callable

import pandas as pd
import torch
import torch.nn.functional as F

from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.data import Dataset
from core.models import AutoencoderBase, build
from core.noise import corrupt

ProgressFn = Callable[[dict], None]  # receives one history row per epoch


def resolve_device(device: str = "auto") -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


@torch.no_grad()
def evaluate(model: AutoencoderBase, x: torch.Tensor, batch_size: int = 1000) -> dict:
    """Test metrics per image: loss / recon / kl (sampled z, as the ELBO is defined) and per-pixel MSE of decode(mu)."""
    model.eval()
    dev = next(iter(model.buffers()), None)
    dev = dev.device if dev is not None else next(model.parameters()).device
    sums = torch.zeros(4, dtype=torch.float64)
    gen_state = torch.random.get_rng_state()
    torch.manual_seed(1234)  # the same sampled codes every time: comparable test figures
    for i in range(0, len(x), batch_size):
        xb = x[i:i + batch_size].to(dev)
        loss = model.loss(xb, sample=True)
        recon = model(xb, sample=False).recon
        mse = F.mse_loss(recon, xb, reduction="none").flatten(1).mean(1).sum()
        n = len(xb)
        sums += torch.stack([loss.total * n, loss.recon * n, loss.kl * n, mse]).double().cpu()
    torch.random.set_rng_state(gen_state)
    total, recon, kl, mse = (sums / len(x)).tolist()
    return {"test_loss": total, "test_recon": recon, "test_kl": kl, "test_mse": mse}


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype for training, or None for plain fp32."""
    if precision == "fp32":
        return None
    if precision == "bf16":
        return torch.bfloat16
    if device.type == "cuda":
        return torch.bfloat16
    # oneDNN runs bf16 matmuls natively on AVX512-BF16 / AMX CPUs (~1.25x here); elsewhere they are emulated, slower
    return torch.bfloat16 if torch.ops.mkldnn._is_mkldnn_bf16_supported() else None


def fit(model: AutoencoderBase, data: Dataset, cfg: TrainConfig, device: torch.device | str = "cpu",
        progress: ProgressFn | None = None) -> pd.DataFrame:
    """Train in place; return the per-epoch history table."""
    device = torch.device(device)
    torch.manual_seed(cfg.seed)
    model.to(device)
    x_train, x_test = data.x_train.to(device), data.x_test.to(device)
    start = time.perf_counter()
    if not any(p.requires_grad for p in model.parameters()):  # closed-form models (PCA)
        model.fit(x_train, seed=cfg.seed)
        row = {"epoch": 1, "loss": float("nan"), "recon": float("nan"), "kl": 0.0, "samples_per_s": float("nan"),
               "elapsed_s": time.perf_counter() - start, **evaluate(model, x_test)}
        if progress:
            progress(row)
        return pd.DataFrame([row])
    # fused Adam runs the whole update in one kernel (CPU and CUDA): a few % faster on these small layers
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, fused=True)
    gen = torch.Generator(device="cpu").manual_seed(cfg.seed)
    noise = cfg.noise_spec()
    amp = autocast_dtype(cfg.precision, device)  # bf16 needs no loss scaling; weights and Adam stay fp32
    history, n = [], len(x_train)
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen).to(device)
        sums = torch.zeros(3, device=device)
        for i in range(0, n, cfg.batch_size):
            target = x_train[perm[i:i + cfg.batch_size]]
            xb = corrupt(target, *noise) if noise else target
            with torch.autocast(device.type, dtype=amp or torch.float32, enabled=amp is not None):
                loss = model.loss(xb, target)
            opt.zero_grad(set_to_none=True)
            loss.total.backward()
            opt.step()
            sums += torch.stack([loss.total, loss.recon, loss.kl]).detach() * len(target)
        dt = time.perf_counter() - t0
        total, recon, kl = (sums / n).tolist()
        row = {"epoch": epoch, "precision": str(amp or torch.float32).removeprefix("torch."), "loss": total, "recon": recon, "kl": kl, "samples_per_s": n / dt,
               "elapsed_s": time.perf_counter() - start, **evaluate(model, x_test)}
        history.append(row)
        if progress:
            progress(row)
    model.eval()
    return pd.DataFrame(history)


def train_new(spec: RunSpec, data: Dataset, device: str = "auto", progress: ProgressFn | None = None):
    """Build the model a spec describes and train it; returns (model, history). Seeded: init and batches."""
    torch.manual_seed(spec.train.seed)
    model = build(spec.model, data.shape)
    if hasattr(model, "fit_supervised"):  # the digit classifier learns from labels
        history = model.fit_supervised(data, spec.train, resolve_device(device), progress)
    else:
        history = fit(model, data, spec.train, resolve_device(device), progress)
    return model.cpu().eval(), history


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m core.train", description="Train (or find) a model in the store.")
    p.add_argument("--dataset", default="mnist", help="mnist, mnist-full, fashion-mnist, faces, image-folder")
    p.add_argument("--model", default="vae", help="pca, ae, vae, conv-ae, conv-vae")
    p.add_argument("--latent-dim", type=int, default=2)
    p.add_argument("--epochs", type=int, default=None, help="default: about 160k samples for dense models")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--beta", type=float, default=1.0)
    p.add_argument("--noise", default=None, help="train a denoising AE, e.g. gaussian:0.5, salt-pepper:0.2")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16"],
                   help="auto: bf16 autocast on CUDA and AVX512-BF16 CPUs, else fp32")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--image-size", type=int, default=64)
    p.add_argument("--crop", type=float, default=1.0)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--device", default="auto")
    p.add_argument("--checkpoints", default=None, help="store folder (default: checkpoints/)")
    p.add_argument("--retrain", action="store_true", help="train even when the model is stored")
    p.add_argument("--half", action="store_true", help="store the weights in float16 (half the size)")
    p.add_argument("--preset", choices=["classroom"], default=None, help="every model the dashboard needs")
    a = p.parse_args(argv)

    from tqdm import tqdm

    from core import data as data_mod
    from core import presets
    from core.store import Store

    store = Store(a.checkpoints)
    if a.preset == "classroom":
        from core.classroom import run_classroom

        print(json.dumps(run_classroom(store, a.dataset, a.data_dir, a.device)))
        return
    if a.data_dir and a.dataset == "image-folder":
        a.data_dir = str(Path(a.data_dir).resolve())  # the folder is part of the key: one name for one folder
    dcfg = DataConfig(a.dataset, data_dir=a.data_dir, image_size=a.image_size, crop=a.crop, limit=a.limit)
    ds = data_mod.load(dcfg)
    epochs = a.epochs or presets.dense_epochs(len(ds.x_train))
    spec = RunSpec(dcfg, ModelConfig(kind=a.model, latent_dim=a.latent_dim, beta=a.beta),
                   TrainConfig(epochs=epochs, batch_size=a.batch_size, lr=a.lr, seed=a.seed, noise=a.noise,
                               precision=a.precision))
    bar = tqdm(total=1 if a.model == "pca" else epochs, desc=spec.name, unit="epoch")

    def progress(row: dict) -> None:
        bar.update(1)
        bar.set_postfix(loss=f"{row['loss']:.1f}", kl=f"{row['kl']:.1f}", test=f"{row['test_loss']:.1f}",
                        sps=f"{row['samples_per_s']:.0f}")

    model, meta = store.get_or_train(spec, device=a.device, progress=progress, retrain=a.retrain, half=a.half)
    bar.close()
    print(json.dumps({"name": spec.name, "status": meta.get("status", "trained"), **meta["metrics"]}))


if __name__ == "__main__":
    main()
