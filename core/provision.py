"""Load a model, or train it exactly once across processes: file lock per key, live progress, a training log."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from core import cluster
from core import data as data_mod
from core.config import RunSpec
from core.store import CorruptCheckpoint, Store, StoreWriteError
from core.train import ProgressFn, record, train_new

WaitFn = Callable[[dict | None], None]  # called while another process trains: its latest progress row or None


class TrainingFailed(RuntimeError):
    """The training this caller waited for failed in another process (another replica): its message."""


def _locks(store: Store) -> Path:
    return store.root / ".locks"


def lock_path(store: Store, spec: RunSpec) -> Path:
    """The file lock of one key; in the temp folder when the store is read-only (processes still agree)."""
    locks = _locks(store)
    try:
        locks.mkdir(parents=True, exist_ok=True)
        if os.access(locks, os.W_OK):
            return locks / f"{spec.name}.lock"
    except OSError:
        pass
    tag = hashlib.sha256(str(store.root.resolve()).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"aevae-{tag}-{spec.name}.lock"


def progress_path(store: Store, spec: RunSpec) -> Path:
    return _locks(store) / f"{spec.name}.progress.json"


def read_progress(store: Store, spec: RunSpec) -> dict | None:
    """{"rows": [history so far], "epochs": total, "pid": trainer} while someone trains spec, else None."""
    try:
        return json.loads(progress_path(store, spec).read_text())
    except (OSError, ValueError):
        return None


def failure_path(store: Store, spec: RunSpec) -> Path:
    return _locks(store) / f"{spec.name}.failed.json"


def read_failure(store: Store, spec: RunSpec, since: float = 0.0) -> str | None:
    """The error of the last failed training of spec, if it failed after `since` (time.time()) and not after now
    (a record from a clock that was ahead counts for nothing), else None."""
    try:
        failure = json.loads(failure_path(store, spec).read_text())
        return failure["error"] if since <= failure["time"] <= time.time() + 1 else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_failure(store: Store, spec: RunSpec, e: BaseException) -> None:
    """Tell every process waiting for spec (other replicas too) why its training failed."""
    msg = str(e) if isinstance(e, TrainingFailed) else f"{type(e).__name__}: {e}"
    path = failure_path(store, spec)
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"error": msg, "time": time.time()}))
        os.replace(tmp, path)
    except OSError:
        pass


class _Progress:
    """Progress rows of one training: kept, written to the progress file, passed on. Picklable without `then`,
    so a Ray worker on another node writes the same file into the shared store."""

    def __init__(self, store: Store, spec: RunSpec, then: Callable[[dict], None] | None = None):
        self.store, self.spec, self.then, self.rows = store, spec, then, []

    def __call__(self, row: dict) -> None:
        self.rows.append(row)
        _write_progress(self.store, self.spec, self.rows)
        if self.then:
            self.then(row)


def _write_progress(store: Store, spec: RunSpec, rows: list[dict]) -> None:
    path = progress_path(store, spec)
    try:  # best effort: other sessions draw the live curve from it while they wait
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"rows": rows, "epochs": spec.train.epochs, "pid": os.getpid()}))
        os.replace(tmp, path)
    except OSError:
        pass


def _log_training(store: Store, spec: RunSpec) -> None:
    """One line per training started (name, pid, time): lets a load test count trainings per key."""
    try:
        with open(_locks(store) / "trainings.log", "a") as f:
            f.write(f"{spec.name}\t{os.getpid()}\t{time.time():.3f}\n")
    except OSError:
        pass


def trainings(store: Store) -> list[str]:
    """Names of every training started in this store, in order (from .locks/trainings.log)."""
    try:
        return [line.split("\t")[0] for line in (_locks(store) / "trainings.log").read_text().splitlines()]
    except OSError:
        return []


def _try_load(store: Store, spec: RunSpec, notices: list[str]):
    """The stored model, or None after setting a damaged one aside (and saying so)."""
    try:
        return store.load(spec)
    except CorruptCheckpoint as e:
        moved = store.set_aside(spec)
        if not notices:
            notices.append(f"{e}; " + ("set aside and retrained" if moved else "retrained (the store is read-only)"))
        return None


def _acquire(lock: FileLock, store: Store, spec: RunSpec, on_wait: WaitFn | None, timeout: float) -> bool:
    """Take the key's lock; True when another process held it first (we waited)."""
    waited, deadline = False, time.monotonic() + timeout
    while True:
        try:
            lock.acquire(timeout=0.5)
            return waited
        except Timeout:
            waited = True
            if on_wait:
                on_wait(read_progress(store, spec))
            if time.monotonic() > deadline:
                raise TimeoutError(f"{spec.name}: another process has been training it for too long") from None


