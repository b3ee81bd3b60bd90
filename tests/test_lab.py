"""The glue of the models-in-the-browser component (ui/lab.py): graphs sent only when asked, the runtime checked."""

import base64
import shutil

import numpy as np
import pytest

from core import export
from core.models import build
from ui import lab


def test_graphs_are_sent_only_when_the_browser_asks(tmp_path):
    from core.config import ModelConfig

    model = build(ModelConfig(kind="vae", latent_dim=2), (1, 28, 28)).eval()
    meta = {"name": "vae-x", "weights_sha256": "ab" * 32}
    graphs = lab.Graphs()
    ids = graphs.add(model, meta)
    made = export.exported(model)
    assert ids == {g: export.graph_id(meta, g, made[g]) for g in export.GRAPHS}
    assert graphs.payload([]) == {} and graphs.payload(["someone-else.decoder"]) == {}
    sent = graphs.payload([ids["decoder"]])
    assert list(sent) == [ids["decoder"]]  # the encoder stays on the server until asked for
    assert base64.b64decode(sent[ids["decoder"]]) == made["decoder"] and not list(tmp_path.iterdir())
    both = graphs.payload(list(ids.values()))
    assert set(both) == set(ids.values())


def test_the_runtime_is_checked_against_its_checksums(tmp_path, monkeypatch):
    if not (lab.ORT_DIR / "ort-wasm-simd-threaded.wasm").exists():
        pytest.skip("onnxruntime-web is not vendored here (bash scripts/vendor_web.sh)")
    monkeypatch.setattr(lab.st, "get_option", lambda name: True)
    lab.runtime_problem.clear()
    assert lab.runtime_problem() is None
    copy = tmp_path / "ort"
    shutil.copytree(lab.ORT_DIR, copy)
    monkeypatch.setattr(lab, "ORT_DIR", copy)
    with open(copy / "ort.wasm.min.mjs", "ab") as f:
        f.write(b"// changed")
    lab.runtime_problem.clear()
    assert lab.runtime_problem() == "checksum"
    shutil.copy(lab.ROOT / "static" / "ort" / "ort.wasm.min.mjs", copy)  # mended: now only one file is missing
    (copy / "ort-wasm-simd-threaded.wasm").unlink()
    lab.runtime_problem.clear()
    assert lab.runtime_problem() == "missing"
    monkeypatch.setattr(lab.st, "get_option", lambda name: False)
    lab.runtime_problem.clear()
    assert lab.runtime_problem() == "static"
    lab.runtime_problem.clear()


def test_layers_are_compact_bytes():
    grid = {"confidence": np.linspace(0, 1, 16).reshape(4, 4), "label": np.arange(16).reshape(4, 4) % 10}
    layer = lab.holes_layer(grid, 4)
    conf = np.frombuffer(base64.b64decode(layer["conf"]), np.uint8)
    assert conf[0] == 0 and conf[-1] == 255 and len(conf) == 16
    assert np.frombuffer(base64.b64decode(layer["label"]), np.uint8).tolist() == (np.arange(16) % 10).tolist()


def test_what_the_browser_sends_is_read_against_a_schema():
    assert lab.from_browser({"need": 12345}) == ([], None)  # a TypeError before
    assert lab.from_browser("junk") == ([], None) and lab.from_browser(None) == ([], None)
    flood = [f"g{i}" * 3 for i in range(1_000_000)]  # a 15 MB list: read up to a slice
    need, _ = lab.from_browser({"need": flood})
    assert len(need) == lab.MAX_NEED
    need, why = lab.from_browser({"need": ["a" * 101, "ok", "ok", "#3", 7], "unavailable": "x" * 10_000})
    assert need == ["ok"] and why == "x" * 200
    assert lab.from_browser({"unavailable": {"a": 1}}) == ([], None)


def test_a_graph_is_sent_a_few_times_per_window_however_often_it_is_asked_for(monkeypatch):
    state: dict = {}
    monkeypatch.setattr(lab.st, "session_state", state)
    sends = sum(bool(lab._allowed(["vae.decoder"])) for _ in range(50))
    assert sends == lab.RESENDS
    now = lab.time.time()
    monkeypatch.setattr(lab.time, "time", lambda: now + lab.RESEND_WINDOW_S + 1)
    assert lab._allowed(["vae.decoder"]) == ["vae.decoder"]  # a new window


def test_pages_of_dense_models_need_no_runtime(monkeypatch):
    """The page's own engine runs the dense models and the digit judge: without onnxruntime-web (a machine where
    npm never ran) their pages still run them in the browser; a convolutional model still needs the runtime."""
    from core.config import ModelConfig
    from core.models import build
    from core.models.classifier import DigitClassifier

    monkeypatch.setattr(lab, "runtime_problem", lambda: "missing")
    monkeypatch.setattr(lab.st, "session_state", {})
    dense = [build(ModelConfig(kind=k, latent_dim=2), (1, 28, 28)) for k in ("ae", "vae", "pca")]
    conv = build(ModelConfig(kind="conv-vae", latent_dim=8, channels=(8, 16, 16, 32)), (1, 64, 64))
    assert lab.problem([*dense, DigitClassifier()]) is None
    assert lab.problem([*dense, conv]) == "missing" and lab.problem() == "missing"
    monkeypatch.setattr(lab.st, "session_state", {"server_decoding": True})
    assert lab.problem(dense) == "chosen"  # the student's own choice still counts
