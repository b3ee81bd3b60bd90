"""The model store: safetensors weights + JSON metadata per config key, atomic writes, one training per key."""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pandas as pd
import torch
from filelock import FileLock, Timeout
from safetensors.torch import load_file, save_file

from core import data as data_mod
from core.config import FORMAT_VERSION, RunSpec
from core.models import AutoencoderBase, build

WEIGHTS, META = "weights.safetensors", "meta.json"
WaitFn = Callable[[dict | None], None]  # called while another process trains: its latest progress row or None


class CorruptCheckpoint(RuntimeError):
    """A stored checkpoint that cannot be trusted (truncated, edited, older format); it is set aside."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def versions() -> dict:
    import numpy
    import sklearn

    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": numpy.__version__,
            "scikit-learn": sklearn.__version__, "platform": platform.platform()}


def hardware(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"{platform.processor() or platform.machine()} CPU, {torch.get_num_threads()} threads"


class Store:
    """checkpoints/<name>/{weights.safetensors, meta.json}; .locks/ for file locks and live progress."""

    def __init__(self, root: str | Path | None = None, lock_timeout: float = 3600):
        self.root = Path(root or os.environ.get("AEVAE_CHECKPOINTS", "checkpoints"))
        self.lock_timeout = lock_timeout

    # --- paths -----------------------------------------------------------------------------------------
    def path(self, spec: RunSpec) -> Path:
        return self.root / spec.name

    def _lock_path(self, spec: RunSpec) -> Path:
        locks = self.root / ".locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
            if os.access(locks, os.W_OK):
                return locks / f"{spec.name}.lock"
        except OSError:
            pass
        # a read-only store: lock in the temp folder, keyed by the store's path, so processes still agree
        tag = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:8]
        return Path(tempfile.gettempdir()) / f"aevae-{tag}-{spec.name}.lock"

    def progress_path(self, spec: RunSpec) -> Path:
        return self.root / ".locks" / f"{spec.name}.progress.json"

    def writable(self) -> bool:
        """Can checkpoints be written here (folder creatable, a file writable)?"""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
            return True
        except OSError:
            return False

    def exists(self, spec: RunSpec) -> bool:
        return (self.path(spec) / META).is_file()

    # --- load ------------------------------------------------------------------------------------------
    def read_meta(self, folder: Path) -> dict:
        try:
            meta = json.loads((folder / META).read_text())
        except (OSError, ValueError) as e:
            raise CorruptCheckpoint(f"{folder.name}: unreadable metadata ({e})") from e
        if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
            raise CorruptCheckpoint(f"{folder.name}: format {meta.get('format_version') if isinstance(meta, dict) else '?'}"
                                    f" is not the current format {FORMAT_VERSION}")
        return meta

    def load_folder(self, folder: Path) -> tuple[AutoencoderBase, dict]:
        """Load and verify one checkpoint folder; raises CorruptCheckpoint on any mismatch (never unpickles)."""
        meta = self.read_meta(folder)
        weights = folder / WEIGHTS
        try:
            if _sha256(weights) != meta["weights_sha256"]:
                raise CorruptCheckpoint(f"{folder.name}: weights do not match their recorded checksum")
            state = load_file(str(weights))
            spec = RunSpec.from_dict(meta["spec"])
            model = build(spec.model, tuple(meta["data"]["shape"]))
            model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        except CorruptCheckpoint:
            raise
        except Exception as e:  # missing file, truncated safetensors, wrong shapes, bad metadata
            raise CorruptCheckpoint(f"{folder.name}: {type(e).__name__}: {e}") from e
        return model.eval(), meta

    def load(self, spec: RunSpec) -> tuple[AutoencoderBase, dict] | None:
        """The stored model for a spec, None when absent; CorruptCheckpoint when present but damaged."""
        folder = self.path(spec)
        if not (folder / META).exists():
            return None
        return self.load_folder(folder)

    def set_aside(self, spec: RunSpec) -> Path | None:
        """Move a damaged checkpoint to .corrupt/ (kept for inspection, never loaded again)."""
        folder = self.path(spec)
        if not folder.exists():
            return None
        dest = self.root / ".corrupt" / f"{spec.name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder, dest)
        return dest

    # --- save ------------------------------------------------------------------------------------------
    def save(self, spec: RunSpec, model: AutoencoderBase, meta: dict, half: bool = False) -> dict:
        """Write weights and metadata to a temp folder, fsync, then rename it into place (atomic); return the meta."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{spec.name}-", dir=self.root))
        try:
            tmp.chmod(0o755)  # mkdtemp makes it private; a served store is read by other users too
            state = {k: (v.half() if half and v.is_floating_point() else v).detach().cpu().contiguous()
                     for k, v in model.state_dict().items()}
            save_file(state, str(tmp / WEIGHTS))
            with open(tmp / WEIGHTS, "rb+") as f:
                os.fsync(f.fileno())
            meta = {**meta, "weights_sha256": _sha256(tmp / WEIGHTS), "dtype": "float16" if half else "float32"}
            _fsync_write(tmp / META, json.dumps(meta, indent=1).encode())
            _fsync_dir(tmp)
            final = self.path(spec)
            old = None
            if final.exists():  # a retrain: move the old one out of the way, then swap in the new one
                old = self.root / ".trash" / f"{spec.name}-{os.getpid()}-{time.time_ns()}"
                old.parent.mkdir(exist_ok=True)
                os.replace(final, old)
            os.replace(tmp, final)
            _fsync_dir(self.root)
            if old:
                shutil.rmtree(old, ignore_errors=True)
            return meta
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    # --- train or load ---------------------------------------------------------------------------------
    def get_or_train(self, spec: RunSpec, device: str = "auto", progress: Callable[[dict], None] | None = None,
                     retrain: bool = False, on_wait: WaitFn | None = None, half: bool = False
                     ) -> tuple[AutoencoderBase, dict]:
        """Load the model for spec, training it first when missing, damaged or retrain=True.

        Across processes one training per key: a second caller waits on the file lock (on_wait gets the
        trainer's live progress), then loads what the first one stored. meta["status"] says what happened.
        """
        notices: list[str] = []
        if not retrain:
            try:
                found = self.load(spec)
                if found:
                    return found[0], {**found[1], "status": "loaded"}
            except CorruptCheckpoint as e:
                notices.append(f"{e}; set aside and retrained")
        lock = FileLock(str(self._lock_path(spec)))
        waited = False
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                lock.acquire(timeout=0.5)
                break
            except Timeout:
                waited = True
                if on_wait:
                    on_wait(self.read_progress(spec))
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{spec.name}: another process has been training it for too long")
        try:
            if not retrain:  # someone may have trained it while we waited
                try:
                    found = self.load(spec)
                    if found:
                        return found[0], {**found[1], "status": "waited" if waited else "loaded", "notices": notices}
                except CorruptCheckpoint as e:
                    if not notices:
                        notices.append(f"{e}; set aside and retrained")
                    self.set_aside(spec)
            model, meta = self._train(spec, device, progress)
            try:
                meta = self.save(spec, model, meta, half=half)
            except OSError as e:  # read-only or full disk: keep working from memory
                notices.append(f"could not save {spec.name} to {self.root} ({e.strerror or e}); using it from memory")
            return model, {**meta, "status": "trained", "notices": notices}
        finally:
            self.progress_path(spec).unlink(missing_ok=True)
            lock.release()

    def _train(self, spec: RunSpec, device: str, progress: Callable[[dict], None] | None):
        from core.train import resolve_device, train_new

        ds = data_mod.load(spec.data)
        prog_file = self.progress_path(spec)
        rows: list[dict] = []

        def report(row: dict) -> None:
            rows.append(row)
            try:  # best effort: other sessions draw the live curve from it while they wait
                tmp = prog_file.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps({"rows": rows, "epochs": spec.train.epochs, "pid": os.getpid()}))
                os.replace(tmp, prog_file)
            except OSError:
                pass
            if progress:
                progress(row)

        dev = resolve_device(device)
        self._log_training(spec)
        t0 = time.perf_counter()
        model, history = train_new(spec, ds, str(dev), report)
        wall = time.perf_counter() - t0
        last = history.iloc[-1]
        metrics = {k: float(last[k]) for k in history.columns if k.startswith("test_")}
        meta = {"format_version": FORMAT_VERSION, "name": spec.name, "key": spec.key, "spec": spec.to_dict(),
                "data": {"name": ds.name, "description": ds.description, "checksum": ds.checksum,
                         "shape": list(ds.shape), "n_train": len(ds.x_train), "n_test": len(ds.x_test)},
                "metrics": metrics, "history": history.to_dict(orient="list"), "seed": spec.train.seed,
                "wall_time_s": wall, "device": str(dev), "hardware": hardware(dev), "n_params": model.n_params,
                "versions": versions(), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv[:1]}
        return model, meta

    def _log_training(self, spec: RunSpec) -> None:
        """One line per training started (name, pid, time): lets a load test count trainings per key."""
        try:
            with open(self.root / ".locks" / "trainings.log", "a") as f:
                f.write(f"{spec.name}\t{os.getpid()}\t{time.time():.3f}\n")
        except OSError:
            pass

    def trainings(self) -> list[str]:
        """Names of every training started in this store, in order (from .locks/trainings.log)."""
        try:
            return [line.split("\t")[0] for line in (self.root / ".locks" / "trainings.log").read_text().splitlines()]
        except OSError:
            return []

    def read_progress(self, spec: RunSpec) -> dict | None:
        """{"rows": [history so far], "epochs": total, "pid": trainer} while someone trains spec, else None."""
        try:
            return json.loads(self.progress_path(spec).read_text())
        except (OSError, ValueError):
            return None

    # --- catalogue -------------------------------------------------------------------------------------
    def list(self) -> pd.DataFrame:
        """One row per stored checkpoint (damaged ones flagged, not loaded)."""
        rows = []
        if self.root.exists():
            for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
                                 and ((p / META).exists() or (p / WEIGHTS).exists())):  # not e.g. shipped/
                try:
                    m = self.read_meta(folder)
                    s = m["spec"]
                    rows.append({"name": folder.name, "kind": s["model"]["kind"], "dataset": s["data"]["name"],
                                 "latent_dim": s["model"]["latent_dim"], "beta": s["model"]["beta"],
                                 "noise": s["train"]["noise"], "epochs": s["train"]["epochs"],
                                 **m["metrics"], "wall_time_s": m["wall_time_s"], "device": m["device"],
                                 "created": m["created"], "status": "ok"})
                except (CorruptCheckpoint, KeyError, TypeError) as e:
                    rows.append({"name": folder.name, "status": f"damaged: {e}"})
        return pd.DataFrame(rows)

    def delete(self, name: str) -> bool:
        folder = self.root / name
        if not folder.is_dir() or name.startswith(".") or "/" in name:
            return False
        shutil.rmtree(folder)
        return True
