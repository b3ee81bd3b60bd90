"""A small CNN digit classifier, trained by the project: the judge of generated digits (holes, coverage, FID)."""
from __future__ import annotations

import time

import pandas as pd
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from core.config import TrainConfig
from core.data import Dataset


class DigitClassifier(nn.Module):
    """conv 16 -> pool -> conv 32 -> pool -> 128 features -> classes (97% on the embedded digits, 99% on MNIST)."""

    variational = False

    def __init__(self, shape=(1, 28, 28), n_classes: int = 10, **_):
        super().__init__()
        self.shape = tuple(shape)
        c, h, w = self.shape
        self.body = nn.Sequential(nn.Conv2d(c, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                                  nn.Linear(32 * (h // 4) * (w // 4), 128), nn.ReLU())
        self.head = nn.Linear(128, n_classes)

    def features(self, x: Tensor) -> Tensor:
        """The 128-D penultimate layer: the feature space of the Fréchet distance."""
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    @torch.no_grad()
    def predict(self, x: Tensor, batch_size: int = 2000) -> tuple[Tensor, Tensor]:
        """(class probabilities, features) for images x."""
        self.eval()
        feats = torch.cat([self.features(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])
        return F.softmax(self.head(feats), dim=1), feats

    def fit_supervised(self, data: Dataset, cfg: TrainConfig, device: torch.device, progress=None) -> pd.DataFrame:
        """Adam on cross-entropy over the training split; history rows like the autoencoders' loop."""
        self.to(device)
        x, y = data.x_train.to(device), data.y_train.to(device)
        opt = torch.optim.Adam(self.parameters(), lr=cfg.lr)
        gen = torch.Generator().manual_seed(cfg.seed)
        start, history = time.perf_counter(), []
        from core.train import autocast_dtype

        amp = autocast_dtype(cfg.precision, device)
        for epoch in range(1, cfg.epochs + 1):
            self.train()
            t0, total = time.perf_counter(), 0.0
            perm = torch.randperm(len(x), generator=gen).to(device)
            for i in range(0, len(x), cfg.batch_size):
                idx = perm[i:i + cfg.batch_size]
                with torch.autocast(device.type, dtype=amp or torch.float32, enabled=amp is not None):
                    loss = F.cross_entropy(self(x[idx]), y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            probs, _ = self.cpu().predict(data.x_test)
            self.to(device)
            row = {"epoch": epoch, "loss": total / len(x), "kl": 0.0, "samples_per_s": len(x) / (time.perf_counter() - t0),
                   "elapsed_s": time.perf_counter() - start,
                   "test_loss": F.nll_loss(probs.clamp_min(1e-12).log(), data.y_test).item(),
                   "test_accuracy": (probs.argmax(1) == data.y_test).float().mean().item()}
            history.append(row)
            if progress:
                progress(row)
        self.cpu().eval()
        return pd.DataFrame(history)
