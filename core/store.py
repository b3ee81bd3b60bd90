"""The model store: safetensors weights + JSON metadata per config key, written atomically, verified on load.

Persistence and the catalogue only; who trains what, and when, is core.provision.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from core.config import FORMAT_VERSION, RunSpec, uses
from core.models import build

WEIGHTS, META, REPLAY = "weights.safetensors", "meta.json", "replay.safetensors"
MAX_META_BYTES = 8 << 20  # a meta.json is a few hundred KB at most; anything bigger is not ours
MAX_WEIGHTS_BYTES = 2 << 30
KEEP_CORRUPT = 3  # damaged copies kept per model in .corrupt/ for inspection; older ones are removed
# Models that ship with the lab (git): read where the store has no model of that name, never written or moved.
SHIPPED = Path(__file__).resolve().parents[1] / "checkpoints" / "shipped"


class CorruptCheckpoint(RuntimeError):
    """A stored checkpoint that cannot be trusted (truncated, edited, older format, another config)."""


class StoreWriteError(OSError):
    """The store could not be written (read-only, full disk); the model is still usable from memory."""


class StoreReadError(OSError):
    """A checkpoint could not be read just now (no file handles left, no permission, an I/O error): not damage, so
    nothing is set aside or retrained; the caller says so and tries again later."""


DAMAGE_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR}  # a file missing or of the wrong kind: the folder's fault
STALE_S = 600  # a .tmp-* or .trash entry older than this belongs to no live save (a save takes seconds)
FILE_MODE = 0o644  # weights, replay and metadata readable by the folder's other users (a served store)


def _read_error(path: Path, e: OSError) -> OSError:
    """An OSError met reading path: damage when the file is missing or of the wrong kind, else a read error."""
    if e.errno in DAMAGE_ERRNOS:
        return CorruptCheckpoint(f"{path.parent.name}: {path.name} is missing ({e.strerror})")
    return StoreReadError(e.errno, f"{path.parent.name}: {path.name} cannot be read now ({e.strerror})")


def _regular_file(path: Path, limit: int) -> None:
    """Refuse anything but a regular file of sane size: a FIFO or /dev/zero would hang a reader."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise _read_error(path, e) from e
    if not stat.S_ISREG(st.st_mode):
        raise CorruptCheckpoint(f"{path.parent.name}: {path.name} is not a regular file")
    if st.st_size > limit:
        raise CorruptCheckpoint(f"{path.parent.name}: {path.name} is too large ({st.st_size:,} bytes)")


MAX_SIDE = 512  # the largest image side a configuration allows (core.config.DataConfig.image_size)


def _data_shape(meta: dict) -> tuple[int, int, int]:
    """The image shape a checkpoint's model is built for, refused unless it is one the lab could have made (1 or 3
    channels, sides of 8 to MAX_SIDE pixels): checked before a model of that shape is allocated."""
    data = meta.get("data")
    shape = data.get("shape") if isinstance(data, dict) else None
    ok = (
        isinstance(shape, list)
        and len(shape) == 3
        and all(type(v) is int for v in shape)
        and shape[0] in (1, 3)
        and all(8 <= v <= MAX_SIDE for v in shape[1:])
    )
    if not ok:
        raise CorruptCheckpoint(f"{meta.get('name', '?')}: image shape {shape!r} is not one the lab builds")
    return tuple(shape)


def _check_shapes(weights: Path, spec: RunSpec, shape: tuple[int, int, int]) -> None:
    """The weights file's tensors (names and shapes, read from its header) must be exactly those of the model its
    metadata describes, built on the meta device (no memory): a mismatch is refused before anything is allocated."""
    import torch
    from safetensors import safe_open

    with torch.device("meta"):
        expected = {k: tuple(v.shape) for k, v in build(spec.model, shape).state_dict().items()}
    with safe_open(str(weights), framework="pt") as f:
        found = {k: tuple(f.get_slice(k).get_shape()) for k in f.keys()}  # noqa: SIM118 (not a dict)
    if found != expected:
        raise CorruptCheckpoint(f"{weights.parent.name}: its weights do not fit the model its metadata describes")


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


