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
