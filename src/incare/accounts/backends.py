"""Password sign-in with lockout, for every way in: our sign-in page, the admin's, the CLI."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from incare.accounts.lockout import (
    client_address,
    do_record_sign_in,
    do_record_sign_in_failure,
    lockout_for,
)
from incare.accounts.models import User


class LockoutModelBackend(ModelBackend):
    """Django's username-and-password backend, refusing locked usernames and addresses."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request)
        if lockout_for(username=username, ip_address=address):
            # PermissionDenied stops Django trying any other backend with these credentials.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if not isinstance(user, User):
            do_record_sign_in_failure(username=username, ip_address=address)
            return None
        do_record_sign_in(user, method="password", ip_address=address)
        return user