class Store:
    """checkpoints/<name>/{weights.safetensors, meta.json}; .corrupt/ keeps damaged copies, .locks/ coordination."""

    def __init__(self, root: str | Path | None = None, shipped: Path | None = SHIPPED):
        self.root = Path(root or os.environ.get("AEVAE_CHECKPOINTS", "checkpoints"))
        self.shipped = shipped if shipped is not None and Path(shipped).resolve() != self.root.resolve() else None

    # --- paths -----------------------------------------------------------------------------------------
    def path(self, spec: RunSpec) -> Path:
        """Where a model is read from: this store's folder, else the shipped one of that name, if any."""
        return self.folder(spec.name)

    def folder(self, name: str) -> Path:
        own = self.root / name
        if self.shipped is None or os.path.lexists(own / META):
            return own
        shipped = self.shipped / name
        return shipped if (shipped / META).is_file() else own

    def is_shipped(self, spec: RunSpec) -> bool:
        return self.shipped is not None and self.path(spec).parent == self.shipped

    def exists(self, spec: RunSpec) -> bool:
        return (self.path(spec) / META).is_file()

    def stamp(self, spec: RunSpec) -> tuple:
        """Version of a checkpoint on disk (mtimes, size): a retrained, replaced or damaged file reloads."""
        return self.folder_stamp(self.path(spec))

    @staticmethod
    def folder_stamp(folder: Path) -> tuple:
        meta, weights = (folder / META).stat(), (folder / WEIGHTS).stat()
        return meta.st_mtime_ns, weights.st_mtime_ns, weights.st_size

    def writable(self) -> bool:
        """Can checkpoints be written here (folder creatable, a file writable)?"""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
            return True
        except OSError:
            return False

    # --- load ------------------------------------------------------------------------------------------
    def read_meta(self, folder: Path) -> dict:
        _regular_file(folder / META, MAX_META_BYTES)
        try:
            meta = json.loads((folder / META).read_text())
        except OSError as e:
            raise _read_error(folder / META, e) from e
        except ValueError as e:
            raise CorruptCheckpoint(f"{folder.name}: unreadable metadata ({e})") from e
        version = meta.get("format_version") if isinstance(meta, dict) else "?"
        if version != FORMAT_VERSION:
            raise CorruptCheckpoint(f"{folder.name}: format {version} is not the current format {FORMAT_VERSION}")
        if meta.get("name") != folder.name:  # a meta.json copied from another model's folder
            raise CorruptCheckpoint(f"{folder.name}: its metadata describes another model ({meta.get('name')!r})")
        return meta

    def load_folder(self, folder: Path):
        """Load and verify one checkpoint folder; raises CorruptCheckpoint on any mismatch (never unpickles)."""
        meta = self.read_meta(folder)
        weights = folder / WEIGHTS
        _regular_file(weights, MAX_WEIGHTS_BYTES)
        try:
            spec = RunSpec.from_dict(meta["spec"])
            if spec.key != meta["key"] or spec.name != folder.name:
                raise CorruptCheckpoint(f"{folder.name}: its configuration does not match its key")
            if _sha256(weights) != meta["weights_sha256"]:
                raise CorruptCheckpoint(f"{folder.name}: weights do not match their recorded checksum")
            shape = _data_shape(meta)  # checked before anything is built: a crafted shape allocates nothing
            _check_shapes(weights, spec, shape)
            state = load_file(str(weights))
            model = build(spec.model, shape)
            model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        except (CorruptCheckpoint, StoreReadError):
            raise
        except OSError as e:  # the file system, not the folder: too many open files, no permission, I/O
            raise _read_error(weights, e) from e
        except Exception as e:  # truncated safetensors, wrong shapes, bad metadata
            raise CorruptCheckpoint(f"{folder.name}: {type(e).__name__}: {e}") from e
        return model.eval(), meta

    def load(self, spec: RunSpec):
        """The stored (model, meta) for a spec, None when absent; CorruptCheckpoint when present but damaged."""
        folder = self.path(spec)
        if not os.path.lexists(folder / META):
            return None
        return self.load_folder(folder)

    def replay(self, spec: RunSpec) -> np.ndarray | None:
        """The training replay of a stored model, (epochs + 1, n, latent_dim) float32 codes of its first n test
        images; None when it has none (an older or closed-form model) or when the file does not match its checksum."""
        folder = self.path(spec)
        try:
            meta = self.read_meta(folder)
            info = meta.get("replay")
            if not info:
                return None
            _regular_file(folder / REPLAY, MAX_WEIGHTS_BYTES)
            if _sha256(folder / REPLAY) != info["sha256"]:
                return None
            codes = load_file(str(folder / REPLAY))["codes"].float().numpy()
            latent = RunSpec.from_dict(meta["spec"]).model.latent_dim
            if codes.shape != (info["epochs"] + 1, info["n"], latent) or not np.isfinite(codes).all():
                return None  # not the replay its metadata describes: none rather than a page that breaks on it
            return codes
        except (CorruptCheckpoint, KeyError, TypeError, OSError, ValueError, SafetensorError):
            return None

    def set_aside(self, spec: RunSpec) -> Path | None:
        """Move a damaged checkpoint to .corrupt/ (never loaded again); None if absent or the store is read-only."""
        folder = self.root / spec.name  # never a shipped model: those are the lab's own files
        if not folder.exists():
            return None
        dest = self.root / ".corrupt" / f"{spec.name}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns()}-{os.getpid()}"
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder, dest)
        except OSError:
            return None
        old = sorted(p for p in dest.parent.glob(f"{spec.name}-*") if p.is_dir())
        for p in old[:-KEEP_CORRUPT]:
            shutil.rmtree(p, ignore_errors=True)
        return dest

    # --- save ------------------------------------------------------------------------------------------
    def save(self, spec: RunSpec, model, meta: dict, half: bool = False) -> dict:
        """Write weights and metadata to a temp folder, fsync, then rename it into place (atomic); return the meta.

        Raises StoreWriteError when the store cannot take it (read-only, full disk); nothing half-written stays."""
        tmp = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{spec.name}-", dir=self.root))
            tmp.chmod(0o755)  # mkdtemp makes it private; a served store is read by other users too
            state = {
                k: (v.half() if half and v.is_floating_point() else v).detach().cpu().contiguous()
                for k, v in model.state_dict().items()
            }
            save_file(state, str(tmp / WEIGHTS))
            (tmp / WEIGHTS).chmod(FILE_MODE)  # safetensors writes 0600: another user's server must read it too
            with open(tmp / WEIGHTS, "rb+") as f:
                os.fsync(f.fileno())
            meta = {**meta, "weights_sha256": _sha256(tmp / WEIGHTS), "dtype": "float16" if half else "float32"}
            replay = getattr(model, "replay_", None)  # test codes per epoch, kept by core.train.fit
            if replay is not None:
                save_file({"codes": replay.detach().cpu().contiguous()}, str(tmp / REPLAY))
                (tmp / REPLAY).chmod(FILE_MODE)
                with open(tmp / REPLAY, "rb+") as f:
                    os.fsync(f.fileno())
                meta["replay"] = {"sha256": _sha256(tmp / REPLAY), "epochs": replay.shape[0] - 1, "n": replay.shape[1]}
            _fsync_write(tmp / META, json.dumps(meta, indent=1).encode())
            (tmp / META).chmod(FILE_MODE)
            _fsync_dir(tmp)
            self._swap_in(tmp, self.root / spec.name)
            return meta
        except (KeyboardInterrupt, SystemExit):
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        except Exception as e:  # OSError, or safetensors' own SafetensorError on a full disk
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
            reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
            raise StoreWriteError(f"could not save {spec.name} to {self.root} ({reason})") from e

    def _swap_in(self, tmp: Path, final: Path) -> None:
        old = None
        if final.exists():  # a retrain: move the old one out of the way, then swap in the new one
            old = self.root / ".trash" / f"{final.name}-{os.getpid()}-{time.time_ns()}"
            old.parent.mkdir(exist_ok=True)
            os.replace(final, old)
        os.replace(tmp, final)
        _fsync_dir(self.root)
        if old:
            shutil.rmtree(old, ignore_errors=True)

    def clean_stale(self, older_than_s: float = STALE_S) -> int:
        """Remove what killed saves and retrains left behind (.tmp-* folders, .trash entries) older than
        older_than_s: a save takes seconds, so nothing that old is being written. Returns how many went."""
        now, gone = time.time(), 0
        for p in [*self.root.glob(".tmp-*"), *(self.root / ".trash").glob("*")]:
            try:
                if now - p.lstat().st_mtime > older_than_s:
                    shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
                    gone += 1
            except OSError:
                pass
        return gone

    # --- catalogue -------------------------------------------------------------------------------------
    def list(self) -> pd.DataFrame:
        """One row per stored checkpoint (damaged ones flagged, not loaded); knobs a kind ignores are empty."""
        rows = []
        for folder in self._folders():
            try:
                rows.append({**self._row(self.read_meta(folder)), "name": folder.name, "status": "ok"})
            except (CorruptCheckpoint, KeyError, TypeError, ValueError) as e:
                rows.append({"name": folder.name, "status": f"damaged: {e}"})
        df = pd.DataFrame(rows)
        return df[["name", *[c for c in df.columns if c != "name"]]] if rows else df

    def count(self) -> int:
        """How many checkpoint folders hold a metadata file (not verified: cheap enough for every rerun)."""
        return sum(os.path.isfile(p / META) for p in self._folders())

    def _folders(self) -> list[Path]:
        """This store's own checkpoint folders (the shipped ones are a store of their own: core.faces.shipped_store)."""
        try:
            entries = sorted(self.root.iterdir())
        except OSError:
            return []
        # a checkpoint folder holds meta.json or weights (not e.g. shipped/, which is a store of its own)
        return [
            p
            for p in entries
            if not p.name.startswith(".") and p.is_dir() and (os.path.lexists(p / META) or os.path.lexists(p / WEIGHTS))
        ]

    @staticmethod
    def _row(meta: dict) -> dict:
        spec = RunSpec.from_dict(meta["spec"])
        kind = spec.model.kind
        return {
            "kind": kind,
            "dataset": spec.data.name,
            "latent_dim": spec.model.latent_dim if uses(kind, "latent_dim") else None,
            "beta": spec.model.beta if uses(kind, "beta") else None,
            "noise": spec.train.noise,
            "epochs": spec.train.epochs if uses(kind, "train") else None,
            **meta["metrics"],
            "wall_time_s": meta["wall_time_s"],
            "device": meta["device"],
            "created": meta["created"],
        }

    def delete(self, name: str) -> bool:
        folder = self.root / name
        if name.startswith(".") or "/" in name or "\0" in name or not folder.is_dir():
            return False
        shutil.rmtree(folder)
        return True
