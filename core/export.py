"""ONNX copies of a stored model's encoder and decoder, for the browser (onnxruntime-web runs them in the page).

They are cached beside the checkpoint (encoder.onnx, decoder.onnx and onnx.json, which records the weights they
were made from), written atomically, and made again when missing, damaged or made from other weights.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from pathlib import Path

import torch
from torch import Tensor, nn

from core.models import AutoencoderBase

GRAPHS = ("encoder", "decoder")
INFO = "onnx.json"
OPSET = 17  # onnxruntime-web 1.30 runs opsets 7-21
EXPORT_VERSION = 1  # bump when the graphs' inputs or outputs change: older copies are then made again


class _Encoder(nn.Module):
    """images (n, C, H, W) -> mu, logvar for a VAE; -> z otherwise."""

    def __init__(self, model: AutoencoderBase):
        super().__init__()
        self.model = model

    def forward(self, x: Tensor):
        if self.model.variational:
            return self.model.encode_dist(x)
        return self.model.encode(x)


class _Decoder(nn.Module):
    """codes (n, d) -> images (n, C, H, W) in [0, 1]."""

    def __init__(self, model: AutoencoderBase):
        super().__init__()
        self.model = model

    def forward(self, z: Tensor) -> Tensor:
        return self.model.decode(z)


def outputs(model: AutoencoderBase, graph: str) -> list[str]:
    """The output names of one graph."""
    if graph == "decoder":
        return ["x"]
    return ["mu", "logvar"] if model.variational else ["z"]


def to_onnx(model: AutoencoderBase, graph: str) -> bytes:
    """One graph of a model as ONNX bytes, with a dynamic batch size."""
    model = model.cpu().eval()
    if graph == "encoder":
        module, example, inp = _Encoder(model), torch.zeros(1, *model.shape), "images"
    else:
        module, example, inp = _Decoder(model), torch.zeros(1, model.latent_dim), "z"
    module.eval()  # the exporter puts the wrapper back in its own mode afterwards: it must be eval's, too
    out = outputs(model, graph)
    buf = io.BytesIO()
    # The TorchScript-based exporter: 10 ms for these graphs where torch.export's takes about 1 s (and 4 s to
    # import onnxscript), and a page waits for it; it is deprecated in torch 2.9+ but present in the pinned 2.14.
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (example,),
            buf,
            dynamo=False,
            opset_version=OPSET,
            input_names=[inp],
            output_names=out,
            dynamic_axes={name: {0: "n"} for name in [inp, *out]},
        )
    return buf.getvalue()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(folder: Path, weights_sha: str) -> dict[str, bytes] | None:
    """The cached graphs when they are whole and were made from these weights, else None."""
    try:
        info = json.loads((folder / INFO).read_text())
        if info.get("weights_sha256") != weights_sha or info.get("version") != EXPORT_VERSION:
            return None
        graphs = {g: (folder / f"{g}.onnx").read_bytes() for g in GRAPHS}
    except (OSError, ValueError, AttributeError):
        return None
    if any(_sha(b) != info.get("sha256", {}).get(g) for g, b in graphs.items()):
        return None  # a damaged copy: made again
    return graphs


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def exported(model: AutoencoderBase, meta: dict, folder: Path | None) -> dict[str, bytes]:
    """{"encoder": bytes, "decoder": bytes} of a stored model: read from beside its checkpoint, or exported now
    (and written there when the folder can be written; a read-only or in-memory model is exported in memory)."""
    weights_sha = meta.get("weights_sha256")
    if folder is not None and weights_sha and (found := _read(folder, weights_sha)):
        return found
    graphs = {g: to_onnx(model, g) for g in GRAPHS}
    if folder is not None and weights_sha:
        info = {
            "version": EXPORT_VERSION,
            "opset": OPSET,
            "weights_sha256": weights_sha,
            "sha256": {g: _sha(b) for g, b in graphs.items()},
            "torch": torch.__version__,
        }
        try:  # graphs first, the record last: a reader never sees a record of files that are not there yet
            for g, b in graphs.items():
                _write_atomic(folder / f"{g}.onnx", b)
            _write_atomic(folder / INFO, json.dumps(info, indent=1).encode())
        except OSError:
            pass  # a read-only store (the shipped models in a read-only install): served from memory
    return graphs


def graph_id(meta: dict, graph: str) -> str:
    """A name for one graph that changes whenever its weights do (the browser caches the graph under it): the
    weights' sha256, or for a model kept in memory (never stored) a hash of when it was made, to the second."""
    tag = meta.get("weights_sha256") or hashlib.sha256(f"{meta['name']}|{meta.get('created')}".encode()).hexdigest()
    return f"{meta['name']}.{tag[:12]}.v{EXPORT_VERSION}.{graph}"
