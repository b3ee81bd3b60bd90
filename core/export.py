"""Copies of a model's encoder and decoder for the browser: the lab's own compact format where a model is made of
layers the page's small engine runs (ui/web/engine.js: the dense AE and VAE, PCA and the digit judge), otherwise ONNX
(onnxruntime-web runs the convolutional models in the page).

The compact format, b"AEVW" + the header's length (uint32, little-endian) + a JSON header + the weights, deflated
(zlib): the header lists the layers in order, each weight by dtype, shape and offset; a weight is sent in float16 when
float16 holds it exactly (the shipped models are stored so), else in float32, so the browser runs the very weights
the server runs. The bytes of each weight are laid out plane by plane (all low bytes, then all high bytes), which
deflates to about 1.3 bytes a float16 weight, where the ONNX graph takes 4. On a first visit of the latent page this
sends 1.3 MB of models where ONNX sent 3.6 MB, and the page needs no 3.7 MB runtime.

Always exported in memory from the model as loaded, i.e. from weights that matched their checksum: no graph is ever
read from a checkpoint folder, so a folder cannot hand browsers a graph of its own (a few tens of ms a model, once
per server, cached by the page). A graph's name carries its own sha256, so a browser's cached copy of any other
graph, crafted or old, is never used under it.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import threading
import warnings
import zlib

import numpy as np
import torch
from torch import Tensor, nn

from core.models import AutoencoderBase

GRAPHS = ("encoder", "decoder")
OPSET = 17  # onnxruntime-web 1.30 runs opsets 7-21
EXPORT_VERSION = 2  # bump when the graphs' inputs or outputs change: older copies are then made again


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
    """{"encoder": bytes, "decoder": bytes} of a model, exported now from its weights in memory: the compact format
    where the engine runs the model, ONNX otherwise."""
    return {g: compact(model, g) or to_onnx(model, g) for g in GRAPHS}


def judge_graph(clf: nn.Module) -> bytes:
    """The judge as the browser runs it: the compact format for the digit judge, ONNX for another."""
    return compact(clf, JUDGE) or judge_onnx(clf)


# ---- the compact format ---------------------------------------------------------------------------------------
MAGIC = b"AEVW"
FORMAT = 1


class _Writer:
    """The layers and weights of one compact graph."""

    def __init__(self):
        self.tensors: list[dict] = []
        self.planes: list[bytes] = []
        self.offset = 0

    def tensor(self, t: Tensor) -> int:
        a = t.detach().cpu().float().contiguous().numpy()
        half = a.astype(np.float16)
        exact = np.array_equal(half.astype(np.float32), a)
        raw = (half if exact else a).view(np.uint8).reshape(a.size, -1)
        data = b"".join(raw[:, k].tobytes() for k in range(raw.shape[1]))  # plane by plane
        self.tensors.append({"dtype": "f16" if exact else "f32", "shape": list(a.shape), "offset": self.offset})
        self.planes.append(data)
        self.offset += len(data)
        return len(self.tensors) - 1

    def layers(self, module: nn.Module) -> list[dict] | None:
        """The layers of a module the engine runs, in order; None when it holds one it does not."""
        if isinstance(module, nn.Sequential):
            out: list[dict] = []
            for m in module:
                inner = self.layers(m)
                if inner is None:
                    return None
                out += inner
            return out
        if isinstance(module, nn.Linear):
            return [self.linear(module.weight, module.bias)]
        if isinstance(module, nn.ReLU):
            return [{"op": "relu"}]
        if isinstance(module, nn.Flatten):
            return []  # the engine keeps an image as (C, H, W) in row-major order: flat already
        if isinstance(module, nn.Conv2d) and _plain_conv(module):
            k = module.kernel_size[0]
            return [{"op": "conv", "w": self.tensor(module.weight), "b": self.tensor(module.bias), "k": k,
                     "pad": module.padding[0]}]  # fmt: skip
        if isinstance(module, nn.MaxPool2d) and module.kernel_size in (2, (2, 2)) and module.stride in (2, (2, 2)):
            return [{"op": "maxpool2"}]
        return None

    def linear(self, weight: Tensor, bias: Tensor) -> dict:
        return {"op": "linear", "w": self.tensor(weight), "b": self.tensor(bias)}

    def bytes(self, header: dict) -> bytes:
        head = json.dumps({**header, "format": FORMAT, "tensors": self.tensors}, separators=(",", ":")).encode()
        return MAGIC + struct.pack("<I", len(head)) + head + zlib.compress(b"".join(self.planes), 9)


def _plain_conv(m: nn.Conv2d) -> bool:
    k = m.kernel_size
    return (
        k[0] == k[1]
        and m.stride == (1, 1)
        and m.dilation == (1, 1)
        and m.groups == 1
        and m.padding_mode == "zeros"
        and isinstance(m.padding, tuple)
        and m.padding[0] == m.padding[1]
        and m.bias is not None
    )


def engine_runs(module: nn.Module) -> bool:
    """Whether the page's engine runs this model (its graphs go in the compact format, no runtime needed)."""
    from core.models.classifier import DigitClassifier
    from core.models.dense import DenseAE, DenseVAE
    from core.models.pca import PCAModel

    return type(module) in (DenseAE, DenseVAE, PCAModel, DigitClassifier)


