from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

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
