"""Settings for dangbo. Everything is read from the environment; nothing exists only in production."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANGBO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DANGBO_DEBUG", False)
SECRET_KEY = os.environ.get("DANGBO_SECRET_KEY", "")
if not SECRET_KEY:
    # A local key for the embedded demo and the tests; production sets DANGBO_SECRET_KEY
    # (the deploy check `manage.py check --deploy` refuses this value).
    SECRET_KEY = "django-insecure-dangbo-local-only-change-me-in-production-0123456789"
ALLOWED_HOSTS = env_list("DANGBO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DANGBO_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "csp",
    "ninja",  # serves the API docs' Swagger assets from our own static files (the strict CSP forbids a CDN)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.organizations",
    "apps.accounts",
    "apps.members",
    "apps.targets",
    "apps.study",
    "apps.ratings",
    "apps.meetings",
    "apps.documents",
    "apps.portal",
    "apps.search",
    "apps.handbook",
]
if env_bool("DANGBO_ADMIN", False):
    INSTALLED_APPS.insert(0, "django.contrib.admin")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangbo.urls"
WSGI_APPLICATION = "dangbo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "apps.core.context_processors.dangbo",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangbo.sqlite3'}"),
        conn_max_age=int(os.environ.get("DANGBO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organizations:tree"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DANGBO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
# Vietnamese first: the browser's Accept-Language is ignored unless this is set; the language switch decides.
DANGBO_HONOR_ACCEPT_LANGUAGE = env_bool("DANGBO_HONOR_ACCEPT_LANGUAGE", False)
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off, so ids in URLs and forms print as plain digits (1870, not 1.870); counts shown to people use
# |intcomma, which groups them the Vietnamese way (1.870) or the English way (1,870).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["dangbo.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DANGBO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # the data directory is the app's own; whitenoise expects it
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DANGBO_STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Sessions and cookies: secure by default, relaxed only for plain-HTTP local runs.
SECURE_COOKIES = env_bool("DANGBO_SECURE_COOKIES", not DEBUG and env_bool("DANGBO_HTTPS", False))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DANGBO_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DANGBO_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content Security Policy: no inline script or style, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DANGBO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

CACHES = {
    "default": (
        {"BACKEND": "apps.core.cache.RedisCache", "LOCATION": os.environ["DANGBO_REDIS_URL"]}
        if os.environ.get("DANGBO_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if os.environ.get("DANGBO_REDIS_URL"):
    # sessions read from the shared cache, written through to the database
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Rendered main pages kept per reader until something they can see changes (apps/core/pagecache.py). Needs a
# cache shared by every process that serves pages or writes, so it is on only with Redis unless set.
DANGBO_PAGE_CACHE = os.environ.get("DANGBO_PAGE_CACHE", "1" if os.environ.get("DANGBO_REDIS_URL") else "0") == "1"
DANGBO_PAGE_CACHE_SECONDS = int(os.environ.get("DANGBO_PAGE_CACHE_SECONDS", "600"))

# Imports above this many rows run as a background task with progress.
DANGBO_IMPORT_BACKGROUND_ROWS = int(os.environ.get("DANGBO_IMPORT_BACKGROUND_ROWS", "2000"))
# The place in an official report's date line ("Sóc Trăng, ngày …"); empty: the province named in the body's name.
DANGBO_REPORT_PLACE = os.environ.get("DANGBO_REPORT_PLACE", "")

# Reminders by e-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("DANGBO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DANGBO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DANGBO_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DANGBO_EMAIL_FROM", "dangbo@localhost")
DANGBO_SCOPE_PROVIDER = "apps.accounts.scoping.organization_ids_for"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGBO_LOG_LEVEL", "WARNING")},
}
