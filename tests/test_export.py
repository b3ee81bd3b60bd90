"""The browser copies of the models against PyTorch itself: ONNX with onnxruntime (Python) as the oracle, the
compact format with core.export.run_compact."""

import json

import numpy as np
import pytest
import torch

from core import export
from core.config import ModelConfig, RunSpec, TrainConfig
from core.models import build

ort = pytest.importorskip("onnxruntime")

SHAPES = {"pca": (1, 28, 28), "ae": (1, 28, 28), "vae": (1, 28, 28), "conv-ae": (3, 64, 64), "conv-vae": (1, 64, 64)}


def _model(kind: str, d: int):
    torch.manual_seed(0)
    model = build(ModelConfig(kind=kind, latent_dim=d, channels=(8, 16, 16, 32)), SHAPES[kind])
    if kind == "pca":  # a fitted PCA: random orthonormal components and a mean image
        q, _ = torch.linalg.qr(torch.randn(784, d))
        model.components_.copy_(q.T)
        model.mean_.copy_(torch.rand(784) * 0.5)
    if kind.startswith("conv"):  # BatchNorm with statistics of its own, as after training
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    return model.eval()


def _run(blob: bytes, feed: np.ndarray) -> list[np.ndarray]:
    if blob[:4] == export.MAGIC:  # the compact format (tests/test_engine.py holds it and the page's engine to torch)
        return export.run_compact(blob, feed)
    sess = ort.InferenceSession(blob, providers=["CPUExecutionProvider"])
    return sess.run(None, {sess.get_inputs()[0].name: feed})


@pytest.mark.parametrize("kind,d", [("pca", 2), ("ae", 2), ("vae", 5), ("conv-ae", 16), ("conv-vae", 16)])
def test_onnx_matches_torch(kind, d):
    model = _model(kind, d)
    x = torch.rand(7, *SHAPES[kind])
    z = torch.randn(5, d) * 2
    enc = _run(export.to_onnx(model, "encoder"), x.numpy())
    dec = _run(export.to_onnx(model, "decoder"), z.numpy())
    with torch.no_grad():
        want_enc = model.encode_dist(x) if model.variational else (model.encode(x),)
        want_dec = model.decode(z)
    assert len(enc) == len(want_enc) == len(export.outputs(model, "encoder"))
    assert not model.training  # the export leaves the model as it found it (BatchNorm in eval mode)
    for got, want in zip(enc, want_enc):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-4, atol=1e-5)
    assert dec[0].shape == (5, *SHAPES[kind])
    np.testing.assert_allclose(dec[0], want_dec.numpy(), rtol=1e-4, atol=1e-5)


def test_graphs_come_from_the_verified_weights_never_from_the_folder(store, tiny_mnist):
    """A crafted decoder.onnx (with its record updated to match) beside a checkpoint is never served: the graphs
    are exported from the loaded model, and their names follow the graphs themselves."""
    from core.data import load
    from core.train import record, train_new

    spec = RunSpec(tiny_mnist, ModelConfig(kind="ae", latent_dim=2), TrainConfig(epochs=1))
    ds = load(spec.data)
    model, hist = train_new(spec, ds, "cpu")
    meta = store.save(spec, model, record(spec, ds, model, hist, 1.0, "cpu"))
    folder = store.path(spec)
    other = _model("ae", 2)  # another network of the same shape: what an attacker would put there
    crafted = export.to_onnx(other, "decoder")
    (folder / "decoder.onnx").write_bytes(crafted)
    (folder / "onnx.json").write_text(json.dumps({"version": 1, "weights_sha256": meta["weights_sha256"]}))
    loaded, meta = store.load(spec)
    graphs = export.exported(loaded)
    assert graphs["decoder"] != crafted
    z = np.zeros((1, 2), np.float32)
    with torch.no_grad():
        np.testing.assert_allclose(_run(graphs["decoder"], z)[0], model.decode(torch.from_numpy(z)).numpy(), atol=1e-5)
    ids = {g: export.graph_id(meta, g, b) for g, b in graphs.items()}
    assert ids["decoder"] != export.graph_id(meta, "decoder", crafted)  # a cached crafted copy has another name

    with torch.no_grad():  # other weights (a retrain): other graphs, other names
        model.decoder[-1].bias.add_(1.0)
    meta2 = store.save(spec, model, record(spec, ds, model, hist, 1.0, "cpu"))
    fresh = export.exported(store.load(spec)[0])
    assert export.graph_id(meta2, "decoder", fresh["decoder"]) != ids["decoder"]
    assert export.exported(loaded) == graphs  # the same weights export the same bytes: names are stable


def test_shipped_face_models_export():
    from core.faces import find_models, shipped_store

    folders = find_models(shipped_store())
    if "conv-vae" not in folders:
        pytest.skip("no shipped face models")
    model, meta = shipped_store().load_folder(folders["conv-vae"])
    blob = export.to_onnx(model, "decoder")
    z = np.random.default_rng(0).standard_normal((2, model.latent_dim)).astype(np.float32)
    with torch.no_grad():
        np.testing.assert_allclose(_run(blob, z)[0], model.decode(torch.from_numpy(z)).numpy(), atol=2e-5)


def test_sessions_exporting_at_once_take_turns():
    """torch.onnx.export keeps global state: two threads exporting at once failed ("GLOBALS.in_onnx_export must
    be True") when ten students opened the latent page together."""
    import threading

    models = [_model(kind, d) for kind in ("ae", "vae", "pca") for d in (2, 3)]
    errors, graphs = [], {}

    def go(i, m):
        try:
            for _ in range(3):
                graphs[i] = export.exported(m)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(e))

    threads = [threading.Thread(target=go, args=(i, m)) for i, m in enumerate(models)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and len(graphs) == len(models)
