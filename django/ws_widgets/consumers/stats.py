"""Message counters of this process for the presence endpoint's `stats` reply.

Counting every frame in Redis would cost a round trip per message; these are per process and
documented as such, while the connection count comes from the shared store.
"""

from __future__ import annotations

import threading


class Counters:
    """Frames received and sent by every ws_widgets consumer of this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.messages_in = 0
        self.messages_out = 0

    def received(self) -> None:
        with self._lock:
            self.messages_in += 1

    def sent(self) -> None:
        with self._lock:
            self.messages_out += 1


COUNTERS = Counters()
