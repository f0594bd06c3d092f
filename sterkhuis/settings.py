"""Settings of the Sterk Huis portal, configured by environment variables.

Defaults give a working local site on SQLite with DEBUG on. With DEBUG off the
site refuses to start without SECRET_KEY and ALLOWED_HOSTS, so a production
deployment cannot run on a development key by accident. `.env.example` lists
every variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; empty or unset gives `default`. A value it does not
    know is refused: a typo must not switch a security setting off."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r}: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    """A whole number; empty or unset gives `default`. Anything else is
    refused rather than guessed: "30s" or "1.5" would otherwise stop the
    site with a bare ValueError that names no variable."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r}: use a whole number, e.g. {default}."
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# Set only by the test suite's settings (sterkhuis/settings_test.py): they
# run without SECRET_KEY or ALLOWED_HOSTS and with test-only values.
TESTING = env_bool("DJANGO_TESTING")

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not DEBUG and not TESTING:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
if not SECRET_KEY:
    # Only reachable with DEBUG on or under the test runner.
    SECRET_KEY = "insecure-development-key-never-use-in-production"
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# The address of the site in links of e-mails (and their Message-ID's
# domain). Without it in production every link would point at a
# development address, so it is required like SECRET_KEY.
SITE_URL = env_str("SITE_URL").strip().rstrip("/")
if not DEBUG and not TESTING and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off (e.g. https://portaal.sterkhuis.nl)."
    )
if SITE_URL and urlsplit(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r}: use http:// or https://.")
SITE_URL = SITE_URL or "http://127.0.0.1:8000"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin with the portal's admin site (core/sites.py).
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # PostgreSQL's full-text search (guidance/search.py); harmless on SQLite.
    "django.contrib.postgres",
    "django_tasks_db",
    # Every mail: stored, delivered by the task worker, retried (outbox/).
    "outbox",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Permissions as rules over the roles: loads each app's rules.py.
    "rules.apps.AutodiscoverRulesConfig",
    # Task helpers and read-only admin mixins that every app uses.
    "core",
    "accounts",
    "policy",
    "compliance",
    "reporting",
    # Published questions and search over the richtlijnen (/vragen/, /zoeken/).
    "guidance",
    # The datalekregister of the privacy officer.
    "datalek",
    # Charts, the management report, the audit dossier, the evidence check.
    "insight",
    # Audit log of security events (append-only, read by superusers).
    "audit",
    # The project itself, for the commands that fill every app (`demo`).
    "sterkhuis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Remembers the current request for audit entries; before anything that
    # can refuse a request (CSRF, login, rate limits).
    "audit.middleware.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sterkhuis.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Keeps uploads whose names clean down to nothing; before CSRF reads POST.
    "reporting.middleware.UploadNameMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Idle sessions end, the admin needs a second factor, and pages with
    # personal data are never cached (see the blocks below).
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
    # Partners in zorg log in with a code: no password pages for them.
    "accounts.partner_middleware.PartnerPasswordMiddleware",
    "sterkhuis.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "sterkhuis.urls"
WSGI_APPLICATION = "sterkhuis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.partner",
                "policy.context_processors.navigation",
                "compliance.context_processors.navigation",
                "datalek.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writes take the lock when their transaction begins, and a second writer
    # waits for it (up to SQLITE_TIMEOUT seconds) instead of failing at once
    # with "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": env_int("SQLITE_TIMEOUT", 20)}
    )
if env_bool("DB_POOL") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg's connection pool instead of persistent connections: each
    # gunicorn worker keeps a few open connections ready.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 1),
        "max_size": env_int("DB_POOL_MAX", 4),
        "timeout": 5,
    }

