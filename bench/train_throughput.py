"""Dense VAE (d=2, batch 128) training throughput on 2 cores, four loops over the same data in the same run.

1. the project's loop (core.train.fit),
2. a plain DataLoader loop (the same model, loss and Adam; a shuffled DataLoader over a TensorDataset),
3. a loop set up as pytorch/examples' VAE is (torchvision MNIST through a DataLoader, 784-400-20, Adam 1e-3,
   batch 128, BCE sum + KL), written here from its description,
4. a bare chain of the VAE's layers (same shapes, biases, ReLUs, the same autocast precision), forward and
   backward of a sum, no loss, no optimiser, no data handling;
5. the ceiling: the same forward and backward work as the project's step (layers, reparameterisation, the loss
   with its KL term) as one straight chain in the same precision; no optimiser, schedule or data handling.
Each is reported as samples/s (the median over all its epochs) and as a ratio to each chain, also round by round
(min and max); the order of the loops alternates over rounds.

Run: python bench/train_throughput.py [--data-dir ../shared/data/mnist] [--rounds 4]
Uses full MNIST when --data-dir holds it (loop 3 needs it), else the embedded 5,000 digits.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.config import DataConfig, ModelConfig, TrainConfig
from core.data import DataError, _idx_root, load
from core.device import autocast_dtype
from core.models import build
from core.train import fit

BATCH = 128


def project_loop(ds, epochs: int) -> list[float]:
    model = build(ModelConfig("vae", 2), ds.shape)
    hist = fit(model, ds, TrainConfig(epochs=epochs, batch_size=BATCH), "cpu")
    return [float(r) for r in hist["samples_per_s"]]


def dataloader_loop(ds, epochs: int) -> list[float]:
    """What a tutorial writes: a shuffled DataLoader over a TensorDataset, Adam, the same model and loss."""
    torch.manual_seed(0)
    model = build(ModelConfig("vae", 2), ds.shape).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(TensorDataset(ds.x_train), batch_size=BATCH, shuffle=True)
    amp = autocast_dtype("auto", torch.device("cpu"))
    rates = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        for (xb,) in loader:
            with torch.autocast("cpu", dtype=amp or torch.float32, enabled=amp is not None):
                loss = model.loss(xb)
            opt.zero_grad()
            loss.total.backward()
            opt.step()
        rates.append(len(ds.x_train) / (time.perf_counter() - t0))
    return rates


class ExamplesVAE(nn.Module):
    """The shape of pytorch/examples' MNIST VAE: 784-400-(20, 20)-400-784."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x.view(-1, 784)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def examples_loop(root: Path, epochs: int) -> list[float]:
    """torchvision's MNIST (PIL images through ToTensor) in a shuffled DataLoader, BCE sum + KL, Adam 1e-3, fp32."""
    import torchvision
    from torchvision import transforms

    torch.manual_seed(1)
    data = torchvision.datasets.MNIST(str(root), train=True, download=False, transform=transforms.ToTensor())
    loader = DataLoader(data, batch_size=BATCH, shuffle=True)
    model = ExamplesVAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rates = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        for xb, _ in loader:
            recon, mu, logvar = model(xb)
            bce = F.binary_cross_entropy(recon, xb.view(-1, 784), reduction="sum")
            loss = bce - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            opt.zero_grad()
            loss.backward()
            opt.step()
        rates.append(len(data) / (time.perf_counter() - t0))
    return rates


def chain(ds, steps: int, reps: int) -> list[float]:
    """The VAE's own layers as a bare chain in the same autocast precision: forward and backward, nothing else."""
    model = build(ModelConfig("vae", 2), ds.shape)
    enc = [m for m in model.encoder.modules() if isinstance(m, nn.Linear)]
    dec = [m for m in model.decoder.modules() if isinstance(m, nn.Linear)]
    amp = autocast_dtype("auto", torch.device("cpu"))
    x = ds.x_train[:BATCH].flatten(1)
    rates = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(steps):
            with torch.autocast("cpu", dtype=amp or torch.float32, enabled=amp is not None):
                h = x
                for lin in enc:
                    h = F.relu(lin(h))
                z = model.to_mu(h) + model.to_logvar(h)  # both heads, as the VAE computes them
                for i, lin in enumerate(dec):
                    z = lin(z) if i == len(dec) - 1 else F.relu(lin(z))
            z.float().sum().backward()
        rates.append(steps * BATCH / (time.perf_counter() - t0))
    return rates


