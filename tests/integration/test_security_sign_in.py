"""Sign-in hardening (issue 7 §4): Argon2, lockout per username and per address, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from incare.accounts.lockout import do_unlock_sign_in
from incare.accounts.models import SignInFailure, User
from incare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"  # tests/conftest.py's personas


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> str:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    if response.status_code == 302:
        return "signed in"
    return response.content.decode()


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(
    example_user: Callable[[str], User],
) -> None:
    """OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1."""
    hashed = example_user("analyst").password
    assert hashed.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client: Client) -> None:
    user = User.objects.create(
        username="old", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert sign_in(client, "old", PASSWORD) == "signed in"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_a_username_is_locked_after_five_failures_and_the_fifth_says_so(
    client: Client, example_user: Callable[[str], User]
) -> None:
    example_user("analyst")
    for _ in range(4):
        assert "Enter a correct username and password" in sign_in(client, "analyst", "wrong")
    fifth = sign_in(client, "analyst", "wrong")
    assert "too many failed attempts to sign in with this username" in fifth
    assert "<title>Error: Sign in – incare</title>" in fifth
    # Even the right password is refused now, from any address.
    assert "too many failed attempts" in sign_in(client, "analyst", PASSWORD, "10.9.9.9")
    failed = AuditEvent.objects.filter(event_type="user.sign_in_failed")
    assert failed.count() == 5
    assert failed.first().new_value == {"ip_address": "10.0.0.1"}  # type: ignore[union-attr]


def test_lockout_does_not_reveal_whether_a_username_exists(client: Client) -> None:
    for _ in range(5):
        page = sign_in(client, "nobody-by-this-name", "wrong")
    assert "too many failed attempts to sign in with this username" in page


def test_an_address_is_locked_after_its_limit_whatever_the_usernames(
    client: Client, example_user: Callable[[str], User], settings: Settings
) -> None:
    settings.INCARE_LOCKOUT_ADDRESS_FAILURES = 3
    example_user("analyst")
    for name in ("a", "b", "c"):
        sign_in(client, name, "wrong", "192.0.2.7")
    assert "your network address" in sign_in(client, "analyst", PASSWORD, "192.0.2.7")
    assert sign_in(client, "analyst", PASSWORD, "192.0.2.8") == "signed in"


def test_a_lockout_lifts_once_its_failures_leave_the_window(
    client: Client, example_user: Callable[[str], User]
) -> None:
    example_user("analyst")
    for _ in range(5):
        sign_in(client, "analyst", "wrong")
    SignInFailure.objects.update(occurred_at=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "analyst", PASSWORD) == "signed in"


def test_signing_in_clears_earlier_failures_and_is_audited(
    client: Client, example_user: Callable[[str], User]
) -> None:
    user = example_user("analyst")
    for _ in range(4):
        sign_in(client, "analyst", "wrong")
    assert sign_in(client, "analyst", PASSWORD) == "signed in"
    assert not SignInFailure.objects.exists()
    event = AuditEvent.objects.get(event_type="user.signed_in")
    assert event.acting_user == user
    assert event.new_value == {"method": "password", "ip_address": "10.0.0.1"}


def test_an_administrator_can_unlock_a_username(
    client: Client, example_user: Callable[[str], User]
) -> None:
    admin = example_user("administrator")
    example_user("analyst")
    for _ in range(5):
        sign_in(client, "analyst", "wrong")
    assert do_unlock_sign_in("analyst", acting_user=admin) == 5
    assert sign_in(client, "analyst", PASSWORD) == "signed in"
    event = AuditEvent.objects.get(event_type="user.sign_in_unlocked")
    assert event.acting_user == admin
    assert event.old_value == {"failures": 5}


def test_the_admin_sign_in_page_refuses_a_locked_username(client: Client) -> None:
    """Lockout lives in the authentication backend, so every way in is covered."""
    User.objects.create(
        username="boss", password=make_password(PASSWORD), is_staff=True, is_superuser=True
    )
    for _ in range(5):
        sign_in(client, "boss", "wrong")
    client.post("/admin/login/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert client.get("/admin/").status_code == 302  # still asked to sign in


def test_forwarded_addresses_count_only_behind_a_configured_proxy(
    client: Client, settings: Settings
) -> None:
    spoofed = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    client.post(
        reverse("login"), {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.2", **spoofed
    )
    settings.INCARE_PROXY_COUNT = 1
    client.post(
        reverse("login"), {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.2", **spoofed
    )
    addresses = list(SignInFailure.objects.order_by("id").values_list("ip_address", flat=True))
    assert addresses == ["10.0.0.2", "203.0.113.5"]
