"""Every view says who may see it, with exactly one of these decorators.

`tests/integration/test_access.py` walks the URL map and fails for any view without one,
so a new page cannot be added open by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from incare.accounts.queries import Permission, has_permission

View = TypeVar("View", bound=Callable[..., HttpResponseBase])

ACCESS = "incare_access"
"""The attribute the decorators set on a view: who may see it, in words."""
PERMISSION = "incare_permission"
"""Set by `requires`: the permission a view needs, for tests that walk the URL map by role."""


def _declare(view: View, who: str) -> View:
    setattr(view, ACCESS, who)
    return view


def public(view: View) -> View:
    """Anyone, signed in or not (the sign-in page itself)."""
    return _declare(view, "anyone")


def signed_in(view: View) -> View:
    """Any signed-in user, whatever their role: pages of aggregate figures."""
    return _declare(login_required(view), "any signed-in user")


def requires(permission: Permission) -> Callable[[View], View]:
    """Signed-in users whose role grants ``permission``; others get 403 Forbidden."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = cast(View, login_required(checked))
        setattr(guarded, PERMISSION, permission)
        return _declare(guarded, f"roles with {permission}")

    return decorate
