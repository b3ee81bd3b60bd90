"""The fork server the training workers start from (no torch here: the command line starts it first).

Workers fork from one server process that imported torch once (`forkserver`): as safe with threads as spawn,
but a worker starts in milliseconds instead of importing torch again. It also imports torch._dynamo, which
torch's optimisers import on first use (about 2 s on one core, paid once here instead of once per worker).
`start()` launches it without waiting for its imports, so they run beside the caller's own (about 2 s of
`python -m core.train --preset classroom` on 2 cores).
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.forkserver
import os

PRELOAD = ["core.classroom", "torch._dynamo"]


def context():
    """The multiprocessing context of the training pools, its server preloading PRELOAD."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # no effect once the server runs: it was started with the same list
    return ctx


def start() -> None:
    """Launch the fork server now (its imports run in the background); a later pool reuses it."""
    context()
    multiprocessing.forkserver.ensure_running()


def worker_cap() -> int:
    """At most this many training workers: one per core, AEVAE_TRAIN_WORKERS (default 2) at most."""
    return min(os.cpu_count() or 1, int(os.environ.get("AEVAE_TRAIN_WORKERS", 2)))


def preset_requested(argv: list[str]) -> bool:
    """Will this command line train a preset on a pool of workers? (Not where worker_cap() is 1: core.classroom
    then trains in this process, and the server would only compete with it.)"""
    return worker_cap() >= 2 and any(a == "--preset" or a.startswith("--preset=") for a in argv)
