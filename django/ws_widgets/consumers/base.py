"""The base consumer: the part of PROTOCOL.md that every endpoint speaks.

Admission (origin 4403, credentials 4001/4401, per-user cap 4429), `connection_established`,
ping/pong, heartbeat/heartbeat_ack, first-message `auth`, the idle timeout (4408), frame
validation answered by `{type: "error"}` without closing, and group membership. Endpoints
subclass it and implement `handle_message` (and `on_authenticated` for a greeting).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Optional

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .. import auth, conf, frames
from ..broadcast import agroup_send
from ..policy import get_policy
from ..store import Store, get_store
from .parsing import label, parse_frame
from .stats import COUNTERS

logger = logging.getLogger("ws_widgets")


class WidgetConsumer(AsyncJsonWebsocketConsumer):
    """Base of the ws_widgets endpoints; usable alone as a generic endpoint.

    Class attributes can be overridden per route, as with Django's `as_view()`:
    `NocDashboardConsumer.as_asgi(auth_mode="message")`.
    """

    #: "connect", "message" or "none"; None reads WS_WIDGETS_AUTH_MODE.
    auth_mode: Optional[str] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for key, value in kwargs.items():
            if key.startswith("_") or not hasattr(type(self), key) or callable(getattr(type(self), key)):
                raise TypeError(f"{type(self).__name__}.as_asgi() got an unknown option {key!r}")
            setattr(self, key, value)
        super().__init__()
        self.user: Any = AnonymousUser()
        self.authenticated = False
        self.closing = False
        self.joined: set[str] = set()
        self.last_seen = time.monotonic()
        self._touched = self.last_seen
        self._user_key: Optional[str] = None
        self._watchdog: Optional[asyncio.Future[None]] = None

    # -- admission ------------------------------------------------------------------------

    def get_auth_mode(self) -> str:
        mode = self.auth_mode or conf.get("AUTH_MODE")
        if mode not in conf.AUTH_MODES:
            raise ImproperlyConfigured(f"WS_WIDGETS_AUTH_MODE must be one of {conf.AUTH_MODES}, not {mode!r}")
        return mode

    @property
    def store(self) -> Store:
        return get_store(self.channel_layer)

    async def connect(self) -> None:
        # Accept first: a refused handshake reaches the browser as a bare 1006, while a close
        # code after accept tells the widget why and whether to retry.
        await self.accept()
        self.last_seen = time.monotonic()
        self._watchdog = asyncio.ensure_future(self._watch_liveness())
        if not auth.origin_allowed(self.scope):
            await self.refuse(4403)
            return
        mode = self.get_auth_mode()
        if mode == "message":
            await self.send_established()  # the client answers it with {type: "auth", token}
            return
        token = auth.token_from_scope(self.scope)
        user = await auth.validate_token(token) if token is not None else None
        if token is not None and user is None and mode != "none":
            await self.refuse_auth("Invalid or expired authentication token")
            return
        user = user or auth.session_user(self.scope)
        if user is None and mode != "none":
            await self.refuse_auth("Authentication required")
            return
        if await self._admit(user):
            await self.send_established()
            await self.on_authenticated()

    async def _admit(self, user: Optional[Any]) -> bool:
        """Counts the socket against its user's cap; closes with 4429 beyond it."""
        key = auth.user_key(user, self.scope)
        # Add first, then compare: two sockets racing for the last place both lose, never both win.
        count = await self.store.add_connection(key, self.channel_name, conf.stale_after())
        cap = conf.get("MAX_CONNECTIONS_PER_USER")
        if cap is not None and count > int(cap):
            await self.store.remove_connection(key, self.channel_name)
            await self.refuse(4429)
            return False
        self._user_key = key
        self.user = user if user is not None else AnonymousUser()
        self.authenticated = True
        return True

    async def send_established(self) -> None:
        await self.send_json(
            {
                "type": "connection_established",
                "message": "WebSocket connected successfully",
                "heartbeat_interval": conf.get("HEARTBEAT_INTERVAL"),
                "timestamp": frames.now_iso(),
            }
        )

    async def on_authenticated(self) -> None:
        """Called once the user is known and admitted; endpoints send their greeting here."""

    async def refuse(self, code: int) -> None:
        """Closes with `code` and ignores whatever the client still sends."""
        if self.closing:
            return
        self.closing = True
        if self._watchdog is not None and self._watchdog is not asyncio.current_task():
            self._watchdog.cancel()
        await self.close(code)

    async def refuse_auth(self, message: str) -> None:
        """`authentication_error` then the auth close code, as seed 004 prescribes."""
        await self.send_json(
            {"type": "authentication_error", "message": message, "error_code": "AUTH_REQUIRED", "timestamp": frames.now_iso()}
        )
        await self.refuse(int(conf.get("AUTH_CLOSE_CODE")))

    async def disconnect(self, code: int) -> None:
        self.closing = True
        if self._watchdog is not None:
            self._watchdog.cancel()
        for group in list(self.joined):
            await self.leave_group(group)
        if self._user_key is not None:
            await self.store.remove_connection(self._user_key, self.channel_name)
            self._user_key = None

    # -- liveness -------------------------------------------------------------------------

    async def _watch_liveness(self) -> None:
        """Closes with 4408 when nothing has arrived for WS_WIDGETS_HEARTBEAT_TIMEOUT seconds."""
        timeout = conf.heartbeat_timeout()
        if timeout <= 0:
            return
        while not self.closing:
            remaining = self.last_seen + timeout - time.monotonic()
            if remaining <= 0:
                await self.refuse(4408)
                return
            await asyncio.sleep(remaining)

    async def _mark_alive(self) -> None:
        now = time.monotonic()
        self.last_seen = now
        # Refresh the shared registry now and then, not per frame: one Redis call per message
        # would cost more than the cap is worth.
        if self._user_key is not None and now - self._touched > conf.stale_after() / 4:
            self._touched = now
            await self.store.touch_connection(self._user_key, self.channel_name, conf.stale_after())

    # -- frames in ------------------------------------------------------------------------

    async def receive(self, text_data: Optional[str] = None, bytes_data: Optional[bytes] = None, **kwargs: Any) -> None:
        if self.closing:
            return
        COUNTERS.received()
        frame, problem = parse_frame(text_data, bytes_data, int(conf.get("MAX_FRAME_BYTES")))
        if problem is not None:
            await self.send_error(problem.message, problem.code)
            return
        try:
            await self.receive_json(frame)
        except Exception:  # one bad frame must not take the socket down
            logger.exception("ws_widgets: error while handling a %s frame", label(frame.get("type", frame.get("action"))))
            await self.send_error("the server could not handle this frame", "server_error")
        if self.authenticated and not self.closing:
            await self._mark_alive()

    async def receive_json(self, content: dict, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content.get("type"), str) else None
        action = content.get("action") if isinstance(content.get("action"), str) else None
        if kind == "auth":
            await self.handle_auth(content)
        elif not self.authenticated:
            await self.send_error("authenticate first", "auth_required")
        elif kind == "ping" or (kind is None and action == "ping"):
            await self.send_json({"type": "pong", "timestamp": frames.now_iso()})
        elif kind == "heartbeat":
            await self.send_heartbeat_ack(content)
        elif await self.handle_message(content):
            pass
        elif kind is None and action is None:
            await self.send_error("frame has no type", "missing_type")
        else:
            await self.send_error(f"unknown message type: {label(kind or action)}", "unknown_type")

    async def handle_message(self, content: dict) -> bool:
        """Handles an endpoint's own frames; returns False for frames it does not know."""
        return False

    async def send_heartbeat_ack(self, content: dict) -> None:
        received = frames.parse_timestamp(content.get("timestamp"))
        now = timezone.now()
        latency = max(0, int((now - received).total_seconds() * 1000)) if received else 0
        await self.send_json(
            {
                "type": "heartbeat_ack",
                "server_time": frames.iso(now),
                "latency_ms": latency,
                "uptime_seconds": frames.uptime_seconds(),
            }
        )

    async def handle_auth(self, content: dict) -> None:
        """First-message authentication (`auth` → `auth_success` / `auth_failed` + close)."""
        if self.get_auth_mode() != "message":
            await self.send_json({"type": "auth_success"})  # already authenticated at connect
            return
        user = await auth.validate_token(content.get("token"))  # type: ignore[arg-type]
        if user is None or (self.authenticated and user.pk != self.user.pk):
            await self.send_json({"type": "auth_failed", "message": "Invalid or expired authentication token"})
            await self.refuse(int(conf.get("AUTH_CLOSE_CODE")))
            return
        if self.authenticated:  # a refreshed token for the same user
            await self.send_json({"type": "auth_success"})
            return
        if await self._admit(user):
            await self.send_json({"type": "auth_success"})
            await self.on_authenticated()

    # -- frames out, groups, policy -------------------------------------------------------

    async def send_json(self, content: Any, close: bool = False) -> None:
        COUNTERS.sent()
        await super().send_json(content, close=close)

    async def send_error(self, message: str, code: str) -> None:
        await self.send_json({"type": "error", "message": message, "code": code})

    async def join_group(self, group: str) -> None:
        if group not in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.joined.add(group)

    async def leave_group(self, group: str) -> None:
        if group in self.joined:
            self.joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)

    async def broadcast(self, group: str, frame: dict, *, log: bool = True) -> None:
        """Sends `frame` to every socket in `group`, in every process (and to the polling log)."""
        await agroup_send(group, frame, log=log, layer=self.channel_layer)

    async def ws_widgets_frame(self, event: dict) -> None:
        """Channel-layer handler for `broadcast` / `ws_widgets.broadcast` frames."""
        if self.authenticated and not self.closing:
            await self.send_json(event["frame"])

    async def allowed(self, check: str, *args: Any) -> bool:
        """Asks the configured policy (in a thread: policies may query the database)."""
        method = getattr(get_policy(), check)
        return bool(await database_sync_to_async(method)(self.user, *args))
