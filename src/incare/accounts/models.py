from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from incare.accounts.roles import ROLES, Role


class User(AbstractUser):
    """A person who signs in to incare. Every user has exactly one role."""

    role = models.CharField(
        max_length=32,
        choices=[(r.value, ROLES[r].label) for r in Role],
        default=Role.ANALYST.value,
    )

    @property
    def role_info(self):  # type: ignore[no-untyped-def]
        return ROLES[Role(self.role)]


class SignInFailure(models.Model):
    """One failed password sign-in, kept for lockout (`incare.accounts.lockout`).

    Counted per username (whether or not such a user exists, so lockout reveals nothing)
    and per address. A successful sign-in removes its username's rows.
    """

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} from {self.ip_address}"