AUTH_USER_MODEL = "accounts.User"
# has_perm asks the rules of each app's rules.py (core.permissions, django-
# rules' ObjectPermissionBackend; first, as a rule's "no" is final) and the
# groups' model permissions (ModelBackend); see docs/architecture.md.
AUTHENTICATION_BACKENDS = [
    "core.permissions.RuleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: log in with e-mail and password; accounts come from HR, never from
# a public sign-up form (see accounts.adapters).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset for an address without an account mails nothing: the portal
# does not send mail to outsiders on anyone's request.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sterk Huis] "
# Counted in the shared cache (the database, or Redis with REDIS_URL), so the
# limits hold across all workers and servers. The "key" of login_failed is the
# account and client address together (accounts.adapters.AccountAdapter): an
# outsider guessing cannot lock a colleague out; the per-IP limit still holds.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    # Login by code: asking for a code, per IP and per address and client
    # together (accounts.forms.RequestLoginCodeForm), so that requests from
    # elsewhere never use up a partner's own; plus a cap per address over all
    # clients, above what one client can reach (3 per 5 minutes is 36 an hour).
    "request_login_code": "20/m/ip,3/300s/key",
    "request_login_code_address": "60/h/key",
}
ACCOUNT_FORMS = {"request_login_code": "accounts.forms.RequestLoginCodeForm"}
# Login by code (partners in zorg have no password; staff may use it too and
# still need their second factor). The code is valid for 15 minutes: long
# enough to open the mail on a phone; three wrong codes and a new one is needed.
# An unknown or inactive address gets the same page and no mail at all.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A partnership that ended: name and address anonymised after this many days.
PARTNER_RETENTION_DAYS = env_int("PARTNER_RETENTION_DAYS", 365)

# Single sign-on with Microsoft Entra ID (OpenID Connect), on only when
# configured. It signs in existing, active accounts by their verified e-mail
# address and creates none (accounts.adapters.SocialAccountAdapter).
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# Connect the Entra identity to the account with the same address on the first
# login, so later logins match on Entra's object ID.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# A GET on the provider's login URL shows allauth's "continue?" page instead
# of leaving for Entra: starting a login from a plain link would let any site
# send a signed-in user through a login of its choosing. The login page posts
# a form (with a CSRF token), which skips that page.
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False


def entra_app(
    *, client_id: str, secret: str, server_url: str, name: str = "Microsoft"
) -> dict:
    """The allauth OpenID Connect app for Entra ID (provider id "entra")."""
    return {
        "provider_id": "entra",
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": server_url,
            # Claims come from the ID token only (checked by
            # accounts.entra.views); the userinfo endpoint adds nothing we use.
            "fetch_userinfo": False,
            # Entra's object ID: the same for this person in every app of the
            # tenant, unlike `sub`, so a new app registration keeps the links.
            "uid_field": "oid",
            "token_auth_method": "client_secret_post",
            "oauth_pkce_enabled": True,
            # Match an account by its e-mail address only for this provider,
            # whose addresses we trust when verified (see
            # accounts.entra.provider.claims_email_verified).
            "email_authentication": True,
        },
    }


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


ENTRA_TENANT_ID = env_str("ENTRA_TENANT_ID")
ENTRA_CLIENT_ID = env_str("ENTRA_CLIENT_ID")
ENTRA_CLIENT_SECRET = env_str("ENTRA_CLIENT_SECRET")
ENTRA_SERVER_URL = env_str("ENTRA_SERVER_URL") or (
    f"https://login.microsoftonline.com/{ENTRA_TENANT_ID}/v2.0"
    if ENTRA_TENANT_ID
    else ""
)
SSO_ENABLED = bool(ENTRA_CLIENT_ID)
if SSO_ENABLED and not (ENTRA_CLIENT_SECRET and ENTRA_SERVER_URL):
    raise ImproperlyConfigured(
        "ENTRA_CLIENT_ID needs ENTRA_CLIENT_SECRET and ENTRA_TENANT_ID "
        "(or ENTRA_SERVER_URL)."
    )
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # Adds a nonce, a signature check on every ID token and Entra's
        # verified-address claim to allauth's generic provider.
        "provider_class": "accounts.entra.provider.EntraProvider",
        "APPS": [
            entra_app(
                client_id=ENTRA_CLIENT_ID,
                secret=ENTRA_CLIENT_SECRET,
                server_url=ENTRA_SERVER_URL,
            )
        ]
        if SSO_ENABLED
        else [],
    }
}

