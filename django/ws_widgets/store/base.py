"""The interface every state store implements (see store/__init__.py for why there is one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Store(Protocol):
    """Shared state of ws_widgets. Every method is atomic on its own."""

    async def add_connection(self, user_key: str, channel: str, stale_after: float) -> int:
        """Registers a socket; returns how many live sockets `user_key` has, this one included."""

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> bool:
        """Renews a socket's entry (and its groups' record); False when it had been reaped as stale
        (it is registered again, but its groups must be joined again)."""

    async def remove_connection(self, user_key: str, channel: str) -> None:
        """Forgets a closed socket and its groups' record."""

    async def count_connections(self, stale_after: float) -> int:
        """Live sockets of every user, every process."""

    async def add_group(self, channel: str, group: str, ttl: int) -> None:
        """Records that `channel` joined `group`, so that its membership can be undone should the
        socket's process die without cleaning up. Called before the channel-layer join."""

    async def discard_group(self, channel: str, group: str) -> None:
        """Forgets a group `channel` left."""

    async def reap(self, stale_after: float, limit: int = 100) -> list[tuple[str, list[str]]]:
        """Removes up to `limit` entries not renewed for `stale_after` seconds (their process died)
        and returns each one's channel and recorded groups, for the caller to take the channel out
        of them in the channel layer. Atomic: of several processes reaping at once, one gets each."""

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        """Logs a broadcast frame for polling; returns its sequence number (global, increasing)."""

    async def read_frames(self, groups: Sequence[str], since: int | None) -> tuple[list[dict], int]:
        """Frames of `groups` after `since`, oldest first, and the cursor to send back next time.

        Without `since` the answer is empty (a poller starts from now). A `since` beyond the
        cursor means the log was reset, so everything still kept is returned.
        """

    async def append_history(
        self, client_id: str, texts: Sequence[str], size: int, ttl: int, floor: int | None
    ) -> int | None:
        """Numbers the next frames of a NOC client's stream and keeps them for replay, atomically.

        `texts` are the frames' JSON without the closing brace, so `,"seq":N}` completes each one.
        Returns the last number handed out (the first is that minus len(texts) - 1), or None when
        the store has no counter for the client and `floor` is None: the caller then reads the
        highest number the database recorded and calls again with it as `floor`.
        """

    async def read_history(self, client_id: str, since: int | None) -> tuple[int, list[dict] | None]:
        """The client's latest number, and the frames after `since` in order when the history still
        holds every one of them (None otherwise, and always without `since`)."""

    async def stream_heads(self, client_ids: Sequence[str]) -> tuple[str, dict[str, int]]:
        """The store's epoch (it changes when the store lost its state, as when Redis restarted
        without persistence) and each client's latest number (0 when unknown)."""
