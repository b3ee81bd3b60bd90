"""Faults of a shared classroom server found by a hostile student and an unlucky machine (each reproduced first)."""

import json
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
import torch
from support import spec, wait

from core import cli
from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.jobs import JobLimit, Jobs
from core.provision import get_or_train, read_progress, trainings
from core.store import CorruptCheckpoint, Store
from core.train import TrainingDiverged, fit


# --- 1. one dead training worker ------------------------------------------------------------------------
def test_a_killed_training_worker_is_replaced_and_the_next_batches_train(tmp_path):
    store = Store(tmp_path)
    jobs = Jobs(store)
    first = [spec("vae", epochs=30, dim=d, limit=2000) for d in (2, 3)]
    jobs.submit(first)
    t0 = time.time()
    while not any(read_progress(store, s) for s in first) and time.time() - t0 < 120:
        time.sleep(0.2)  # a worker is training
    victim = next(iter(jobs._pool._processes))
    os.kill(victim, signal.SIGKILL)  # as the OOM killer would
    wait(jobs, first)
    second = [spec("ae", dim=d) for d in (4, 5)]
    jobs.submit(second)
    wait(jobs, second)
    assert all(jobs.state(s)["phase"] == "stored" for s in first + second), [jobs.state(s) for s in first + second]
    assert not jobs.errors


# --- 2. bounded work ----------------------------------------------------------------------------------------
def test_the_server_and_each_session_have_a_cap_on_queued_models(tmp_path):
    jobs = Jobs(Store(tmp_path), max_queued=3, per_session=2, max_running=1)
    blocker = threading.Semaphore(0)
    jobs._slots = blocker  # nothing starts: every model stays queued
    jobs.submit([spec(dim=2), spec(dim=3)], session="a")
    with pytest.raises(JobLimit, match="this session"):
        jobs.submit([spec(dim=4)], session="a")
    jobs.submit([spec(dim=4)], session="b")
    with pytest.raises(JobLimit, match="server"):
        jobs.submit([spec(dim=5)], session="c")
    assert jobs.submit([spec(dim=2)], session="c") == []  # asking for a queued model costs nothing
    assert jobs.counts() == {"queued": 3, "sessions": 3}


def test_a_queued_model_nobody_waits_for_is_dropped_unless_shared(tmp_path):
    store = Store(tmp_path)
    jobs = Jobs(store, abandon_s=1.0)
    gate = threading.Semaphore(0)
    jobs._slots = gate
    gone, shared = spec(dim=3), spec(dim=4)
    jobs.submit([gone], session="closed-tab")
    jobs.submit([shared], session="a")
    for _ in range(8):  # another student keeps waiting for `shared`; nobody asks about `gone` any more
        jobs.touch([shared])
        time.sleep(0.2)
    gate.release()
    gate.release()
    wait(jobs, [gone, shared], waiting=[shared])
    assert gone.name in jobs.dropped and not store.exists(gone)
    assert store.exists(shared) and trainings(store) == [shared.name]


# --- 4. deletes and retrains --------------------------------------------------------------------------------
def test_corrupt_copies_are_capped(tmp_path):
    store = Store(tmp_path)
    get_or_train(store, spec())
    for _ in range(5):
        meta = store.path(spec()) / "meta.json"
        meta.write_text("{broken")
        get_or_train(store, spec())
    assert len(list((tmp_path / ".corrupt").iterdir())) == 3


# --- 6. store trust -----------------------------------------------------------------------------------------
def test_metadata_of_another_model_is_not_trusted(tmp_path):
    store = Store(tmp_path)
    get_or_train(store, spec(dim=2))
    get_or_train(store, spec(dim=3))
    shutil.copy(store.path(spec(dim=2)) / "meta.json", store.path(spec(dim=3)) / "meta.json")
    with pytest.raises(CorruptCheckpoint, match="another model"):
        store.load(spec(dim=3))
    model, meta = get_or_train(store, spec(dim=3))
    assert meta["status"] == "trained" and model.latent_dim == 3


def test_a_consistent_meta_json_for_another_key_is_not_trusted(tmp_path):
    store = Store(tmp_path)
    get_or_train(store, spec(dim=2))
    meta_path = store.path(spec(dim=2)) / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["spec"]["model"]["latent_dim"] = 3  # edited to describe another configuration, name kept
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(CorruptCheckpoint, match="does not match its key"):
        store.load(spec(dim=2))


