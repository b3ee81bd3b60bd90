import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("AEVAE_OFFLINE", "1")  # tests never download
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture
def store(tmp_path):
    from core.store import Store

    return Store(tmp_path / "ckpt")


@pytest.fixture(scope="session")
def tiny_mnist():
    from core.config import DataConfig

    return DataConfig("mnist", limit=400)


@pytest.fixture
def tmpfs(tmp_path):
    """mount(size) gives a real small file system (tmpfs) under tmp_path; skips where mounting is not allowed."""
    import subprocess

    mounted = []

    def mount(size: str):
        mnt = tmp_path / f"tmpfs-{len(mounted)}"
        mnt.mkdir()
        if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True
        ).returncode:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(mnt)
        return mnt

    yield mount
    for mnt in mounted:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private data cache (AEVAE_CACHE) for the IDX tests, offline."""
    monkeypatch.setenv("AEVAE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("AEVAE_OFFLINE", "1")
    return tmp_path / "cache"
