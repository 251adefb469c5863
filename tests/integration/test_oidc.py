"""Single sign-on through OpenID Connect (issue 7 §4), end to end against a stand-in provider.

Each test runs the whole flow over real HTTP on a loopback port: incare redirects to the
provider, the provider redirects back with a code, incare exchanges it (client secret and
PKCE), fetches the keys and checks the ID token. Only the person's claims are the test's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlparse
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from pytest_django import Settings

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.accounts.services import do_create_user
from incare.audit.models import AuditEvent
from oidc_stand_in import CLIENT_ID, CLIENT_SECRET, TENANT, StandInProvider, serve

pytestmark = pytest.mark.django_db

OID = "00000000-1111-4222-8333-444444444444"


@pytest.fixture
def provider(settings: Settings) -> Iterator[StandInProvider]:
    stand_in = StandInProvider()
    server = serve(stand_in)
    settings.INCARE_SSO_ENABLED = True
    settings.INCARE_OIDC_CLIENT_ID = CLIENT_ID
    settings.INCARE_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.INCARE_ENTRA_TENANT_ID = TENANT
    settings.INCARE_OIDC_METADATA_URL = stand_in.metadata_url
    yield stand_in
    server.shutdown()
    server.server_close()


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def provider_answers(url: str) -> str:
    """Follow incare's redirect to the provider over HTTP; return where it sends us back."""
    opener = build_opener(_NoRedirects)
    try:
        opener.open(Request(url), timeout=10)
    except HTTPError as redirect:  # urllib raises it for the 302 it did not follow
        return str(redirect.headers["Location"])
    raise AssertionError("the provider did not redirect back")


def sso(client: Client, next_url: str = "") -> Any:
    """The whole journey; returns incare's response to the provider's redirect back."""
    start = client.get("/sign-in/sso/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    back = urlparse(provider_answers(start.url))
    assert back.path == "/sign-in/sso/callback/"
    return client.get(back.path, parse_qs(back.query))


@pytest.fixture
def councillor() -> User:
    user = do_create_user("cllr-smith", role=Role.COUNCILLOR, password=None, acting_user=None)
    user.email = "Jo.Smith@council.example"
    user.save()
    return user


def test_a_known_person_is_signed_in_by_e_mail_and_their_entra_id_recorded(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    provider.person = {"oid": OID, "email": "jo.smith@council.example", "name": "Jo Smith"}
    response = sso(client)

    assert response.status_code == 302
    assert response.url == "/"
    page = client.get("/").content.decode()
    assert "cllr-smith (Councillor (Corporate Parenting Forum))" in page  # role from incare
    councillor.refresh_from_db()
    assert councillor.entra_object_id == OID
    signed_in = AuditEvent.objects.get(event_type="user.signed_in")
    assert signed_in.acting_user == councillor
    assert signed_in.new_value["method"] == "oidc"


def test_the_flow_uses_pkce_and_the_client_secret(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    """RFC 7636: the token request carries the verifier of the challenge sent first."""
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    start = client.get("/sign-in/sso/")
    asked = parse_qs(urlparse(start.url).query)
    assert asked["code_challenge_method"] == ["S256"]
    assert asked["scope"] == ["openid email profile"]
    assert "nonce" in asked
    back = urlparse(provider_answers(start.url))
    assert client.get(back.path, parse_qs(back.query)).url == "/"
    assert provider.token_requests[0]["code_verifier"]


def test_a_second_sign_in_finds_the_person_by_entra_id_even_with_a_new_e_mail(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    councillor.entra_object_id = OID
    councillor.save()
    provider.person = {"oid": OID, "email": "jo.smith-jones@council.example"}
    assert sso(client).url == "/"
    assert client.get("/").status_code == 200


def test_the_page_asked_for_is_where_sso_lands(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    assert sso(client, next_url="/imports/").url == "/imports/"


def test_a_next_page_on_another_site_is_ignored(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    assert sso(client, next_url="https://evil.example/").url == "/"


def refused(client: Client, response: Any) -> str:
    assert response.status_code == 302
    assert response.url == "/sign-in/"
    assert client.get("/").status_code == 302  # not signed in
    return str(client.get("/sign-in/").content.decode())


def test_a_person_unknown_to_incare_is_refused_and_no_user_is_made(
    client: Client, provider: StandInProvider
) -> None:
    provider.person = {"oid": OID, "email": "stranger@council.example"}
    page = refused(client, sso(client))
    assert "has not been given access to incare" in page
    assert not User.objects.exists()


def test_a_switched_off_user_is_refused(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    councillor.is_active = False
    councillor.save()
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    assert "switched off" in refused(client, sso(client))


def test_a_token_from_another_tenant_is_refused(
    client: Client, provider: StandInProvider, councillor: User
) -> None:
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    provider.spoil = {"claims": {"tid": "another-organisation"}}
    assert "another organisation" in refused(client, sso(client))


@pytest.mark.parametrize(
    "spoil",
    [
        {"claims": {"aud": "some-other-app", "azp": CLIENT_ID}},
        {"claims": {"iss": "https://impostor.example/v2.0"}},
        {"claims": {"exp": 1_000_000_000}},
        {"claims": {"nonce": "replayed"}},
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
    ],
    ids=["audience", "issuer", "expired", "nonce", "signature"],
)
def test_an_id_token_failing_any_check_is_refused(
    client: Client, provider: StandInProvider, councillor: User, spoil: dict[str, Any]
) -> None:
    """OpenID Connect Core §3.1.3.7: issuer, audience, signature, expiry and nonce."""
    provider.person = {"oid": OID, "email": "jo.smith@council.example"}
    provider.spoil = spoil
    assert "did not work" in refused(client, sso(client))
    councillor.refresh_from_db()
    assert councillor.entra_object_id == ""


def test_a_callback_with_a_state_incare_did_not_issue_is_refused(
    client: Client, provider: StandInProvider
) -> None:
    response = client.get("/sign-in/sso/callback/", {"code": "x", "state": "forged"})
    assert "did not work" in refused(client, response)


def test_the_sign_in_page_offers_sso_only_when_configured(
    client: Client, provider: StandInProvider, settings: Settings
) -> None:
    assert 'href="/sign-in/sso/"' in client.get("/sign-in/").content.decode()
    settings.INCARE_SSO_ENABLED = False
    assert "/sign-in/sso/" not in client.get("/sign-in/").content.decode()
    assert client.get("/sign-in/sso/").status_code == 404
    assert client.get("/sign-in/sso/callback/").status_code == 404


def test_sso_settings_need_their_secret_and_tenant() -> None:
    env = {**os.environ, "INCARE_OIDC_CLIENT_ID": "abc"}
    result = subprocess.run(
        [sys.executable, "-c", "import incare.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "INCARE_OIDC_CLIENT_SECRET and INCARE_ENTRA_TENANT_ID" in result.stderr
