"""System checks (run by `manage.py check`, `runserver`, `migrate` and the test runner) for what projects forget.

Each of these mistakes otherwise shows up late and far from its cause: a blank page, sockets answered with 404, a
broadcast that reaches nobody, an exception in the first consumer that reads a setting. Errors for what breaks the app;
warnings for what is probably wrong but can be meant (SILENCED_SYSTEM_CHECKS). Settings ws_widgets reads must be in
`conf.DEFAULTS`, or W003 calls them typos.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from . import conf

TAG = "ws_widgets"
BUNDLE = "ws-widgets/ws-widgets.js"
PREFIX = "WS_WIDGETS_"
STORES = ("auto", "redis", "local")
DOTTED_PATHS = ("POLICY", "TOKEN_VALIDATOR")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _positive(value: Any) -> bool:
    return _number(value) and value > 0


def _count(value: Any) -> bool:
    return _positive(value) and isinstance(value, int)


def _choice(*options: Any) -> Callable[[Any], bool]:
    return lambda value: type(value) in (str, int) and value in options


# Setting name (without the prefix) -> (accepts the value, what to write instead).
RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "TOKEN_VALIDATOR": (lambda v: isinstance(v, str) and "." in v, "a dotted path to a function"),
    "TOKEN_MAX_AGE": (lambda v: _positive(v) or (isinstance(v, timedelta) and v > timedelta(0)), "seconds, e.g. 3600"),
    "TOKEN_COOKIE": (lambda v: isinstance(v, str) and bool(v), 'a cookie name, e.g. "ws_token"'),
    # A deprecated name passes here; check_deprecated_auth_mode (W004) says which name replaces it.
    "AUTH_MODE": (
        _choice(*conf.AUTH_MODES, *conf.DEPRECATED_AUTH_MODES),
        " or ".join(f'"{mode}"' for mode in conf.AUTH_MODES),
    ),
    "AUTH_CLOSE_CODE": (_choice(4001, 4401), "4001 or 4401, the close codes the widgets take as refused credentials"),
    "ALLOWED_ORIGINS": (
        lambda v: v is None or (isinstance(v, (list, tuple)) and all(isinstance(o, str) for o in v)),
        'a list such as ["https://example.com"], or None for ALLOWED_HOSTS',
    ),
    "ALLOW_MISSING_ORIGIN": (lambda v: isinstance(v, bool), "True or False"),
    "HEARTBEAT_INTERVAL": (_positive, "seconds above 0, e.g. 30"),
    "HEARTBEAT_TIMEOUT": (lambda v: v is None or (_number(v) and v >= 0), "seconds, e.g. 300 (0 or None: never)"),
    "MAX_CONNECTIONS_PER_USER": (lambda v: v is None or _count(v), "a whole number above 0, or None for no cap"),
    "MAX_FRAME_BYTES": (_count, "a whole number of bytes above 0, e.g. 65536"),
    "MAX_FRAME_DEPTH": (lambda v: v is None or _count(v), "a whole number of levels above 0, e.g. 32, or None"),
    "RATE_LIMIT_BURST": (lambda v: v is None or _positive(v), "frames above 0, e.g. 120, or None for no limit"),
    "RATE_LIMIT_PER_SECOND": (_positive, "frames per second above 0, e.g. 20"),
    "MAX_SUBSCRIPTIONS_PER_SOCKET": (lambda v: v is None or _count(v), "a whole number above 0, or None for no cap"),
    "AUTH_TIMEOUT": (lambda v: v is None or _positive(v), "seconds above 0, e.g. 10, or None for no deadline"),
    "MAX_UNAUTHENTICATED_PER_ADDRESS": (lambda v: v is None or _count(v), "a whole number above 0, or None"),
    "POLL_LOG_SIZE": (_count, "a whole number of frames above 0, e.g. 200"),
    "POLL_LOG_TTL": (_positive, "seconds above 0, e.g. 86400"),
    "ALERT_RETENTION": (lambda v: v is None or _positive(v), "seconds above 0, e.g. 2592000, or None to keep alerts"),
    "HISTORY_SIZE": (_count, "a whole number of frames, at least 1000 as PROTOCOL.md asks, e.g. 1000"),
    "HISTORY_TTL": (_positive, "seconds above 0, e.g. 604800"),
    "STREAM_CHECK_INTERVAL": (_positive, "seconds above 0, e.g. 2"),
    "PUBLISH_RETRY": (lambda v: _number(v) and v >= 0, "seconds, e.g. 15 (0: no retry)"),
    "STORE": (_choice(*STORES), " or ".join(f'"{store}"' for store in STORES)),
    "POLICY": (lambda v: isinstance(v, str) and "." in v, "a dotted path to a class"),
    "DIST_DIR": (
        lambda v: v is None or isinstance(v, (str, os.PathLike)),
        "the folder `npm run build` writes, or None",
    ),
}


def _default_backend() -> Any:
    """CHANNEL_LAYERS["default"]["BACKEND"], or None wherever the shape is wrong."""
    layers = getattr(settings, "CHANNEL_LAYERS", None)
    default = layers.get("default") if isinstance(layers, dict) else None
    return default.get("BACKEND") if isinstance(default, dict) else None


def check_channel_layers(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: without a default channel layer no broadcast reaches a socket and group joins fail."""
    if _default_backend():
        return []
    return [
        checks.Error(
            'CHANNEL_LAYERS has no "default" layer with a BACKEND: ws_widgets sockets cannot join groups and '
            "send_alert() / broadcast() reach no one.",
            hint='Add CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}} for one '
            'process, or "channels_redis.core.RedisChannelLayer" with "CONFIG": {"hosts": ["redis://127.0.0.1:6379"]} '
            "for several.",
            id="ws_widgets.E001",
        )
    ]


