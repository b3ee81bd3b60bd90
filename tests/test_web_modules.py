"""The component's script: the ES modules of ui/web/, joined by ui.lab.bundle into the one module Streamlit runs."""

import json
import re
import shutil
import subprocess

import pytest

from ui import lab

NODE = shutil.which("node")


def modules(tmp_path, **files: str):
    for name, text in files.items():
        (tmp_path / f"{name}.js").write_text(text)
    return tmp_path


def test_every_module_is_joined_after_the_ones_it_imports():
    js = lab.bundle()
    joined = re.findall(r"^// ---- ui/web/(\S+)$", js, re.M)
    assert sorted(joined) == sorted(p.name for p in lab.WEB.glob("*.js"))  # no module left out, none twice
    assert joined[-1] == lab.ENTRY
    for name in joined:
        for dep in re.findall(r'^import \{[^}]*\} from "\./(\S+)";', (lab.WEB / name).read_text(), re.M):
            assert joined.index(dep) < joined.index(name), (dep, name)
    assert not re.search(r"^import\b", js, re.M)
    assert re.findall(r"^export\b.*", js, re.M) == ["export default function (component) {"]


@pytest.mark.skipif(NODE is None, reason="Node.js not installed")
def test_the_joined_script_loads_as_one_module(tmp_path):
    """What the browser does with it first: parse it as a module and run its top level (no name twice, nothing used
    before it is defined); its default export is the component's function."""
    script = tmp_path / "lab.mjs"
    script.write_text(lab.bundle())
    probe = f"const m = await import({json.dumps(script.as_uri())}); console.log(Object.keys(m), typeof m.default);"
    res = subprocess.run([NODE, "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["[", "'default'", "]", "function"]


MAIN = 'import {{ B }} from "./b.js";\n\n{extra}export default function () {{\n  return B;\n}}\n'


def test_a_module_and_its_imports_in_order(tmp_path):
    folder = modules(
        tmp_path,
        a="// a\nexport const A = 1;\nexport function twice(x) {\n  return 2 * x;\n}\n",
        b='import { A, twice } from "./a.js";\n\nexport class B {}\nexport const AB = twice(A);\n',
        main='import { A } from "./a.js";\nimport { AB, B } from "./b.js";\n\nexport default () => [A, AB, B];\n',
    )
    js = lab.bundle(folder, "main.js")
    assert re.findall(r"^// ---- ui/web/(\S+)$", js, re.M) == ["a.js", "b.js", "main.js"]
    assert "const A = 1;\nfunction twice(x)" in js and "class B {}\nconst AB = twice(A);" in js
    assert "import" not in js and js.count("export") == 1


@pytest.mark.parametrize(
    "b, problem",
    [
        ("export const C = 1;\n", "imports 'B', which b.js does not export"),
        ("const B = 1;\n", "imports 'B', which b.js does not export"),  # declared, not exported
        ('import { M } from "./main.js";\nexport const B = 1;\n', "an import cycle, main.js -> b.js -> main.js"),
        ("const B = 1;\nexport { B };\n", "cannot join"),  # an export list: not one of the forms it knows
        ("export const B = 1;\nexport default 2;\n", "cannot join"),  # a default export outside the entry
        ('import * as x from "./c.js";\nexport const B = 1;\n', "cannot join"),
    ],
)
def test_what_one_module_cannot_hold_is_refused(tmp_path, b, problem):
    folder = modules(tmp_path, main=MAIN.format(extra=""), b=b)
    with pytest.raises(ValueError, match=re.escape(problem)):
        lab.bundle(folder, "main.js")


def test_a_name_two_modules_declare_is_refused(tmp_path):
    """Apart, each module may have its own helper; joined, the second would be a syntax error in the browser."""
    folder = modules(
        tmp_path, main=MAIN.format(extra="function helper() {}\n"), b="export const B = 1;\nfunction helper() {}\n"
    )
    with pytest.raises(ValueError, match="b.js and main.js both declare helper"):
        lab.bundle(folder, "main.js")


@pytest.mark.skipif(NODE is None, reason="Node.js not installed")
def test_the_server_draws_the_same_random_faces_the_page_then_draws():
    """The faces page's first pictures come from the server (ui.models.js_gaussian); the page's own draws
    (faces.js gaussian) must be the same numbers, or the faces would change when the models in the page take over."""
    from ui.models import js_gaussian

    probe = (
        f"const m = await import({json.dumps((lab.WEB / 'faces.js').as_uri())});"
        "console.log(JSON.stringify([Array.from(m.gaussian(257, 1)), Array.from(m.gaussian(6, 42))]));"
    )
    res = subprocess.run([NODE, "--input-type=module", "-e", probe], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    page = json.loads(res.stdout)
    assert js_gaussian(257, 1).tolist() == page[0] and js_gaussian(6, 42).tolist() == page[1]
