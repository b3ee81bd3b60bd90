"""Cluster mode: with AEVAE_RAY_ADDRESS set, every training runs as a Ray task; `--workers N` trains data-parallel.

Ray is imported inside these functions only, so a lab without AEVAE_RAY_ADDRESS never loads it. Who trains a
key is still decided by the store's file lock (core.provision), taken on the shared store by the process that
asks; this module only says *where* the training runs and with which resources.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import torch
from safetensors.torch import load_file, save_file

from core import data as data_mod
from core.config import RunSpec
from core.models import build
from core.train import ProgressFn, fit, record

ADDRESS = "AEVAE_RAY_ADDRESS"  # "auto", "ray://head:10001", "127.0.0.1:6379"; unset: no cluster, no Ray
_connect_lock = threading.Lock()


class TrainingLost(RuntimeError):
    """Ray lost the training (its worker or node died) more often than it may retry it; nothing was stored."""


def address() -> str | None:
    return os.environ.get(ADDRESS) or None


def enabled() -> bool:
    """Cluster mode is on: trainings go to Ray instead of this machine's processes."""
    return address() is not None


def _env_float(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def retries() -> int:
    """How often Ray re-runs a training whose worker died (AEVAE_RAY_RETRIES, 2); exceptions are not retried."""
    return int(_env_float("AEVAE_RAY_RETRIES", 2))


def parallel() -> int:
    """Trainings one server (or one CLI run) keeps in flight on the cluster at once (AEVAE_RAY_PARALLEL, 16)."""
    return max(1, int(_env_float("AEVAE_RAY_PARALLEL", 16)))


def connect():
    """The ray module, connected: to AEVAE_RAY_ADDRESS, or to a small private Ray on this machine without it."""
    os.environ.setdefault("RAY_ENABLE_AUTO_CONNECT", "0")  # a Ray call after disconnect() must not reconnect
    import ray

    with _connect_lock:
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # nothing leaves the cluster
            local = {}
            if not address():  # `--workers N` without a cluster: Ray on this machine, small and quiet
                local = {"num_cpus": os.cpu_count() or 1, "object_store_memory": 200 << 20, "include_dashboard": False}
            # "local": a new private Ray, never a cluster some other run left in /tmp/ray
            addr = address() or "local"
            ray.init(address=addr, namespace="aevae", log_to_driver=False, logging_level="warning", **local)
    return ray


def disconnect() -> None:
    """Leave the cluster (a CLI run at its end); a private Ray on this machine stops with it."""
    ray = sys.modules.get("ray")
    if ray is not None and ray.is_initialized():
        ray.shutdown()


def resources(ray, device: str) -> dict:
    """What one small training declares: AEVAE_RAY_CPUS (1) CPUs, and AEVAE_RAY_GPU_SHARE (0.25) of a GPU when
    the cluster has GPUs and the device is not "cpu" (Ray then hides the GPU from CPU-only tasks)."""
    gpu = device != "cpu" and ray.cluster_resources().get("GPU", 0) > 0
    return {
        "num_cpus": _env_float("AEVAE_RAY_CPUS", 1.0),
        "num_gpus": min(1.0, _env_float("AEVAE_RAY_GPU_SHARE", 0.25)) if gpu else 0.0,
    }


def _task(fn: Callable, args: tuple, threads: float):
    torch.set_num_threads(max(1, int(threads)))  # the CPUs it declared, no more: others train beside it
    return fn(*args)


@functools.cache
def _remote(ray):
    return ray.remote(_task)


def run(fn: Callable, *args, device: str = "auto", label: str = "", poll: Callable[[], None] | None = None):
    """fn(*args) as a Ray task with declared resources; poll() runs every half second while it trains.

    A worker that dies is retried by Ray (retries()); after that TrainingLost. An exception in fn is raised
    here as itself (not wrapped), so callers catch TrainingDiverged and friends as they would locally."""
    ray = connect()
    res = resources(ray, device)
    task = _remote(ray).options(**res, max_retries=retries(), retry_exceptions=False, name=f"train {label}")
    ref = task.remote(fn, args, res["num_cpus"])
    try:
        while not ray.wait([ref], timeout=0.5)[0]:
            if poll:
                poll()
        return ray.get(ref)
    except ray.exceptions.RayTaskError as e:
        if isinstance(e.cause, Exception):
            raise e.cause from None
        raise TrainingLost(f"{label}: {e}") from None
    except ray.exceptions.RayError as e:  # worker or node died (OOM killer, a lost machine) too often
        raise TrainingLost(f"{label}: the cluster lost its training {retries() + 1} times ({type(e).__name__})") from e


# --- caps across replicas --------------------------------------------------------------------------------------

CAPS = "aevae-caps"  # the named Ray actor that counts queued models for every replica of one class's lab
CAPS_TTL_S = 6 * 3600  # a reservation older than this is dropped: its replica died without releasing it


class Caps:
    """The queued models of every replica of one lab (one Ray actor, named CAPS in the "aevae" namespace, shared
    by all replicas of a cluster): the server's cap (max_queued models waiting or training) and the per-student
    cap (a browser's id, the same on every replica) hold for the whole class, not per replica."""

    def __init__(self):
        self.held: dict[str, dict[str, set[str]]] = {}  # model name -> {replica: students who asked}
        self.when: dict[tuple[str, str], float] = {}  # (model name, replica) -> when reserved

    def _expire(self) -> None:
        now = time.time()
        for (name, replica), t in list(self.when.items()):
            if now - t > CAPS_TTL_S:
                self.release(replica, [name])

    def reserve(self, replica: str, session: str, names: list[str], per_session: int, max_queued: int):
        """Reserve names for session on replica, or say which cap it would pass: None, or ("server" | "session",
        how many models that one already waits for). A name already queued anywhere counts once."""
        self._expire()
        new = [n for n in names if n not in self.held]
        if new:
            live = len(self.held)
            mine = sum(any(session in owners for owners in by.values()) for by in self.held.values())
            if live + len(new) > max_queued:
                return ("server", live)
            if session and mine + len(new) > per_session:
                return ("session", mine)
        for n in names:
            self.held.setdefault(n, {}).setdefault(replica, set()).add(session)
            self.when[(n, replica)] = time.time()
        return None

    def release(self, replica: str, names: list[str], session: str | None = None) -> None:
        """This replica no longer holds names (trained, failed or dropped), or only no longer for session."""
        for n in names:
            by = self.held.get(n, {})
            if session is not None and replica in by:
                by[replica].discard(session)
                if by[replica]:
                    continue
            by.pop(replica, None)
            self.when.pop((n, replica), None)
            if not by:
                self.held.pop(n, None)

    def holding(self) -> dict[str, dict[str, list[str]]]:
        return {n: {r: sorted(s) for r, s in by.items()} for n, by in self.held.items()}


def caps():
    """The class's Caps actor (created by the first replica that asks; it outlives any one replica)."""
    ray = connect()
    actor = ray.remote(num_cpus=0)(Caps)
    return actor.options(name=CAPS, namespace="aevae", lifetime="detached", get_if_exists=True).remote()


CLASSES = "aevae-classes"  # the named Ray actor that holds every class (core.classmode) for every replica


def classes():
    """The cluster's Classes actor (created by the first replica that asks; it outlives any one replica): a
    student on one replica is in the same class as the teacher on another."""
    from core.classmode import Classes

    ray = connect()
    actor = ray.remote(num_cpus=0)(Classes)
    return actor.options(name=CLASSES, namespace="aevae", lifetime="detached", get_if_exists=True).remote()


def call(method, *args, timeout: float = 2.0):
    """One call on the Caps actor, waited for (a cluster that does not answer raises TimeoutError)."""
    ray = connect()
    return ray.get(method.remote(*args), timeout=timeout)


# --- data-parallel training (Ray Train over PyTorch DDP) --------------------------------------------------------
class _LossOf(torch.nn.Module):
    """DDP syncs gradients only through forward(): route the model's loss through it."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x, target):
        return self.model.loss(x, target)


class DataParallel(torch.nn.Module):
    """A model as core.train.fit sees it, whose training loss goes through DDP (gradients averaged over ranks).

    Evaluation (no gradients) calls the model itself: every rank scores the whole test set with the same weights."""

    closed_form = False
    flat_parameters = False  # DDP keeps its own references to the gradients: core.train.fit leaves them as they are

    def __init__(self, model: torch.nn.Module, device: torch.device, x_train: torch.Tensor):
        from torch.nn.parallel import DistributedDataParallel

        super().__init__()
        self.inner, self.x_train = model.to(device), x_train  # x_train: all ranks' images, not this shard
        ids = [device.index] if device.type == "cuda" else None
        self.ddp = DistributedDataParallel(_LossOf(self.inner), device_ids=ids)

    def loss(self, x, target=None, sample=None):
        if torch.is_grad_enabled() and self.training:
            return self.ddp(x, target)
        return self.inner.loss(x, target, sample=sample)

    @torch.no_grad()
    def init_from_data(self, x) -> None:
        """A start taken from the data (fit asks for it) is taken from every image, so all ranks agree."""
        if hasattr(self.inner, "init_from_data"):
            self.inner.init_from_data(self.x_train)

    def target(self, x, y):
        return self.inner.target(x, y)

    def test_terms(self, x, y):
        return self.inner.test_terms(x, y)


def shard(ds: data_mod.Dataset, rank: int, world: int) -> data_mod.Dataset:
    """This rank's training images (every world-th, equal counts); the test set stays whole."""
    n = len(ds.x_train) - len(ds.x_train) % world
    return ds._replace(x_train=ds.x_train[rank:n:world], y_train=ds.y_train[rank:n:world])


def _ddp_loop(config: dict) -> None:
    """One Ray Train worker: the lab's own loop (core.train.fit) on its shard, batch_size / world per step."""
    import ray.train
    import ray.train.torch

    spec: RunSpec = config["spec"]
    ctx = ray.train.get_context()
    rank, world = ctx.get_world_rank(), ctx.get_world_size()
    device = ray.train.torch.get_device()
    torch.set_num_threads(max(1, int(config["threads"])))
    ds = data_mod.load(spec.data)
    torch.manual_seed(spec.train.seed)  # the same initial weights on every rank (DDP also broadcasts rank 0's)
    model = build(spec.model, ds.shape)
    part = shard(ds, rank, world)
    cfg = dataclasses.replace(spec.train, batch_size=spec.train.batch_size // world)
    rows: list[dict] = []

    def on_row(row: dict) -> None:  # images/s of all ranks together (each rank times its own shard)
        rows.append(row := {**row, "samples_per_s": row["samples_per_s"] * world})
        if rank == 0 and config["on_row"]:
            config["on_row"](row)

    t0 = time.perf_counter()
    fit(DataParallel(model, device, ds.x_train), part, cfg, device, on_row)
    model = model.cpu().eval()
    history = pd.DataFrame(rows)
    with tempfile.TemporaryDirectory() as d:
        checkpoint = None
        if rank == 0:  # one copy of the weights: every rank holds the same ones
            meta = record(spec, ds, model, history, time.perf_counter() - t0, str(device))
            meta["workers"] = world
            save_file(
                {k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(d, "weights.safetensors")
            )
            Path(d, "meta.json").write_text(json.dumps(meta))
            checkpoint = ray.train.Checkpoint.from_directory(d)
        ray.train.report({"test_loss": float(history["test_loss"].iloc[-1])}, checkpoint=checkpoint)


def train_data_parallel(
    spec: RunSpec, workers: int, device: str, storage: Path, on_row: ProgressFn | None = None, poll=None
):
    """(model, meta) of spec trained by `workers` DDP processes (gloo on CPUs, nccl on GPUs) under Ray Train.

    Each rank trains on every workers-th image with batch_size / workers per step, so a step sees
    spec.train.batch_size images, as in the single-process run. A worker that dies restarts the run from the
    start (AEVAE_RAY_RETRIES times). Ray Train keeps its run folder (the last checkpoint) under `storage`."""
    ray = connect()
    from ray.train import FailureConfig, RunConfig, ScalingConfig
    from ray.train.torch import TorchConfig, TorchTrainer

    gpu = device != "cpu" and ray.cluster_resources().get("GPU", 0) >= workers
    threads = _env_float("AEVAE_RAY_CPUS", 1.0)
    trainer = TorchTrainer(
        _ddp_loop,
        train_loop_config={"spec": spec, "on_row": on_row, "threads": threads},
        scaling_config=ScalingConfig(num_workers=workers, use_gpu=gpu, resources_per_worker={"CPU": threads}),
        torch_config=TorchConfig(backend="nccl" if gpu else "gloo"),
        run_config=RunConfig(
            name=f"{spec.name}-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}",
            storage_path=str(Path(storage).resolve()),
            failure_config=FailureConfig(max_failures=retries()),
        ),
    )
    try:
        result = _fit_polling(trainer, poll)
    except Exception as e:  # Ray Train's TrainingFailedError: its first line names the worker's error
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise TrainingLost(f"{spec.name}: data-parallel training failed ({first})") from e
    if result.error or result.checkpoint is None:
        raise TrainingLost(f"{spec.name}: data-parallel training failed ({result.error})")
    with result.checkpoint.as_directory() as d:
        meta = json.loads(Path(d, "meta.json").read_text())
        state = load_file(os.path.join(d, "weights.safetensors"))
    shutil.rmtree(result.path, ignore_errors=True)  # the caller stores the model; Ray's copy would only pile up
    model = build(spec.model, tuple(meta["data"]["shape"]))
    model.load_state_dict(state)
    return model.eval(), meta


def _fit_polling(trainer, poll):
    """trainer.fit() in a thread, poll() every half second meanwhile (the caller's live progress)."""
    out: dict = {}
    th = threading.Thread(target=lambda: out.update(result=_safe_fit(trainer)), daemon=True)
    th.start()
    while th.is_alive():
        th.join(0.5)
        if poll:
            poll()
    if isinstance(out["result"], Exception):
        raise out["result"]
    return out["result"]


def _safe_fit(trainer):
    try:
        return trainer.fit()
    except Exception as e:  # raised in the caller's thread by _fit_polling
        return e
