"""Signing in as a person would (issue 7 §5): every role lands on the home page; lockout is
shown; the pages work without JavaScript and, where it runs, GOV.UK Frontend starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe import assert_accessible
from playwright.sync_api import Browser, Page, expect

from incare.accounts.roles import ROLES, Role
from incare.core.navigation import SECTIONS

pytestmark = pytest.mark.django_db(transaction=True)

SignIn = Callable[..., None]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_signs_in_and_lands_on_the_home_page(
    page: Page, app: str, sign_in: SignIn, role: Role, screenshot: Callable[[Page, str], Path]
) -> None:
    page.goto(f"{app}/")
    expect(page).to_have_url(f"{app}/sign-in/?next=/")
    sign_in(page, role.value)
    expect(page).to_have_url(f"{app}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("incare")
    expect(page.locator(".app-account__user")).to_have_text(f"{role.value} ({ROLES[role].label})")
    # The service navigation offers exactly the sections the role's permissions open.
    allowed = [
        section.text
        for section in SECTIONS
        if section.permission is None or getattr(ROLES[role], section.permission)
    ]
    expect(page.locator(".govuk-service-navigation__link")).to_have_text(allowed)
    if role is Role.ANALYST:
        screenshot(page, "home-analyst-empty")


def test_a_wrong_password_and_then_lockout_are_shown_to_the_person(
    page: Page, sign_in: SignIn, screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, "analyst", password="not-my-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title("Error: Sign in – incare")
    # GOV.UK Frontend's script moves focus to the error summary: JavaScript started.
    expect(summary).to_be_focused()
    assert_accessible(page)
    screenshot(page, "sign-in-error")

    for _ in range(4):
        sign_in(page, "analyst", password="not-my-password")
    expect(summary).to_contain_text("too many failed attempts to sign in with this username")
    sign_in(page, "analyst")  # the right password, too late
    expect(summary).to_contain_text("too many failed attempts")
    assert "/sign-in/" in page.url
    screenshot(page, "sign-in-locked-out")


def test_signing_in_and_out_works_without_javascript(
    browser: Browser, app: str, sign_in: SignIn
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "councillor")
        expect(page).to_have_url(f"{app}/")
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(f"{app}/sign-in/")
        page.goto(f"{app}/")
        expect(page).to_have_url(f"{app}/sign-in/?next=/")
    finally:
        context.close()


def test_govuk_frontend_starts_where_javascript_runs(page: Page, app: str, sign_in: SignIn) -> None:
    sign_in(page, "analyst")
    body_classes = page.locator("body").get_attribute("class") or ""
    assert "js-enabled" in body_classes
    assert "govuk-frontend-supported" in body_classes
    # The service navigation component marks itself once initialised.
    nav = page.locator("[data-module='govuk-service-navigation']")
    expect(nav).to_have_attribute("data-govuk-service-navigation-init", "")
