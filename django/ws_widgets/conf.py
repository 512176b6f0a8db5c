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
    # The Node reference server uses the same three names; "query" and "cookie" are deprecated.
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
    # Larger text frames are answered with an `error` (code `too_large`), bytes of UTF-8. Set the ASGI
    # server's own limit to the same number (Daphne: --websocket-max-message-size), or a larger frame is
    # buffered whole before the consumer can refuse it.
    "MAX_FRAME_BYTES": 65536,
    # Deepest nesting of arrays and objects in a client frame, checked before parsing: Python's JSON
    # parser raises RecursionError a few thousand levels down (`error` `too_deep`; None: no limit).
    "MAX_FRAME_DEPTH": 32,
    # Per-socket token bucket for client frames: BURST at once, refilled at PER_SECOND. Over it the
    # socket gets `error` `rate_limited`, then close 4429 "retry-after=<BURST / PER_SECOND>" (None: off).
    "RATE_LIMIT_BURST": 120,
    "RATE_LIMIT_PER_SECOND": 20,
    # Groups (NOC clients, G-Code channels) one socket may join; beyond, `too_many_subscriptions`.
    "MAX_SUBSCRIPTIONS_PER_SOCKET": 100,
    # `message` mode: seconds a socket has to send `auth` before `auth_failed` and the auth close code.
    "AUTH_TIMEOUT": 10,
    # `message` mode: sockets not yet authenticated, per client address, across processes; 4429 beyond.
    "MAX_UNAUTHENTICATED_PER_ADDRESS": 50,
    # Frames kept per group for the HTTP polling fallback, and how long an idle log lives.
    "POLL_LOG_SIZE": 200,
    "POLL_LOG_TTL": 86400,
    # How long stored alerts are kept, seconds (None: for ever); `manage.py ws_prune_alerts` deletes
    # older ones, so run it from cron. A pruned alert can no longer be acknowledged.
    "ALERT_RETENTION": 30 * 86400,
    # Frames of each NOC client kept for replay (`subscribe_client` with `since`), shared by every
    # process (Redis with channels_redis); PROTOCOL.md asks for at least 1,000. An idle client's
    # history expires after HISTORY_TTL seconds; a reconnect after that gets a snapshot.
    "HISTORY_SIZE": 1000,
    "HISTORY_TTL": 7 * 86400,
    # Seconds between a process's checks that each NOC socket has every frame of its clients (a frame
    # the channel layer dropped at the end of a burst, a Redis restart): one Redis round trip per
    # process, not per socket. A socket found behind twice in a row is caught up from the history.
    "STREAM_CHECK_INTERVAL": 2,
    # Seconds `send_alert` and acknowledgements keep retrying a Redis that does not answer (a
    # restart) before raising: the alert is stored either way, and sent once Redis is back.
    "PUBLISH_RETRY": 15,
    # "auto" (Redis when the channel layer is channels_redis' RedisChannelLayer, else this
    # process's memory), "redis" (fail when there is no Redis layer) or "local".
    "STORE": "auto",
    # Dotted path of the class deciding who may see which client or channel.
    "POLICY": "ws_widgets.policy.DefaultPolicy",
    # Where `DistFinder` and `ws_widgets_collect_bundle` find the npm build; None: ../../dist.
    "DIST_DIR": None,
}

AUTH_MODES = ("connect", "message", "none")

# The Node reference server's names before 0.2, accepted with a system check warning (W004): both
# meant a token at connect, which "connect" reads from the query string or the cookie alike.
DEPRECATED_AUTH_MODES = {"query": "connect", "cookie": "connect"}


def current_auth_mode(mode: Any) -> Any:
    """The mode an old name stands for; any other value unchanged (the checks refuse a bad one)."""
    return DEPRECATED_AUTH_MODES.get(mode, mode) if isinstance(mode, str) else mode


def auth_mode() -> Any:
    """WS_WIDGETS_AUTH_MODE with a deprecated name read as its current one."""
    return current_auth_mode(get("AUTH_MODE"))


def get(name: str) -> Any:
    """Returns `settings.WS_WIDGETS_<name>`, or its default."""
    return getattr(settings, f"WS_WIDGETS_{name}", DEFAULTS[name])


def heartbeat_timeout() -> float:
    """The idle timeout in seconds; 0 when disabled."""
    value = get("HEARTBEAT_TIMEOUT")
    return float(value) if value else 0.0


def stale_after() -> float:
    """Seconds after which a registered socket that was not renewed counts as gone.

    Each socket renews its entry (cap, presence, groups) every third of this, whatever its client
    sends, so a live socket never looks stale; a consumer that died with its process stops
    counting, and its groups are given back, this long after its last renewal. That is the
    heartbeat timeout, so nobody is locked out by a killed worker for longer than that (300 s
    when the timeout is disabled).
    """
    timeout = heartbeat_timeout()
    return timeout if timeout > 0 else 300.0


def optional_number(name: str) -> float | None:
    """A numeric setting where None (or 0) switches the limit off."""
    value = get(name)
    return float(value) if value else None
