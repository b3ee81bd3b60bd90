"""A small CNN classifier, trained by the project: the judge of generated images (holes, coverage, FID)."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from core.models.base import Loss


class DigitClassifier(nn.Module):
    """conv 16 -> pool -> conv 32 -> pool -> 128 features -> classes (97% on the embedded digits, 99% on MNIST)."""

    closed_form = False

    def __init__(self, shape=(1, 28, 28), n_classes: int = 10, **_):
        super().__init__()
        self.shape = tuple(shape)
        c, h, w = self.shape
        self.body = nn.Sequential(
            nn.Conv2d(c, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(32 * (h // 4) * (w // 4), 128),
            nn.ReLU(),
        )
        self.head = nn.Linear(128, n_classes)

    def features(self, x: Tensor) -> Tensor:
        """The 128-D penultimate layer: the feature space of the Fréchet distance."""
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))

    @staticmethod
    def target(x: Tensor, y: Tensor) -> Tensor:
        """What the training loop compares the output with: the labels."""
        return y

    def loss(self, x: Tensor, target: Tensor, sample: bool | None = None) -> Loss:
        """Cross-entropy, nats per image (its only term)."""
        return Loss.weighted({"ce": F.cross_entropy(self(x), target, reduction="none")})

    def outlier_loss(self, x: Tensor) -> Tensor:
        """Cross-entropy to the uniform distribution on images of no class (outlier exposure, Hendrycks et al. 2019):
        a judge that calls noise a "1" with 95% confidence would count holes as digits."""
        return -F.log_softmax(self(x), dim=1).mean()

    @torch.no_grad()
    def scores(self, x: Tensor, y: Tensor) -> dict[str, float]:
        return {"accuracy": (self(x).argmax(1) == y).float().mean().item()}

    @torch.no_grad()
    def test_terms(self, x: Tensor, y: Tensor) -> dict[str, float]:
        """One test batch's figures: the cross-entropy and the accuracy, from one pass."""
        logits = self(x)
        ce = F.cross_entropy(logits, y).item()
        return {"loss": ce, "ce": ce, "accuracy": (logits.argmax(1) == y).float().mean().item()}

    @property
    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    @torch.no_grad()
    def predict(self, x: Tensor, batch_size: int = 2000) -> tuple[Tensor, Tensor]:
        """(class probabilities, features) for images x."""
        self.eval()
        feats = torch.cat([self.features(x[i : i + batch_size]) for i in range(0, len(x), batch_size)])
        return F.softmax(self.head(feats), dim=1), feats
