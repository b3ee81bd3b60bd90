import numpy as np
import pytest
import torch

from core import metrics
from core.config import ModelConfig
from core.models import build
from core.provision import get_or_train


def test_identical_images_are_perfect():
    x = torch.rand(6, 1, 28, 28)
    rows = metrics.denoising({}, x, "gaussian", [0.0])
    noisy = rows[0]
    assert noisy["model"] == "noisy" and noisy["psnr"] == 60 and noisy["ssim"] == pytest.approx(1.0)
    from core.analysis import psnr, ssim

    assert np.isinf(psnr(x, x)).all() and np.allclose(ssim(x, x), 1.0)


def test_reconstruction_mse_of_a_perfect_model_is_zero():
    class Identity(torch.nn.Module):
        def forward(self, x, sample=None):
            from core.models.base import Output

            return Output(x, x, x)

    x = torch.rand(5, 1, 4, 4)
    assert metrics.reconstruction(Identity(), x)["mse"] == 0


def test_frechet_distance_of_a_set_to_itself_is_zero_and_grows_with_a_shift():
    f = np.random.default_rng(0).normal(size=(500, 8))
    assert metrics.frechet_distance(f, f) == pytest.approx(0, abs=1e-4)
    assert metrics.frechet_distance(f, f + 2.0) == pytest.approx(8 * 4, rel=0.05)  # |Δμ|² = 8·2²


def test_knn_accuracy_is_chance_with_shuffled_labels_and_high_with_real_ones():
    rng = np.random.default_rng(0)
    y = np.repeat(np.arange(10), 100)
    z = rng.normal(size=(1000, 2)) * 0.1 + np.stack([y % 5, y // 5], 1)  # 10 separated blobs
    assert metrics.knn_accuracy(z[::2], y[::2], z[1::2], y[1::2]) > 0.95
    acc = metrics.knn_accuracy(z[::2], rng.permutation(y[::2]), z[1::2], y[1::2])
    assert 0.03 < acc < 0.2


def test_aggregate_kl_is_zero_for_standard_normal_codes():
    z = np.random.default_rng(0).normal(size=(20000, 3))
    assert metrics.aggregate_kl(z) < 0.01
    assert metrics.aggregate_kl(z * 3 + 1) > 1


def test_active_units_counts_varying_coordinates():
    z = np.zeros((100, 4))
    z[:, 1] = np.linspace(-1, 1, 100)
    assert metrics.active_units(z) == 1


def test_recognised_share_and_coverage_on_hand_made_probabilities():
    probs = np.array([[0.95, 0.05], [0.5, 0.5], [0.1, 0.9], [0.02, 0.98]])
    assert metrics.recognised_share(probs, 0.9) == 0.75
    assert metrics.class_coverage(probs, 0.3) == 2
    assert metrics.class_coverage(np.array([[1.0, 0.0]] * 10), 0.3) == 1


def test_importance_sampled_nll_is_tighter_than_the_elbo(tiny_mnist):
    from core.config import TrainConfig
    from core.data import load
    from core.train import fit

    ds = load(tiny_mnist)
    torch.manual_seed(0)
    vae = build(ModelConfig(kind="vae", latent_dim=2), ds.shape)
    fit(vae, ds, TrainConfig(epochs=3), "cpu")
    x = ds.x_test[:200]
    assert metrics.iw_nll(vae, x, k=50) < metrics.elbo(vae, x)["neg_elbo"]
    assert metrics.iw_nll(vae, x, k=1) == pytest.approx(metrics.elbo(vae, x)["neg_elbo"], rel=0.05)


def test_trustworthiness_of_an_identity_embedding_is_one():
    x = torch.rand(60, 1, 3, 3)
    assert metrics.trustworthiness(x, x.flatten(1).numpy()) == pytest.approx(1.0)


def test_the_scoreboard_marks_winners(tiny_mnist):
    import tempfile

    from core import report
    from core.store import Store

    store = Store(tempfile.mkdtemp())
    specs = report.specs_for("mnist", None, 2)
    epochs = {"classifier": 8}  # a judge confident on real digits, so the ceiling is above 0
    specs = {
        k: s.__class__(tiny_mnist, s.model, s.train.__class__(epochs=epochs.get(k, 1), noise=s.train.noise))
        for k, s in specs.items()
    }
    from core.data import load

    models = {k: get_or_train(store, s)[0] for k, s in specs.items()}
    table, details = report.build(models, load(tiny_mnist), n_eval=300)
    assert len(table) == len(report.ROWS) and details["frechet_floor"] >= 0
    by_id = table.set_index("metric")
    ceiling = details["recognised_ceiling"]  # the judge on real test images: the honest top of the scale
    assert by_id.loc["recognised", report.REAL] == ceiling and 0 < ceiling <= 1
    assert by_id.loc["frechet", report.REAL] == details["frechet_floor"]
    for m in ("pca", "ae", "vae"):
        assert by_id.loc["recognised_ratio", m] == pytest.approx(by_id.loc["recognised", m] / ceiling)
    for m in ("pca", "ae", "vae"):  # the realism measure that is not about sharpness, and its floor
        assert 0 <= by_id.loc["recognised_recon", m] <= 1
        assert by_id.loc["frechet_recon", m] >= 0 and by_id.loc["frechet_recon_floor", m] >= 0
    assert np.isnan(by_id.loc["frechet_recon", report.REAL]) and by_id.loc["frechet_recon_floor", "winner"] == ""
    assert report.REAL not in set(table["winner"])  # the reference never wins
    mse = table.set_index("metric").loc["mse"]
    assert mse["winner"] == min((c for c in report.columns() if not np.isnan(mse[c])), key=lambda c: mse[c])
    assert table.set_index("metric").loc["neg_elbo", "winner"] == ""  # one model only: no contest
    md = report.to_markdown(table, details, "t")
    assert md.count("**") >= 2 and "| metric |" in md and "| MSE / pixel |" in md


def test_a_kept_scoreboard_is_found_only_under_its_models_key(tmp_path):
    import pandas as pd

    from core import report

    metas = {"ae": {"name": "ae-x", "weights_sha256": "a" * 64}, "vae": {"name": "vae-x", "weights_sha256": "b" * 64}}
    key = report.measured_key(metas, 2000)
    table = pd.DataFrame({"metric": [m.id for m in report.METRICS], "ae": 0.5, "winner": ""})
    details = {"frechet_floor": 17.0, "denoising": pd.DataFrame({"model": ["ae"], "psnr": [20.0]}), "n_eval": 2000}
    report.keep(tmp_path, key, table, details)
    got_table, got_details = report.kept(tmp_path, key)
    assert got_table["ae"].tolist() == table["ae"].tolist() and got_details["frechet_floor"] == 17.0
    assert got_details["denoising"]["psnr"].tolist() == [20.0]
    retrained = {**metas, "vae": {"name": "vae-x", "weights_sha256": "c" * 64}}
    assert report.measured_key(retrained, 2000) != key and report.measured_key(metas, 1000) != key
    assert report.kept(tmp_path, report.measured_key(retrained, 2000)) is None
    (tmp_path / f"{key}.json").write_text("{broken")
    assert report.kept(tmp_path, key) is None
