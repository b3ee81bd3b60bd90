"""Faults a classroom server meets: a read-only or full store, a training killed half-way, two trainers at once."""

import os
import signal
import subprocess
import sys
import time

import pytest
import torch
from conftest import ROOT
from support import spec, wait

from core.config import DataConfig, ModelConfig, RunSpec, TrainConfig
from core.jobs import Jobs
from core.provision import get_or_train, trainings
from core.store import Store

RO = "/proc/aevae-read-only-store"  # not creatable, even for root


def test_a_read_only_store_trains_into_memory_with_a_notice():
    store = Store(RO)
    assert not store.writable()
    jobs = Jobs(store)
    jobs.submit([spec()])
    wait(jobs, [spec()])
    assert jobs.state(spec())["phase"] == "stored" and spec().name in jobs.memory
    assert any("could not save" in n for n in jobs.notices)
    assert jobs.submit([spec()]) == []  # not trained again


@pytest.fixture
def small_fs(tmpfs):
    """A real 3 MB file system (tmpfs): smaller than one dense model's weights (3.6 MB)."""
    return tmpfs("3m")


def test_a_real_full_disk_keeps_the_model_in_memory(small_fs):
    store = Store(small_fs)
    model, meta = get_or_train(store, spec("vae"))  # safetensors raises its own error type when the disk fills
    assert meta["status"] == "trained" and "could not save" in meta["notices"][-1]
    assert model.encode(torch.rand(2, 1, 28, 28)).shape == (2, 2)
    assert not store.exists(spec("vae")) and not list(small_fs.glob(".tmp-*"))  # nothing half-written is left


def test_a_real_full_disk_is_trained_once_per_server(small_fs):
    jobs = Jobs(Store(small_fs))
    jobs.submit([spec("vae")])
    wait(jobs, [spec("vae")])
    assert jobs.state(spec("vae"))["phase"] == "stored" and spec("vae").name in jobs.memory
    assert jobs.submit([spec("vae")]) == [] and any("could not save" in n for n in jobs.notices)


def test_the_pages_work_on_a_read_only_store(monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AEVAE_CHECKPOINTS", RO)
    monkeypatch.setenv("AEVAE_TINY", "1")
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()
        at.switch_page("views/latent.py").run()
        assert not at.exception, [e.message for e in at.exception]
        assert any("cannot be written" in w.value for w in at.warning)
        from test_pages import latent_planes

        assert latent_planes(at) == 3  # in-memory models are run by the browser too (exported in memory)
    finally:
        st.cache_resource.clear()


@pytest.mark.parametrize("after", [2.0, 6.0])  # while importing / loading data, and mid-training
def test_killing_a_training_leaves_nothing_half_written(tmp_path, after):
    cmd = [
        sys.executable,
        "-m",
        "core.train",
        "--model",
        "vae",
        "--epochs",
        "40",
        "--limit",
        "2000",
        "--checkpoints",
        str(tmp_path),
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = Store(tmp_path)
    the_spec = RunSpec(DataConfig("mnist", limit=2000), ModelConfig(kind="vae"), TrainConfig(epochs=40))
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith(".")]  # killed before the end: nothing
    model, meta = get_or_train(store, the_spec)  # the lock died with the process: no waiting
    assert meta["status"] == "trained" and trainings(store)[-1] == the_spec.name  # trained anew
    assert store.list()["status"].tolist() == ["ok"]


def test_training_log_counts_each_training_once(tmp_path):
    store = Store(tmp_path)
    get_or_train(store, spec())
    get_or_train(store, spec())
    assert trainings(store) == [spec().name]
