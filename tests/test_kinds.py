"""Model kinds as descriptors: a new kind is its model plus one register(); stored keys never move."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from core import kinds, presets
from core.config import ModelConfig, RunSpec

ROOT = Path(__file__).resolve().parents[1]

# Keys of today's models (computed before the kinds became descriptors): the store and the shipped files keep
# working only while these stay exactly the same.
PINNED = {
    "pca-mnist-d2-ab539a9fc351": presets.trio(2, "mnist")["pca"],
    "ae-mnist-d2-fcf7b768e489": presets.trio(2, "mnist")["ae"],
    "vae-mnist-d2-9b6002e296c1": presets.trio(2, "mnist")["vae"],
    "pca-mnist-d5-b5d1ee959305": presets.trio(5, "mnist")["pca"],
    "ae-mnist-d5-7148d2c33f2e": presets.trio(5, "mnist")["ae"],
    "vae-mnist-d5-b38c5faf9db2": presets.trio(5, "mnist")["vae"],
    "ae-mnist-d32-gaussian0.5-a017e2c07810": presets.denoiser("mnist"),
    "classifier-mnist-e87d2420651a": presets.classifier("mnist"),
    "vae-mnist-d2-b4-0e0f2a6f312f": presets.trio(2, "mnist", beta=4.0)["vae"],
    "classifier-mnist-full-60031c83a7bf": presets.classifier("mnist-full", "/x"),
    "vae-mnist-full-d5-271b9df99d86": presets.trio(5, "mnist-full", "/x")["vae"],
    "pca-image-folder-d128-2bc5e5075cab": presets.face_specs("/faces", 10, 10000)[0],
    "conv-ae-image-folder-d128-18c44207a789": presets.face_specs("/faces", 10, 10000)[1],
    "conv-vae-image-folder-d128-efc333e206c9": presets.face_specs("/faces", 10, 10000)[2],
}


@pytest.mark.parametrize("name", PINNED)
def test_the_keys_of_todays_models_do_not_move(name):
    assert PINNED[name].name == name


@pytest.mark.parametrize("folder", sorted(p.name for p in (ROOT / "checkpoints" / "shipped").glob("*-*") if p.is_dir()))
def test_the_shipped_models_keep_their_keys(folder):
    meta = json.loads((ROOT / "checkpoints" / "shipped" / folder / "meta.json").read_text())
    assert RunSpec.from_dict(meta["spec"]).name == folder


def test_a_new_knob_with_its_default_leaves_every_key_alone(monkeypatch):
    """A knob added to ModelConfig for one kind is in that kind's key only where it is set."""
    import core.config as config

    fields = [(f.name, f.type, f) for f in dataclasses.fields(ModelConfig)]
    Wider = dataclasses.make_dataclass(
        "ModelConfig", [*fields, ("gamma", float, dataclasses.field(default=0.0))], frozen=True
    )
    Wider.__post_init__ = ModelConfig.__post_init__
    Wider.normalized = ModelConfig.normalized
    monkeypatch.setattr(config, "ModelConfig", Wider)
    monkeypatch.setitem(
        kinds.KINDS, "vae", dataclasses.replace(kinds.KINDS["vae"], knobs=kinds.KINDS["vae"].knobs | {"gamma"})
    )
    for name, spec in PINNED.items():
        m = spec.model
        wide = RunSpec(spec.data, Wider(**dataclasses.asdict(m)), spec.train)
        assert wide.name == name
    vae = PINNED["vae-mnist-d5-b38c5faf9db2"]
    assert RunSpec(vae.data, Wider(**{**dataclasses.asdict(vae.model), "gamma": 2.0}), vae.train).key != vae.key
    ae = PINNED["ae-mnist-d5-7148d2c33f2e"]  # a kind that does not read it: reset, so the same model
    assert RunSpec(ae.data, Wider(**{**dataclasses.asdict(ae.model), "gamma": 2.0}), ae.train).key == ae.key


@pytest.mark.parametrize("kind", list(kinds.KINDS))
def test_each_descriptor_agrees_with_its_model(kind):
    from core.models import build

    k = kinds.get(kind)
    model = build(ModelConfig(kind=kind, latent_dim=3), (3, 64, 64) if "conv" in k.families else (1, 28, 28))
    assert getattr(model, "variational", False) == k.variational
    assert (not getattr(model, "closed_form", False)) == k.trained
    assert hasattr(model, "decode") == k.autoencoder
    fields = {f.name for f in dataclasses.fields(ModelConfig)}
    assert k.knobs <= fields


@pytest.fixture
def toy(monkeypatch):
    """A toy kind, registered here and nowhere else: a dense AE under another id and colour."""
    from core.models.dense import DenseAE

    class ToyAE(DenseAE):
        pass

    kind = kinds.Kind("toy", "Toy", ToyAE, frozenset({"latent_dim", "hidden"}), color="#000000")
    monkeypatch.setitem(kinds.KINDS, "toy", kind)
    return kind


def test_a_registered_kind_appears_everywhere_without_another_edit(toy, tiny_mnist):
    from core import cli, report
    from core.data import load
    from core.models import build

    assert "toy" in presets.trio(2, "mnist") and presets.trio(2, "mnist")["toy"].name.startswith("toy-mnist-d2-")
    choices = next(a.choices for a in cli.parser()._actions if a.dest == "model")
    assert "toy" in choices
    assert "toy" in report.columns()
    ds = load(dataclasses.replace(tiny_mnist, limit=200))
    specs = report.specs_for("mnist", None, 2)
    models = {k: build(s.model, ds.shape).eval() for k, s in specs.items()}
    models["pca"].fit(ds.x_train)
    table, _ = report.build(models, ds, n_eval=120)
    row = table.set_index("metric").loc["mse"]
    assert row["toy"] == row["toy"] and row["toy"] > 0  # measured like the others
    assert table.set_index("metric").loc["neg_elbo", "toy"] != table.set_index("metric").loc["neg_elbo", "toy"]
    from ui.figures import model_color
    from ui.i18n import model_name

    assert model_name("toy") == "Toy" and model_color("toy") == "#000000"
