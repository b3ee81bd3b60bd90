import pytest
import torch
from torch.distributions import Normal, kl_divergence

from core import kinds
from core.config import ModelConfig
from core.models import build, kl_normal
from core.models.base import terms
from core.models.pca import PCAModel

AUTOENCODERS = kinds.ids(autoencoder=True)

SHAPES = {"pca": (1, 28, 28), "ae": (1, 28, 28), "vae": (1, 28, 28), "conv-ae": (3, 64, 64), "conv-vae": (3, 64, 64)}


@pytest.mark.parametrize("kind", AUTOENCODERS)
@pytest.mark.parametrize("latent_dim", [2, 5])
def test_shapes_and_loss_terms(kind, latent_dim):
    shape = SHAPES[kind]
    model = build(ModelConfig(kind=kind, latent_dim=latent_dim), shape).eval()
    x = torch.rand(3, *shape)
    out = model(x)
    assert out.recon.shape == x.shape and out.mu.shape == (3, latent_dim) and out.z.shape == (3, latent_dim)
    assert 0 <= out.recon.min() and out.recon.max() <= 1
    assert model.encode(x).shape == (3, latent_dim)
    assert model.decode(torch.randn(4, latent_dim)).shape == (4, *shape)
    loss = model.loss(x)
    assert set(loss) == {"total", "recon", "kl"}
    assert torch.isfinite(loss.total)
    if model.variational:
        assert loss.kl > 0 and torch.allclose(loss.total, loss.recon + model.beta * loss.kl)
    else:
        assert loss.kl == 0 and torch.allclose(loss.total, loss.recon)


def test_dense_ae_is_the_source_architecture():
    model = build(ModelConfig(kind="ae", latent_dim=5), (1, 28, 28))
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [
        (784, 500),
        (500, 120),
        (120, 5),
        (5, 120),
        (120, 500),
        (500, 784),
    ]
    # ReLU between hidden layers, none after the code (linear) or before the sigmoid output
    assert not isinstance(model.encoder[-1], torch.nn.ReLU) and not isinstance(model.decoder[-1], torch.nn.ReLU)


def test_kl_matches_torch_distributions():
    torch.manual_seed(0)
    mu, logvar = torch.randn(7, 5), torch.randn(7, 5)
    ref = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum(1)
    assert torch.allclose(kl_normal(mu, logvar), ref, atol=1e-5)


def test_vae_encode_returns_mu_and_samples_only_in_training():
    model = build(ModelConfig(kind="vae", latent_dim=3), (1, 28, 28))
    x = torch.rand(5, 1, 28, 28)
    mu, _ = model.encode_dist(x)
    assert torch.equal(model.encode(x), mu)
    model.eval()
    assert torch.equal(model(x).z, mu)
    model.train()
    assert not torch.equal(model(x).z, mu)


def test_pca_matches_scikit_learn():
    from sklearn.decomposition import PCA

    torch.manual_seed(0)
    x = torch.rand(200, 1, 8, 8)
    model = PCAModel((1, 8, 8), latent_dim=4).fit(x)
    ref = PCA(n_components=4, random_state=0).fit(x.flatten(1).numpy())
    z = model.encode(x)
    assert torch.allclose(z, torch.from_numpy(ref.transform(x.flatten(1).numpy())).float(), atol=1e-4)
    back = ref.inverse_transform(ref.transform(x.flatten(1).numpy())).clip(0, 1)
    assert torch.allclose(model.decode(z).flatten(1), torch.from_numpy(back).float(), atol=1e-4)
    assert torch.allclose(model.explained_variance_ratio_, torch.from_numpy(ref.explained_variance_ratio_).float())


def test_beta_scales_the_kl_term():
    torch.manual_seed(0)
    x = torch.rand(4, 1, 28, 28)
    m1 = build(ModelConfig(kind="vae", latent_dim=2, beta=1.0), (1, 28, 28)).eval()
    m4 = build(ModelConfig(kind="vae", latent_dim=2, beta=4.0), (1, 28, 28)).eval()
    m4.load_state_dict(m1.state_dict())
    l1, l4 = m1.loss(x, sample=False), m4.loss(x, sample=False)
    assert torch.allclose(l4.total - l1.total, 3 * l1.kl, atol=1e-3)


