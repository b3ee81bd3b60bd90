"""PCA baseline behind the same interface (scikit-learn fits it; torch buffers hold the result)."""

from __future__ import annotations

import torch
from torch import Tensor

from core.models.base import AutoencoderBase, Output, image_numel


class PCAModel(AutoencoderBase):
    """Linear encode (x - mean) @ W^T and decode z @ W + mean, clipped to [0, 1]."""

    closed_form = True

    def __init__(self, shape=(1, 28, 28), latent_dim: int = 2, **_):
        super().__init__()
        self.shape, self.latent_dim = tuple(shape), latent_dim
        d = image_numel(self.shape)
        self.register_buffer("mean_", torch.zeros(d))
        self.register_buffer("components_", torch.zeros(latent_dim, d))
        self.register_buffer("explained_variance_", torch.zeros(latent_dim))
        self.register_buffer("explained_variance_ratio_", torch.zeros(latent_dim))

    def fit(self, x: Tensor, seed: int = 0) -> PCAModel:
        from sklearn.decomposition import PCA

        pca = PCA(n_components=self.latent_dim, random_state=seed).fit(x.flatten(1).cpu().numpy())
        for name in ("mean_", "components_", "explained_variance_", "explained_variance_ratio_"):
            getattr(self, name).copy_(torch.from_numpy(getattr(pca, name)).float())
        return self

    def encode(self, x: Tensor) -> Tensor:
        return (x.flatten(1) - self.mean_) @ self.components_.T

    def decode(self, z: Tensor) -> Tensor:
        return (z @ self.components_ + self.mean_).clamp(0, 1).view(-1, *self.shape)

    def forward(self, x: Tensor, sample: bool | None = None, image: bool = True) -> Output:
        z = self.encode(x)
        return Output(self.decode(z), z, z)

    def prior_scale(self) -> Tensor:
        """Std of each component: a Gaussian sampler in PCA space draws z = scale * N(0, I)."""
        return self.explained_variance_.sqrt()
