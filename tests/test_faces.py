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


def test_attribute_vectors_are_the_difference_of_means():
    import numpy as np

    from core import faces

    rng = np.random.default_rng(0)
    codes = rng.normal(size=(60, 4))
    has = np.stack([np.arange(60) % 2 == 0, np.arange(60) < 5], 1)  # the second attribute: only 5 faces have it
    vectors, counts = faces.attribute_vectors(codes, has)
    np.testing.assert_allclose(vectors[0], codes[::2].mean(0) - codes[1::2].mean(0), rtol=1e-5)
    assert counts.tolist() == [30, 5] and not vectors[1].any()  # too few to say: no direction
    codes[:, 2] += 3 * has[:, 0]  # a trait carried by one coordinate is found there
    vectors, _ = faces.attribute_vectors(codes, has)
    assert np.argmax(np.abs(vectors[0])) == 2


def test_celeba_labels_are_read_and_named_directions_checked(tmp_path):
    import json

    import numpy as np

    from core import faces

    f = tmp_path / "list_attr_celeba.txt"
    f.write_text("2\nSmiling Male\n000001.jpg  1 -1\n000002.jpg -1  1\n")
    got = faces.read_attributes(f)
    assert list(got["_names"]) == ["Smiling", "Male"] and got["000001.jpg"].tolist() == [True, False]
    (tmp_path / faces.ATTRIBUTE_FILE).write_text(
        json.dumps({"m": {"attributes": ["smile"], "vectors": [[0.5, 1.0]], "with": [3]}, "bad": {"vectors": "x"}})
    )
    ok = faces.load_attributes("m", tmp_path)
    assert ok["attributes"] == ["smile"] and ok["vectors"].shape == (1, 2)
    assert faces.load_attributes("bad", tmp_path) is None and faces.load_attributes("absent", tmp_path) is None
    np.testing.assert_allclose(ok["vectors"], [[0.5, 1.0]])


def test_train_files_follow_the_loader_s_split(tmp_path):
    import numpy as np
    from PIL import Image

    from core import data as data_mod
    from core import faces
    from core.config import DataConfig

    for i in range(12):
        Image.fromarray(np.full((20, 20, 3), i * 20, dtype=np.uint8)).save(tmp_path / f"{i:06d}.png")
    cfg = DataConfig("image-folder", data_dir=str(tmp_path), image_size=8, crop=1.0, limit=10)
    ds = data_mod.load(cfg)
    names, test = faces.split_files(cfg)
    assert names == faces.train_files(cfg) and len(names) == len(ds.x_train) and len(test) == len(ds.x_test)
    for name, x in zip(names + test, torch.cat([ds.x_train, ds.x_test])):  # each face is its file (its grey level)
        assert abs(float(x.mean()) - int(name[:6]) * 20 / 255) < 1e-3
