import dataclasses
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from conftest import ROOT
from support import spec

from core.config import LEGACY_RECIPE, DataConfig, ModelConfig, RunSpec, TrainConfig
from core.data import load
from core.models import build
from core.provision import get_or_train
from core.train import fit, schedule


@pytest.mark.parametrize("kind", ["ae", "vae"])
def test_loss_falls_and_weights_change(kind, tiny_mnist):
    ds = load(tiny_mnist)
    torch.manual_seed(0)
    model = build(ModelConfig(kind=kind, latent_dim=2), ds.shape)
    before = [p.detach().clone() for p in model.parameters()]
    hist = fit(model, ds, TrainConfig(epochs=4), "cpu")
    assert hist["loss"].iloc[-1] < hist["loss"].iloc[0] and hist["test_loss"].iloc[-1] < hist["test_loss"].iloc[0]
    assert all(not torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert {"epoch", "loss", "recon", "kl", "samples_per_s", "elapsed_s", "test_mse"} <= set(hist.columns)


def test_training_is_reproducible(tiny_mnist):
    from core.train import train_new

    ds = load(tiny_mnist)
    outs = []
    for _ in range(2):
        model, _ = train_new(RunSpec(tiny_mnist, ModelConfig(kind="vae"), TrainConfig(epochs=1, seed=3)), ds, "cpu")
        outs.append(model.encode(ds.x_test[:10]))
    assert torch.equal(outs[0], outs[1])


def test_denoising_ae_trains_on_noisy_inputs_against_clean_targets(tiny_mnist):
    ds = load(tiny_mnist)
    model = build(ModelConfig(kind="ae", latent_dim=8), ds.shape)
    hist = fit(model, ds, TrainConfig(epochs=3, noise="masking:0.5"), "cpu")
    assert hist["loss"].iloc[-1] < hist["loss"].iloc[0]


def test_key_depends_on_what_matters_only():
    assert spec().key == spec().key
    assert spec("ae").key == spec("ae", beta=4.0).key  # an AE ignores beta
    assert spec("vae").key != spec("vae", beta=4.0).key
    assert spec(epochs=2).key != spec(epochs=3).key
    a = RunSpec(DataConfig("mnist-full", data_dir="/a"))
    b = RunSpec(DataConfig("mnist-full", data_dir="/b"))
    assert a.key == b.key  # the same data wherever it lies
    assert RunSpec.from_dict(json.loads(json.dumps(spec().to_dict()))) == spec()


def test_save_load_gives_identical_outputs(store):
    model, meta = get_or_train(store, spec("vae"))
    assert meta["status"] == "trained"
    loaded, meta2 = get_or_train(store, spec("vae"))
    assert meta2["status"] == "loaded" and meta2["weights_sha256"] == meta["weights_sha256"]
    x = torch.rand(5, 1, 28, 28)
    assert torch.equal(model.encode(x), loaded.encode(x)) and torch.equal(
        model.decode(x[:, 0, 0, :2]), loaded.decode(x[:, 0, 0, :2])
    )
    assert {"spec", "history", "metrics", "data", "seed", "versions", "wall_time_s"} <= set(meta2)
    assert meta2["data"]["checksum"] == load(spec().data).checksum


def test_pca_goes_through_the_store(store):
    model, meta = get_or_train(store, spec("pca"))
    loaded, _ = get_or_train(store, spec("pca"))
    assert torch.equal(model.components_, loaded.components_) and meta["metrics"]["test_mse"] > 0


@pytest.mark.parametrize("damage", ["truncate", "garbage-meta", "old-format", "flip-byte"])
def test_corrupt_checkpoint_is_set_aside_and_retrained(store, damage):
    get_or_train(store, spec())
    folder = store.path(spec())
    weights, meta = folder / "weights.safetensors", folder / "meta.json"
    if damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "garbage-meta":
        meta.write_text("{not json")
    elif damage == "old-format":
        m = json.loads(meta.read_text())
        meta.write_text(json.dumps({**m, "format_version": 0}))
    else:
        b = bytearray(weights.read_bytes())
        b[-10] ^= 0xFF
        weights.write_bytes(bytes(b))
    model, m = get_or_train(store, spec())
    assert m["status"] == "trained" and m["notices"] and "set aside" in m["notices"][0]
    assert any((store.root / ".corrupt").iterdir())
    assert get_or_train(store, spec())[1]["status"] == "loaded"


def test_a_killed_save_leaves_nothing_visible(store, monkeypatch):
    import core.store as store_mod

    def boom(*a, **k):
        raise KeyboardInterrupt  # as if the process were stopped half-way through writing

    monkeypatch.setattr(store_mod, "_fsync_write", boom)
    with pytest.raises(KeyboardInterrupt):
        get_or_train(store, spec())
    assert not store.exists(spec()) and not list(store.root.glob(".tmp-*"))
    monkeypatch.undo()
    assert get_or_train(store, spec())[1]["status"] == "trained"


def test_read_only_store_keeps_working_from_memory(store, monkeypatch):
    import errno
    import tempfile

    def read_only(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)  # where the store starts every write
    model, meta = get_or_train(store, spec())
    assert (
        meta["status"] == "trained" and "could not save" in meta["notices"][-1] and "Read-only" in meta["notices"][-1]
    )
    assert model.encode(torch.rand(2, 1, 28, 28)).shape == (2, 2) and not store.exists(spec())


def test_two_processes_train_one_key_once(tmp_path):
    cmd = [
        sys.executable,
        "-m",
        "core.train",
        "--dataset",
        "mnist",
        "--model",
        "vae",
        "--latent-dim",
        "2",
        "--epochs",
        "6",
        "--limit",
        "2000",
        "--checkpoints",
        str(tmp_path),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(2)
    ]
    results = [json.loads(p.communicate(timeout=300)[0].strip().splitlines()[-1]) for p in procs]
    statuses = sorted(r["status"] for r in results)
    assert statuses.count("trained") == 1 and statuses[1] in ("loaded", "waited"), statuses
    assert results[0]["test_loss"] == results[1]["test_loss"]
    assert len([p for p in tmp_path.iterdir() if not p.name.startswith(".")]) == 1


def test_cli_prints_one_json_line_of_test_metrics(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.train",
            "--model",
            "ae",
            "--epochs",
            "1",
            "--limit",
            "300",
            "--checkpoints",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["status"] == "trained" and res["test_mse"] > 0 and res["name"].startswith("ae-mnist55k-d2-")
    assert "epoch" in out.stderr  # the tqdm bar


def test_store_lists_and_deletes(store):
    get_or_train(store, spec())
    (store.root / "shipped").mkdir()  # another store nested inside is not a checkpoint
    df = store.list()
    assert df["name"].tolist() == [spec().name] and df["status"].tolist() == ["ok"]
    assert store.delete(spec().name) and store.list().empty
    assert not store.delete("../etc")


def test_classroom_specs_cover_the_dashboard():
    from core.presets import classroom_specs

    specs = classroom_specs()
    kinds = {(s.model.kind, s.model.latent_dim, s.train.noise) for s in specs}
    expected = {("ae", 2, None), ("vae", 2, None), ("pca", 2, None), ("vae", 5, None)}
    expected |= {("ae", 2, "gaussian:0.5"), ("ae", 2, "salt-pepper:0.2"), ("ae", 2, "masking:0.5")}  # one DAE per noise
    assert expected <= kinds
    assert len({s.key for s in specs}) == len(specs)
    assert dataclasses.replace(specs[0]).key == specs[0].key


def test_a_preset_starts_its_workers_fork_server_before_importing_torch():
    """`python -m core.train --preset` launches the fork server first, so its imports (torch, and torch._dynamo,
    which Adam imports on first use) run beside the command's own; one training run starts none."""
    code = """
import runpy, sys, multiprocessing.forkserver as fs
calls = []
real = fs.ensure_running
fs.ensure_running = lambda: (calls.append("torch" in sys.modules), real())[1]
sys.argv = ["core.train", *sys.argv[1:]]
try:
    runpy.run_module("core.train", run_name="__main__", alter_sys=True)
except SystemExit as e:
    print(e.code, file=sys.stderr)
print(calls[:1])
"""
    preset = ["--preset", "classroom", "--dataset", "image-folder"]
    runs = {"preset": (preset, {}), "one model": (["--help"], {}), "one worker": (preset, {"AEVAE_TRAIN_WORKERS": "1"})}
    seen = {}
    for name, (args, env) in runs.items():
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, **env},
        )
        seen[name] = (out.stdout.strip().splitlines() or [""])[-1], out.stderr
    assert seen["preset"][0] == "[False]", seen  # started, and before torch was imported
    assert "error:" in seen["preset"][1]  # then the preset stopped at its data error (no folder given), as before
    assert seen["one model"][0] == "[]" and seen["one worker"][0] == "[]", seen  # no pool follows: no server


