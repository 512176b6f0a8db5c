"""Shared test helpers: users, sockets through the example's real ASGI stack, frame assertions."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client, TestCase

from example.asgi import application
from ws_widgets.models import ClientGrant
from ws_widgets.store import LOCAL_STORE
from ws_widgets.tokens import issue_token

TIMEOUT = 3  # seconds; generous, only reached when a test is about to fail


class Sockets:
    """Opens communicators and disconnects every one of them at the end of the `async with`."""

    def __init__(self) -> None:
        self.open_ones: list[WebsocketCommunicator] = []

    async def __aenter__(self) -> Sockets:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for comm in self.open_ones:
            with contextlib.suppress(Exception):  # already finished: nothing to clean up
                await comm.disconnect()

    async def open(
        self,
        path: str = "/ws/noc/dashboard/",
        *,
        token: str | None = None,
        cookies: dict[str, str] | None = None,
        origin: str | None = "http://testserver",
        client: tuple[str, int] = ("127.0.0.1", 50000),
        app: Any = None,
    ) -> WebsocketCommunicator:
        """Connects (the handshake is always accepted; refusals are close codes afterwards)."""
        if token is not None:
            path = f"{path}?token={token}"
        headers = []
        if origin is not None:
            headers.append((b"origin", origin.encode()))
        if cookies:
            headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
        comm = WebsocketCommunicator(app or application, path, headers=headers)
        comm.scope["client"] = client
        self.open_ones.append(comm)
        connected, _ = await comm.connect(timeout=TIMEOUT)
        assert connected, "the consumer must accept before refusing"
        return comm


async def next_frame(comm: WebsocketCommunicator, expected_type: str | None = None) -> dict:
    """The next frame; with `expected_type`, asserts it."""
    frame = await comm.receive_json_from(timeout=TIMEOUT)
    if expected_type is not None:
        assert frame.get("type") == expected_type, f"expected {expected_type}, got {frame}"
    return frame


async def closed_with(comm: WebsocketCommunicator) -> int:
    """Waits for the server's close and returns its code (fails on any frame before it)."""
    message = await comm.receive_output(timeout=TIMEOUT)
    assert message["type"] == "websocket.close", f"expected a close, got {message}"
    return int(message.get("code", 1000))


async def send(comm: WebsocketCommunicator, frame: Any) -> None:
    await comm.send_to(text_data=json.dumps(frame))


async def subscribe_noc(comm: WebsocketCommunicator, client_id: str, **extra: Any) -> tuple[dict, dict]:
    """Sends `subscribe_client` and returns its answer: `subscribed`, then `alert_snapshot` (or, after
    a `since` the history still covers, the first replayed frame, if any, else `{}`)."""
    await send(comm, {"type": "subscribe_client", "client_id": client_id, **extra})
    subscribed = await next_frame(comm, "subscribed")
    if subscribed.get("recovered"):
        return subscribed, {}
    return subscribed, await next_frame(comm, "alert_snapshot")


async def ready(comm: WebsocketCommunicator, *, greeting: str | None = None) -> dict:
    """Consumes `connection_established` (and the endpoint's greeting) and returns the former."""
    established = await next_frame(comm, "connection_established")
    if greeting:
        await next_frame(comm, greeting)
    return established


class WidgetsTestCase(TestCase):
    """Users alice, bob (plain) and boss (staff), a clean store and channel layer per test.

    Tenancy denies by default, so the fixture grants what the tests assume: alice and bob watch
    acme and globex, and boss holds both view-all permissions (test_tenancy covers the refusals).
    """

    @classmethod
    def setUpTestData(cls) -> None:
        users = get_user_model().objects
        cls.alice = users.create_user("alice", password="pw")
        cls.bob = users.create_user("bob", password="pw")
        cls.boss = users.create_user("boss", password="pw", is_staff=True)
        for user in (cls.alice, cls.bob):
            for client_id in ("acme", "globex"):
                ClientGrant.objects.create(client_id=client_id, user=user)
        cls.boss.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="ws_widgets", codename__startswith="view_all_")
        )

    def setUp(self) -> None:
        LOCAL_STORE.clear()
        async_to_sync(get_channel_layer().flush)()

    def token(self, user: Any) -> str:
        return issue_token(user)

    def session_cookies(self, user: Any) -> dict[str, str]:
        """A real Django session cookie, as a logged-in browser would send it."""
        client = Client()
        client.force_login(user)
        return {name: morsel.value for name, morsel in client.cookies.items()}