# --- Two-factor authentication (allauth.mfa) ---------------------------------
# TOTP apps and recovery codes. Everyone who can open the admin must have a
# TOTP authenticator (accounts.middleware.StaffMFAMiddleware). Passkeys are
# left out: WebAuthn needs HTTPS (or an exception for localhost), a JavaScript
# flow and a second kind of authenticator to support.
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sterk Huis"
# Also accept the code of the previous and the next 30-second period: a phone
# clock a little off, or a code typed just as it changes, still works.
MFA_TOTP_TOLERANCE = 1

# --- Sessions ------------------------------------------------------------------
# A logged-in session ends after this many seconds without a request. Its
# expiry is moved forward at most once a minute (accounts.sessions and
# accounts.middleware.SessionIdleTimeoutMiddleware), so reading pages does
# not write the session on every request.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 45 * 60)
SESSION_IDLE_REFRESH = 60

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One shape for dates in the portal, the admin and the exports.
FORMAT_MODULE_PATH = ["sterkhuis.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

if env_str("S3_BUCKET"):
    # Uploads in S3-compatible object storage, so several app servers share
    # them; files stay private (signed, short-lived URLs are never handed out:
    # the portal streams them itself).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "file_overwrite": False,
            "location": env_str("S3_PREFIX", "media"),
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if EMAIL_BACKEND.endswith(".smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
elif EMAIL_BACKEND.endswith(".filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
del EMAIL_BACKEND  # Django 6.1 refuses the old EMAIL_* settings beside MAILERS.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portaal@sterkhuis.nl")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds between the attempts to deliver a mail (outbox/delivery.py): the
# first retry within a minute, then growing, 28 hours in all; after the last
# the message is marked failed and reported.
MAIL_RETRY_DELAYS = [
    int(s)
    for s in env_list(
        "MAIL_RETRY_DELAYS",
        ["45", "120", "300", "900", "1800", "3600", "7200", "14400", "28800", "43200"],
    )
]

# Mail and other slow work go through django.tasks: run at once in
# development and tests, queued in the database for a worker in production.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG or TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache",
    }
    if not env_str("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
}

# Security headers. The CSP allows only our own scripts and styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
if SSO_ENABLED:
    # form-action also governs the redirect that follows a form post: the
    # login button posts here and is redirected to Entra's authorize URL.
    SECURE_CSP["form-action"].append(origin(ENTRA_SERVER_URL))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 9)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY"):
    # The proxy terminates TLS and says so in this header; trust it only
    # when we are told the proxy is there.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's default config gives the "django" logger a console handler of
    # its own (with DEBUG on) and one that mails the admins; its records
    # propagate to the root's handler as well, so every line (the task
    # worker's too) was printed twice. Errors go to the log, not by mail
    # outside the outbox.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# Checking the files of one post (decoding and re-encoding images, parsing
# PDFs) stops after this many seconds, a PDF after UPLOAD_PDF_SECONDS: well
# under the worker's timeout (GUNICORN_TIMEOUT, 30).
UPLOAD_CHECK_SECONDS = env_int("UPLOAD_CHECK_SECONDS", 10)
UPLOAD_PDF_SECONDS = env_int("UPLOAD_PDF_SECONDS", 3)

# The files of a refused signal form wait this long for the next try; then
# they (and stored files no row claims) are deleted by purge_signals.
PENDING_FILE_SECONDS = env_int("PENDING_FILE_SECONDS", 3600)

# Closed signals are deleted (with their files) this many days after closing.
SIGNAL_RETENTION_DAYS = env_int("SIGNAL_RETENTION_DAYS", 365)

# Breach records are evidence: closed ones are kept this many days (5 years),
# then removed by `manage.py purge_datalekken`.
DATALEK_RETENTION_DAYS = env_int("DATALEK_RETENTION_DAYS", 1826)

# Audit log: entries are kept this many days (5 years), then removed by
# `manage.py purge_audit`. Refused forms (CSRF) are recorded there too.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 1826)
CSRF_FAILURE_VIEW = "audit.views.csrf_failure"
# Proxies in front of the site that append to X-Forwarded-For. allauth takes
# the client address from that header behind this many proxies (for its login
# rate limits) and the audit log uses the same address; 0 means REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
