"""Ten students open the lab at once on an empty model store (tiny configuration)."""

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(shutil.which("chromium") or "/usr/bin/chromium").exists(), reason="Debian's chromium is not installed"
    ),
]


def test_ten_sessions_on_an_empty_store_train_each_model_once(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from load import run

    res = run(sessions=10, tiny=True, timeout=500, store_dir=str(tmp_path))
    out = Path(os.environ.get("AEVAE_ARTIFACTS", ROOT / "artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(res, indent=1))
    assert res["served_ok"] == 10 and res["exceptions"] == 0, res
    assert res["trained_twice"] == [] and res["damaged"] == 0, res
    assert res["models_trained"] == res["stored"] >= 16, res
