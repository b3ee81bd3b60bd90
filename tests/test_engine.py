"""The compact graphs (core.export.compact) and the page's engine that runs them (ui/web/engine.js), held to PyTorch:
the dense AE and VAE, PCA and the digit judge; the convolutional models stay ONNX."""

import json
import shutil
import subprocess

import numpy as np
import pytest
import torch

from core import export
from core.config import ModelConfig
from core.models import build
from core.models.classifier import DigitClassifier
from ui import lab

NODE = shutil.which("node")


def _model(kind: str, d: int, half: bool):
    torch.manual_seed(0)
    model = build(ModelConfig(kind=kind, latent_dim=d), (1, 28, 28))
    if kind == "pca":
        q, _ = torch.linalg.qr(torch.randn(784, d))
        model.components_.copy_(q.T)
        model.mean_.copy_(torch.rand(784) * 0.5)
    if half:  # as the shipped models are stored: every weight a float16 value
        with torch.no_grad():
            for p in [*model.parameters(), *model.buffers()]:
                p.copy_(p.half().float())
    return model.eval()


def _judge():
    torch.manual_seed(1)
    return DigitClassifier().eval()


def _cases():
    torch.manual_seed(2)
    x = torch.rand(3, 1, 28, 28)
    for kind, d, half in [("ae", 2, True), ("vae", 5, False), ("pca", 2, False)]:
        model = _model(kind, d, half)
        z = torch.randn(4, d, generator=torch.Generator().manual_seed(d)) * 2
        with torch.no_grad():
            want_enc = model.encode_dist(x) if model.variational else (model.encode(x),)
            yield f"{kind}-encoder", export.compact(model, "encoder"), x, [w.numpy() for w in want_enc]
            yield f"{kind}-decoder", export.compact(model, "decoder"), z, [model.decode(z).numpy()]
    clf = _judge()
    with torch.no_grad():
        yield "judge", export.compact(clf, export.JUDGE), x, [torch.softmax(clf(x), 1).numpy()]


@pytest.mark.parametrize("name,data,x,want", list(_cases()), ids=lambda v: v if isinstance(v, str) else "")
def test_the_compact_graph_computes_what_the_model_does(name, data, x, want):
    got = export.run_compact(data, x.numpy())
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-5)


def test_float16_only_where_it_holds_the_weight_exactly():
    shipped = export.read_compact(export.compact(_model("ae", 2, True), "decoder"))[0]
    assert {t["dtype"] for t in shipped["tensors"]} == {"f16"}
    trained = export.read_compact(export.compact(_model("ae", 2, False), "decoder"))[0]
    assert {t["dtype"] for t in trained["tensors"]} == {"f32"}  # random float32 weights: sent as they are


def test_models_the_engine_does_not_run_go_as_onnx():
    torch.manual_seed(0)
    conv = build(ModelConfig(kind="conv-vae", latent_dim=8, channels=(8, 16, 16, 32)), (1, 64, 64)).eval()
    assert export.compact(conv, "decoder") is None
    assert export.exported(conv)["decoder"][:4] != export.MAGIC  # ONNX, as before
    dense = _model("ae", 2, True)
    sizes = {g: len(b) for g, b in export.exported(dense).items()}
    onnx = {g: len(export.to_onnx(dense, g)) for g in export.GRAPHS}
    for g in export.GRAPHS:  # float16, plane by plane, deflated: well under half of the ONNX graph's bytes
        assert sizes[g] < 0.5 * onnx[g], (g, sizes[g], onnx[g])


@pytest.mark.skipif(NODE is None, reason="Node.js not installed")
def test_the_page_engine_computes_what_the_model_does(tmp_path):
    """ui/web/engine.js, run by Node on the graphs and inputs above, against PyTorch."""
    cases = []
    for name, data, x, _ in _cases():
        (tmp_path / f"{name}.bin").write_bytes(data)
        cases.append({"name": name, "x": x.flatten().tolist(), "n": len(x)})
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    probe = f"""
import {{ parseCompact as parse, runCompact as run }} from {json.dumps((lab.WEB / "engine.js").as_uri())};
import {{ readFileSync }} from "node:fs";
const dir = {json.dumps(str(tmp_path))};
const out = {{}};
for (const c of JSON.parse(readFileSync(dir + "/cases.json"))) {{
  const g = await parse(new Uint8Array(readFileSync(dir + "/" + c.name + ".bin")));
  out[c.name] = run(g, Float32Array.from(c.x), c.n).map((a) => Array.from(a));
}}
console.log(JSON.stringify(out));
"""
    res = subprocess.run([NODE, "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    for name, _, _, want in _cases():
        assert len(got[name]) == len(want), name
        for g, w in zip(got[name], want):
            np.testing.assert_allclose(np.asarray(g, np.float32), w.reshape(-1), rtol=1e-4, atol=1e-5, err_msg=name)
