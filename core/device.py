"""Where and in what precision to compute, and a record of the machine (for checkpoint metadata)."""

from __future__ import annotations

import platform
import re

import torch


def resolve_device(device: str = "auto") -> torch.device:
    """ "auto": CUDA when present, else the CPU."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype for training, or None for plain fp32."""
    if precision == "fp32":
        return None
    if precision == "bf16" or device.type == "cuda":
        return torch.bfloat16
    # oneDNN runs bf16 matmuls natively on AVX512-BF16 / AMX CPUs (~1.25x here); elsewhere they are emulated, slower
    return torch.bfloat16 if torch.ops.mkldnn._is_mkldnn_bf16_supported() else None


def versions() -> dict:
    import numpy
    import sklearn

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "scikit-learn": sklearn.__version__,
        "platform": platform.platform(),
    }


def machine(device: torch.device) -> dict:
    """What trained a model, as data (pages word it in their language): a GPU's name, or a CPU and its threads."""
    if device.type == "cuda":
        return {"gpu": torch.cuda.get_device_name(device)}
    return {"cpu": platform.processor() or platform.machine(), "threads": torch.get_num_threads()}


def hardware(device: torch.device) -> str:
    """The same in English, for logs and the command line."""
    m = machine(device)
    return m["gpu"] if "gpu" in m else f"{m['cpu']} CPU, {m['threads']} threads"


_LEGACY_CPU = re.compile(r"(.*) CPU, (\d+) threads")


def machine_of(meta: dict) -> dict:
    """A checkpoint's machine record; checkpoints from before it (the shipped face models) have only the English
    line of hardware(), which is read back here, once, in the module that wrote it."""
    if isinstance(meta.get("machine"), dict):
        return meta["machine"]
    text = str(meta.get("hardware", ""))
    m = _LEGACY_CPU.fullmatch(text)
    return {"cpu": m[1], "threads": int(m[2])} if m else {"gpu": text}
