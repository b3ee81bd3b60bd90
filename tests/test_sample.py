import json
import math
import shutil

import numpy as np
import pytest
from PIL import Image
from support import spec

from core import analysis, sample
from core.data import load
from core.provision import get_or_train, trainings
from core.store import Store

TILE = 28 + 2  # an MNIST image and make_grid's padding


# small batches and a quick rate: at the defaults 2 epochs of 400 digits decode every code to the mean digit
QUICK = {"batch_size": 16, "lr": 1e-2}
VAE = spec("vae", train=QUICK)


@pytest.fixture(scope="module")
def vae_store(tmp_path_factory):
    """One tiny VAE trained once for the whole module."""
    store = Store(tmp_path_factory.mktemp("sample") / "ckpt")
    get_or_train(store, VAE)
    return store


@pytest.fixture
def vae(vae_store):
    return vae_store.load(VAE)[0]


def run(capsys, *args) -> dict:
    """main() in-process; the JSON line it prints."""
    sample.main([str(a) for a in args])
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def refused(capsys, *args) -> str:
    """main() in-process must exit 2 with one sentence on stderr (no traceback); that sentence."""
    with pytest.raises(SystemExit) as e:
        sample.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert e.value.code == 2 and "Traceback" not in captured.err and not captured.out
    return captured.err.strip().splitlines()[-1]


def pixels(path) -> np.ndarray:
    return np.array(Image.open(path).convert("RGB"))


def tile(png: np.ndarray, k: int) -> np.ndarray:
    """Tile k of a one-row grid, grey."""
    return png[2 : 2 + 28, 2 + k * TILE : 2 + k * TILE + 28, 0].astype(int)


def as_uint8(images) -> np.ndarray:
    return (images[:, 0].clamp(0, 1).numpy() * 255).round().astype(int)


def test_prior_png_is_the_montage_of_the_prior_draws(vae_store, vae, capsys, tmp_path):
    out = tmp_path / "new" / "folder" / "grid.png"
    res = run(capsys, VAE.name, "--n", 10, "--seed", 3, "--scale", 1, "--out", out, "--checkpoints", vae_store.root)
    expected = analysis.montage(analysis.prior_samples(vae, analysis.prior_codes(10, 2, 3)), nrow=math.ceil(10**0.5))
    assert res == {"model": VAE.name, "mode": "prior", "n": 10, "out": str(out), "shape": list(expected.shape[:2])}
    assert np.array_equal(pixels(out), expected)
    assert expected.shape[:2] == (3 * TILE + 2, 4 * TILE + 2)  # 10 draws: 4 columns, 3 rows

    res = run(capsys, VAE.name, "--n", 10, "--seed", 3, "--scale", 3, "--out", out, "--checkpoints", vae_store.root)
    assert res["shape"] == [3 * expected.shape[0], 3 * expected.shape[1]]
    assert np.array_equal(pixels(out), expected.repeat(3, 0).repeat(3, 1))  # nearest neighbour


def test_interpolate_row_runs_from_one_test_image_to_the_other(vae_store, vae, capsys, tmp_path):
    ds = load(VAE.data)
    i, j = 0, int((ds.y_test != ds.y_test[0]).nonzero()[0, 0])  # two different digits
    out = tmp_path / "line.png"
    args = ["--mode", "interpolate", "--from", i, "--to", j, "--steps", 6, "--scale", 1, "--out", out]
    res = run(capsys, VAE.name, *args, "--checkpoints", vae_store.root)
    assert res["n"] == 6 and res["shape"] == [TILE + 2, 6 * TILE + 2]
    png = pixels(out)
    ends = as_uint8(analysis.decode(vae, analysis.encode(vae, ds.x_test[[i, j]])))
    # the batch of two decodes with other BLAS blocking than the row of six: a grey level of rounding either way
    assert np.abs(tile(png, 0) - ends[0]).max() <= 1 and np.abs(tile(png, 5) - ends[1]).max() <= 1
    assert np.abs(ends[0] - ends[1]).mean() > 5  # the two ends are told apart


def test_traverse_sweeps_one_coordinate_of_a_test_image(vae_store, vae, capsys, tmp_path):
    folder = vae_store.path(VAE)  # a checkpoint folder given as a path
    args = ["--mode", "traverse", "--from", 2, "--steps", 5, "--dim", 1]
    res = run(capsys, folder, *args, "--out", tmp_path / "a.png")
    assert res["n"] == 5 and res["shape"] == [2 * (TILE + 2), 2 * (5 * TILE + 2)]
    png = pixels(tmp_path / "a.png")[::2, ::2]  # the default scale 2 is nearest neighbour
    assert np.abs(tile(png, 0) - tile(png, 4)).mean() > 1  # sweeping from -3 to 3 changes the picture
    z0 = analysis.encode(vae, load(VAE.data).x_test[2:3])[0]
    assert np.abs(tile(png, 4) - as_uint8(analysis.traverse(vae, z0, 1, np.array([3.0])))[0]).max() <= 1


