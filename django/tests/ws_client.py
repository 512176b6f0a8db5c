"""A small real WebSocket client (autobahn, which Daphne already depends on) for the tests that
talk to Daphne processes over TCP, where WebsocketCommunicator cannot reach."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Optional
from urllib.parse import urlparse

from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol

TIMEOUT = 5.0


class WsClient:
    """Frames arrive in a queue; the server's close arrives there too, as its code."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.protocol: Optional[WebSocketClientProtocol] = None

    @classmethod
    async def connect(cls, url: str, *, origin: Optional[str] = None, headers: Optional[dict[str, str]] = None) -> "WsClient":
        client = cls()
        parsed = urlparse(url)

        class Protocol(WebSocketClientProtocol):
            def onOpen(self) -> None:  # noqa: N802 - autobahn's names
                client.protocol = self
                client.opened.set_result(None)

            def onMessage(self, payload: bytes, is_binary: bool) -> None:  # noqa: N802
                client.queue.put_nowait(("frame", json.loads(payload.decode("utf-8"))))

            def onClose(self, was_clean: bool, code: Optional[int], reason: Optional[str]) -> None:  # noqa: N802
                client.queue.put_nowait(("close", code))
                if not client.opened.done():
                    client.opened.set_exception(ConnectionError(f"handshake failed ({code}, {reason})"))

        factory = WebSocketClientFactory(url, origin=origin, headers=headers or {})
        factory.protocol = Protocol
        loop = asyncio.get_running_loop()
        await loop.create_connection(factory, parsed.hostname, parsed.port)
        await asyncio.wait_for(client.opened, TIMEOUT)
        return client

    def send(self, frame: dict) -> None:
        assert self.protocol is not None
        self.protocol.sendMessage(json.dumps(frame).encode("utf-8"))

    async def frame(self, expected_type: Optional[str] = None, timeout: float = TIMEOUT) -> dict:
        kind, value = await asyncio.wait_for(self.queue.get(), timeout)
        if kind != "frame":
            raise AssertionError(f"expected a frame, the server closed with {value}")
        if expected_type is not None and value.get("type") != expected_type:
            raise AssertionError(f"expected {expected_type}, got {value}")
        return value

    async def closed(self, timeout: float = TIMEOUT) -> int:
        kind, value = await asyncio.wait_for(self.queue.get(), timeout)
        if kind != "close":
            raise AssertionError(f"expected a close, got {value}")
        return int(value)

    async def close(self) -> None:
        if self.protocol is not None and self.protocol.state == WebSocketClientProtocol.STATE_OPEN:
            self.protocol.sendClose(1000)
            try:
                while (await asyncio.wait_for(self.queue.get(), TIMEOUT))[0] != "close":
                    pass
            except asyncio.TimeoutError:
                pass
