"""ONNX copies of a model's encoder and decoder, for the browser (onnxruntime-web runs them in the page).

Always exported in memory from the model as loaded, i.e. from weights that matched their checksum: no graph is ever
read from a checkpoint folder, so a folder cannot hand browsers a graph of its own (a few tens of ms a model, once
per server, cached by the page). A graph's name carries its own sha256, so a browser's cached copy of any other
graph, crafted or old, is never used under it.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings

import torch
from torch import Tensor, nn

from core.models import AutoencoderBase

GRAPHS = ("encoder", "decoder")
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


class _Judge(nn.Module):
    """images (n, C, H, W) -> the judge's class probabilities (n, classes), or the face judge's per attribute."""

    def __init__(self, clf: nn.Module):
        super().__init__()
        self.clf = clf

    def forward(self, x: Tensor) -> Tensor:
        probabilities = getattr(self.clf, "probabilities", None)  # the face judge: one sigmoid per attribute
        return probabilities(x) if probabilities else torch.softmax(self.clf(x), dim=1)


JUDGE = "judge"


def outputs(model: AutoencoderBase, graph: str) -> list[str]:
    """The output names of one graph."""
    if graph == "decoder":
        return ["x"]
    return ["mu", "logvar"] if model.variational else ["z"]


_EXPORTING = threading.Lock()  # torch.onnx.export keeps global state: one export at a time per process


def to_onnx(model: AutoencoderBase, graph: str) -> bytes:
    """One graph of a model as ONNX bytes, with a dynamic batch size (sessions exporting at once take turns)."""
    with _EXPORTING:
        return _to_onnx(model, graph)


def judge_onnx(clf: nn.Module) -> bytes:
    """The project's classifier (core.models.classifier) as one ONNX graph, images -> class probabilities: the
    browser says what the judge sees at the probe of a code plane, as the server's metrics.judge would."""
    with _EXPORTING:
        clf = clf.cpu().eval()
        return _export(_Judge(clf), torch.zeros(1, *clf.shape), "images", ["probs"])


def _to_onnx(model: AutoencoderBase, graph: str) -> bytes:
    model = model.cpu().eval()
    if graph == "encoder":
        module, example, inp = _Encoder(model), torch.zeros(1, *model.shape), "images"
    else:
        module, example, inp = _Decoder(model), torch.zeros(1, model.latent_dim), "z"
    return _export(module, example, inp, outputs(model, graph))


def _export(module: nn.Module, example: Tensor, inp: str, out: list[str]) -> bytes:
    module.eval()  # the exporter puts the wrapper back in its own mode afterwards: it must be eval's, too
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


def exported(model: AutoencoderBase) -> dict[str, bytes]:
    """{"encoder": bytes, "decoder": bytes} of a model, exported now from its weights in memory."""
    return {g: to_onnx(model, g) for g in GRAPHS}


def graph_id(meta: dict, graph: str, data: bytes) -> str:
    """A graph's name, the key under which the browser caches it: the model's name and the graph's own sha256 (so
    it changes with the weights, the exporter or anything else that changes the graph)."""
    return f"{meta['name']}.{_sha(data)[:16]}.v{EXPORT_VERSION}.{graph}"
