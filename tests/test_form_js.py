"""The drawing pad's MNIST form (ui/web/form.js, run by Node.js) against core.digits.mnist_form on the same images."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from core.digits import FORM, area_resize, mnist_form

FORM_JS = Path(__file__).resolve().parents[1] / "ui" / "web" / "form.js"
NODE = shutil.which("node")


def _images() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    out = []
    for h, w in [(196, 196), (60, 23), (5, 90), (28, 28), (301, 157)]:
        a = np.zeros((h, w))
        for _ in range(3):  # a few soft blobs and strokes of ink
            cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(2, max(3, min(h, w) / 3))
            yy, xx = np.mgrid[:h, :w]
            a = np.maximum(a, np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r**2)))
        out.append(a)
    out.append(np.zeros((40, 40)))  # no ink at all
    return out


@pytest.mark.skipif(NODE is None, reason="Node.js not installed")
def test_js_form_equals_python_form(tmp_path):
    imgs = _images()
    payload = tmp_path / "in.json"
    payload.write_text(
        json.dumps({"form": FORM, "images": [[a.shape[0], a.shape[1], a.ravel().tolist()] for a in imgs]})
    )
    script = (
        f"import {{ mnistForm, areaResize }} from {json.dumps(FORM_JS.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        f"const p = JSON.parse(readFileSync({json.dumps(str(payload))}, 'utf8'));\n"
        "const out = p.images.map(([h, w, a]) => { const r = mnistForm(Float64Array.from(a), h, w, p.form);"
        " return r === null ? null : Array.from(r); });\n"
        "const rs = Array.from(areaResize(Float64Array.from(p.images[0][2]), 196, 196, 20, 13));\n"
        "console.log(JSON.stringify({ out, rs }));\n"
    )
    res = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    for a, js in zip(imgs, got["out"]):
        py = mnist_form(a)
        if py is None:
            assert js is None
            continue
        np.testing.assert_allclose(np.array(js, dtype=np.float32).reshape(28, 28), py, atol=1e-6)
    np.testing.assert_allclose(np.array(got["rs"]).reshape(20, 13), area_resize(imgs[0], 20, 13), atol=1e-9)


def test_area_resize_keeps_the_mean_and_a_constant():
    a = np.random.default_rng(1).random((37, 53))
    r = area_resize(a, 20, 11)
    assert r.shape == (20, 11)
    assert abs(r.mean() - a.mean()) < 1e-12
    np.testing.assert_allclose(area_resize(np.full((9, 7), 0.3), 4, 5), 0.3)


def test_mnist_digits_are_already_in_mnist_form():
    from core.config import DataConfig
    from core.data import load

    x = load(DataConfig("mnist")).x_test[:200, 0].numpy()
    err = [float(((mnist_form(d) - d) ** 2).mean()) for d in x]
    assert np.mean(err) < 1e-4 and np.median(err) == 0.0
