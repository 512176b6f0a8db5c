"""The WS_WIDGETS_* settings and their defaults.

Read on every use rather than cached at import, so `override_settings` in tests and settings
changed by a deployment take effect without restarting anything that imported this module.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Dotted path of `validator(token: str) -> user | None` (sync or async).
    "TOKEN_VALIDATOR": "ws_widgets.tokens.validate_signed_token",
    # Lifetime of tokens made by `ws_widgets.tokens.issue_token`, seconds.
    "TOKEN_MAX_AGE": 3600,
    # Cookie read when the query string has no `token` (seed 001's "Method 3").
    "TOKEN_COOKIE": "ws_token",
    # "connect": token (query or cookie) or Django session at connect; "message": first frame
    # `{type: "auth", token}`; "none": anonymous allowed (a valid token still identifies the user).
    "AUTH_MODE": "connect",
    # Close code after `authentication_error` / `auth_failed`: 4001 (seed 004) or 4401 (seed 001).
    "AUTH_CLOSE_CODE": 4001,
    # Origin patterns as Channels' OriginValidator reads them; None means "from ALLOWED_HOSTS".
    "ALLOWED_ORIGINS": None,
    # Browsers always send Origin; programs (the seed's Python client) usually do not.
    "ALLOW_MISSING_ORIGIN": True,
    # Advertised in `connection_established`, seconds.
    "HEARTBEAT_INTERVAL": 30,
    # No frame for this long closes the socket with 4408, seconds (0 or None: never).
    "HEARTBEAT_TIMEOUT": 300,
    # Open sockets per user across every process sharing the store; beyond it 4429 (None: no cap).
    "MAX_CONNECTIONS_PER_USER": None,
    # Larger text frames are answered with an `error` (code `too_large`), bytes of UTF-8.
    "MAX_FRAME_BYTES": 65536,
    # Frames kept per group for the HTTP polling fallback, and how long an idle log lives.
    "POLL_LOG_SIZE": 200,
    "POLL_LOG_TTL": 86400,
    # How long an alert can still be acknowledged after `send_alert`, seconds.
    "ALERT_TTL": 7 * 86400,
    # "auto" (Redis when the channel layer is channels_redis' RedisChannelLayer, else this
    # process's memory), "redis" (fail when there is no Redis layer) or "local".
    "STORE": "auto",
    # Dotted path of the class deciding who may see which client or channel.
    "POLICY": "ws_widgets.policy.DefaultPolicy",
    # Where `DistFinder` and `ws_widgets_collect_bundle` find the npm build; None: ../../dist.
    "DIST_DIR": None,
}

AUTH_MODES = ("connect", "message", "none")


def get(name: str) -> Any:
    """Returns `settings.WS_WIDGETS_<name>`, or its default."""
    return getattr(settings, f"WS_WIDGETS_{name}", DEFAULTS[name])


def heartbeat_timeout() -> float:
    """The idle timeout in seconds; 0 when disabled."""
    value = get("HEARTBEAT_TIMEOUT")
    return float(value) if value else 0.0


def stale_after() -> float:
    """Seconds after which a connection that was never refreshed is presumed dead.

    A live socket sends something at least every heartbeat timeout (or it is closed), and
    refreshes its entry on the way; an entry older than this belongs to a crashed process.
    """
    timeout = heartbeat_timeout()
    return (timeout if timeout > 0 else 3600.0) + 60.0
