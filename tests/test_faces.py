import pytest
import torch

from core import faces
from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.data import load
from core.train import train_new


def test_the_shipped_face_models_load_and_match_their_metadata():
    found = faces.find_models(faces.shipped_store())
    assert {"pca", "conv-ae", "conv-vae"} <= set(found), "checkpoints/shipped must hold the three face models"
    for kind, folder in found.items():
        model, meta = faces.shipped_store().load_folder(folder)  # verifies the weights' sha256 too
        assert meta["spec"]["model"]["kind"] == kind and meta["dtype"] == "float16"
        assert meta["data"]["shape"] == [3, 64, 64] and len(meta["data"]["checksum"]) == 64
        assert meta["metrics"]["test_mse"] < 0.03 and meta["wall_time_s"] > 0 and meta["hardware"]
        z = torch.randn(4, model.latent_dim)
        from core.analysis import prior_samples

        x = prior_samples(model, z.numpy())
        assert x.shape == (4, 3, 64, 64) and 0 <= x.min() and x.max() <= 1


def test_the_held_out_faces_ship_beside_them():
    x = faces.heldout_faces()
    assert x is not None and x.shape[1:] == (3, 64, 64) and len(x) >= 24
    vae, meta = faces.shipped_store().load_folder(faces.find_models(faces.shipped_store())["conv-vae"])
    from core.analysis import mse_per_image, reconstruct

    assert mse_per_image(x, reconstruct(vae, x)).mean() < 2 * meta["metrics"]["test_mse"] + 0.01


@pytest.mark.parametrize("kind", ["conv-ae", "conv-vae"])
def test_a_short_training_run_on_the_embedded_faces(kind):
    spec = RunSpec(
        DataConfig("faces", image_size=32),
        ModelConfig(kind=kind, latent_dim=16, channels=(16, 32, 64)),
        TrainConfig(epochs=4, batch_size=16),
    )
    model, hist = train_new(spec, load(spec.data), "cpu")
    assert hist["loss"].iloc[-1] < hist["loss"].iloc[0]
    assert model.decode(torch.randn(2, 16)).shape == (2, 1, 32, 32)