def test_the_digit_classifier_gives_probabilities_and_features():
    clf = build(ModelConfig(kind="classifier"), (1, 28, 28))
    probs, feats = clf.predict(torch.rand(7, 1, 28, 28))
    assert probs.shape == (7, 10) and feats.shape == (7, 128)
    assert torch.allclose(probs.sum(1), torch.ones(7), atol=1e-5)


@pytest.mark.parametrize("kind", [*AUTOENCODERS, "classifier"])
def test_test_terms_are_the_sampled_loss_and_the_scores_in_one_pass(kind):
    """evaluate()'s one-pass figures equal loss(sample=True) then scores(), the sampled code drawn alike."""
    shape = SHAPES.get(kind, (1, 28, 28))
    torch.manual_seed(0)
    model = build(ModelConfig(kind=kind, latent_dim=3), shape).eval()
    if model.closed_form:
        model.fit(torch.rand(40, *shape))
    x, y = torch.rand(6, *shape), torch.randint(0, 10, (6,))
    torch.manual_seed(7)
    loss = model.loss(x, model.target(x, y), sample=True)
    old = {**terms(loss), **model.scores(x, y)}
    torch.manual_seed(7)
    new = model.test_terms(x, y)
    assert new.keys() == old.keys() and new == pytest.approx(old, rel=1e-6, abs=1e-7)
    if getattr(model, "variational", False):  # the terms of a sampled code: another draw gives other numbers
        assert model.test_terms(x, y)["recon"] != new["recon"]


def test_a_model_that_has_its_own_loss_or_scores_has_its_own_test_terms():
    """evaluate() uses test_terms only: a class that redefines loss or scores below the one that defines
    test_terms would be evaluated by its parent's figures."""
    from core import kinds
    from core.models import model_class

    for cls in map(model_class, kinds.KINDS):
        mro = cls.__mro__
        owner = {name: next(c for c in mro if name in vars(c)) for name in ("loss", "scores", "test_terms", "target")}
        depth = {name: mro.index(c) for name, c in owner.items()}
        assert depth["test_terms"] <= min(depth["loss"], depth["scores"], depth["target"]), (cls, owner)


def test_the_conv_vae_s_gaussian_likelihood_is_the_normal_nll_at_the_batch_s_best_sigma():
    """σ-VAE (Rybkin et al. 2021): each pixel ~ N(decoded mean, σ²), one σ² for all pixels, the batch's MSE."""
    torch.manual_seed(0)
    model = build(ModelConfig(kind="conv-vae", latent_dim=8, channels=(4, 8), likelihood="gaussian"), (3, 16, 16))
    x = torch.rand(5, 3, 16, 16)
    out = model(x, sample=False, image=False)
    loss = model._loss_of(out, x)
    mean = torch.sigmoid(out.logits)
    var = ((mean - x) ** 2).mean()
    want = -Normal(mean, var.sqrt()).log_prob(x).flatten(1).sum(1).mean()
    torch.testing.assert_close(loss["recon"], want, rtol=1e-5, atol=1e-3)
    torch.testing.assert_close(loss["total"], loss["recon"] + loss["kl"])
    bernoulli = build(ModelConfig(kind="conv-vae", latent_dim=8, channels=(4, 8)), (3, 16, 16))
    bernoulli.load_state_dict(model.state_dict())  # the same weights: only the loss differs
    assert not torch.allclose(bernoulli._loss_of(out, x)["recon"], loss["recon"])


def test_the_likelihood_knob_leaves_every_other_key_as_it_was():
    from core.config import DataConfig, RunSpec, TrainConfig

    data = DataConfig("image-folder", data_dir="/faces", image_size=64)
    base = RunSpec(data, ModelConfig(kind="conv-vae", latent_dim=128), TrainConfig(epochs=20))
    gauss = RunSpec(data, ModelConfig(kind="conv-vae", latent_dim=128, likelihood="gaussian"), TrainConfig(epochs=20))
    assert base.key != gauss.key
    ae = RunSpec(data, ModelConfig(kind="conv-ae", latent_dim=128, likelihood="gaussian"), TrainConfig(epochs=20))
    assert ae.key == RunSpec(data, ModelConfig(kind="conv-ae", latent_dim=128), TrainConfig(epochs=20)).key
    with pytest.raises(ValueError):
        ModelConfig(kind="conv-vae", likelihood="laplace")
