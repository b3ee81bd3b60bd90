"""Train many models at once (the classroom preset, the dashboard's first run) with live progress."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import torch

from core import data as data_mod
from core import forkserver, kinds
from core.config import RunSpec
from core.presets import classroom_specs, shipped_specs
from core.provision import get_or_train, read_progress
from core.store import Store

UpdateFn = Callable[[dict[str, dict | str]], None]  # name -> latest progress row, or a final status string


def _init_worker(threads: int) -> None:
    torch.set_num_threads(threads)


def _train_one(root: str, spec: RunSpec, device: str, half: bool = False) -> tuple[str, str, list[str]]:
    _, meta = get_or_train(Store(root), spec, device=device, half=half)
    return spec.name, meta["status"], meta.get("notices", [])


def default_workers(n_jobs: int, device: str) -> int:
    """Two single-threaded trainers beat one two-threaded one on these small layers (about 1.3x on 2 cores)."""
    if n_jobs < 2 or device == "cuda" or (device == "auto" and torch.cuda.is_available()):
        return 1
    return max(1, min(n_jobs, forkserver.worker_cap()))


def make_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for training, one torch thread per core each, forked from the fork server (core.forkserver:
    torch imported once, started early by the command line)."""
    threads = max(1, (os.cpu_count() or 2) // workers)
    return ProcessPoolExecutor(workers, mp_context=forkserver.context(), initializer=_init_worker, initargs=(threads,))


def train_many(
    store: Store,
    specs: list[RunSpec],
    device: str = "auto",
    workers: int | None = None,
    on_update: UpdateFn | None = None,
    pool: ProcessPoolExecutor | None = None,
    half: bool = False,
) -> dict[str, str]:
    """Make sure every spec is stored; returns name -> status (loaded / trained / waited).

    pool: a long-lived executor to reuse (a server keeps one: spawning workers costs seconds per batch); half:
    store the weights in float16 (the shipped models)."""
    todo = [s for s in specs if not store.exists(s)]
    status = {s.name: "loaded" for s in specs if s not in todo}
    workers = default_workers(len(todo), device) if workers is None else workers
    if pool is not None and len(todo) > 1:
        return _run_pool(pool, store, todo, device, status, on_update, half)
    if workers <= 1:
        for spec in todo:
            _, meta = get_or_train(
                store,
                spec,
                device=device,
                progress=(lambda row, n=spec.name: on_update({n: row})) if on_update else None,
                half=half,
            )
            status[spec.name] = meta["status"]
            if on_update:
                on_update({spec.name: meta["status"]})
        return status
    with make_pool(workers) as pool:
        return _run_pool(pool, store, todo, device, status, on_update, half)


def _run_pool(
    pool, store: Store, todo: list[RunSpec], device: str, status: dict, on_update, half: bool = False
) -> dict[str, str]:
    pending = {pool.submit(_train_one, str(store.root), s, device, half): s for s in todo}
    while pending:
        done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        for f in done:
            name, st, _ = f.result()
            status[name] = st
            del pending[f]
        if on_update:
            on_update(
                {
                    **{s.name: read_progress(store, s) or "queued" for s in pending.values()},
                    **{n: st for n, st in status.items()},
                }
            )
    return status


PRESETS = {"classroom": classroom_specs, "shipped": lambda dataset, data_dir: shipped_specs(dataset)}


def run_classroom(
    store: Store,
    dataset: str = data_mod.DEFAULT_DATASET,
    data_dir: str | None = None,
    device: str = "auto",
    preset: str = "classroom",
    half: bool = False,
) -> dict:
    """Train what is missing of a preset (the dashboard's pages, or the models that ship), with one progress bar
    over all models; return a summary."""
    from tqdm import tqdm

    # the trained models first, the closed-form ones (a fraction of a second each) last: they fill the worker
    # that would otherwise wait for the other's last training
    specs = sorted(PRESETS[preset](dataset, data_dir), key=lambda s: not kinds.get(s.model.kind).trained)
    data_mod.load(specs[0].data)  # fail early, with the data error, before any worker starts
    t0 = time.perf_counter()
    with tqdm(total=len(specs), desc=preset, unit="model") as bar:

        def update(states: dict) -> None:
            bar.n = sum(isinstance(v, str) and v not in ("queued",) for v in states.values())
            bar.refresh()

        status = train_many(store, specs, device, on_update=update, half=half)
        bar.n = len(specs)
        bar.refresh()
    counts: dict[str, int] = {}
    for st in status.values():
        counts[st] = counts.get(st, 0) + 1
    return {
        "preset": preset,
        "dataset": dataset,
        "models": len(specs),
        **counts,
        "wall_s": round(time.perf_counter() - t0, 1),
    }