def get_or_train(
    store: Store,
    spec: RunSpec,
    device: str = "auto",
    progress: ProgressFn | None = None,
    retrain: bool = False,
    on_wait: WaitFn | None = None,
    half: bool = False,
    lock_timeout: float = 3600,
    workers: int = 1,
):
    """(model, meta) for spec, training it first when missing, damaged or retrain=True.

    Across processes one training per key: a second caller waits on the file lock (on_wait gets the trainer's
    live progress), then loads what the first one stored, or raises TrainingFailed when that training failed.
    meta["status"]: loaded, waited or trained; meta["notices"]: what the user should know (a damaged
    checkpoint, a store that cannot be written). In cluster mode (core.cluster) the training itself runs as a
    Ray task; workers > 1 trains data-parallel under Ray Train. The lock is held here either way.
    """
    notices: list[str] = []
    if not retrain and (found := _try_load(store, spec, notices)):
        return found[0], {**found[1], "status": "loaded", "notices": notices}
    lock = FileLock(str(lock_path(store, spec)))
    asked = time.time()
    waited = _acquire(lock, store, spec, on_wait, lock_timeout)
    try:
        if not retrain and (found := _try_load(store, spec, notices)):  # trained by someone while we waited
            return found[0], {**found[1], "status": "waited" if waited else "loaded", "notices": notices}
        if failure := read_failure(store, spec, since=asked):  # the training we waited for failed: say so
            raise TrainingFailed(failure)
        try:
            model, meta = _train(store, spec, device, progress, workers)
        except Exception as e:
            _write_failure(store, spec, e)
            raise
        try:
            failure_path(store, spec).unlink(missing_ok=True)  # a success: no earlier failure speaks for it any more
        except OSError:
            pass
        try:
            meta = store.save(spec, model, meta, half=half)
        except StoreWriteError as e:  # read-only or full disk: keep working from memory
            notices.append(f"{e}; using it from memory")
        return model, {**meta, "status": "trained", "notices": notices}
    finally:
        try:
            progress_path(store, spec).unlink(missing_ok=True)
        except OSError:
            pass
        lock.release()


def _train(store: Store, spec: RunSpec, device: str, progress: ProgressFn | None, workers: int = 1):
    """Train here, as a Ray task (cluster mode) or data-parallel under Ray Train (workers > 1)."""
    if workers <= 1 and not cluster.enabled():
        return _train_here(store, spec, device, _Progress(store, spec, progress))
    seen = 0

    def poll() -> None:  # the remote trainer writes the progress file; hand its new rows to this caller
        nonlocal seen
        rows = (read_progress(store, spec) or {}).get("rows", [])
        for row in rows[seen:] if progress else []:
            progress(row)
        seen = max(seen, len(rows))

    if workers > 1:
        _log_training(store, spec)
        storage = _locks(store) / "ray"
        model, meta = cluster.train_data_parallel(spec, workers, device, storage, _Progress(store, spec), poll)
    else:
        model, meta = cluster.run(
            _train_here, store, spec, device, _Progress(store, spec), device=device, label=spec.name, poll=poll
        )
    poll()
    return model, meta


def _train_here(store: Store, spec: RunSpec, device: str, report: _Progress):
    ds = data_mod.load(spec.data)
    _log_training(store, spec)
    t0 = time.perf_counter()
    model, history = train_new(spec, ds, device, report)
    return model, record(spec, ds, model, history, time.perf_counter() - t0, device)
