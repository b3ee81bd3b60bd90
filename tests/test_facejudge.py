"""The face judge and the faces page's measures (core.facejudge, core.facemeasures, core.faces.own_direction)."""

import json

import numpy as np
import pytest
import torch

from core import facejudge, facemeasures, faces
from core.analysis import decode, encode
from core.metrics import frechet_distance
from core.models.facejudge import FaceJudge
from core.store import CorruptCheckpoint

K = len(faces.ATTRIBUTES)


def toy_faces(n=96, seed=0):
    """Faces whose first "attribute" is a bright top half and whose second is a red tint (both learnable)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 3, 64, 64, generator=g) * 0.3 + 0.2
    has = np.zeros((n, K), bool)
    has[:, 0] = np.arange(n) % 2 == 0
    has[:, 1] = np.arange(n) % 3 == 0
    x[torch.as_tensor(has[:, 0]), :, :32] += 0.5
    x[torch.as_tensor(has[:, 1]), 0] += 0.3
    return x.clamp(0, 1), has


def test_the_judge_learns_what_it_is_shown_and_is_measured_against_the_majority():
    x, has = toy_faces()
    model = facejudge.train(x, has, {**facejudge.RECIPE, "epochs": 6, "batch_size": 16})
    got = facejudge.evaluate(model, x, has)
    assert list(got) == list(faces.ATTRIBUTES)
    assert got["smile"]["auroc"] > 0.9 and got["smile"]["accuracy"] > got["smile"]["majority"]
    assert got["smile"]["with"] == has[:, 0].sum() and np.isnan(got["young"]["auroc"])  # no face has it: no AUROC
    probs, feats = model.predict(x[:5])
    assert probs.shape == (5, K) and feats.shape == (5, 128) and ((probs >= 0) & (probs <= 1)).all()


def test_the_judge_is_saved_and_loaded_verified(tmp_path):
    model = FaceJudge().eval()
    meta = facejudge.save(model, {"attributes": list(faces.ATTRIBUTES), "shape": [3, 64, 64]}, tmp_path)
    assert (tmp_path / facejudge.WEIGHTS).stat().st_mode & 0o777 == 0o644
    loaded, got = facejudge.load(tmp_path)
    x = torch.rand(3, 3, 64, 64)
    assert got["weights_sha256"] == meta["weights_sha256"] and meta["n_params"] == model.n_params
    torch.testing.assert_close(loaded.predict(x)[0], model.half().float().predict(x)[0], atol=1e-5, rtol=0)
    assert facejudge.load(tmp_path / "nothing") is None
    record = json.loads((tmp_path / facejudge.META).read_text())
    (tmp_path / facejudge.META).write_text(json.dumps({**record, "attributes": ["smile"]}))
    with pytest.raises(CorruptCheckpoint):  # trained for other attributes (or shapes)
        facejudge.load(tmp_path)
    (tmp_path / facejudge.META).write_text(json.dumps({**record, "weights_sha256": "0" * 64}))
    with pytest.raises(CorruptCheckpoint, match="checksum"):
        facejudge.load(tmp_path)
    (tmp_path / facejudge.META).write_text("{")
    with pytest.raises(CorruptCheckpoint):
        facejudge.load(tmp_path)


def test_labels_follow_the_file_names_and_skip_unlabelled_ones():
    table = {"_names": np.array(["Bald", "Wavy_Hair", *faces.ATTRIBUTES.values()])}
    table["a.jpg"] = np.array([True, False, *([True] * K)])
    table["c.jpg"] = np.array([False, True, *([False] * K)])
    keep, has = facejudge.labels(["a.jpg", "b.jpg", "c.jpg"], table)
    assert keep.tolist() == [0, 2] and has.shape == (2, K) and has[0].all() and not has[1].any()


def test_the_shipped_judge_loads_and_says_what_it_was_measured_to_do():
    judged = facejudge.load()
    if judged is None:
        pytest.skip("no shipped face judge")
    model, meta = judged
    assert meta["attributes"] == list(faces.ATTRIBUTES) and meta["n_params"] == model.n_params
    assert meta["bytes"] == (faces.SHIPPED / facejudge.WEIGHTS).stat().st_size < 2 << 20
    for name, m in meta["heldout"].items():  # better than guessing on every attribute it names
        assert m["auroc"] > 0.8, name


def test_own_direction_is_the_difference_of_means_and_its_held_out_score_means_it():
    rng = np.random.default_rng(0)
    codes = rng.normal(size=(40, 8))
    yes, no = np.zeros(40, bool), np.zeros(40, bool)
    yes[:10], no[10:20] = True, True
    codes[:10, 0] += 4  # the ticked faces differ along the first axis
    got = faces.own_direction(codes, yes, no)
    np.testing.assert_allclose(got["vector"], codes[:10].mean(0) - codes[10:20].mean(0), rtol=1e-6)
    assert got["loo_auroc"] == 1.0
    np.testing.assert_allclose(got["projection"][:10].mean(), 1, atol=1e-6)  # the "yes" mean sits at 1
    np.testing.assert_allclose(got["projection"][10:20].mean(), -1, atol=1e-6)
    chance = [faces.own_direction(rng.normal(size=(40, 8)), yes, no)["loo_auroc"] for _ in range(20)]
    assert 0.2 < np.mean(chance) < 0.6  # ticks that mean nothing: no better than a coin (leave-one-out is harsh)
    both = yes.copy()
    with pytest.raises(ValueError):
        faces.own_direction(codes, both, both)  # every ticked face ticked both ways: nothing left


class Shift(torch.nn.Module):
    """A toy face "model": the code is the mean of each channel, decoding paints a flat face of that colour."""

    latent_dim = 3
    variational = False

    def encode(self, x):
        return x.mean((2, 3))

    def decode(self, z):
        return z.clamp(0, 1)[:, :, None, None].expand(-1, 3, 64, 64).contiguous()

    def prior_scale(self):
        return None


def test_attribute_effects_move_the_judged_attribute_and_report_the_distance():
    model, judge = Shift().eval(), FaceJudge().eval()
    x = torch.rand(6, 3, 64, 64)
    vectors = np.zeros((K, 3), np.float32)
    vectors[0] = [0.3, 0.0, 0.0]
    rows = facemeasures.attribute_effects(model, judge, x, vectors, list(faces.ATTRIBUTES))
    assert [r["attribute"] for r in rows] == list(faces.ATTRIBUTES)
    base = decode(model, encode(model, x))
    p = judge.predict(base)[0].numpy()
    np.testing.assert_allclose(rows[1]["before"], p[:, 1].mean(), atol=1e-6)
    assert rows[1]["up"] == pytest.approx(rows[1]["before"]) and rows[1]["others"] == pytest.approx(0, abs=1e-6)
    up = decode(model, encode(model, x) + vectors[0])
    np.testing.assert_allclose(rows[0]["up"], judge.predict(up)[0][:, 0].mean().item(), atol=1e-6)
    np.testing.assert_allclose(rows[0]["mse_up"], float(((up - x) ** 2).mean()), rtol=1e-5)
    assert rows[0]["mse_before"] == pytest.approx(float(((base - x) ** 2).mean()), rel=1e-5)


def test_sharpness_falls_with_blur_and_the_realism_floor_of_identical_sets_is_zero():
    x = torch.rand(8, 3, 64, 64)
    blurred = torch.nn.functional.avg_pool2d(x, 3, 1, 1)
    assert (facemeasures.sharpness(blurred) < 0.5 * facemeasures.sharpness(x)).all()
    judge = FaceJudge().eval()
    feats = judge.predict(torch.rand(300, 3, 64, 64))[1].numpy()
    assert frechet_distance(feats, feats) == pytest.approx(0, abs=1e-3)
    twice = torch.cat([x[:4], x[:4]])  # the two halves of the "held-out" faces are the same faces: floor 0
    got = facemeasures.realism({"shift": Shift().eval()}, judge, twice, x, n=4)
    assert got["real"]["frechet"] == pytest.approx(0, abs=1e-3) and got["real"]["sharpness"] == pytest.approx(1)
    assert set(got) == {"real", "shift/recon", "shift/prior", "shift/fitted"}


def test_the_kept_faces_report_was_measured_on_the_shipped_models():
    """A retrained face model, judge or direction without `python -m core.report --faces` fails here: the page
    would otherwise hide its measured tables."""
    judged = facejudge.load()
    store = faces.shipped_store()
    found = faces.find_models(store)
    if judged is None or not found:
        pytest.skip("no shipped face models or judge")
    metas = {k: store.read_meta(p) for k, p in found.items()}
    report = facemeasures.kept(metas, judged[1], faces.SHIPPED)
    assert report is not None
    assert set(report["effects"]) == set(found) and report["n_effects"] == 500
    smile = {r["attribute"]: r for r in report["effects"]["conv-vae"]}["smile"]
    assert smile["down"] < smile["before"] < smile["up"]  # the talk's claim, as measured


def test_the_warm_up_prepares_the_faces_page(monkeypatch):
    """The server's warm-up loads what the faces page asks for first (models, graphs, the judge, the report)."""
    from ui import models as m
    from ui import warmup

    calls = []
    monkeypatch.setattr(m, "face_work", lambda models, x, source: calls.append((sorted(models), len(x), source)))
    warmup._warm_faces()
    if faces.find_models(faces.shipped_store()):
        assert calls == [(["conv-ae", "conv-vae", "pca"], 48, "shipped")]


