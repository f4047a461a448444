"""axe-core in the page under test: zero violations at WCAG 2.2 AA.

axe.min.js (vendor/, see vendor/README.md) is evaluated through the DevTools protocol, so the
app's Content-Security-Policy, which allows only its own scripts, does not block it and
nothing in the app changes for the tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "),
                                             summary: n.failureSummary}))
  }));
}"""


# Paths checked in the current test; the browser fixtures fail a passing test that loaded a
# page whose path is not here, so no page of a journey goes unchecked.
checked: set[str] = set()


def path_of(url: str) -> str:
    return urlsplit(url).path


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    result: list[dict[str, Any]] = page.evaluate(RUN, TAGS)
    return result


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str = "") -> None:
    """Fail with each violation, its rule and the elements, if axe finds any."""
    found = violations(page)
    checked.add(path_of(page.url))
    label = where or page.url
    assert not found, f"axe found WCAG 2.2 AA violations on {label}:\n{describe(found)}"


def assert_accessible_once(page: Any, where: str = "") -> None:
    """As assert_accessible, unless this test has already checked a page at this path."""
    if path_of(page.url) not in checked:
        assert_accessible(page, where)
