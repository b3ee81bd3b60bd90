"""Background training jobs for a long-lived server: queued once per key, run off the request thread."""
from __future__ import annotations

import threading
import traceback

from core.classroom import default_workers, make_pool, train_many
from core.config import RunSpec
from core.store import Store


class Jobs:
    """One per server process. submit() is idempotent per key; state() reports live progress for any spec.

    Training runs in a worker thread (which may fan out to processes), so a browser click or a closed tab
    never aborts it and other sessions asking for the same model see its progress instead of starting again.
    At most `max_running` batches train at once, which keeps the server responsive.
    """

    def __init__(self, store: Store, max_running: int = 1, device: str = "auto"):
        self.store, self.device = store, device
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(max_running)
        self._queued: dict[str, RunSpec] = {}  # name -> spec, waiting or training
        self.errors: dict[str, str] = {}
        self._pool = None  # training worker processes, started on first use and kept for the server's life
        self.memory: dict[str, tuple] = {}  # name -> (model, meta) trained but not storable (read-only / full disk)
        self.notices: list[str] = []

    def submit(self, specs: list[RunSpec]) -> list[RunSpec]:
        """Queue the specs that are neither stored nor already queued; returns the newly queued ones."""
        with self._lock:
            new = [s for s in specs if s.name not in self._queued and s.name not in self.memory
                   and not self.store.exists(s)]
            for s in new:
                self._queued[s.name] = s
                self.errors.pop(s.name, None)
        if new:
            threading.Thread(target=self._run, args=(new,), daemon=True, name="train").start()
        return new

    def _run(self, specs: list[RunSpec]) -> None:
        with self._slots:
            try:
                if self.store.writable():
                    train_many(self.store, specs, self.device, pool=self._worker_pool(len(specs)))
                for spec in [s for s in specs if not self.store.exists(s)]:  # could not be stored: keep in memory
                    model, meta = self.store.get_or_train(spec, self.device)
                    with self._lock:
                        self.memory[spec.name] = (model, meta)
                        self.notices += [n for n in meta.get("notices", []) if n not in self.notices]
            except Exception as e:  # surfaced on the page, never raised into a request
                msg = f"{type(e).__name__}: {e}"
                with self._lock:
                    self.errors.update({s.name: msg for s in specs})
                traceback.print_exc()
            finally:
                with self._lock:
                    for s in specs:
                        self._queued.pop(s.name, None)

    def _worker_pool(self, n_jobs: int):
        workers = default_workers(max(n_jobs, 2), self.device)
        if workers <= 1:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = make_pool(workers)
            return self._pool

    def busy(self, specs: list[RunSpec]) -> bool:
        with self._lock:
            return any(s.name in self._queued for s in specs)

    def state(self, spec: RunSpec) -> dict:
        """{'phase': stored|training|queued|failed|missing, 'rows': history so far, 'epochs': n, 'error': msg}."""
        if self.store.exists(spec) or spec.name in self.memory:
            return {"phase": "stored", "rows": [], "epochs": spec.train.epochs}
        with self._lock:
            if spec.name in self.errors:
                return {"phase": "failed", "rows": [], "epochs": spec.train.epochs, "error": self.errors[spec.name]}
            queued = spec.name in self._queued
        prog = self.store.read_progress(spec)  # written by whichever process trains it, this one or another
        if prog:
            return {"phase": "training", "rows": prog.get("rows", []), "epochs": prog.get("epochs")}
        return {"phase": "queued" if queued else "missing", "rows": [], "epochs": spec.train.epochs}
