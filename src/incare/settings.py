"""The one settings module, driven by environment variables (documented in docs/configuration.md).

INCARE_ENV selects the posture: ``development`` (the default, also used by the demo) and
``test`` use a fixed, clearly insecure key and accept only localhost; ``production`` refuses to
start without INCARE_SECRET_KEY and INCARE_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

ENVIRONMENT = os.environ.get("INCARE_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"INCARE_ENV must be development, test or production, not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"


def get_mandatory(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when INCARE_ENV=production")
    return value


DATA_DIR = Path(os.environ.get("INCARE_DATA_DIR", "var")).resolve()

if PRODUCTION:
    SECRET_KEY = get_mandatory("INCARE_SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in get_mandatory("INCARE_ALLOWED_HOSTS").split(",")]
    DEBUG = False
else:
    # Never used in production (see above); fixed so sessions survive a restart of the demo.
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    DEBUG = os.environ.get("INCARE_DEBUG", "0") == "1"

# The local authority this installation serves (DfE LA number, e.g. 877 for Warrington).
# Children are keyed by (local authority, child id) so a regional hub can pool later.
LOCAL_AUTHORITY_CODE = os.environ.get("INCARE_LA_CODE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "incare.accounts",
    "incare.audit",
    "incare.children",
    "incare.returns",
    "incare.strategies",
    "incare.records",
    "incare.reports",
    "incare.worklists",
    "incare.indicators_web",
    "incare.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (with a nonce per request) and Permissions-Policy.
    "incare.core.middleware.SecurityHeadersMiddleware",
    # Signs out after INCARE_SESSION_IDLE_MINUTES idle or INCARE_SESSION_MAX_HOURS in all.
    "incare.accounts.sessions.SessionTimeoutMiddleware",
]

ROOT_URLCONF = "incare.urls"
WSGI_APPLICATION = "incare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "incare.core.navigation.navigation",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    # The embedded default: SQLite cannot create its folder, so a fresh clone's first
    # `incare migrate` would fail without this.
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'incare.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Imports are long write transactions; wait for them rather than fail with "locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Figures the server's processes share (``incare.core.snapshot``): the authority's frames and
# results, pickled per data version and removed when the data changes. Not in tests, which
# must not write children's frames into the working tree (their own tests set a folder).
FIGURES_DIR: Path | None = (
    None
    if ENVIRONMENT == "test"
    else Path(os.environ.get("INCARE_FIGURES_DIR", DATA_DIR / "figures"))
)
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


# Sign-in (docs/sign-in.md). Argon2id, at OWASP's parameters, for new and changed passwords;
# PBKDF2 is kept only to check, and then upgrade, hashes made before Argon2 was the default.
PASSWORD_HASHERS = [
    "incare.accounts.hashers.IncareArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "incare.accounts.backends.LockoutModelBackend",
    "incare.accounts.oidc.EntraBackend",
]
INCARE_LOCKOUT_MINUTES = _int_env("INCARE_LOCKOUT_MINUTES", 15)
INCARE_LOCKOUT_USER_FAILURES = _int_env("INCARE_LOCKOUT_USER_FAILURES", 5)
INCARE_LOCKOUT_ADDRESS_FAILURES = _int_env("INCARE_LOCKOUT_ADDRESS_FAILURES", 50)
# How many reverse proxies in front add X-Forwarded-For (0: the client connects directly).
INCARE_PROXY_COUNT = _int_env("INCARE_PROXY_COUNT", 0)
INCARE_SESSION_IDLE_MINUTES = _int_env("INCARE_SESSION_IDLE_MINUTES", 30)
INCARE_SESSION_MAX_HOURS = _int_env("INCARE_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = INCARE_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Single sign-on with OpenID Connect (Microsoft Entra ID): on when a client id is given.
INCARE_OIDC_CLIENT_ID = os.environ.get("INCARE_OIDC_CLIENT_ID", "").strip()
INCARE_OIDC_CLIENT_SECRET = os.environ.get("INCARE_OIDC_CLIENT_SECRET", "").strip()
INCARE_ENTRA_TENANT_ID = os.environ.get("INCARE_ENTRA_TENANT_ID", "").strip()
# Entra's discovery document for the tenant; another provider (or a test's) can be named.
INCARE_OIDC_METADATA_URL = os.environ.get("INCARE_OIDC_METADATA_URL", "").strip() or (
    f"https://login.microsoftonline.com/{INCARE_ENTRA_TENANT_ID}"
    "/v2.0/.well-known/openid-configuration"
)
INCARE_SSO_ENABLED = bool(INCARE_OIDC_CLIENT_ID)
INCARE_SSO_NAME = os.environ.get("INCARE_SSO_NAME", "").strip() or "your council account"
if INCARE_SSO_ENABLED and not (INCARE_OIDC_CLIENT_SECRET and INCARE_ENTRA_TENANT_ID):
    raise ImproperlyConfigured(
        "INCARE_OIDC_CLIENT_ID is set: INCARE_OIDC_CLIENT_SECRET and INCARE_ENTRA_TENANT_ID "
        "must be set too (docs/sign-in.md)"
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production is served over HTTPS only: browsers are told to keep to it for a year (HSTS).
SECURE_HSTS_SECONDS = _int_env("INCARE_HSTS_SECONDS", 31_536_000) if PRODUCTION else 0
SECURE_SSL_REDIRECT = PRODUCTION and os.environ.get("INCARE_SSL_REDIRECT", "1") != "0"
if os.environ.get("INCARE_TLS_PROXY", "0") == "1":
    # Only behind a proxy that terminates TLS and always sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail (the daily worklist digest, docs/worklists.md): printed to the console unless
# INCARE_EMAIL_HOST names an SMTP server.
INCARE_EMAIL_HOST = os.environ.get("INCARE_EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if INCARE_EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = INCARE_EMAIL_HOST or "localhost"
EMAIL_PORT = _int_env("INCARE_EMAIL_PORT", 587)
EMAIL_USE_TLS = True
EMAIL_HOST_USER = os.environ.get("INCARE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("INCARE_EMAIL_PASSWORD", "")
DEFAULT_FROM_EMAIL = os.environ.get("INCARE_EMAIL_FROM", "incare@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INCARE_LOG_LEVEL", "WARNING")},
}