def test_training_workers_start_with_torch_dynamo_imported():
    """Workers fork from a server that imported torch._dynamo once (about 2 s each otherwise, on first Adam)."""
    from core.classroom import make_pool

    with make_pool(1) as pool:
        assert pool.submit(eval, "'torch._dynamo' in __import__('sys').modules").result(timeout=120)


def test_the_judge_stops_once_it_reaches_its_target_accuracy(tiny_mnist):
    ds = load(tiny_mnist)
    torch.manual_seed(0)
    clf = build(ModelConfig(kind="classifier"), ds.shape)
    hist = fit(clf, ds, TrainConfig(epochs=30, lr=3e-3, stop_at=0.6, schedule="constant"), "cpu")
    assert hist["test_accuracy"].iloc[-1] >= 0.6 and len(hist) < 30  # stopped early, at the target
    assert (hist["test_accuracy"].iloc[:-1] < 0.6).all()


def test_knobs_added_later_keep_old_keys_at_their_old_values():
    old = TrainConfig(epochs=3, **LEGACY_RECIPE)
    a = RunSpec(DataConfig("mnist"), ModelConfig(kind="vae"), old)
    assert a.key == "69a8c2f9b500"  # the key this spec had before stop_at, schedule, warmup and init existed
    for change in ({"stop_at": 0.9}, {"schedule": "onecycle"}, {"init": "data"}, {"lr": 5e-3}):
        assert RunSpec(a.data, a.model, dataclasses.replace(old, **change)).key != a.key
    meta = a.to_dict()
    for knob in ("stop_at", "schedule", "warmup", "init"):  # metadata written before the knobs existed
        del meta["train"][knob]
    assert RunSpec.from_dict(meta).key == a.key and RunSpec.from_dict(meta).train == old


