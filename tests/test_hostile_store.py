"""A checkpoint store that a hostile class (or a bad day) hands the lab: crafted folders are refused before they
cost anything, the file system's own troubles are not called damage, and nothing old blocks or lingers."""

from __future__ import annotations

import errno
import json
import os
import time

import pytest
import torch
from support import spec

from core.provision import _write_failure, get_or_train
from core.store import CorruptCheckpoint, StoreReadError


def _meta(folder):
    return json.loads((folder / "meta.json").read_text())


def test_a_crafted_image_shape_is_refused_before_a_model_is_built(store, monkeypatch):
    import core.store as store_mod

    get_or_train(store, spec())
    folder = store.path(spec())
    built = []
    real = store_mod.build

    def spy(cfg, shape):
        m = real(cfg, shape)
        built.append((tuple(shape), next(m.parameters()).device.type))
        return m

    monkeypatch.setattr(store_mod, "build", spy)
    for shape in ([1, 28, 5600], [3, 64, 64], "x", [1, 28]):  # 600 MB; fits the bounds but not the weights; junk
        meta = _meta(folder)
        (folder / "meta.json").write_text(json.dumps({**meta, "data": {**meta["data"], "shape": shape}}))
        with pytest.raises(CorruptCheckpoint):
            store.load_folder(folder)
    assert all(device == "meta" for _, device in built), built  # nothing allocated for a shape the weights refute


def test_a_replay_that_is_not_the_one_its_metadata_describes_is_none(store, tiny_mnist):
    import hashlib

    from safetensors.torch import save_file

    s = spec("ae")
    get_or_train(store, s)
    folder = store.path(s)
    assert store.replay(s) is not None
    save_file({"codes": torch.zeros(3, 5)}, str(folder / "replay.safetensors"))  # its checksum made to match
    meta = _meta(folder)
    meta["replay"]["sha256"] = hashlib.sha256((folder / "replay.safetensors").read_bytes()).hexdigest()
    (folder / "meta.json").write_text(json.dumps(meta))
    assert store.replay(s) is None


def test_an_os_error_is_not_damage(store, monkeypatch):
    import core.store as store_mod

    get_or_train(store, spec())

    def no_handles(path):
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(store_mod, "_sha256", no_handles)
    with pytest.raises(StoreReadError):
        store.load(spec())
    with pytest.raises(StoreReadError):
        get_or_train(store, spec())
    assert store.exists(spec()) and not (store.root / ".corrupt").exists()  # nothing set aside, nothing retrained
    monkeypatch.undo()
    assert get_or_train(store, spec())[1]["status"] == "loaded"


def test_a_saved_model_is_readable_by_the_folders_other_users(store):
    s = spec("ae")
    get_or_train(store, s)
    for name in ("weights.safetensors", "meta.json", "replay.safetensors"):
        assert (store.path(s) / name).stat().st_mode & 0o777 == 0o644, name


def test_a_failure_recorded_under_a_clock_that_was_ahead_does_not_block_training(store, monkeypatch):
    s = spec("ae", epochs=1)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3600)  # the clock an hour ahead
    _write_failure(store, s, RuntimeError("out of memory"))
    monkeypatch.setattr(time, "time", real_time)  # set right again
    assert get_or_train(store, s)[1]["status"] == "trained"


def test_what_killed_saves_left_behind_is_cleaned(store):
    store.root.mkdir(parents=True, exist_ok=True)
    old, fresh = store.root / ".tmp-ae-old", store.root / ".tmp-ae-now"
    for d in (old, fresh, store.root / ".trash" / "ae-1"):
        d.mkdir(parents=True)
        (d / "weights.safetensors").write_bytes(b"x" * 1000)
    hour_ago = time.time() - 3600
    for d in (old, store.root / ".trash" / "ae-1"):
        os.utime(d, (hour_ago, hour_ago))
    assert store.clean_stale() == 2
    assert not old.exists() and fresh.exists() and not (store.root / ".trash" / "ae-1").exists()
