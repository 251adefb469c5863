"""Writes to accounts: `incare demo`, the admin and tests all create users here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from incare.accounts.models import User
from incare.accounts.roles import Role
from incare.audit import events

"""Audit event code (kept beside its only writer until `incare.audit.events` lists it)."""

# Never copied into the audit log, even hashed.
SECRET_FIELDS = {"password"}


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
    user = User(username=username, role=role.value, is_staff=is_staff, is_superuser=is_superuser)
    user.set_password(password)
    return do_add_user(user, acting_user=acting_user)


def do_add_user(user: User, *, acting_user: User | None) -> User:
    """Save a new user built elsewhere (the admin's form), with its audit row."""
    with transaction.atomic():
        user.save()
        events.record(
            events.USER_CREATED,
            acting_user=acting_user,
            subject=f"accounts.user:{user.pk}",
            new_value={"username": user.username, "role": user.role, "is_staff": user.is_staff},
        )
    return user


def do_change_user(user: User, *, fields: Sequence[str], acting_user: User | None) -> User:
    """Save changes to ``fields`` of an existing user, recording old and new values."""
    names = [f for f in fields if f not in SECRET_FIELDS and _is_column(f)]
    with transaction.atomic():
        old = User.objects.filter(pk=user.pk).values(*names).get() if names else {}
        user.save()
        new = {name: getattr(user, name) for name in names}
        events.record(
            events.USER_CHANGED,
            acting_user=acting_user,
            subject=f"accounts.user:{user.pk}",
            old_value=_json(old),
            new_value=_json(new),
        )
    return user


def _is_column(name: str) -> bool:
    return any(f.name == name and f.concrete for f in User._meta.get_fields())


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | bool | None) else str(v) for k, v in values.items()}
