"""The accessibility helper itself finds what it should (so a pass means something)."""

from __future__ import annotations

import pytest
from axe import assert_accessible, axe_violations
from playwright.sync_api import Page


def test_axe_finds_a_form_field_without_a_label(page: Page) -> None:
    """WCAG 2.2 SC 4.1.2 / 1.3.1: axe's ``label`` rule is critical."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><input></main></body></html>'
    )
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    assert found.get("label") == "critical"
    with pytest.raises(AssertionError, match="label \\(critical\\)"):
        assert_accessible(page)