def test_a_kept_report_with_the_right_key_but_the_wrong_shape_is_not_read(tmp_path):
    """The page reads the kept report's numbers: a file that only carries the right key is not trusted further."""
    import shutil

    judged = facejudge.load()
    store = faces.shipped_store()
    found = faces.find_models(store)
    if judged is None or not found or not (faces.SHIPPED / facemeasures.REPORT).exists():
        pytest.skip("no shipped face report")
    metas = {k: store.read_meta(p) for k, p in found.items()}
    shutil.copy(faces.SHIPPED / faces.ATTRIBUTE_FILE, tmp_path / faces.ATTRIBUTE_FILE)
    report = json.loads((faces.SHIPPED / facemeasures.REPORT).read_text())
    assert facemeasures.well_formed(report)
    for broken in (
        {**report, "effects": {"conv-vae": [{"attribute": "smile", "before": "x"}]}},
        {**report, "realism": {"conv-vae/prior": {"frechet": 1.0, "sharpness": 0.1}}},  # no floor
        {**report, "n_effects": 0},
        {**report, "effects": {"conv-vae": "smile"}},
    ):
        (tmp_path / facemeasures.REPORT).write_text(json.dumps(broken))
        assert facemeasures.kept(metas, judged[1], tmp_path) is None
    (tmp_path / facemeasures.REPORT).write_text(json.dumps(report))
    assert facemeasures.kept(metas, judged[1], tmp_path) == report
