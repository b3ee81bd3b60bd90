"""The model kinds: one descriptor each, in one registry that the configs, presets, report, pages, CLI and colours
loop over (the bottom of the ladder: stdlib only, so the configs can read it).

A new kind is its model file (an nn.Module behind core.models.base's interface) plus one register(Kind(...)) with
the knobs it reads, and its texts. Nothing else branches on kind ids.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = ("dense", "conv", "judge")  # dense: the digits' side by side; conv: the faces; judge: the classifier


@dataclass(frozen=True)
class Kind:
    id: str  # the ModelConfig.kind value, in checkpoint names and keys
    label: str  # its name, the same in every language
    model: str | type  # the nn.Module: "module:Class" (imported when first built) or the class itself
    knobs: frozenset[str]  # the ModelConfig fields it reads; the others never change its checkpoint key
    families: frozenset[str] = frozenset({"dense"})  # see FAMILIES: which pages and presets it belongs to
    trained: bool = True  # False: fitted in one step (no epochs, batches, learning rate or noise)
    variational: bool = False  # an encoder that returns μ and σ, a KL term, a likelihood bound
    autoencoder: bool = True  # encode / decode (False: the judge)
    denoiser: bool = False  # the lab trains it on corrupted inputs too, as a denoising autoencoder
    replay: bool = False  # its training keeps the codes of 1,000 test images per epoch (the latent page's replay)
    prior: str = "normal"  # where random codes come from: "normal" N(0, I), "fitted" a Gaussian fitted to its codes
    color: str = "#7f7f7f"  # its colour on every page

    def __post_init__(self) -> None:
        if not self.families or not self.families <= set(FAMILIES):
            raise ValueError(f"{self.id}: families must be among {', '.join(FAMILIES)}, not {sorted(self.families)}")
        if self.prior not in ("normal", "fitted"):
            raise ValueError(f"{self.id}: prior must be 'normal' or 'fitted', not {self.prior!r}")


KINDS: dict[str, Kind] = {}  # by id, in the order the pages show them


def register(kind: Kind) -> Kind:
    """Add a kind to the registry (an id already there is replaced: a test's toy kind, a plug-in)."""
    KINDS[kind.id] = kind
    return kind


def get(kind_id: str) -> Kind:
    if kind_id not in KINDS:
        raise ValueError(f"unknown model kind {kind_id!r}; choose one of {', '.join(KINDS)}")
    return KINDS[kind_id]


ROLES = {"dae": "DAE"}  # models that are a kind trained for another task, by id: the denoising AE (an AE on noise)


def label(model_id: str) -> str:
    """The display name of a kind or a role (the same in every language)."""
    return KINDS[model_id].label if model_id in KINDS else ROLES.get(model_id, model_id)


def of(family: str | None = None, **flags: bool) -> list[Kind]:
    """The kinds of a family (and with the given flags), in registry order: kinds.of("dense") is the side-by-side."""
    return [
        k
        for k in KINDS.values()
        if (family is None or family in k.families) and all(getattr(k, f) == v for f, v in flags.items())
    ]


def ids(family: str | None = None, **flags: bool) -> tuple[str, ...]:
    return tuple(k.id for k in of(family, **flags))


# The lab's kinds. Colours: the AE blue and the VAE red on every page; PCA grey (a baseline).
register(
    Kind(
        "ae",
        "AE",
        "core.models.dense:DenseAE",
        frozenset({"latent_dim", "hidden"}),
        denoiser=True,
        replay=True,
        color="#1f77b4",
    )
)
register(
    Kind(
        "vae",
        "VAE",
        "core.models.dense:DenseVAE",
        frozenset({"latent_dim", "hidden", "beta"}),
        variational=True,
        replay=True,
        color="#d62728",
    )
)
register(
    Kind(
        "pca",
        "PCA",
        "core.models.pca:PCAModel",
        frozenset({"latent_dim"}),
        families=frozenset({"dense", "conv"}),  # the linear baseline of the digits and of the faces
        trained=False,
        prior="fitted",
    )
)
register(
    Kind(
        "conv-ae",
        "Conv AE",
        "core.models.conv:ConvAE",
        frozenset({"latent_dim", "channels"}),
        families=frozenset({"conv"}),
        color="#1f77b4",
    )
)
register(
    Kind(
        "conv-vae",
        "Conv VAE",
        "core.models.conv:ConvVAE",
        frozenset({"latent_dim", "channels", "beta", "likelihood"}),
        families=frozenset({"conv"}),
        variational=True,
        color="#d62728",
    )
)
register(
    Kind(
        "classifier",
        "CNN",
        "core.models.classifier:DigitClassifier",
        frozenset(),
        families=frozenset({"judge"}),
        autoencoder=False,
        color="#9467bd",
    )
)
