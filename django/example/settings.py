"""Settings of the example project, driven by environment variables so tests and the end-to-end
harness can start it several times side by side (two Daphne processes on one Redis).

REDIS_URL           channels_redis layer (and shared ws_widgets state); unset: InMemoryChannelLayer
WS_LAYER_CAPACITY   channels_redis capacity (default 100); WS_HISTORY_SIZE: NOC frames kept for replay (1000)
WS_EXAMPLE_DB       sqlite file (default django/example/db.sqlite3)
DJANGO_SECRET_KEY, DJANGO_DEBUG=1, DJANGO_ALLOWED_HOSTS (comma separated)
WS_AUTH_MODE, WS_HEARTBEAT_INTERVAL, WS_HEARTBEAT_TIMEOUT, WS_MAX_CONNECTIONS_PER_USER,
WS_ALLOWED_ORIGINS (comma separated), WS_WIDGETS_DIST_DIR
"""

import os
from pathlib import Path

from example import csp

BASE_DIR = Path(__file__).resolve().parent


def _env_number(name: str, default: str) -> float:
    value = float(os.environ.get(name, default))
    return int(value) if value.is_integer() else value


def _env_list(name: str, default: str) -> list:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # First: its runserver replaces Django's, so `manage.py runserver` serves the sockets too.
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "channels",
    "ws_widgets",
    "example.apps.ExampleConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    csp.MIDDLEWARE,  # Django 6's own CSP middleware, or the example's on Django 5.2
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Read by Django 6's CSP middleware (Django 5.2 ignores it): a nonce-only script-src and Trusted Types.
SECURE_CSP = csp.POLICY

ROOT_URLCONF = "example.urls"
ASGI_APPLICATION = "example.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                *csp.CONTEXT_PROCESSORS,
            ],
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("WS_EXAMPLE_DB", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": {"timeout": 20},  # two Daphne processes share the file
    }
}

# Signed-cookie sessions: nothing to write per request, and every process can read them.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "noc"
LOGOUT_REDIRECT_URL = "login"

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("WS_EXAMPLE_STATIC_ROOT", str(BASE_DIR.parent / "staticfiles"))
STATICFILES_FINDERS = [
    # First: the repository's fresh `npm run build`, ahead of any copy in the app's static folder.
    "ws_widgets.finders.DistFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times reads out after 5 s by default, just when channels_redis' 5 s
                # BZPOPMIN wait for a message ends: a socket_timeout above it (channels_redis#422).
                # max_connections: redis-py 8's pool holds 100 and then raises MaxConnectionsError at
                # once; every socket's registry, stream and group calls share it, so a reconnect storm
                # of a few hundred sockets on one worker would exhaust it.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 10, "max_connections": 1000}],
                "prefix": os.environ.get("WS_REDIS_PREFIX", "ws-example"),
                # Left at channels_redis' 100: what a burst drops beyond it, each socket sends from the
                # history, four times faster than queueing it all in the layer (docs/django.md, "Fan-out
                # that does not drop"; the bench's Django part). WS_LAYER_CAPACITY to measure others.
                "capacity": int(os.environ.get("WS_LAYER_CAPACITY", "100")),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

USE_TZ = True
TIME_ZONE = "UTC"

WS_WIDGETS_AUTH_MODE = os.environ.get("WS_AUTH_MODE", "connect")
WS_WIDGETS_HEARTBEAT_INTERVAL = _env_number("WS_HEARTBEAT_INTERVAL", "30")
WS_WIDGETS_HEARTBEAT_TIMEOUT = _env_number("WS_HEARTBEAT_TIMEOUT", "300")
WS_WIDGETS_MAX_CONNECTIONS_PER_USER = int(os.environ.get("WS_MAX_CONNECTIONS_PER_USER", "20"))
WS_WIDGETS_HISTORY_SIZE = int(os.environ.get("WS_HISTORY_SIZE", "1000"))
if os.environ.get("WS_ALLOWED_ORIGINS"):
    WS_WIDGETS_ALLOWED_ORIGINS = _env_list("WS_ALLOWED_ORIGINS", "")
if os.environ.get("WS_WIDGETS_DIST_DIR"):
    WS_WIDGETS_DIST_DIR = os.environ["WS_WIDGETS_DIST_DIR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "ws_widgets": {"handlers": ["console"], "level": "INFO"},
        "example": {"handlers": ["console"], "level": "INFO"},
    },
}
