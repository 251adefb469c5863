"""The sign-in form: Django's, telling a locked-out person so and until when."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from incare.accounts.lockout import Lockout, client_address, lockout_for


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username:
            self._refuse_if_locked(username)
        try:
            return super().clean()
        except ValidationError:
            # This failure may have been the one that locked the username: say so at once.
            if username:
                self._refuse_if_locked(username)
            raise

    def _refuse_if_locked(self, username: str) -> None:
        lockout = lockout_for(username=username, ip_address=client_address(self.request))
        if lockout:
            raise ValidationError(locked_out_message(lockout), code="locked_out")


def locked_out_message(lockout: Lockout) -> str:
    until = timezone.localtime(lockout.until)
    who = "this username" if lockout.by == "username" else "your network address"
    return (
        f"There have been too many failed attempts to sign in with {who}. "
        f"Try again after {until:%H:%M}, or ask an administrator to unlock your account."
    )
