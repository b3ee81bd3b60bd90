"""Ten students open the lab at once on an empty model store (tiny configuration): bench/load.py, run as a script."""

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT
from support import run_script

from harness.browser import have_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium(), reason="Debian's chromium is not installed"),
]


def test_ten_sessions_on_an_empty_store_train_each_model_once(tmp_path):
    args = ["--sessions", "10", "--tiny", "--timeout", "500", "--store", str(tmp_path)]
    res = run_script("bench/load.py", *args, timeout=580)  # within pytest's 600 s
    out = Path(os.environ.get("AEVAE_ARTIFACTS", ROOT / "artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(res, indent=1))
    assert res["served_ok"] == 10 and res["exceptions"] == 0, res
    assert res["trained_twice"] == [] and res["damaged"] == 0, res
    assert res["models_trained"] == res["stored"] >= 16, res
