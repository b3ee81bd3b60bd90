"""The digit classes' colours, checked for the commonest colour-vision deficiencies (and how they were chosen).

Each colour is seen as a person with protanopia, deuteranopia or tritanopia sees it (Machado, Oliveira and
Fernandes 2009, severity 1: the full deficiency, in linear sRGB, with colour-science), then compared in CIELAB by
CIEDE2000. A palette is as good as its closest pair under the worst of the four visions (normal included). More
rules: every colour keeps a 3:1 contrast against the white plane (WCAG 2.1, 1.4.11, non-text contrast), stays far
from the grey that marks a hole under every vision, and is neither near-black nor greyish (CIELAB L* and chroma
of at least 30).

    python scripts/palette.py            # the shipped palette's figures beside Tableau 10's
    python scripts/palette.py --search   # a search for a better one (about a minute on 2 cores)

Needs colour-science (requirements-dev.txt); the dashboard itself only reads ui.figures.PALETTE.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VISIONS = ("normal", "Protanomaly", "Deuteranomaly", "Tritanomaly")  # colour-science's names; severity 1
HOLE_GREY = "#5a5a5a"  # the holes map's grey (ui/web/draw.js); the rings are a darker grey
TABLEAU10 = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
MIN_CONTRAST = 3.0
MIN_LIGHTNESS, MIN_CHROMA = 30, 30  # no near-black dots (they merge on a small mark), no greyish ones (grey: a hole)


def rgb(hexes) -> np.ndarray:
    return np.array([[int(h[k : k + 2], 16) / 255 for k in (1, 3, 5)] for h in hexes])


def lab(srgb: np.ndarray, vision: str) -> np.ndarray:
    """CIELAB (D65) of sRGB colours (n, 3) as a person with this vision sees them."""
    import colour

    linear = colour.models.eotf_sRGB(srgb)
    if vision != "normal":
        linear = np.clip(linear @ colour.blindness.matrix_cvd_Machado2009(vision, 1.0).T, 0, 1)
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(colour.models.eotf_inverse_sRGB(linear)))


def distances(srgb: np.ndarray, vision: str) -> np.ndarray:
    """CIEDE2000 between every pair of colours (n, n) under one vision."""
    import colour

    L = lab(srgb, vision)
    return colour.delta_E(L[:, None, :], L[None, :, :], method="CIE 2000")


def contrast(srgb: np.ndarray, against: float = 1.0) -> np.ndarray:
    """WCAG contrast ratio of each colour against a grey of relative luminance `against` (white: 1)."""
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    lum = lin @ np.array([0.2126, 0.7152, 0.0722])
    return (against + 0.05) / (lum + 0.05)


def figures(hexes) -> dict:
    """The closest pair (CIEDE2000) under each vision, the closest colour to the hole grey, the lowest contrast."""
    srgb = rgb(hexes)
    out = {}
    for v in VISIONS:
        d = distances(srgb, v)
        out[v] = float(d[np.triu_indices(len(d), 1)].min())
        grey = distances(np.vstack([srgb, rgb([HOLE_GREY])]), v)[-1, :-1]
        out[f"grey {v}"] = float(grey.min())
    out["worst pair"] = min(out[v] for v in VISIONS)
    out["nearest grey"] = min(out[f"grey {v}"] for v in VISIONS)
    out["lowest contrast"] = float(contrast(srgb).min())
    L = lab(srgb, "normal")
    out["lowest lightness"] = float(L[:, 0].min())
    out["lowest chroma"] = float(np.hypot(L[:, 1], L[:, 2]).min())
    return out


def search(n: int = 10, step: int = 15, seed: int = 0, restarts: int = 12) -> list[str]:
    """A max-min palette: candidates on an sRGB grid with 3:1 contrast on white and far from the hole grey, picked
    greedily from random starts and improved by swaps, for the largest worst-pair CIEDE2000 over the visions."""
    axis = np.linspace(0, 1, step + 1)
    grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), -1).reshape(-1, 3)
    L = lab(grid, "normal")
    chroma = np.hypot(L[:, 1], L[:, 2])
    grid = grid[(contrast(grid) >= MIN_CONTRAST) & (L[:, 0] >= MIN_LIGHTNESS) & (chroma >= MIN_CHROMA)]
    near_grey = np.zeros(len(grid))
    D = np.full((len(grid), len(grid)), np.inf)
    for v in VISIONS:
        D = np.minimum(D, distances(grid, v))
        near_grey = np.maximum(near_grey, (distances(np.vstack([grid, rgb([HOLE_GREY])]), v)[-1, :-1] < 20))
    grid, D = grid[near_grey == 0], D[near_grey == 0][:, near_grey == 0]
    rng = np.random.default_rng(seed)
    best, best_score = None, -1.0
    for _ in range(restarts):
        pick = [int(rng.integers(len(grid)))]
        while len(pick) < n:
            pick.append(int(D[pick].min(0).argmax()))
        improved = True
        while improved:
            improved = False
            for i in range(n):
                rest = pick[:i] + pick[i + 1 :]
                score_now = D[np.ix_(pick, pick)][np.triu_indices(n, 1)].min()
                cand = D[rest].min(0)
                j = int(cand.argmax())
                if cand[j] > score_now + 1e-9 and j not in pick:
                    pick = rest[:i] + [j] + rest[i:]
                    improved = True
        score = D[np.ix_(pick, pick)][np.triu_indices(n, 1)].min()
        if score > best_score:
            best, best_score = pick, score
    return ["#" + "".join(f"{round(c * 255):02x}" for c in grid[i]) for i in best]


def table(named: dict[str, tuple[str, ...]]) -> str:
    rows = ["| palette | " + " | ".join(["normal", "protan", "deutan", "tritan", "vs hole grey", "contrast"]) + " |"]
    rows.append("|---" * 7 + "|")
    for name, hexes in named.items():
        f = figures(hexes)
        cells = [f"{f[v]:.1f}" for v in VISIONS] + [f"{f['nearest grey']:.1f}", f"{f['lowest contrast']:.2f}"]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--search", action="store_true", help="search for a palette and print it")
    args = ap.parse_args()
    from ui.figures import PALETTE

    named = {"Tableau 10": TABLEAU10, "shipped": PALETTE}
    if args.search:
        found = tuple(search())
        print("found:", found)
        named["found"] = found
    print("closest pair (CIEDE2000) under each vision; nearest to the hole grey; lowest contrast on white")
    print(table(named))


if __name__ == "__main__":
    main()
