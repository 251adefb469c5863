"""Single sign-on with OpenID Connect (Microsoft Entra ID), when configured (docs/sign-in.md).

Authlib does the protocol: discovery, the authorization-code flow with PKCE (S256), state and
nonce, and the ID token's checks (signature against the provider's published keys, issuer,
audience, expiry, nonce). incare decides who the person is: an incare user found by their
Entra object id, or the first time by e-mail. Roles are given in incare, never by the
provider; a person with no incare user is refused.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.db import transaction

from incare.accounts.models import User
from incare.audit import events


class SignInRefused(Exception):
    """The provider vouched for someone incare must not let in; the message says why."""


def provider() -> DjangoOAuth2App:
    """A client for the configured provider, made per sign-in so settings are read afresh."""
    oauth = OAuth()
    client = oauth.register(
        name="entra",
        client_id=settings.INCARE_OIDC_CLIENT_ID,
        client_secret=settings.INCARE_OIDC_CLIENT_SECRET,
        server_metadata_url=settings.INCARE_OIDC_METADATA_URL,
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )
    if not isinstance(client, DjangoOAuth2App):  # Authlib's registry is untyped
        raise TypeError(f"unexpected OAuth client {client!r}")
    return client


def id_token_checks(client: DjangoOAuth2App) -> dict[str, Any]:
    """The ID token's issuer and audience must be exactly ours (OpenID Connect Core §3.1.3.7).

    Authlib checks the issuer by default but the audience only through ``azp``, so a token
    minted for another application that names us as ``azp`` would pass: name both here.
    """
    issuer = client.load_server_metadata()["issuer"]
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": settings.INCARE_OIDC_CLIENT_ID},
    }


def find_user(claims: dict[str, Any]) -> User:
    """The incare user for these verified ID token claims, or `SignInRefused`."""
    tenant = settings.INCARE_ENTRA_TENANT_ID
    if tenant and claims.get("tid") != tenant:
        raise SignInRefused("Your account belongs to another organisation.")
    object_id = str(claims.get("oid") or claims.get("sub") or "")
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip()
    user = User.objects.filter(entra_object_id=object_id).first() if object_id else None
    if user is None and email:
        matches = list(User.objects.filter(email__iexact=email, entra_object_id=""))
        user = matches[0] if len(matches) == 1 else None
    if user is None:
        raise SignInRefused(
            "Your council account has not been given access to incare. "
            "Ask an incare administrator to add you with your work e-mail address."
        )
    if not user.is_active:
        raise SignInRefused("Your incare account has been switched off.")
    if not user.entra_object_id:
        do_link_entra_account(user, object_id=object_id, acting_user=user)
    return user


def do_link_entra_account(user: User, *, object_id: str, acting_user: User | None) -> None:
    """Record the Entra object id a user was first matched to by e-mail."""
    with transaction.atomic():
        user.entra_object_id = object_id
        user.save(update_fields=["entra_object_id"])
        events.record(
            events.USER_CHANGED,
            acting_user=acting_user,
            subject=f"accounts.user:{user.pk}",
            old_value={"entra_object_id": ""},
            new_value={"entra_object_id": object_id},
        )


class EntraBackend(BaseBackend):
    """Keeps a person signed in through single sign-on (Django records which backend signed a
    session in). It authenticates nothing itself: the callback view verifies the provider's
    answer and names the user with `find_user`."""

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