def check_bundle(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E002: `{% ws_widgets_script %}` points at a file no finder has, so the page renders without widgets."""
    try:
        if any(finders.find(BUNDLE, find_all=True)):  # DistFinder answers None, not [], for a miss
            return []
    except (ImproperlyConfigured, TypeError):  # a broken finder entry or DIST_DIR: staticfiles' checks or E003 say it
        return []
    return [
        checks.Error(
            f'The static finders do not find "{BUNDLE}": pages using {{% ws_widgets_script %}} load no widgets.',
            hint='Keep "django.contrib.staticfiles.finders.AppDirectoriesFinder" in STATICFILES_FINDERS (the '
            "installed package ships the bundle in its static folder); in a source checkout run `npm run build` "
            'and add "ws_widgets.finders.DistFinder" (it serves dist/, or WS_WIDGETS_DIST_DIR).',
            id="ws_widgets.E002",
        )
    ]


def check_setting_values(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E003: a wrong type fails only when a consumer first reads it, or silently misbehaves (a string of
    origins is read character by character)."""
    errors: list[checks.CheckMessage] = []
    for name, (valid, expected) in RULES.items():
        value = conf.get(name)
        if not valid(value):
            errors.append(
                checks.Error(
                    f"{PREFIX}{name} = {value!r} is not valid.",
                    hint=f"Set {PREFIX}{name} to {expected}, or remove it for the default {conf.DEFAULTS[name]!r}.",
                    id="ws_widgets.E003",
                )
            )
    return errors


def check_dotted_paths(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E004: the policy and the token validator are imported on the first socket; a typo would fail there."""
    errors: list[checks.CheckMessage] = []
    for name in DOTTED_PATHS:
        path = conf.get(name)
        if not RULES[name][0](path):
            continue  # E003 already reports it
        try:
            problem = None if callable(import_string(path)) else "is not callable"
        except Exception as exc:  # any failure of the user's module (SyntaxError too) is worth reporting here
            problem = f"cannot be imported ({type(exc).__name__}: {exc})"
        if problem:
            errors.append(
                checks.Error(
                    f"{PREFIX}{name} = {path!r} {problem}.",
                    hint=f"Point {PREFIX}{name} at an importable {'class' if name == 'POLICY' else 'function'}, "
                    f"e.g. {conf.DEFAULTS[name]!r}.",
                    id="ws_widgets.E004",
                )
            )
    return errors


def check_redis_store(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E005: STORE "redis" raises on every socket unless the default layer is channels_redis' RedisChannelLayer."""
    if conf.get("STORE") != "redis":
        return []
    backend = _default_backend()
    try:
        from channels_redis.core import RedisChannelLayer

        if issubclass(import_string(backend), RedisChannelLayer):
            return []
    except (ImportError, TypeError, AttributeError):  # no channels_redis, no backend, or not a class
        pass
    return [
        checks.Error(
            f'{PREFIX}STORE = "redis" needs channels_redis.core.RedisChannelLayer as the default channel layer; '
            f"it is {backend!r}.",
            hint='Set CHANNEL_LAYERS["default"]["BACKEND"] = "channels_redis.core.RedisChannelLayer" '
            f'(pip install "django-ws-widgets[redis]"), or {PREFIX}STORE = "auto".',
            id="ws_widgets.E005",
        )
    ]


def check_asgi_application(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """W001: `runserver` needs it to serve sockets; a server started as `daphne project.asgi:application` does not."""
    if getattr(settings, "ASGI_APPLICATION", None):
        return []
    return [
        checks.Warning(
            "ASGI_APPLICATION is not set: `manage.py runserver` cannot serve the ws_widgets sockets.",
            hint='Add ASGI_APPLICATION = "<your project>.asgi.application", the ProtocolTypeRouter in asgi.py that '
            'routes "websocket" to URLRouter(ws_widgets.routing.websocket_urlpatterns).',
            id="ws_widgets.W001",
        )
    ]


def check_daphne_installed(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """W002: without daphne, runserver is Django's WSGI server and answers every socket with 404, which the
    widgets show only as endless reconnects. (Daphne itself reports daphne.E001 when it is after staticfiles.)"""
    if apps.is_installed("daphne"):
        return []
    return [
        checks.Warning(
            '"daphne" is not in INSTALLED_APPS: `manage.py runserver` is then Django\'s WSGI server, which answers '
            "every WebSocket with 404.",
            hint='Put "daphne" first in INSTALLED_APPS (before "django.contrib.staticfiles"); if you never use '
            'runserver, add "ws_widgets.W002" to SILENCED_SYSTEM_CHECKS.',
            id="ws_widgets.W002",
        )
    ]


def check_unknown_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """W003: a misspelt setting is silently ignored and its default used instead."""
    warnings: list[checks.CheckMessage] = []
    for setting in sorted(n for n in dir(settings) if n.startswith(PREFIX) and n[len(PREFIX) :] not in conf.DEFAULTS):
        close = difflib.get_close_matches(setting[len(PREFIX) :], conf.DEFAULTS, n=1)
        known = ", ".join(PREFIX + name for name in sorted(conf.DEFAULTS))
        hint = (
            f"Did you mean {PREFIX}{close[0]}?" if close else f"Remove it; the settings ws_widgets reads are {known}."
        )
        warnings.append(
            checks.Warning(f"{setting} is not a ws_widgets setting; it has no effect.", hint=hint, id="ws_widgets.W003")
        )
    return warnings


def check_deprecated_auth_mode(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """W004: "query" and "cookie" are the Node reference server's names before 0.2; they still work."""
    mode = conf.get("AUTH_MODE")
    if not isinstance(mode, str) or mode not in conf.DEPRECATED_AUTH_MODES:
        return []
    now = conf.DEPRECATED_AUTH_MODES[mode]
    return [
        checks.Warning(
            f'{PREFIX}AUTH_MODE = "{mode}" is deprecated; it works as "{now}".',
            hint=f'Write {PREFIX}AUTH_MODE = "{now}": a token in ?token= or the cookie (or the session) at connect. '
            "The Node reference server and the Django consumers share the names connect, message and none.",
            id="ws_widgets.W004",
        )
    ]


def register_checks() -> None:
    """Called from `WsWidgetsConfig.ready()`; `manage.py check --tag ws_widgets` runs only these."""
    for check in (
        check_channel_layers,
        check_setting_values,
        check_dotted_paths,
        check_redis_store,
        check_asgi_application,
        check_daphne_installed,
        check_unknown_settings,
        check_deprecated_auth_mode,
    ):
        checks.register(check, TAG)
    checks.register(check_bundle, TAG, checks.Tags.staticfiles)