@pytest.mark.timeout(20)
def test_a_fifo_or_dev_zero_in_the_store_does_not_hang_the_sidebar(tmp_path):
    store = Store(tmp_path)
    get_or_train(store, spec())
    fifo = tmp_path / "fifo-model"
    fifo.mkdir()
    os.mkfifo(fifo / "meta.json")
    weights = store.path(spec()) / "weights.safetensors"
    weights.unlink()
    weights.symlink_to("/dev/zero")  # endless bytes: hashing it would never end
    rows = store.list().set_index("name")["status"]
    assert rows[spec().name] == "ok" and rows["fifo-model"].startswith("damaged")
    assert store.count() == 1  # the sidebar's cheap count skips the FIFO
    with pytest.raises(CorruptCheckpoint, match="not a regular file"):
        store.load(spec())


@pytest.fixture
def read_only_store(tmpfs):
    """A real file system, remounted read-only after a model was stored and damaged in it."""
    mnt = tmpfs("64m")
    store = Store(mnt)
    get_or_train(store, spec())
    weights = store.path(spec()) / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:700])
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    return store


def test_a_read_only_store_with_a_damaged_checkpoint_trains_into_memory(read_only_store):
    store = read_only_store
    assert store.set_aside(spec()) is None  # cannot be moved: no PermissionError/OSError escapes
    model, meta = get_or_train(store, spec())
    assert meta["status"] == "trained" and any("read-only" in n for n in meta["notices"])
    jobs = Jobs(store)
    jobs.distrust(spec())
    jobs.submit([spec()])
    wait(jobs, [spec()])
    assert spec().name in jobs.memory and jobs.state(spec())["phase"] == "stored"


# --- 7. the command line --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, says",
    [
        (["--epochs", "0"], "epochs must be"),
        (["--lr", "1e12"], "learning rate must be"),
        (["--beta", "nan"], "beta must be"),
        (["--latent-dim", "0"], "latent size must be"),
        (["--batch-size", "0"], "batch size must be"),
        (["--model", "gan"], "invalid choice: 'gan' (choose from 'ae'"),
        (["--noise", "fire:0.5"], "unknown noise"),
    ],
)
def test_bad_cli_values_are_refused_with_a_sentence(tmp_path, capsys, args, says):
    with pytest.raises(SystemExit) as e:
        cli.main(["--checkpoints", str(tmp_path), "--limit", "300", *args])
    assert e.value.code == 2 and says in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # nothing stored


def test_a_diverging_training_stores_nothing(tmp_path, monkeypatch):
    from core.models.dense import DenseAE

    real = DenseAE.loss

    def exploding(self, x, target=None, sample=None):
        loss = real(self, x, target, sample)
        return type(loss)({**loss, "total": loss.total * float("nan")})

    monkeypatch.setattr(DenseAE, "loss", exploding)
    with pytest.raises(TrainingDiverged):
        get_or_train(Store(tmp_path), spec())
    assert not Store(tmp_path).exists(spec())


def test_fit_refuses_nan_at_the_first_epoch(tiny_mnist):
    from core.data import load
    from core.models import build

    model = build(ModelConfig(kind="ae"), (1, 28, 28))
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(float("nan"))
    with pytest.raises(TrainingDiverged, match="epoch 1"):
        fit(model, load(tiny_mnist), TrainConfig(epochs=3))


def test_quick_changes_from_one_session_coalesce_to_the_last(tmp_path):
    store = Store(tmp_path)
    jobs = Jobs(store)
    gate = threading.Semaphore(0)
    jobs._slots = gate  # as while another batch trains
    betas = [
        RunSpec(DataConfig("mnist", limit=400), ModelConfig(kind="vae", beta=b), TrainConfig(epochs=1))
        for b in (2.0, 4.0)
    ]
    jobs.submit([betas[0]], session="s")  # → on the β slider, twice
    jobs.submit([betas[1]], session="s")
    gate.release()
    gate.release()
    wait(jobs, betas)
    assert trainings(store) == [betas[1].name] and betas[0].name in jobs.dropped


def test_a_superseded_model_another_session_waits_for_still_trains(tmp_path):
    store = Store(tmp_path)
    jobs = Jobs(store)
    gate = threading.Semaphore(0)
    jobs._slots = gate
    a, b = spec(dim=3), spec(dim=4)
    jobs.submit([a], session="s")
    jobs.submit([a], session="other")  # shared
    jobs.submit([b], session="s")
    gate.release()
    gate.release()
    wait(jobs, [a, b])
    assert sorted(trainings(store)) == sorted([a.name, b.name])


def test_a_spec_stored_before_with_values_its_kind_ignores_still_reads():
    old = RunSpec(DataConfig("mnist"), ModelConfig(kind="classifier"), TrainConfig(epochs=2)).to_dict()
    old["model"]["latent_dim"] = 0  # how the classifier was stored before configs were checked
    old["model"]["beta"] = float("nan")
    spec = RunSpec.from_dict(old)
    assert spec.model.latent_dim == ModelConfig().latent_dim and spec.key == RunSpec.from_dict(old).key
