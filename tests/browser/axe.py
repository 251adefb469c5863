"""axe-core (from npm, pinned in package.json) run inside the page: no serious or critical
accessibility violations allowed (issue 7 §5; WCAG 2.2 AA rules as axe tags them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every violation axe finds on the page as it is now."""
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `make frontend` (npm ci)")
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy (which
    # rightly refuses injected scripts) stays on and is tested at the same time.
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return list(results["violations"])


def assert_accessible(page: Page) -> None:
    """Fail with each serious or critical violation: rule, impact, help, and where."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    ]
    assert report == [], f"{page.url}:\n" + "\n".join(report)
