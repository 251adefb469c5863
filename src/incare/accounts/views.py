"""Signing in and out, with Django's auth views and our templates."""

from __future__ import annotations

import logging
from typing import Any

from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError

from incare.accounts.forms import SignInForm
from incare.accounts.lockout import client_address, do_record_sign_in
from incare.accounts.oidc import SignInRefused, find_user, id_token_checks, provider
from incare.core.access import public

logger = logging.getLogger(__name__)

NEXT = "incare_sso_next"
ENTRA_BACKEND = "incare.accounts.oidc.EntraBackend"


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


@public
def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the person to their council's sign-in page (OpenID Connect, code flow + PKCE)."""
    if not settings.INCARE_SSO_ENABLED:
        raise Http404
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[NEXT] = next_url if safe else ""
    callback = request.build_absolute_uri(reverse("oidc-callback"))
    try:
        return provider().authorize_redirect(request, callback)
    except OSError:
        logger.exception("single sign-on: the provider could not be reached")
        return _refuse(request, "Your council's sign-in service could not be reached. Try again.")


@public
def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: verify it, find the incare user, sign them in."""
    if not settings.INCARE_SSO_ENABLED:
        raise Http404
    try:
        client = provider()
        token = client.authorize_access_token(request, claims_options=id_token_checks(client))
        user = find_user(dict(token["userinfo"]))
    except SignInRefused as refused:
        return _refuse(request, str(refused))
    except (AuthlibBaseError, JoseError, OSError, KeyError) as error:
        # A refused or forged answer, a state that is not ours, or a provider out of reach
        # (requests' errors are OSErrors): logged for the administrator, explained to the user.
        logger.warning("single sign-on refused: %s", error)
        return _refuse(request, "Signing in with your council account did not work. Try again.")
    next_url = request.session.pop(NEXT, "")
    login(request, user, backend=ENTRA_BACKEND)
    do_record_sign_in(user, method="oidc", ip_address=client_address(request))
    return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("login")
