"""Dense VAE (d=2, batch 128) training throughput: the project's loop vs a plain DataLoader loop vs a matmul chain.

Run: python bench/train_throughput.py [--data-dir ../shared/data/mnist] [--epochs 3]
Uses full MNIST when --data-dir holds it, else the embedded 5,000 digits.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.config import DataConfig, ModelConfig, TrainConfig
from core.data import DataError, load
from core.models import build
from core.train import fit


def project_loop(ds, epochs: int) -> float:
    model = build(ModelConfig("vae", 2), ds.shape)
    hist = fit(model, ds, TrainConfig(epochs=epochs, batch_size=128), "cpu")
    return float(hist["samples_per_s"].iloc[1:].median() if epochs > 1 else hist["samples_per_s"].iloc[0])


def dataloader_loop(ds, epochs: int) -> float:
    """What a tutorial writes: a shuffled DataLoader over a TensorDataset, Adam, the same model and loss."""
    torch.manual_seed(0)
    model = build(ModelConfig("vae", 2), ds.shape).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(ds.x_train), batch_size=128, shuffle=True)
    rates = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        for (xb,) in loader:
            loss = model.loss(xb)
            opt.zero_grad()
            loss.total.backward()
            opt.step()
        rates.append(len(ds.x_train) / (time.perf_counter() - t0))
    return sorted(rates)[len(rates) // 2]


def matmul_ceiling(ds, steps: int = 400) -> float:
    """Forward+backward of a bare chain of the same layer shapes (no loss, no optimiser): the practical ceiling."""
    d = ds.x_train[0].numel()
    widths = [d, 500, 120, 2, 120, 500, d]
    ws = [torch.randn(a, b, requires_grad=True) * 0.01 for a, b in zip(widths, widths[1:])]
    ws = [w.detach().requires_grad_() for w in ws]
    x = ds.x_train[:128].flatten(1)
    t0 = time.perf_counter()
    for _ in range(steps):
        h = x
        for w in ws:
            h = h @ w
        h.sum().backward()
    return steps * 128 / (time.perf_counter() - t0)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="../shared/data/mnist")
    p.add_argument("--epochs", type=int, default=3)
    a = p.parse_args()
    try:
        ds = load(DataConfig("mnist-full", data_dir=a.data_dir))
    except DataError:
        ds = load(DataConfig("mnist"))
    res = {
        "data": ds.name,
        "n_train": len(ds.x_train),
        "threads": torch.get_num_threads(),
        "project_loop_samples_per_s": round(project_loop(ds, a.epochs)),
        "dataloader_loop_samples_per_s": round(dataloader_loop(ds, a.epochs)),
        "matmul_chain_samples_per_s": round(matmul_ceiling(ds)),
    }
    print(json.dumps(res))


if __name__ == "__main__":
    main()
