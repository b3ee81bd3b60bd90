"""The source's dense models: 784 -> 500 -> 120 -> code -> 120 -> 500 -> 784, ReLU, linear code, sigmoid out."""

from __future__ import annotations

from torch import Tensor, nn

from core.models.base import AutoencoderBase, Output, image_numel, reparameterize


def mlp(widths: list[int]) -> nn.Sequential:
    """Linear layers with ReLU between them and none after the last (a linear code / logits)."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class DenseAE(AutoencoderBase):
    def __init__(self, shape: tuple[int, ...] = (1, 28, 28), latent_dim: int = 2, hidden=(500, 120), **_):
        super().__init__()
        self.shape, self.latent_dim = tuple(shape), latent_dim
        d = image_numel(self.shape)
        self.encoder = mlp([d, *hidden, latent_dim])
        self.decoder = mlp([latent_dim, *reversed(hidden), d])

    def encode(self, x: Tensor) -> Tensor:
        return self.encoder(x.flatten(1))

    def decode_logits(self, z: Tensor) -> Tensor:
        return self.decoder(z).view(-1, *self.shape)

    def forward(self, x: Tensor, sample: bool | None = None, image: bool = True) -> Output:
        z = self.encode(x)
        logits = self.decode_logits(z)
        return Output(logits.sigmoid() if image else None, z, z, None, logits)


class DenseVAE(AutoencoderBase):
    variational = True

    def __init__(
        self, shape: tuple[int, ...] = (1, 28, 28), latent_dim: int = 2, hidden=(500, 120), beta: float = 1.0, **_
    ):
        super().__init__()
        self.shape, self.latent_dim, self.beta = tuple(shape), latent_dim, beta
        d = image_numel(self.shape)
        self.encoder = nn.Sequential(mlp([d, *hidden]), nn.ReLU())
        self.to_mu = nn.Linear(hidden[-1], latent_dim)
        self.to_logvar = nn.Linear(hidden[-1], latent_dim)
        self.decoder = mlp([latent_dim, *reversed(hidden), d])

    def encode_dist(self, x: Tensor) -> tuple[Tensor, Tensor]:
        h = self.encoder(x.flatten(1))
        return self.to_mu(h), self.to_logvar(h)

    def encode(self, x: Tensor) -> Tensor:
        return self.encode_dist(x)[0]

    def decode_logits(self, z: Tensor) -> Tensor:
        return self.decoder(z).view(-1, *self.shape)

    def forward(self, x: Tensor, sample: bool | None = None, image: bool = True) -> Output:
        """sample: draw z ~ q(z|x) (default: only in training mode) or decode mu."""
        mu, logvar = self.encode_dist(x)
        z = reparameterize(mu, logvar) if (self.training if sample is None else sample) else mu
        logits = self.decode_logits(z)
        return Output(logits.sigmoid() if image else None, z, mu, logvar, logits)