def test_one_cycle_warms_up_then_decays_and_the_output_bias_starts_at_the_mean_image(tiny_mnist):
    ds = load(tiny_mnist)
    cfg = TrainConfig(epochs=2, batch_size=64, lr=4e-3, warmup=0.25)
    steps = -(-len(ds.x_train) // cfg.batch_size)
    model = build(ModelConfig(kind="ae", latent_dim=2), ds.shape)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    sched = schedule(opt, cfg, steps)
    lrs = []
    for _ in range(cfg.epochs * steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    peak = lrs.index(max(lrs))
    assert max(lrs) == pytest.approx(cfg.lr, rel=0.01) and lrs[0] == pytest.approx(cfg.lr / 25)
    assert abs(peak - 0.25 * len(lrs)) <= 1 and lrs[-1] < cfg.lr / 500
    assert schedule(opt, dataclasses.replace(cfg, schedule="constant"), steps) is None

    model.init_from_data(ds.x_train)  # an untrained decoder then draws the average digit
    with torch.no_grad():
        blank = torch.sigmoid(model.decoder[-1].bias).view(ds.shape)
    assert torch.allclose(blank, ds.x_train.mean(0).clamp(1e-3, 1 - 1e-3), atol=1e-5)


def test_training_keeps_a_replay_of_test_codes_per_epoch(store, tiny_mnist):
    from core.data import load
    from core.provision import get_or_train
    from core.train import REPLAY_N

    spec = RunSpec(tiny_mnist, ModelConfig(kind="vae", latent_dim=2), TrainConfig(epochs=3))
    model, meta = get_or_train(store, spec, "cpu")
    replay = store.replay(spec)
    ds = load(tiny_mnist)
    n = min(REPLAY_N, len(ds.x_test))
    assert replay.shape == (4, n, 2) and meta["replay"]["epochs"] == 3  # before training, then each epoch
    from core.analysis import encode

    np.testing.assert_allclose(replay[-1], encode(model, ds.x_test[:n]), rtol=0.01, atol=0.02)  # stored in fp16
    assert not np.allclose(replay[0], replay[-1])  # the codes moved while it trained
    (store.path(spec) / "replay.safetensors").write_bytes(b"damaged")
    assert store.replay(spec) is None  # a damaged replay is no replay; the model itself still loads
    assert store.load(spec) is not None
    pca = RunSpec(tiny_mnist, ModelConfig(kind="pca", latent_dim=2))
    get_or_train(store, pca, "cpu")
    assert store.replay(pca) is None  # closed form: nothing to replay


def test_outlier_images_for_the_judge_and_old_keys(tiny_mnist):
    import torch

    from core import presets
    from core.config import LEGACY_TRAIN
    from core.noise import outliers

    x = outliers(10, (1, 28, 28), torch.Generator().manual_seed(0))
    assert x.shape == (10, 1, 28, 28) and 0 <= x.min() and x.max() <= 1
    assert presets.classifier().train.outliers > 0
    assert LEGACY_TRAIN["outliers"] == 0.0  # models stored before the knob keep their keys


def test_keeping_a_replay_does_not_change_the_training(tiny_mnist):
    ds = load(tiny_mnist)
    weights = []
    for track in (None, ds.x_test[:50]):
        torch.manual_seed(0)
        model = build(ModelConfig(kind="vae", latent_dim=2), ds.shape)
        fit(model, ds, TrainConfig(epochs=2), "cpu", track=track)
        weights.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
    assert torch.equal(weights[0], weights[1])  # the snapshots use no randomness and leave no trace


def test_one_flat_buffer_for_adam_trains_as_per_layer_adam_and_leaves_separate_weights(tiny_mnist, tmp_path):
    from safetensors.torch import load_file, save_file

    ds = load(tiny_mnist)
    trained = []
    for flat in (True, False):
        torch.manual_seed(0)
        model = build(ModelConfig(kind="vae", latent_dim=2), ds.shape)
        model.flat_parameters = flat  # False: what a DDP wrapper asks for, Adam over each layer's own tensors
        fit(model, ds, TrainConfig(epochs=2), "cpu")
        trained.append(model)
    for a, b in zip(trained[0].parameters(), trained[1].parameters(), strict=True):
        assert a.grad is None and a.is_contiguous()
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)  # the same update, up to float rounding
    storages = {p.untyped_storage().data_ptr() for p in trained[0].parameters()}
    assert len(storages) == len(list(trained[0].parameters()))  # no weight is a view of a shared buffer any more
    save_file(trained[0].state_dict(), tmp_path / "w.safetensors")  # refuses tensors that share memory
    assert load_file(tmp_path / "w.safetensors").keys() == trained[0].state_dict().keys()
