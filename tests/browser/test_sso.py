"""Single sign-on in a real browser (issue 7 §4): the button, the round trip through the
stand-in Entra provider on a loopback port, and the home page with the incare role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django import Settings

from incare.accounts.models import User
from incare.core.navigation import SECTIONS
from oidc_stand_in import CLIENT_ID, CLIENT_SECRET, TENANT, StandInProvider, serve

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings: Settings) -> Iterator[StandInProvider]:
    stand_in = StandInProvider()
    server = serve(stand_in)
    settings.INCARE_SSO_ENABLED = True
    settings.INCARE_SSO_NAME = "Warrington Council account"
    settings.INCARE_OIDC_CLIENT_ID = CLIENT_ID
    settings.INCARE_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.INCARE_ENTRA_TENANT_ID = TENANT
    settings.INCARE_OIDC_METADATA_URL = stand_in.metadata_url
    yield stand_in
    server.shutdown()
    server.server_close()


def test_an_analyst_signs_in_with_their_council_account_and_reaches_the_page_asked_for(
    page: Page,
    app: str,
    provider: StandInProvider,
    example_user: Callable[[str], User],
) -> None:
    analyst = example_user("analyst")
    analyst.email = "sam.analyst@warrington.example"
    analyst.save()
    provider.person = {"oid": "5f0c-analyst", "email": "Sam.Analyst@warrington.example"}

    # A page other than home, so landing on it shows the "next" page was kept.
    asked = reverse(next(s.url_name for s in SECTIONS if s.permission == "may_import"))
    page.goto(f"{app}{asked}")
    expect(page).to_have_url(f"{app}/sign-in/?next={asked}")
    page.get_by_role("button", name="Sign in with Warrington Council account").click()

    expect(page).to_have_url(f"{app}{asked}")
    expect(page.locator(".app-account__user")).to_have_text("analyst (Performance analyst)")


def test_someone_without_an_incare_account_is_told_to_ask_an_administrator(
    page: Page, app: str, provider: StandInProvider, screenshot: Callable[[Page, str], Path]
) -> None:
    provider.person = {"oid": "5f0c-stranger", "email": "new.starter@warrington.example"}
    page.goto(f"{app}/sign-in/")
    page.get_by_role("button", name="Sign in with Warrington Council account").click()

    expect(page).to_have_url(f"{app}/sign-in/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "has not been given access to incare"
    )
    screenshot(page, "sign-in-sso-refused")
