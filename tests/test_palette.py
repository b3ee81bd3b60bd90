"""The digit classes' colours: told apart under the commonest colour-vision deficiencies (simulated), readable on
the white plane, never mistaken for a hole's grey (scripts/palette.py chose the palette; this checks it)."""

import sys
import warnings

import pytest

from ui.figures import PALETTE, SYMBOLS

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "scripts"))
import palette  # noqa: E402


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour-science's note on its tritanomaly model
        yield


def test_the_simulation_confuses_what_a_colour_blind_reader_confuses():
    both = palette.rgb(["#d62728", "#2ca02c"])  # a red and a green
    normal = palette.distances(both, "normal")[0, 1]
    assert palette.distances(both, "Deuteranomaly")[0, 1] < normal / 2  # red and green move together
    assert palette.distances(both, "Protanomaly")[0, 1] < normal / 2
    assert palette.distances(palette.rgb(["#0000ff", "#ffff00"]), "Deuteranomaly")[0, 1] > 50  # blue/yellow stays apart


def test_the_class_colours_stay_apart_under_every_vision():
    f = palette.figures(PALETTE)
    for v in palette.VISIONS:
        assert f[v] >= 11, (v, f[v])  # closest pair, CIEDE2000
    assert f["nearest grey"] >= 20  # no class colour reads as a hole
    assert f["lowest contrast"] >= palette.MIN_CONTRAST  # 3:1 on white (WCAG 1.4.11)
    assert f["lowest lightness"] >= palette.MIN_LIGHTNESS and f["lowest chroma"] >= palette.MIN_CHROMA
    tableau = palette.figures(palette.TABLEAU10)
    assert tableau["worst pair"] < f["worst pair"] / 3  # what it replaced: two classes nearly one for a protan
    assert len(set(PALETTE)) == len(PALETTE) == len(SYMBOLS) == len(set(SYMBOLS)) == 10
