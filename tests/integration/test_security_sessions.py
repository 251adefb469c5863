"""Sessions expire (issue 7 §4): after 30 idle minutes, and 10 hours after signing in."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client

from incare.accounts.models import User
from incare.accounts.sessions import LAST_SEEN, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: User, *, minutes_idle: float, hours_since: float) -> Client:
    client.force_login(user)
    session = client.session
    now = time.time()
    session[LAST_SEEN] = now - minutes_idle * 60
    session[SIGNED_IN_AT] = now - hours_since * 3600
    session.save()
    return client


def test_signing_in_starts_both_clocks(client: Client, example_user: Callable[[str], User]) -> None:
    client.force_login(example_user("analyst"))
    assert client.session[SIGNED_IN_AT] == client.session[LAST_SEEN]


def test_an_active_session_within_both_limits_carries_on(
    client: Client, example_user: Callable[[str], User]
) -> None:
    client = signed_in(client, example_user("analyst"), minutes_idle=29, hours_since=9.9)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 60  # the request counts as activity


def test_a_session_idle_for_more_than_30_minutes_is_signed_out(
    client: Client, example_user: Callable[[str], User]
) -> None:
    client = signed_in(client, example_user("analyst"), minutes_idle=31, hours_since=1)
    response = client.get("/imports/")
    assert response.status_code == 302
    assert response.url == "/sign-in/?next=/imports/"
    page = client.get(response.url).content.decode()
    assert "You were signed out after 30 minutes without activity." in page
    assert client.get("/").status_code == 302  # and stays signed out


def test_a_session_ends_10_hours_after_signing_in_however_active(
    client: Client, example_user: Callable[[str], User]
) -> None:
    client = signed_in(client, example_user("analyst"), minutes_idle=0, hours_since=10.1)
    response = client.get("/")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "signed in more than 10 hours ago" in page


def test_the_session_cookie_ends_with_the_browser_and_is_http_only(
    client: Client, example_user: Callable[[str], User]
) -> None:
    response = client.post(
        "/sign-in/",
        {"username": example_user("analyst").username, "password": "correct-horse-battery-staple"},
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["max-age"]  # no persistent cookie: closing the browser ends it
