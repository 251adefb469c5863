"""What a user may do, read from their role (see `incare.accounts.roles`)."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.models import AnonymousUser

from incare.accounts.models import User
from incare.accounts.roles import ROLES, Role, RoleInfo
from incare.indicators.disclosure import Audience

Permission = Literal["may_see_children", "may_import", "may_read_audit"]


def role_info(user: User | AnonymousUser) -> RoleInfo | None:
    """The signed-in user's role, or None for anyone not signed in (or without a valid role)."""
    if not user.is_authenticated or not isinstance(user, User):
        return None
    try:
        return ROLES[Role(user.role)]
    except ValueError:
        return None


def has_permission(user: User | AnonymousUser, permission: Permission) -> bool:
    info = role_info(user)
    return info is not None and bool(getattr(info, permission))


def audience_for(user: User | AnonymousUser) -> Audience:
    """How a user sees figures (docs/disclosure-control.md): roles that may see children see
    them as analysts do; everyone else, councillors and system administrators among them,
    sees small numbers suppressed."""
    info = role_info(user)
    return "analyst" if info is not None and info.may_see_children else "councillor"
