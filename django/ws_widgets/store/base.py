"""The interface every state store implements (see store/__init__.py for why there is one)."""

from __future__ import annotations

from typing import Optional, Protocol, Sequence


class Store(Protocol):
    """Shared state of ws_widgets. Every method is atomic on its own."""

    async def add_connection(self, user_key: str, channel: str, stale_after: float) -> int:
        """Registers a socket; returns how many live sockets `user_key` has, this one included."""

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> None:
        """Marks a socket as still alive."""

    async def remove_connection(self, user_key: str, channel: str) -> None:
        """Forgets a closed socket."""

    async def count_connections(self, stale_after: float) -> int:
        """Live sockets of every user, every process."""

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        """Logs a broadcast frame for polling; returns its sequence number (global, increasing)."""

    async def read_frames(self, groups: Sequence[str], since: Optional[int]) -> tuple[list[dict], int]:
        """Frames of `groups` after `since`, oldest first, and the cursor to send back next time.

        Without `since` the answer is empty (a poller starts from now). A `since` beyond the
        cursor means the log was reset, so everything still kept is returned.
        """

    async def save_alert(self, alert: dict, ttl: int) -> None:
        """Remembers an alert so that a later `acknowledge_alert` can find its client."""

    async def load_alert(self, alert_id: str) -> Optional[dict]:
        """The alert saved under `alert_id`, or None."""

    async def save_ack(self, alert_id: str, ack: dict, ttl: int) -> Optional[dict]:
        """Records the first acknowledgement; returns the earlier one if there already was one."""
