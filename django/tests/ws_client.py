"""A small real WebSocket client (RFC 6455 over asyncio streams) for the tests that talk to Daphne
processes over TCP, where WebsocketCommunicator cannot reach.

Written out rather than taken from autobahn: autobahn's asyncio flavour refuses to load once
anything in the process chose Twisted (txaio picks one framework per process), and the Daphne app
in INSTALLED_APPS does exactly that. Writing frames by hand also lets a test send what no library
would, such as the header of a 100 MB frame without its payload.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import struct
from typing import Any
from urllib.parse import urlparse

TIMEOUT = 5.0
TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA


def frame_header(opcode: int, length: int, *, fin: bool = True) -> bytes:
    """A client frame's header (masked, as RFC 6455 requires of clients), mask key included."""
    first = (0x80 if fin else 0) | opcode
    if length < 126:
        header = struct.pack("!BB", first, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", first, 0x80 | 127, length)
    return header + b"\x00\x00\x00\x00"  # a zero mask: the payload goes out as it is


class WsClient:
    """Frames arrive in a queue; the server's close arrives there too, as its code (and
    `close_reason` holds its reason)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.close_reason = ""
        self.closed_by_server = False
        self._reading = asyncio.ensure_future(self._read())

    @classmethod
    async def connect(cls, url: str, *, origin: str | None = None, headers: dict[str, str] | None = None) -> WsClient:
        parsed = urlparse(url)
        reader, writer = await asyncio.wait_for(asyncio.open_connection(parsed.hostname, parsed.port), TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {parsed.path or '/'}{'?' + parsed.query if parsed.query else ''} HTTP/1.1",
            f"Host: {parsed.hostname}:{parsed.port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin1"))
        response = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        status = response.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            writer.close()
            raise ConnectionError(f"handshake failed: {status.decode('latin1')}")
        return cls(reader, writer)

    async def _read(self) -> None:
        try:
            while True:
                first, second = await self.reader.readexactly(2)
                opcode, length = first & 0x0F, second & 0x7F
                if length == 126:
                    (length,) = struct.unpack("!H", await self.reader.readexactly(2))
                elif length == 127:
                    (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
                payload = await self.reader.readexactly(length)  # servers do not mask
                if opcode == TEXT:
                    self.queue.put_nowait(("frame", json.loads(payload.decode("utf-8"))))
                elif opcode == PING:
                    self._write(PONG, payload)
                elif opcode == CLOSE:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    self.close_reason = payload[2:].decode("utf-8", "replace")
                    self.closed_by_server = True
                    self._write(CLOSE, payload[:2])
                    self.queue.put_nowait(("close", code))
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            self.queue.put_nowait(("close", 1006))  # dropped without a close frame

    def _write(self, opcode: int, payload: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(frame_header(opcode, len(payload)) + payload)

    def send(self, frame: dict) -> None:
        self.send_text(json.dumps(frame))

    def send_text(self, text: str) -> None:
        self._write(TEXT, text.encode("utf-8"))

    def send_raw(self, data: bytes) -> None:
        """Bytes as they are: a frame header alone, or part of a payload."""
        self.writer.write(data)

    async def frame(self, expected_type: str | None = None, timeout: float = TIMEOUT) -> dict:
        kind, value = await asyncio.wait_for(self.queue.get(), timeout)
        if kind != "frame":
            raise AssertionError(f"expected a frame, the server closed with {value} ({self.close_reason!r})")
        if expected_type is not None and value.get("type") != expected_type:
            raise AssertionError(f"expected {expected_type}, got {value}")
        return value

    async def closed(self, timeout: float = TIMEOUT) -> int:
        kind, value = await asyncio.wait_for(self.queue.get(), timeout)
        if kind != "close":
            raise AssertionError(f"expected a close, got {value}")
        return int(value)

    async def close(self) -> None:
        if not self.closed_by_server and not self._reading.done():
            self._write(CLOSE, struct.pack("!H", 1000))
            with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
                await asyncio.wait_for(asyncio.shield(self._reading), TIMEOUT)
        self._reading.cancel()
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()
