"""Settings for Leg Cramp Guide.

Everything that differs between a laptop and production is read from the
environment here, in one place, with defaults that are safe for local use.
The README has a table of every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# The spellings README.md documents for a yes/no variable. Anything else
# (DJANGO_HTTPS=ture) stops start-up: a typo must never turn HTTPS off.
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of {', '.join(TRUE_WORDS)} "
        f"or {', '.join(FALSE_WORDS)} (or leave it unset for the default)."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run `make run`, which turns debug on."
        )
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"  # noqa: S105 (debug only)
# Previous keys, during a rotation: what they signed or sealed (the checker's
# answer cookie, password-reset links) still opens; new values use SECRET_KEY.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "Leg Cramp Guide")
# The region's numbers and service names (config/regions.py). The content
# follows NHS and NICE guidance, so the UK is the default.
SITE_REGION = os.environ.get("SITE_REGION", "uk").strip().lower()
if SITE_REGION not in ("uk", "us"):
    raise ImproperlyConfigured(f"SITE_REGION must be uk or us, not {SITE_REGION!r}.")
# Overrides the region's number (for example a test line); empty means the region's.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "").strip()
# The public address, used in canonical links, the sitemap and the feed when
# a page is rendered outside a request (for example in a management command).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise's runserver_nostatic keeps `runserver` serving files the
    # way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "axes",
    "articles",
    "checker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The header middleware comes before anything that can answer early
    # (static files, including whitenoise's 405s; the page cache, including
    # its 400s for a bad Host; request limits, CSRF, axes), so every answer
    # carries the headers. It costs microseconds, and none of it overwrites
    # a header already set, so a cached page's replayed headers stand.
    "config.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304s for every page, including those served from memory below.
    "django.middleware.http.ConditionalGetMiddleware",
    # Serves stored public pages before the middleware below runs; the
    # header middleware above adds nothing a stored page already carries.
    # See articles/page_cache.py.
    "articles.page_cache.PageCacheMiddleware",
    "config.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-axes must be last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # `make run`'s server handles requests in threads (the editor's presence
    # heartbeat beside a save): a transaction takes SQLite's write lock when
    # it begins, so two never deadlock half-way ("database is locked"), and
    # a writer waits up to 20 s for the other to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# Rendered pages, login lock-outs and rate limits live in the cache, so with
# more than one app server it must be shared: Redis when REDIS_URL is set,
# otherwise the database. A per-process memory cache is only for debug.

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_BACKEND = os.environ.get("DJANGO_CACHE", "redis" if REDIS_URL else ("locmem" if DEBUG else "database"))
if CACHE_BACKEND == "redis":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("DJANGO_CACHE must be redis, database or locmem.")

# Rendered public pages: each process keeps its own in memory ("pages"), and
# reads the shared content generation at most once a PAGE_CACHE_POLL_SECONDS
# to learn that they are stale (articles/page_generation.py). So an approval
# shows on every server within that bound, and through a proxy or browser
# cache within PAGE_MAX_AGE more (articles/cache_headers.py).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "public-pages",
    # Two entries a page (the page, and Django's list of its Vary headers);
    # pages are 15-60 KB.
    "OPTIONS": {"MAX_ENTRIES": 3000},
}
PAGE_CACHE_SECONDS = 600
PAGE_CACHE_POLL_SECONDS = float(os.environ.get("DJANGO_PAGE_CACHE_POLL_SECONDS", "1"))
PAGE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_MAX_AGE", "60"))
PAGE_STALE_WHILE_REVALIDATE = int(os.environ.get("DJANGO_PAGE_STALE_WHILE_REVALIDATE", "30"))

# --- Auth -------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A staff password-reset link works for an hour (config/staff_password_reset.py).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Proxies in front that append to X-Forwarded-For (0: none, the address is
# REMOTE_ADDR). config/client_ip.py reads it; login lock-outs and the
# feedback rate limit both count by that one address.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

# Lock a staff sign-in out after five failures for the same user name from
# the same address, and an address after twenty failures whatever the names
# (config/login_lockout.py). Attempts are stored in the database, so every
# server sees them.
AXES_HANDLER = "config.login_lockout.AccountAndAddressLockoutHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 1  # hours
# The order matters to config/login_lockout.py: the pair first, then the address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Content-hashed names, gzip and brotli copies, far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365


# --- Uploaded images (articles/images.py) ---------------------------------------
# Stored through STORAGES["default"]: the local file system under MEDIA_ROOT,
# which on more than one app server must be one shared volume (README,
# "Uploaded images"). whitenoise serves only static files: in production the
# reverse proxy serves MEDIA_ROOT at MEDIA_URL; Django serves it only in debug.

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
SERVE_MEDIA = DEBUG
IMAGE_MAX_BYTES = 5 * 1024 * 1024
# The upload form's requests may be larger than REQUEST_BODY_LIMIT: a picture
# somewhat over IMAGE_MAX_BYTES gets the form again with a clear message and
# the typed alt text, not a 413 page. Only the image library's admin pages.
UPLOAD_BODY_LIMIT = 4 * IMAGE_MAX_BYTES
UPLOAD_PATH_PREFIX = "/admin/articles/image/"

# --- Forms ------------------------------------------------------------------

# Our own GOV.UK-style pack in templates/lcg/ (see its README.md), styled by site.css.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("lcg",)
CRISPY_TEMPLATE_PACK = "lcg"

# --- Request limits ---------------------------------------------------------
# No form on this site needs more than a few kilobytes.

DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Checked first, from Content-Length alone: 413 with a clear page, before
# anything reads the body. Between the two limits Django answers 400 (also
# with a clear page, templates/400.html) once it starts parsing.
REQUEST_BODY_LIMIT = int(os.environ.get("DJANGO_REQUEST_BODY_LIMIT", str(1024 * 1024)))

# --- Security ---------------------------------------------------------------
# HTTPS settings follow DJANGO_HTTPS, which is on whenever debug is off.

HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day for staff
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# No inline script or style anywhere, and nothing from another host. The
# admin runs under this same policy: Django 5.2's admin needs no exception
# (tests/test_csp_browser.py visits its pages in Chromium and proves it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Email ------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Leg Cramp Guide <editors@localhost>")

# --- Logging ----------------------------------------------------------------
# Logs go to standard error for the process manager to collect. The filter
# and the formatter remove query strings from logged request lines and
# tracebacks, and no handler writes form data: no reader's search or checker
# answer is ever written to a log. Errors carry method, path and traceback.
# (Django's default mail_admins handler, which would mail the POST data, is
# left out on purpose.)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "config.logging.StripQueryStringFilter"}},
    "formatters": {
        "plain": {
            "()": "config.logging.RequestFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s%(request_context)s",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["strip_query"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
