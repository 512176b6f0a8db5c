"""The base consumer: the part of PROTOCOL.md that every endpoint speaks.

Admission (origin 4403, credentials 4001/4401, per-user cap 4429), `connection_established`,
ping/pong, heartbeat/heartbeat_ack, first-message `auth` and its deadline, the idle timeout
(4408), frame validation answered by `{type: "error"}` without closing, the per-socket limits
(frame rate, subscriptions) and group membership. Endpoints subclass it and implement
`handle_message` (and `on_authenticated` for a greeting).

Nothing a client sends may take the consumer down: a consumer that dies skips `disconnect()`, and
its place in the per-user cap and its groups would stay behind. So every frame is handled inside
a catch-all, every handler failure is an `error` frame and a log line, and whatever still escapes
(a cancelled task, a channel layer that fails) meets a `finally` that gives the place and the
groups back. A process that is killed outright runs no `finally`: its entries stop counting once
they are no longer renewed, and the next admission anywhere takes its sockets out of their groups.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .. import auth, conf, frames
from ..broadcast import agroup_send
from ..policy import get_policy
from ..store import Store, get_store
from .parsing import FrameBudget, label, parse_frame
from .stats import COUNTERS

logger = logging.getLogger("ws_widgets")


_layer_read_warned = False


def _warn_layer_read(error: Exception) -> None:
    """Logs a failed channel-layer read: the first one per process as a warning with the likely cause,
    the rest at debug level (with redis-py 8's defaults every idle socket fails every 5 s)."""
    global _layer_read_warned
    if _layer_read_warned:
        logger.debug("ws_widgets: channel layer read failed again (%r); retrying", error)
        return
    _layer_read_warned = True
    logger.warning(
        "ws_widgets: channel layer read failed (%r); retrying. With redis-py 8, give CHANNEL_LAYERS hosts a "
        'socket_timeout above 5 s, e.g. {"address": REDIS_URL, "socket_timeout": 10}',
        error,
    )


class FrameRefused(Exception):
    """Raised inside a frame's handling to answer `{type: "error", message, code}` and go on.

    `named` says what was refused (`alert_id`, `client_id`, `channel`), as the client sent it:
    a client with several requests in flight settles the right one."""

    def __init__(self, message: str, code: str, **named: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.named = named


class WidgetConsumer(AsyncJsonWebsocketConsumer):
    """Base of the ws_widgets endpoints; usable alone as a generic endpoint.

    Class attributes can be overridden per route, as with Django's `as_view()`:
    `NocDashboardConsumer.as_asgi(auth_mode="message")`.
    """

    #: "connect", "message" or "none" (deprecated: "query", "cookie"); None reads WS_WIDGETS_AUTH_MODE.
    auth_mode: str | None = None

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
        self.accepted_at = self.last_seen
        self._registry_key: str | None = None  # "user:<pk>", "anonymous:<addr>" or "pending:<addr>"
        self._watchdog: asyncio.Future[None] | None = None
        self._budget: FrameBudget | None = None
        self._auth_frame_seen = False  # `message` mode: the deadline is for sending `auth`, not for checking it

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # However the consumer ends (a crash, Daphne cancelling it, the process shutting down),
            # its place and its groups go back; shielded so a second cancel cannot cut it short.
            await asyncio.shield(self._release())

    # Channels' __call__ assigns `self.channel_receive` (the layer's receive for this channel)
    # and then awaits it in a loop; a property lets that loop get a receive that retries.
    @property
    def channel_receive(self) -> Any:
        return self._receive_from_layer

    @channel_receive.setter
    def channel_receive(self, receive: Any) -> None:
        self._layer_receive = receive

    async def _receive_from_layer(self) -> dict:
        """The next channel-layer event; a read that fails is retried, not fatal.

        A failed read says nothing about the client, who is still connected: redis-py 8 times a
        read out after 5 s by default while channels_redis blocks 5 s waiting for a message
        (django/channels_redis#422), and Redis restarts. Left to Channels, either ends the
        consumer with 1011 and the page reconnects.
        """
        delay = 0.05
        while True:
            try:
                return await self._layer_receive()
            except (asyncio.CancelledError, StopConsumer):
                raise
            except Exception as error:
                _warn_layer_read(error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch, where a failing handler is logged instead of ending the consumer."""
        try:
            await super().dispatch(message)
        except (StopConsumer, asyncio.CancelledError):
            raise
        except Exception:
            kind = message.get("type")
            logger.exception("ws_widgets: %s failed on a %s message", type(self).__name__, label(kind))
            if kind == "websocket.disconnect":
                raise StopConsumer() from None  # the client is gone; __call__ cleans up
            if kind == "websocket.connect":
                # No admission, no socket: the server closes it with 1011 and __call__ cleans up.
                raise
            if kind == "websocket.receive" and not self.closing:
                await self.send_error("the server could not handle this frame", "server_error")

    # -- admission ------------------------------------------------------------------------

    def get_auth_mode(self) -> str:
        mode = conf.current_auth_mode(self.auth_mode or conf.get("AUTH_MODE"))
        if mode not in conf.AUTH_MODES:
            raise ImproperlyConfigured(f"WS_WIDGETS_AUTH_MODE must be one of {conf.AUTH_MODES}, not {mode!r}")
        return mode

    @property
    def store(self) -> Store:
        return get_store(self.channel_layer)

    @property
    def address(self) -> str:
        return str((self.scope.get("client") or ("unknown", 0))[0])

    async def connect(self) -> None:
        # Accept first: a refused handshake reaches the browser as a bare 1006, while a close
        # code after accept tells the widget why and whether to retry.
        await self.accept()
        self.last_seen = self.accepted_at = time.monotonic()
        burst, per_second = conf.optional_number("RATE_LIMIT_BURST"), conf.optional_number("RATE_LIMIT_PER_SECOND")
        self._budget = FrameBudget(burst, per_second) if burst and per_second else None
        mode = self.get_auth_mode()
        deadline = conf.get("AUTH_TIMEOUT") if mode == "message" else None
        self._watchdog = asyncio.ensure_future(self._watch(self.accepted_at + float(deadline) if deadline else None))
        if not auth.origin_allowed(self.scope):
            await self.refuse(4403)
            return
        if mode == "message":
            if await self._hold_place_until_auth():
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

    async def _hold_place_until_auth(self) -> bool:
        """`message` mode: counts the socket against its address until it authenticates; 4429 beyond
        the cap. Unauthenticated sockets cost nothing to open, so they are what a flood is made of."""
        key = f"pending:{self.address}"
        self._registry_key = key
        count = await self.store.add_connection(key, self.channel_name, conf.stale_after())
        cap = conf.get("MAX_UNAUTHENTICATED_PER_ADDRESS")
        if cap is not None and count > int(cap):
            await self._unregister()
            # Each of the others authenticates or is closed within the deadline.
            wait = max(1, math.ceil(float(conf.get("AUTH_TIMEOUT") or 1)))
            await self.refuse(4429, f"too many unauthenticated connections from this address; retry-after={wait}")
            return False
        return True

    async def _admit(self, user: Any | None) -> bool:
        """Counts the socket against its user's cap; closes with 4429 beyond it."""
        await self._unregister()  # the place held per address while unauthenticated
        key = auth.user_key(user, self.scope)
        # Add first, then compare: two sockets racing for the last place both lose, never both win.
        self._registry_key = key
        count = await self.store.add_connection(key, self.channel_name, conf.stale_after())
        cap = conf.get("MAX_CONNECTIONS_PER_USER")
        if cap is not None and count > int(cap):
            await self._unregister()
            await self.refuse(4429, "too many connections for this user")
            return False
        self.user = user if user is not None else AnonymousUser()
        self.authenticated = True
        await self._reap()  # a dead process's sockets: gone from the count already, now from their groups
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

    async def refuse(self, code: int, reason: str | None = None) -> None:
        """Closes with `code` (and a reason such as "retry-after=N") and ignores whatever the client still sends."""
        if self.closing:
            return
        self.closing = True
        if self._watchdog is not None and self._watchdog is not asyncio.current_task():
            self._watchdog.cancel()
        await self.close(code, reason)

    async def refuse_auth(self, message: str) -> None:
        """`authentication_error` then the auth close code, as seed 004 prescribes."""
        await self.send_json(
            {
                "type": "authentication_error",
                "message": message,
                "error_code": "AUTH_REQUIRED",
                "timestamp": frames.now_iso(),
            }
        )
        await self.refuse(int(conf.get("AUTH_CLOSE_CODE")))

    async def disconnect(self, code: int) -> None:
        await self._release()

    async def _release(self) -> None:
        """Leaves every group and gives the socket's place back; safe to call twice.

        A step that fails (Redis away) is logged and the rest still runs: what it left behind
        stops counting after WS_WIDGETS_HEARTBEAT_TIMEOUT and is reaped by the next admission.
        """
        self.closing = True
        if self._watchdog is not None and self._watchdog is not asyncio.current_task():
            self._watchdog.cancel()
        groups, self.joined = list(self.joined), set()
        for group in groups:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                logger.warning("ws_widgets: could not leave group %s on close", group, exc_info=True)
        await self._unregister()

    async def _unregister(self) -> None:
        key, self._registry_key = self._registry_key, None
        if key is None:
            return
        try:
            await self.store.remove_connection(key, self.channel_name)
        except Exception:
            logger.warning("ws_widgets: could not unregister a closed socket", exc_info=True)

    # -- liveness -------------------------------------------------------------------------

    async def _watch(self, auth_deadline: float | None) -> None:
        """The socket's timers: the authentication deadline (`message` mode), the idle timeout
        (4408), and the renewal of its registry entry, which tells every process it is alive."""
        try:
            await self._watch_timers(auth_deadline)
        except asyncio.CancelledError:
            raise
        except Exception:  # a background task: nobody would ever see its exception
            logger.exception("ws_widgets: the socket's watchdog failed")

    async def _watch_timers(self, auth_deadline: float | None) -> None:
        idle_timeout = conf.heartbeat_timeout()
        renew_every = conf.stale_after() / 3
        next_renewal = time.monotonic() + renew_every
        while not self.closing:
            now = time.monotonic()
            waiting_for_auth = auth_deadline is not None and not self.authenticated and not self._auth_frame_seen
            if waiting_for_auth and now >= auth_deadline:
                await self.send_json({"type": "auth_failed", "message": "no auth frame within the deadline"})
                await self.refuse(int(conf.get("AUTH_CLOSE_CODE")))
                return
            if idle_timeout > 0 and now >= self.last_seen + idle_timeout:
                await self.refuse(4408)
                return
            if now >= next_renewal:
                next_renewal = now + renew_every
                await self._renew()
            wake = [next_renewal]
            if waiting_for_auth:
                wake.append(auth_deadline)
            if idle_timeout > 0:
                wake.append(self.last_seen + idle_timeout)
            await asyncio.sleep(max(0.0, min(wake) - time.monotonic()))

    async def _renew(self) -> None:
        """Renews the socket's entry; if another process reaped it meanwhile (this event loop was
        stalled longer than the heartbeat timeout), joins its groups again."""
        key = self._registry_key
        if key is None:
            return
        try:
            known = await self.store.touch_connection(key, self.channel_name, conf.stale_after())
            if not known:
                logger.warning("ws_widgets: a live socket had been reaped as stale; joining its groups again")
                for group in list(self.joined):
                    await self.store.add_group(self.channel_name, group, self._group_ttl())
            # Joined again on every renewal: channels_redis forgets a membership after its group_expiry
            # (a day by default), and a screen left open longer would stop hearing its group.
            for group in list(self.joined):
                await self.channel_layer.group_add(group, self.channel_name)
            await self._reap()
        except Exception:  # a Redis hiccup: the next renewal is a third of the timeout away
            logger.warning("ws_widgets: could not renew a socket's registry entry", exc_info=True)

    async def _reap(self) -> None:
        """Takes sockets whose process died out of the groups they had joined."""
        try:
            reaped = await self.store.reap(conf.stale_after())
            for channel, groups in reaped:
                for group in groups:
                    await self.channel_layer.group_discard(group, channel)
        except Exception:
            logger.warning("ws_widgets: could not reap stale sockets", exc_info=True)
            return
        if reaped:
            logger.info("ws_widgets: reaped %d socket(s) of a process that stopped renewing them", len(reaped))

    def _mark_alive(self) -> None:
        self.last_seen = time.monotonic()

    # -- frames in ------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        if self.closing:
            return
        COUNTERS.received()
        if self._budget is not None and not self._budget.take():
            retry = self._budget.retry_after
            await self.send_error(f"more than {self._budget.burst:g} frames at once; slow down", "rate_limited")
            await self.refuse(4429, f"rate limit exceeded; retry-after={retry}")
            return
        frame: dict | None = None
        try:
            frame, problem = parse_frame(
                text_data, bytes_data, int(conf.get("MAX_FRAME_BYTES")), conf.get("MAX_FRAME_DEPTH")
            )
            if problem is not None:
                await self.send_error(problem.message, problem.code)
            else:
                await self.receive_json(frame)
        except FrameRefused as refusal:
            await self.send_error(refusal.message, refusal.code, **refusal.named)
        except Exception:  # one bad frame must not take the socket down
            kind = label(frame.get("type", frame.get("action"))) if frame is not None else "unparsed"
            logger.exception("ws_widgets: error while handling a %s frame", kind)
            if not self.closing:
                await self.send_error("the server could not handle this frame", "server_error")
        # Frames before authentication are not life: the authentication deadline applies to them.
        if self.authenticated:
            self._mark_alive()

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
        """Handles an endpoint's own frames; returns False for frames it does not know.

        Raise `FrameRefused(message, code)` to answer with an `error` frame.
        """
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
        self._auth_frame_seen = True
        user = await auth.validate_token(content.get("token"))  # type: ignore[arg-type]
        if user is None or (self.authenticated and user.pk != self.user.pk):
            await self.send_json({"type": "auth_failed", "message": "Invalid or expired authentication token"})
            await self.refuse(int(conf.get("AUTH_CLOSE_CODE")))
            return
        if self.authenticated:  # a refreshed token for the same user
            await self.send_json({"type": "auth_success"})
            return
        if await self._admit(user):
            self._mark_alive()
            await self.send_json({"type": "auth_success"})
            await self.on_authenticated()

    # -- frames out, groups, policy -------------------------------------------------------

    async def send_json(self, content: Any, close: bool = False) -> None:
        COUNTERS.sent()
        await super().send_json(content, close=close)

    async def send_error(self, message: str, code: str, **named: Any) -> None:
        """`{type: "error", message, code}`, plus what was refused (`alert_id=...`) as the client sent it;
        one it did not send (None) is left out, as the Node reference server does."""
        sent = {key: value for key, value in named.items() if value is not None}
        await self.send_json({"type": "error", "message": message, "code": code, **sent})

    def _group_ttl(self) -> int:
        return int(getattr(self.channel_layer, "group_expiry", 86400))

    async def join_group(self, group: str) -> None:
        """Joins `group` (a no-op when already in it); beyond WS_WIDGETS_MAX_SUBSCRIPTIONS_PER_SOCKET
        raises `FrameRefused` (`too_many_subscriptions`), which the frame's sender gets as `error`."""
        if group in self.joined:
            return
        cap = conf.get("MAX_SUBSCRIPTIONS_PER_SOCKET")
        if cap is not None and len(self.joined) >= int(cap):
            raise FrameRefused(f"at most {cap} subscriptions per socket", "too_many_subscriptions")
        # Recorded before joining: a process killed in between leaves a record of nothing, never a
        # membership nobody knows about.
        self.joined.add(group)
        await self.store.add_group(self.channel_name, group, self._group_ttl())
        await self.channel_layer.group_add(group, self.channel_name)

    async def leave_group(self, group: str) -> None:
        if group in self.joined:
            self.joined.discard(group)
            await self.channel_layer.group_discard(group, self.channel_name)
            await self.store.discard_group(self.channel_name, group)

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
