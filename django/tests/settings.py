"""Test settings: the example project, made independent of the environment it runs in."""

from example.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only

WS_WIDGETS_AUTH_MODE = "connect"
WS_WIDGETS_HEARTBEAT_INTERVAL = 30
WS_WIDGETS_HEARTBEAT_TIMEOUT = 300
WS_WIDGETS_MAX_CONNECTIONS_PER_USER = None
WS_WIDGETS_STORE = "auto"
for _name in ("WS_WIDGETS_ALLOWED_ORIGINS", "WS_WIDGETS_DIST_DIR"):
    globals().pop(_name, None)

LOGGING = {"version": 1, "disable_existing_loggers": False, "loggers": {"ws_widgets": {"level": "CRITICAL"}}}
