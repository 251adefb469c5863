"""Signing in and out, with Django's auth views and our templates."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from incare.core.access import public

sign_in = public(
    auth_views.LoginView.as_view(
        template_name="core/sign_in.html", redirect_authenticated_user=True
    )
)
# Django's LogoutView only accepts POST, so signing out cannot be triggered by a link.
sign_out = public(auth_views.LogoutView.as_view())