def chain_with_loss(ds, steps: int, reps: int) -> list[float]:
    """The same forward and backward work as the project's step, in the same precision, as one straight chain: the
    VAE's layers, the reparameterisation, BCE (logits) summed per image + KL, backward. Left out: the optimiser,
    the schedule, picking the batch and the bookkeeping, which is what the loop adds to the computation."""
    model = build(ModelConfig("vae", 2), ds.shape)
    amp = autocast_dtype("auto", torch.device("cpu"))
    x = ds.x_train[:BATCH]
    rates = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(steps):
            with torch.autocast("cpu", dtype=amp or torch.float32, enabled=amp is not None):
                h = model.encoder(x.flatten(1))
                mu, logvar = model.to_mu(h), model.to_logvar(h)
                z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
                logits = model.decoder(z)
                bce = F.binary_cross_entropy_with_logits(logits, x.flatten(1), reduction="none").sum(1)
                kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
                loss = (bce + kl).mean()
            loss.backward()
        rates.append(steps * BATCH / (time.perf_counter() - t0))
    return rates


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="../shared/data/mnist")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--rounds", type=int, default=4)
    a = p.parse_args()
    try:
        ds = load(DataConfig("mnist-full", data_dir=a.data_dir))
        root = _idx_root(Path(a.data_dir).resolve(), "MNIST")
    except DataError:
        ds, root = load(DataConfig("mnist")), None
    steps = len(ds.x_train) // BATCH
    # each loop next to its reference, the project's next to the same-work chain: the order alternates, so a
    # machine that slows down over minutes slows both sides of a ratio alike
    loops = {
        "project_loop": lambda: project_loop(ds, a.epochs),
        "chain_with_loss": lambda: chain_with_loss(ds, steps, a.epochs),
        "chain": lambda: chain(ds, steps, a.epochs),
        "dataloader_loop": lambda: dataloader_loop(ds, a.epochs),
        "examples_loop": (lambda: examples_loop(root, a.epochs)) if root else None,
    }
    # rates[name][round]: that loop's samples/s for each epoch (each pass of `steps` steps for a chain) of a round
    rates: dict[str, list[list[float]]] = {k: [] for k, f in loops.items() if f}
    for r in range(a.rounds):
        order = list(rates) if r % 2 == 0 else list(reversed(rates))
        for name in order:
            rates[name].append(loops[name]())
    # the machine's speed drifts by 10-20 % over minutes (shared 2-core VMs): report medians of equal numbers of
    # epochs, and the ratio round by round (each round runs every loop back to back), not the luckiest epoch
    flat = {k: [x for rnd in v for x in rnd] for k, v in rates.items()}
    med = {k: statistics.median(v) for k, v in flat.items()}
    res = {"data": ds.name, "n_train": len(ds.x_train), "threads": torch.get_num_threads(), "rounds": a.rounds}
    res["precision"] = str(autocast_dtype("auto", torch.device("cpu")) or "float32").removeprefix("torch.")
    res.update({f"{k}_samples_per_s": round(v) for k, v in med.items()})
    loops_only = [k for k in med if not k.startswith("chain")]
    for ref in ("chain", "chain_with_loss"):
        for k in loops_only:
            per_round = [statistics.median(x) / statistics.median(c) for x, c in zip(rates[k], rates[ref], strict=True)]
            res[f"{k}_vs_{ref}"] = round(med[k] / med[ref], 2)
            res[f"{k}_vs_{ref}_rounds"] = [round(min(per_round), 2), round(max(per_round), 2)]
    res["spread"] = {k: round(statistics.pstdev(v) / statistics.fmean(v), 3) for k, v in flat.items()}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
