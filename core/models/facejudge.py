"""The face judge: a small CNN that says which named attributes (core.faces.ATTRIBUTES) a 64x64 face shows."""

from __future__ import annotations

import torch
from torch import Tensor, nn


class FaceJudge(nn.Module):
    """Four stride-2 convolutions (32, 64, 128, 128; 64 -> 4 pixels a side) -> 128 features -> one logit per
    attribute. Not a face model of the lab: its only use is to measure the face models (attributes, realism)."""

    def __init__(self, shape=(3, 64, 64), n_attributes: int = 10, channels=(32, 64, 128, 128), n_features: int = 128):
        super().__init__()
        self.shape = tuple(shape)
        c, h, w = self.shape
        layers: list[nn.Module] = []
        for out in channels:
            layers += [nn.Conv2d(c, out, 4, stride=2, padding=1), nn.BatchNorm2d(out), nn.LeakyReLU(0.2)]
            c = out
        side = 2 ** len(channels)
        self.body = nn.Sequential(
            *layers, nn.Flatten(), nn.Linear(c * (h // side) * (w // side), n_features), nn.ReLU()
        )
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(n_features, n_attributes)

    def features(self, x: Tensor) -> Tensor:
        """The 128-D penultimate layer: the feature space of the faces' Fréchet distance."""
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        """Logits, one per attribute."""
        return self.head(self.drop(self.features(x)))

    def probabilities(self, x: Tensor) -> Tensor:
        return torch.sigmoid(self(x))

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    @torch.no_grad()
    def predict(self, x: Tensor, batch_size: int = 500) -> tuple[Tensor, Tensor]:
        """(attribute probabilities, features) for images x, as core.metrics.judge reads a judge."""
        self.eval()
        dev = next(self.parameters()).device
        feats = torch.cat([self.features(x[i : i + batch_size].to(dev)) for i in range(0, len(x), batch_size)])
        return torch.sigmoid(self.head(feats)).cpu(), feats.cpu()
