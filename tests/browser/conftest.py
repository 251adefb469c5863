"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Run by `make test-browser` (after the other suites): `scripts/ensure-chromium` installs
Debian's package first if missing. Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from incare.accounts.models import User

# Playwright's synchronous API runs an event loop in this thread, which makes Django think
# every ORM call in a test is inside async code. The test's own set-up (users, imports) is
# ordinary synchronous code, so Django's guard is switched off for this suite only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("INCARE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "correct-horse-battery-staple"  # tests/conftest.py's personas


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (make test-browser does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab that fails the test on any console error (a script fault or a CSP refusal)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def app(live_server: object) -> str:
    """The live server's base URL (the database is flushed after each test)."""
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture
def sign_in(app: str, example_user: Callable[[str], User]) -> Callable[[Page, str], None]:
    """``sign_in(page, "analyst")``: through the sign-in form, as a person would."""

    def go(page: Page, role: str, password: str = PASSWORD) -> None:
        example_user(role)
        page.goto(f"{app}/sign-in/")
        page.get_by_label("Username").fill(role)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return go


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """``screenshot(page, "home-analyst")``: a full-page PNG in var/screenshots/."""

    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
