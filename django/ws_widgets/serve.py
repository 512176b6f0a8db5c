"""`python -m ws_widgets.serve [Daphne's options] mysite.asgi:application`: Daphne, with the two
things ws_widgets needs from the server that plain Daphne leaves out or to flags.

1. **Close reasons reach the client.** Daphne (4.2; django/daphne#374) sends the code of a
   `websocket.close` but drops its `reason`, and the widgets read `retry-after=N` from the reason
   of a 4429 (CONTRACT.md, "Server-advised retry"). It also lets the application close with 1012
   or 1013, which Daphne's own path refuses (autobahn's `sendClose` takes 1000 and 3000-4999 only).
2. **Oversized frames are refused before they are buffered.** The largest message and frame
   default to WS_WIDGETS_MAX_FRAME_BYTES instead of Daphne's 1 MiB: autobahn fails a larger one
   from its header, so its payload is never read into memory, and here it says so with a close
   frame (1009, "message too big") where Daphne drops the TCP connection (the client sees 1006).
   An explicit `--websocket-max-message-size` / `--websocket-max-frame-size` still wins.

Everything else is Daphne's command line as it is. Plain `python -m daphne` works too; set the
two size flags to WS_WIDGETS_MAX_FRAME_BYTES there, and the widgets then retry a 4429 after
their `max-reconnect-delay` instead of the advised delay.
"""

from __future__ import annotations

import logging
from typing import Any

import daphne.server
from autobahn.util import encode_truncate
from daphne.cli import CommandLineInterface
from daphne.server import Server
from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol

logger = logging.getLogger("ws_widgets")

MAX_REASON_BYTES = 123  # a close frame's payload is at most 125 bytes, two of them the code
# Codes an endpoint may send (RFC 6455, 7.4): 1004-1006 and 1015 are reserved for the peers' own use.
SENDABLE_CODES = frozenset([1000, 1001, 1002, 1003, *range(1007, 1015), *range(3000, 5000)])


class ReasonedWebSocketProtocol(WebSocketProtocol):
    """Daphne's protocol, sending `websocket.close` with its reason."""

    def handle_reply(self, message: dict) -> None:
        code = message.get("code") or 1000
        if message.get("type") == "websocket.close" and self.state == self.STATE_OPEN and code in SENDABLE_CODES:
            reason = message.get("reason")
            encoded = encode_truncate(str(reason), MAX_REASON_BYTES) if reason else None
            self.sendCloseFrame(code=code, reasonUtf8=encoded, isReply=False)
            return
        super().handle_reply(message)


class WidgetsWebSocketFactory(WebSocketFactory):
    """Daphne's factory, building `ReasonedWebSocketProtocol`s that close a failed connection with
    a close frame (code and reason) instead of dropping it."""

    protocol = ReasonedWebSocketProtocol

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setProtocolOptions(failByDrop=False)


def frame_limit() -> int:
    """WS_WIDGETS_MAX_FRAME_BYTES of the project (loaded by then: Daphne imports the application
    before it builds the server)."""
    from . import conf

    return int(conf.get("MAX_FRAME_BYTES"))


class WidgetsServer(Server):
    """Daphne's server with ws_widgets' frame limit as the default of both size limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for option in ("websocket_max_message_size", "websocket_max_frame_size"):
            if kwargs.get(option) is None:
                kwargs[option] = frame_limit()
        logger.info(
            "ws_widgets.serve: messages over %s bytes and frames over %s bytes are refused with 1009",
            kwargs["websocket_max_message_size"],
            kwargs["websocket_max_frame_size"],
        )
        super().__init__(*args, **kwargs)


class WidgetsCommandLineInterface(CommandLineInterface):
    description = "Daphne for ws_widgets: close reasons passed on, frame limits from WS_WIDGETS_MAX_FRAME_BYTES"
    server_class = WidgetsServer

    def __init__(self) -> None:
        super().__init__()
        # None: "take WS_WIDGETS_MAX_FRAME_BYTES", which is only known once the project is loaded.
        self.parser.set_defaults(websocket_max_message_size=None, websocket_max_frame_size=None)


def main() -> None:
    daphne.server.WebSocketFactory = WidgetsWebSocketFactory  # this process only: it runs nothing else
    WidgetsCommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
