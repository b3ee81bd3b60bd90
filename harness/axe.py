"""axe-core (the engine behind Lighthouse's accessibility score), pinned in package.json and installed by npm ci,
run in a Playwright page: WCAG 2.1 A and AA rules."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN = """async (tags) => {
  const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary })),
  }));
}"""


def have_axe() -> bool:
    return AXE.is_file()


def audit(page) -> list[dict]:
    """The page's WCAG 2.1 A/AA violations: [{id, impact, help, nodes: [{target, html, summary}]}]."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, TAGS)
