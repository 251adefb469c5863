from django.urls import path

from incare.accounts import views

urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    # Single sign-on (404 unless configured): docs/sign-in.md.
    path("sign-in/sso/", views.sso_start, name="oidc-sign-in"),
    path("sign-in/sso/callback/", views.sso_callback, name="oidc-callback"),
]
