"""GOV.UK Frontend at an exact version, built into our static files (docs/front-end.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src/incare/core/static/core"
EXACT = re.compile(r"^\d+\.\d+\.\d+$")


def test_front_end_packages_are_pinned_to_exact_versions() -> None:
    """STYLE.md: govuk-frontend at an exact version; the lock file agrees with package.json."""
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = {**package["dependencies"], **package["devDependencies"]}
    assert "govuk-frontend" in pinned
    for name, version in pinned.items():
        assert EXACT.match(version), f"{name} {version} is a range, not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name


def test_the_built_stylesheet_uses_no_gds_transport_font() -> None:
    """GDS Transport and the crown are for services on GOV.UK only (ADR 0004)."""
    css = (STATIC / "app.css").read_text()
    assert ".govuk-template" in css  # GOV.UK Frontend itself is compiled in
    assert ".app-big-number" in css  # and our own components after it
    assert "GDS Transport" not in css
    assert "/assets/fonts" not in css


def test_the_scripts_served_are_the_pinned_govuk_frontend() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    script = (STATIC / "govuk-frontend.min.js").read_text()
    assert script.startswith(f'const version="{package["dependencies"]["govuk-frontend"]}"')


@pytest.mark.django_db
def test_every_page_loads_the_stylesheet_and_starts_components_as_a_module(
    client: Client, get_page: Callable[..., str]
) -> None:
    """Pages work without JavaScript; where it runs, app.js (a module) starts GOV.UK's."""
    html = get_page(client, "/sign-in/")
    assert '<link rel="stylesheet" href="/static/core/app.css">' in html
    assert '<script type="module" src="/static/core/app.js"></script>' in html
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert "govuk-header__logotype" not in html  # no GOV.UK logo off GOV.UK
