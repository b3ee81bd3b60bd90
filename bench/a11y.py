"""An accessibility audit of every page and lesson step (axe-core, WCAG 2.1 A/AA), in English and Polish, at
1280x720 and 390x844, each page settled first; prints the violations by rule and impact.
Run: python bench/a11y.py [--out bench/out/a11y.json] [--sizes 1280x720 390x844] [--quick]"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from cold_tour import visit  # noqa: E402

from harness.axe import audit  # noqa: E402
from harness.browser import launch  # noqa: E402
from harness.server import dashboard  # noqa: E402
from ui.lesson import STEPS  # noqa: E402
from ui.navigation import NAMES  # noqa: E402


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--out", default=str(ROOT / "bench" / "out" / "a11y.json"))
    a.add_argument("--sizes", nargs="*", default=["1280x720", "390x844"])
    a.add_argument("--quick", action="store_true", help="the nine pages in English at the first size only")
    args = a.parse_args()
    from playwright.sync_api import sync_playwright

    stops = [(n, None) for n in NAMES] + ([] if args.quick else [("lesson", i + 1) for i in range(len(STEPS))])
    langs = ["en"] if args.quick else ["en", "pl"]
    sizes = args.sizes[:1] if args.quick else args.sizes
    rows = []
    with dashboard({}) as (url, _), sync_playwright() as p:
        browser = launch(p)
        for size in sizes:
            w, h = map(int, size.split("x"))
            page = browser.new_page(viewport={"width": w, "height": h})
            for lang in langs:
                for name, step in stops:
                    path = "" if name == NAMES[0] else name
                    visit(page, f"{url}/{path}?lang={lang}" + (f"&step={step}" if step else ""), 180)
                    for v in audit(page):
                        rows.append({"size": size, "lang": lang, "page": name, "step": step, **v})
            page.close()
        browser.close()
    count = collections.Counter((r["impact"], r["id"]) for r in rows for _ in r["nodes"])
    by_impact = collections.Counter()
    for (impact, _), n in count.items():
        by_impact[impact] += n
    print(json.dumps({"by_impact": by_impact, "by_rule": {f"{i}:{r}": n for (i, r), n in count.most_common()}}))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
