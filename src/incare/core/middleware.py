"""Response headers every page carries that Django 5.2 does not set itself.

Content-Security-Policy: Django 5.2 has none built in (6.0 adds one), and the policy incare
needs is one line, so a small middleware is clearer than a dependency. Each response gets a
fresh nonce for GOV.UK Frontend's one inline start-up script; every other script, style,
font and image comes from our own origin. Django's SecurityMiddleware and
XFrameOptionsMiddleware set the rest (nosniff, Referrer-Policy, HSTS, X-Frame-Options).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy with a per-request nonce (``request.csp_nonce``), and
    Permissions-Policy turning off browser features no page uses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        # A view that needs a different policy sets its own header, which is kept.
        response.headers.setdefault("Content-Security-Policy", POLICY.format(nonce=nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
