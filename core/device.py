"""Where and in what precision to compute, and a record of the machine (for checkpoint metadata)."""

from __future__ import annotations

import platform

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


def hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"{platform.processor() or platform.machine()} CPU, {torch.get_num_threads()} threads"
