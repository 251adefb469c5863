"""Writes to accounts: creating users (the admin and `incare demo` both come here)."""

from __future__ import annotations

from django.db import transaction

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.audit import events


def do_create_user(
    username: str,
    *,
    role: Role,
    password: str | None,
    acting_user: User | None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user with one role. ``password=None`` creates a user who cannot sign in yet."""
    with transaction.atomic():
        user = User(
            username=username, role=role.value, is_staff=is_staff, is_superuser=is_superuser
        )
        user.set_password(password)
        user.save()
        events.record(
            events.USER_CREATED,
            acting_user=acting_user,
            subject=f"accounts.user:{user.pk}",
            new_value={"username": username, "role": role.value, "is_staff": is_staff},
        )
        return user
