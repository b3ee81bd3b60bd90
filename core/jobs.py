"""Background training jobs for a long-lived server: queued once per key, bounded, run off the request thread."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from core import cluster
from core.classroom import default_workers, make_pool, train_many
from core.config import RunSpec
from core.provision import get_or_train, read_progress
from core.store import Store

LOG = logging.getLogger("aevae.jobs")


class JobLimit(RuntimeError):
    """Too much work asked for: the server's or this session's cap on queued jobs is reached."""

    def __init__(self, who: str, waiting: int):
        super().__init__(f"{'the server' if who == 'server' else 'this session'} already waits for {waiting} models")
        self.who, self.waiting = who, waiting


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


class Jobs:
    """One per server process. submit() is idempotent per key; state() reports live progress for any spec.

    Training runs in a worker thread (which may fan out to processes), so a browser click or a closed tab
    never aborts it and other sessions asking for the same model see its progress instead of starting again.
    Bounds: at most `max_running` batches train at once; at most `max_queued` models wait or train in all and
    `per_session` of them for one session; a queued model nobody has asked about for `abandon_s` seconds is
    dropped before it starts; a training process that dies (OOM killer) is replaced and the batch retried once.
    In cluster mode (AEVAE_RAY_ADDRESS) each model trains as a Ray task: threads here only wait for them, up to
    cluster.parallel() at once, and as many batches run at once (Ray queues what the cluster cannot take yet).
    """

    def __init__(
        self,
        store: Store,
        max_running: int = 1,
        device: str = "auto",
        max_queued: int | None = None,
        per_session: int | None = None,
        abandon_s: float = 45.0,
    ):
        self.store, self.device = store, device
        self.max_queued = max_queued or _env_int("AEVAE_MAX_QUEUED", 48)
        self.per_session = per_session or _env_int("AEVAE_MAX_JOBS_PER_SESSION", 24)
        self.abandon_s = abandon_s
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(max(max_running, cluster.parallel()) if cluster.enabled() else max_running)
        self._queued: dict[str, RunSpec] = {}  # name -> spec, waiting or training
        self._owners: dict[str, set[str]] = {}  # name -> sessions that asked for it
        self._seen: dict[str, float] = {}  # name -> last time any session asked about it
        self._started: set[str] = set()  # names whose batch has begun (no longer superseded by a newer request)
        self.errors: dict[str, str] = {}
        self.dropped: set[str] = set()  # queued models dropped because nobody waited for them any more
        self._pool = None  # training worker processes, started on first use and kept for the server's life
        self.memory: dict[str, tuple] = {}  # name -> (model, meta) trained but not storable (read-only / full disk)
        self._distrusted: set[str] = set()  # damaged checkpoints that could not be set aside (read-only store)
        self.notices: list[str] = []
        # cluster mode: the caps hold for the whole class across replicas (core.cluster.Caps), this queue's own id
        self.replica = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._caps = None
        self._caps_retry_at = 0.0  # after a failure, the cluster's caps are looked up again after a minute

    def submit(self, specs: list[RunSpec], session: str = "") -> list[RunSpec]:
        """Queue the specs that are neither stored nor already queued; returns the newly queued ones.

        Raises JobLimit (nothing queued) when the server's or the session's cap would be passed."""
        now = time.monotonic()
        with self._lock:
            for s in specs:
                self._seen[s.name] = now
            new = [s for s in specs if s.name not in self._queued and not self._stored(s)]
            if new:
                mine = sum(session in owners for owners in self._owners.values())
                live = sum(bool(owners) for owners in self._owners.values())  # superseded ones do not count
                if live + len(new) > self.max_queued:
                    raise JobLimit("server", live)
                if session and mine + len(new) > self.per_session:
                    raise JobLimit("session", mine)
            joined = [s.name for s in specs if s.name in self._queued or s in new]
        if joined:  # the class's caps (cluster mode), asked outside the lock: the queue never waits for the cluster
            self._reserve(session, joined)
        with self._lock:
            new = [s for s in new if s.name not in self._queued]  # queued by another request meanwhile: joined
            superseded = []
            if session:  # a newer request from the same session replaces its own requests not yet started
                wanted_now = {s.name for s in specs}
                for name, owners in self._owners.items():
                    if name not in self._started and name not in wanted_now and owners == {session}:
                        owners.discard(session)
                        superseded.append(name)
            for s in new:
                self._queued[s.name] = s
                self.errors.pop(s.name, None)
                self.dropped.discard(s.name)
            for s in specs:
                if s.name in self._queued:
                    self._owners.setdefault(s.name, set()).add(session)
        if superseded:
            self._release(superseded, session)
        if new:
            threading.Thread(target=self._run, args=(new,), daemon=True, name="train").start()
        return new

    def touch(self, specs: list[RunSpec]) -> None:
        """A session is still waiting for these (called while it shows their progress)."""
        now = time.monotonic()
        with self._lock:
            for s in specs:
                self._seen[s.name] = now

    def _wanted(self, spec: RunSpec) -> bool:
        return time.monotonic() - self._seen.get(spec.name, 0.0) < self.abandon_s

    def _run(self, specs: list[RunSpec]) -> None:
        with self._slots:
            with self._lock:  # nobody waits any more, or its only session asked for something else since
                keep = [s for s in specs if self._wanted(s) and self._owners.get(s.name)]
                self.dropped |= {s.name for s in specs if s not in keep}
                self._started |= {s.name for s in keep}
            try:
                if keep and self.store.writable():
                    self._train(keep)
                for spec in [s for s in keep if not self._stored(s)]:  # could not be stored: keep in memory
                    model, meta = get_or_train(self.store, spec, self.device)
                    with self._lock:
                        self.memory[spec.name] = (model, meta)
                        self.notices += [n for n in meta.get("notices", []) if n not in self.notices]
            except Exception as e:  # surfaced on the page, never raised into a request
                msg = f"{type(e).__name__}: {e}"
                with self._lock:
                    self.errors.update({s.name: msg for s in keep})
                traceback.print_exc()
            finally:
                # released on the class's caps while still queued here: a request for the same model meanwhile
                # joins this one (as it does locally) instead of reserving anew and being released with it
                self._release([s.name for s in specs])
                with self._lock:
                    for s in specs:
                        self._queued.pop(s.name, None)
                        self._owners.pop(s.name, None)
                        self._started.discard(s.name)

    def _cluster_caps(self):
        if not cluster.enabled() or time.monotonic() < self._caps_retry_at:
            return None
        if self._caps is None:
            self._caps = cluster.caps()
        return self._caps

    def _reserve(self, session: str, names: list[str]) -> None:
        """In cluster mode: reserve names on the class's caps (every replica's queue counted), or raise JobLimit.
        A cluster that does not answer leaves this replica's own caps in force (logged)."""
        try:
            first = self._caps is None  # the actor may be starting: its first answer may take some seconds
            caps = self._cluster_caps()
            if caps is None:
                return
            over = cluster.call(
                caps.reserve,
                self.replica,
                session,
                names,
                self.per_session,
                self.max_queued,
                timeout=15.0 if first else 2.0,
            )
        except Exception as e:  # noqa: BLE001 - the cluster's caps are a bound, never a reason to fail a page
            self._caps, self._caps_retry_at = None, time.monotonic() + 60  # looked up afresh in a minute
            LOG.warning("cluster caps not reachable (%s): this replica's own caps hold", type(e).__name__)
            return
        if over is not None:
            raise JobLimit(*over)

    def _release(self, names: list[str], session: str | None = None) -> None:
        try:
            caps = self._cluster_caps()
            if caps is not None:
                cluster.call(caps.release, self.replica, names, session, timeout=2.0)
        except Exception as e:  # noqa: BLE001 - expired by the actor after CAPS_TTL_S at worst
            self._caps, self._caps_retry_at = None, time.monotonic() + 60
            LOG.warning("cluster caps not reachable to release %d models (%s)", len(names), type(e).__name__)

    def _train(self, specs: list[RunSpec]) -> None:
        """train_many on the shared pool; a pool broken by a killed worker is replaced and the batch retried."""
        for attempt in (1, 2):
            pool = self._worker_pool(len(specs))
            try:
                train_many(self.store, specs, self.device, pool=pool)
                return
            except BrokenProcessPool:
                with self._lock:  # replace only the pool that broke: another batch may have replaced it already
                    if self._pool is pool:
                        self._pool = None
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise

    def _worker_pool(self, n_jobs: int):
        if cluster.enabled():  # trainings run on the cluster; a thread per training in flight waits for it
            with self._lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(cluster.parallel(), thread_name_prefix="ray-wait")
                return self._pool
        workers = default_workers(max(n_jobs, 2), self.device)
        if workers <= 1:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = make_pool(workers)
            return self._pool

    def distrust(self, spec: RunSpec) -> None:
        """A stored checkpoint that is damaged and cannot be moved: train the model into memory instead."""
        with self._lock:
            self._distrusted.add(spec.name)

    def _stored(self, spec: RunSpec) -> bool:
        return spec.name in self.memory or (spec.name not in self._distrusted and self.store.exists(spec))

    def busy(self, specs: list[RunSpec]) -> bool:
        with self._lock:
            return any(s.name in self._queued for s in specs)

    def counts(self) -> dict:
        """How much work the server holds: models queued or training, and sessions with work."""
        with self._lock:
            sessions = set().union(*self._owners.values()) if self._owners else set()
            return {"queued": len(self._queued), "sessions": len(sessions - {""})}

    def state(self, spec: RunSpec) -> dict:
        """{'phase': stored|training|queued|failed|missing, 'rows': history so far, 'epochs': n, 'error': msg}."""
        if self._stored(spec):
            return {"phase": "stored", "rows": [], "epochs": spec.train.epochs}
        with self._lock:
            if spec.name in self.errors:
                return {"phase": "failed", "rows": [], "epochs": spec.train.epochs, "error": self.errors[spec.name]}
            queued = spec.name in self._queued
        prog = read_progress(self.store, spec)  # written by whichever process trains it, this one or another
        if prog:
            return {"phase": "training", "rows": prog.get("rows", []), "epochs": prog.get("epochs")}
        return {"phase": "queued" if queued else "missing", "rows": [], "epochs": spec.train.epochs}
