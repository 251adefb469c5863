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

    # Microsoft Entra's object id ("oid") for single sign-on, recorded at the first sign-in
    # matched by e-mail; from then on the person is found by it, whatever their e-mail becomes.
    entra_object_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entra_object_id"],
                condition=~models.Q(entra_object_id=""),
                name="accounts_user_unique_entra_object_id",
            )
        ]

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
