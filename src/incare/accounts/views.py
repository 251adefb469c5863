"""Signing in and out, with Django's auth views and our templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views

from incare.accounts.forms import SignInForm
from incare.core.access import public


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.INCARE_SSO_ENABLED
        context["sso_name"] = settings.INCARE_SSO_NAME
        return context


sign_in = public(SignInView.as_view())
# Django's LogoutView only accepts POST, so signing out cannot be triggered by a link.
sign_out = public(auth_views.LogoutView.as_view())
