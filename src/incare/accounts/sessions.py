"""Sessions that end: after ``INCARE_SESSION_IDLE_MINUTES`` without a request, and at the
latest ``INCARE_SESSION_MAX_HOURS`` after signing in, whatever the activity.

Django alone offers one cookie age; we need both limits, checked on the server (a cookie's
expiry is only advice to the browser). The times are kept in the session itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase

SIGNED_IN_AT = "incare_signed_in_at"
LAST_SEEN = "incare_last_seen"
# Writing the session on every request would cost a database write per page; a minute's
# precision is plenty for a limit counted in tens of minutes.
LAST_SEEN_PRECISION = 60


def stamp_new_session(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """On ``user_logged_in`` (every way of signing in): start both clocks."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> str | None:
        now = time.time()
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.setdefault(LAST_SEEN, now)
        idle_minutes = settings.INCARE_SESSION_IDLE_MINUTES
        max_hours = settings.INCARE_SESSION_MAX_HOURS
        if now - last_seen > idle_minutes * 60:
            return f"You were signed out after {idle_minutes} minutes without activity."
        if now - signed_in_at > max_hours * 3600:
            return f"You were signed out because you signed in more than {max_hours} hours ago."
        if now - last_seen > LAST_SEEN_PRECISION:
            session[LAST_SEEN] = now
        return None