def compact(module: nn.Module, graph: str) -> bytes | None:
    """One graph of a model (or the judge, graph "judge") in the compact format; None when the engine does not run
    it (the convolutional autoencoders, the face judge): those go as ONNX. The outputs and their order are the
    ONNX graph's (`outputs`), the input an image batch for encoders and the judge, a code batch for decoders."""
    from core.models.classifier import DigitClassifier
    from core.models.dense import DenseAE, DenseVAE
    from core.models.pca import PCAModel

    w = _Writer()
    heads: list[list[dict]] = []
    with torch.no_grad():
        if graph == JUDGE:
            if type(module) is not DigitClassifier:
                return None
            body, head = w.layers(module.body), w.layers(module.head)
            if body is None or head is None:
                return None
            return w.bytes({"input": list(module.shape), "layers": [*body, *head, {"op": "softmax"}],
                            "outputs": ["probs"]})  # fmt: skip
        if type(module) is PCAModel:
            c, mean = module.components_, module.mean_
            if graph == "encoder":  # (x - mean) W^T = x W^T - W mean
                layers = [w.linear(c, -(c @ mean))]
            else:
                layers = [w.linear(c.T, mean), {"op": "clamp01"}]
        elif type(module) in (DenseAE, DenseVAE):
            layers = w.layers(module.encoder if graph == "encoder" else module.decoder)
            if layers is None:
                return None
            if graph == "decoder":
                layers.append({"op": "sigmoid"})
            elif module.variational:
                heads = [[w.linear(module.to_mu.weight, module.to_mu.bias)],
                         [w.linear(module.to_logvar.weight, module.to_logvar.bias)]]  # fmt: skip
        else:
            return None
    shape = list(module.shape) if graph == "encoder" else [module.latent_dim]
    header = {"input": shape, "layers": layers, "outputs": outputs(module, graph)}
    if graph == "decoder":
        header["image"] = list(module.shape)
    if heads:
        header["heads"] = heads
    return w.bytes(header)


def read_compact(data: bytes) -> tuple[dict, list[np.ndarray]]:
    """(header, weights as float32 arrays) of a compact graph: what the browser's engine reads (for tests)."""
    if data[:4] != MAGIC:
        raise ValueError("not a compact graph")
    (n,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8 : 8 + n])
    blob = zlib.decompress(data[8 + n :])
    weights = []
    for entry in header["tensors"]:  # (not "t": the message extractor reads t(...) as a text to translate)
        size, width = int(np.prod(entry["shape"])), 2 if entry["dtype"] == "f16" else 4
        planes = np.frombuffer(blob, np.uint8, size * width, entry["offset"]).reshape(width, size)
        a = np.ascontiguousarray(planes.T).view(np.float16 if width == 2 else np.float32).reshape(entry["shape"])
        weights.append(a.astype(np.float32))
    return header, weights


def run_compact(data: bytes, x: np.ndarray) -> list[np.ndarray]:
    """The compact graph run in numpy, layer by layer as the engine runs it: the reference the tests hold the
    engine (ui/web/engine.js) and the exporter to."""
    header, weights = read_compact(data)
    a = np.asarray(x, np.float32).reshape(len(x), *header["input"])

    def apply(a, layers):
        for layer in layers:
            op = layer["op"]
            if op == "linear":
                a = a.reshape(len(a), -1) @ weights[layer["w"]].T + weights[layer["b"]]
            elif op == "relu":
                a = np.maximum(a, 0)
            elif op == "sigmoid":
                a = 1 / (1 + np.exp(-a))
            elif op == "clamp01":
                a = np.clip(a, 0, 1)
            elif op == "softmax":
                e = np.exp(a - a.max(1, keepdims=True))
                a = e / e.sum(1, keepdims=True)
            elif op == "conv":
                a = torch.nn.functional.conv2d(
                    torch.from_numpy(np.ascontiguousarray(a)), torch.from_numpy(weights[layer["w"]]),
                    torch.from_numpy(weights[layer["b"]]), padding=layer["pad"],
                ).numpy()  # fmt: skip
            elif op == "maxpool2":
                n, c, h, w = a.shape
                a = a[:, :, : h // 2 * 2, : w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max((3, 5))
            else:
                raise ValueError(f"unknown layer {op!r}")
        return a

    a = apply(a, header["layers"])
    outs = [apply(a, h) for h in header["heads"]] if "heads" in header else [a]
    if "image" in header:
        outs = [o.reshape(len(o), *header["image"]) for o in outs]
    return outs


def graph_id(meta: dict, graph: str, data: bytes) -> str:
    """A graph's name, the key under which the browser caches it: the model's name and the graph's own sha256 (so
    it changes with the weights, the exporter or anything else that changes the graph)."""
    return f"{meta['name']}.{_sha(data)[:16]}.v{EXPORT_VERSION}.{graph}"
