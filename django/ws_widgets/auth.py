"""Credentials and origins: where a token comes from, who it names, and which pages may connect.

Shared by the consumers (ASGI scope) and the polling view (HttpRequest) so that both accept
the same credentials: a token (a socket's in its query string, a poll's in its Authorization
header), the token cookie, or the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlparse

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.utils.module_loading import import_string

from . import conf

MAX_TOKEN_LENGTH = 4096


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin1")
    return None


def token_from_scope(scope: dict) -> str | None:
    """The `?token=` query parameter, else the token cookie; None when neither is present."""
    query = parse_qs(scope.get("query_string", b"").decode("latin1"))
    if query.get("token"):
        return query["token"][0]
    cookies = scope.get("cookies")
    if cookies is None:  # no CookieMiddleware in the stack: read the header ourselves
        raw = _header(scope, b"cookie")
        cookies = parse_cookie(raw) if raw else {}
    token = cookies.get(conf.get("TOKEN_COOKIE"))
    return token or None


# The polling view's answer to `?token=`; it never repeats the token.
URL_CREDENTIAL_REFUSED = (
    "a token in the polling URL is refused, because servers log URLs (Daphne's access log does): "
    "send it in an Authorization: Bearer header, or use the token cookie or the session"
)


def token_from_request(request: HttpRequest) -> str | None:
    """The polling view's token: `Authorization: Bearer <token>`, else the token cookie.

    Never the query string, unlike a socket's: Daphne logs an HTTP request's whole URL, but only
    the path of a WebSocket's. Another scheme (Basic from a proxy) is ignored, not refused.
    """
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.COOKIES.get(conf.get("TOKEN_COOKIE")) or None


def _authenticated(user: Any) -> Any | None:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def session_user(scope_or_request: Any) -> Any | None:
    """The user AuthMiddlewareStack (or AuthenticationMiddleware) found, if authenticated."""
    if isinstance(scope_or_request, dict):
        return _authenticated(scope_or_request.get("user"))
    return _authenticated(getattr(scope_or_request, "user", None))


async def validate_token(token: str) -> Any | None:
    """Runs the configured validator; sync validators run in a thread as they may query the DB."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    validator = import_string(conf.get("TOKEN_VALIDATOR"))
    if asyncio.iscoroutinefunction(validator):
        user = await validator(token)
    else:
        user = await database_sync_to_async(validator)(token)
    return _authenticated(user)


def validate_token_sync(token: str) -> Any | None:
    """`validate_token` for sync callers (views)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    validator = import_string(conf.get("TOKEN_VALIDATOR"))
    user = async_to_sync(validator)(token) if asyncio.iscoroutinefunction(validator) else validator(token)
    return _authenticated(user)


def allowed_origin_patterns() -> list[str]:
    """WS_WIDGETS_ALLOWED_ORIGINS, else ALLOWED_HOSTS as AllowedHostsOriginValidator reads it."""
    configured: Iterable[str] | None = conf.get("ALLOWED_ORIGINS")
    if configured is not None:
        return list(configured)
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = ["localhost", "127.0.0.1", "[::1]"]
    return hosts


def origin_allowed(scope: dict) -> bool:
    """Checks the Origin header with Channels' own matching rules.

    Channels' validators refuse the handshake itself, which a browser reports as close code 1006
    with no reason, so the widget would retry forever; the consumer instead accepts and closes
    with 4403, which the widget treats as final.
    """
    origin = _header(scope, b"origin")
    if origin is None:
        return bool(conf.get("ALLOW_MISSING_ORIGIN"))
    validator = OriginValidator(None, allowed_origin_patterns())
    try:
        return bool(validator.valid_origin(urlparse(origin)))
    except ValueError:  # a malformed Origin (bad port) is simply not allowed
        return False


def user_key(user: Any | None, scope: dict) -> str:
    """What the per-user connection cap counts by: the user's pk, or the client address."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    client = scope.get("client") or ("unknown", 0)
    return f"anonymous:{client[0]}"


def display_name(user: Any | None) -> str:
    """The name shown in `connected.user` and `alert_acknowledged.acknowledged_by`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return str(user.get_username()) if hasattr(user, "get_username") else str(user)
