"""Frozen dataclass configs: one per kind of knob; the same object is widget default, cache key and metadata."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field

# Bump when the checkpoint layout or the meaning of a config field changes: old checkpoints are then retrained.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class DataConfig:
    name: str = "mnist"
    data_dir: str | None = None  # folder for mnist-full / fashion-mnist / image-folder
    image_size: int = 64  # side of face images (faces, image-folder)
    crop: float = 1.0  # centre-crop fraction of the shorter side before resizing (image-folder)
    limit: int | None = None  # cap on the number of images (image-folder), or a train subset
    test_fraction: float = 0.2  # for data sets without an official test split
    split_seed: int = 0

    def key_dict(self) -> dict:
        d = dataclasses.asdict(self)
        if self.name != "image-folder":  # the folder only identifies the data for image-folder
            d.pop("data_dir")
        return d


@dataclass(frozen=True)
class ModelConfig:
    kind: str = "vae"  # a key of core.models.MODELS
    latent_dim: int = 2
    hidden: tuple[int, ...] = (500, 120)  # dense widths, as in the source
    channels: tuple[int, ...] = (32, 64, 128, 256)  # conv widths
    beta: float = 1.0  # weight of the KL term (VAE kinds only)


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 30
    batch_size: int = 128
    lr: float = 1e-3
    seed: int = 0
    noise: str | None = None  # "gaussian:0.5", "salt-pepper:0.2", "masking:0.5": a denoising AE
    precision: str = "auto"  # "auto": bf16 autocast where the hardware has it (CUDA, AVX512-BF16 CPUs), else fp32

    def noise_spec(self) -> tuple[str, float] | None:
        if not self.noise:
            return None
        kind, _, level = self.noise.partition(":")
        return kind, float(level or 0.5)


@dataclass(frozen=True)
class RunSpec:
    """Everything that determines a trained model; its hash is the checkpoint key."""

    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)

    def to_dict(self) -> dict:
        return {"data": dataclasses.asdict(self.data), "model": dataclasses.asdict(self.model),
                "train": dataclasses.asdict(self.train)}

    @classmethod
    def from_dict(cls, d: dict) -> RunSpec:
        model = dict(d["model"])
        model["hidden"], model["channels"] = tuple(model["hidden"]), tuple(model["channels"])
        return cls(DataConfig(**d["data"]), ModelConfig(**model), TrainConfig(**d["train"]))

    @property
    def key(self) -> str:
        from core.models import normalized  # fields a kind ignores must not change the key

        payload = {"format": FORMAT_VERSION, "data": self.data.key_dict(),
                   "model": dataclasses.asdict(normalized(self.model)), "train": dataclasses.asdict(self.train)}
        if self.model.kind == "pca":  # PCA is fitted in closed form: training knobs are irrelevant
            payload["train"] = {}
        blob = json.dumps(payload, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:12]

    @property
    def name(self) -> str:
        m = self.model
        noise = f"-{self.train.noise.replace(':', '')}" if self.train.noise else ""
        beta = f"-b{m.beta:g}" if m.kind.endswith("vae") and m.beta != 1 else ""
        return f"{m.kind}-{self.data.name}-d{m.latent_dim}{beta}{noise}-{self.key}"
