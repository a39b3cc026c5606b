"""Accessibility checks of the page a browser test has open: axe-core plus two of our own.

`assert_accessible(page)` fails with a readable list when the page breaks a rule of WCAG 2.1
A or AA as axe-core checks them (the copy bundled by axe-playwright-python), when two
elements share an id (so a label or aria reference finds the wrong one), when a label or an
aria attribute names an id that no element has (a help text or error not tied to its field),
or when a table is not inside a keyboard-reachable, named box that scrolls it (issue 10,
item 28).

The `page` fixture of conftest.py calls it after every page load a test waits for, so every
page of every browser test is checked.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

_axe = Axe()

# Ids used more than once, ids referred to that no element has, and tables whose scrolling
# box a keyboard cannot reach or that has no name (axe only flags a box that scrolls at the
# current width).
_OWN_CHECKS = r"""() => {
  const counts = {};
  for (const el of document.querySelectorAll("[id]")) counts[el.id] = (counts[el.id] || 0) + 1;
  const duplicates = Object.keys(counts).filter((id) => counts[id] > 1);
  const dangling = [];
  const refs = ["for", "aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"];
  for (const attribute of refs) {
    for (const el of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of el.getAttribute(attribute).split(/\s+/).filter(Boolean)) {
        if (!counts[id]) dangling.push(`${attribute}="${id}" on ${el.outerHTML.slice(0, 100)}`);
      }
    }
  }
  const tables = [];
  for (const table of document.querySelectorAll("main table")) {
    const box = table.parentElement;
    const label = box.getAttribute("aria-label") || box.getAttribute("aria-labelledby") || "";
    const named = label.trim() !== "";
    if (!box.classList.contains("table-wrap") || box.getAttribute("tabindex") !== "0"
        || box.getAttribute("role") !== "group" || !named) {
      tables.push(table.outerHTML.slice(0, 120));
    }
  }
  return {duplicates, dangling, tables};
}"""


def accessibility_problems(page: Page) -> list[str]:
    """Every problem on the open page, one readable line each (empty when there is none)."""
    problems: list[str] = []
    results: dict[str, Any] = _axe.run(page, options=AXE_OPTIONS).response
    for violation in results["violations"]:
        for node in violation["nodes"]:
            problems.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {' '.join(map(str, node['target']))}: {node['html'][:160]}"
            )
    own = page.evaluate(_OWN_CHECKS)
    problems += [f"duplicate-id: id {name!r} is used more than once" for name in own["duplicates"]]
    problems += [f"missing-id: {reference} names no element" for reference in own["dangling"]]
    problems += [
        f"table-box: table not in a focusable, named .table-wrap group: {html}"
        for html in own["tables"]
    ]
    return problems


def assert_accessible(page: Page) -> None:
    """Fail the test, listing the problems, unless the open page has none."""
    problems = accessibility_problems(page)
    if problems:
        listing = "\n  ".join(problems)
        raise AssertionError(f"accessibility problems on {page.url}:\n  {listing}")
