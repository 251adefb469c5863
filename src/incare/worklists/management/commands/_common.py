"""What the worklist commands share: which authority, who is acting, dates."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from incare.accounts.models import User
from incare.children.models import LocalAuthority


def authority(code: str) -> LocalAuthority:
    """The authority named, else INCARE_LA_CODE, else the only one held."""
    chosen = code or settings.LOCAL_AUTHORITY_CODE
    if chosen:
        found = LocalAuthority.objects.filter(code=chosen).first()
        if found is None:
            raise CommandError(f"there is no local authority {chosen}: import its 903 data first")
        return found
    held = list(LocalAuthority.objects.all()[:2])
    if len(held) == 1:
        return held[0]
    if not held:
        raise CommandError("no 903 data has been imported yet (incare import DIR)")
    raise CommandError("which local authority? Give --la CODE (the DfE number, e.g. 877)")


def user(username: str) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"there is no user called {username}") from None


def as_at(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at must be a date like 2024-03-31, not {text!r}") from None


def days(text: str) -> int:
    if not text.isdigit():
        raise CommandError(f"--due-within must be a whole number of days (0 or more), not {text!r}")
    return int(text)