def test_traverse_defaults_to_the_coordinate_with_the_largest_kl(vae_store, capsys, tmp_path, monkeypatch):
    def png(*args):
        out = tmp_path / "t.png"
        run(capsys, VAE.name, "--mode", "traverse", *args, "--checkpoints", vae_store.root, "--out", out)
        return pixels(out)

    dim0, dim1 = png("--dim", 0), png("--dim", 1)
    assert not np.array_equal(dim0, dim1)
    monkeypatch.setattr(analysis, "kl_per_dim", lambda model, x: np.array([0.1, 5.0], dtype=np.float32))
    assert np.array_equal(png(), dim1)
    monkeypatch.setattr(analysis, "kl_per_dim", lambda model, x: None)  # a deterministic model: coordinate 0
    assert np.array_equal(png(), dim0)


def test_a_spec_with_no_train_on_an_empty_store_is_refused(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("AEVAE_TINY", "1")
    store = Store(tmp_path / "empty")
    msg = refused(capsys, "vae:mnist:2", "--no-train", "--checkpoints", store.root, "--out", tmp_path / "g.png")
    assert "vae-mnist-d2-" in msg and str(store.root) in msg and "--no-train" in msg
    assert trainings(store) == [] and not (tmp_path / "g.png").exists()


def test_a_spec_is_trained_once_then_loaded(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("AEVAE_TINY", "1")
    store = Store(tmp_path / "ckpt")
    sample.main(["ae:mnist:2:b4", "--n", "4", "--checkpoints", str(store.root), "--out", str(tmp_path / "g.png")])
    out, err = capsys.readouterr()
    first = json.loads(out)
    assert first["model"].startswith("ae-mnist-d2-") and f"training {first['model']}" in err
    # β is ignored by an AE (RunSpec normalises it): the same model, loaded this time
    sample.main(["ae:mnist:2", "--n", "4", "--checkpoints", str(store.root), "--out", str(tmp_path / "h.png")])
    out, err = capsys.readouterr()
    assert json.loads(out)["model"] == first["model"] and "training" not in err
    assert trainings(store) == [first["model"]]
    assert np.array_equal(pixels(tmp_path / "g.png"), pixels(tmp_path / "h.png"))


def test_an_unknown_name_names_the_store_and_what_it_holds(vae_store, capsys, tmp_path):
    msg = refused(capsys, "vae-mnist-d3-nothere", "--checkpoints", vae_store.root, "--out", tmp_path / "g.png")
    assert "vae-mnist-d3-nothere" in msg and str(vae_store.root) in msg and VAE.name in msg
    assert "no checkpoint folder" in refused(capsys, tmp_path / "nowhere")


def test_a_classifier_is_refused(capsys, tmp_path):
    store = Store(tmp_path / "ckpt")
    get_or_train(store, spec("classifier", epochs=1, train=QUICK))
    msg = refused(
        capsys, spec("classifier", epochs=1, train=QUICK).name, "--checkpoints", store.root, "--out", tmp_path / "g.png"
    )
    assert "classifier" in msg and "not an autoencoder" in msg
    assert "not an autoencoder" in refused(capsys, "classifier:mnist:2", "--checkpoints", store.root)


def test_a_damaged_checkpoint_is_refused_and_left_in_place(vae_store, capsys, tmp_path):
    store = Store(tmp_path / "ckpt")
    shutil.copytree(vae_store.path(VAE), store.path(VAE))
    weights = store.path(VAE) / "weights.safetensors"
    b = bytearray(weights.read_bytes())
    b[-10] ^= 0xFF
    weights.write_bytes(bytes(b))
    msg = refused(capsys, VAE.name, "--checkpoints", store.root, "--out", tmp_path / "g.png")
    assert "damaged" in msg and "checksum" in msg and weights.exists()


@pytest.mark.parametrize(
    "args, says",
    [
        (["--n", "0"], "--n must be 1 to 1024, not 0"),
        (["--n", "1025"], "--n must be 1 to 1024"),
        (["--mode", "interpolate", "--steps", "1"], "--steps must be 2 to 1024"),
        (["--mode", "interpolate", "--to", "100000"], "--to must be a test image index from 0 to 999"),
        (["--mode", "traverse", "--from", "-1"], "--from must be a test image index"),
        (["--mode", "traverse", "--dim", "2"], "--dim must be a latent coordinate from 0 to 1, not 2"),
        (["--scale", "0"], "--scale must be 1 to"),
        (["--n", "1024", "--scale", "16"], "pixels"),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_written(vae_store, capsys, tmp_path, args, says):
    msg = refused(capsys, VAE.name, *args, "--checkpoints", vae_store.root, "--out", tmp_path / "g.png")
    assert says in msg and not (tmp_path / "g.png").exists()


def test_an_unwritable_out_is_refused(vae_store, capsys, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    msg = refused(capsys, VAE.name, "--checkpoints", vae_store.root, "--out", tmp_path / "file" / "g.png")
    assert "cannot write" in msg and str(tmp_path / "file" / "g.png") in msg
