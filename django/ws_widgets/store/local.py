"""In-memory store for a single process (InMemoryChannelLayer, tests, `runserver`)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence


class LocalStore:
    """Process-local implementation of `Store`; a lock makes it safe from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        """Forgets everything (tests)."""
        with self._lock:
            # user key -> channel -> when the socket last renewed its entry (time.time())
            self._connections: dict[str, dict[str, float]] = {}
            self._groups: dict[str, set[str]] = {}  # channel -> groups it joined
            self._seq = 0
            self._logs: dict[str, deque[tuple[int, dict]]] = {}
            # NOC client -> its latest frame number, and its recent frames (number, JSON text)
            self._heads: dict[str, int] = {}
            self._history: dict[str, deque[tuple[int, str]]] = {}
            self._epoch = uuid.uuid4().hex  # a cleared store is a new one, as a restarted Redis is

    def connection_entries(self) -> list[tuple[str, str]]:
        """Every registered `(user key, channel)`, stale or not, with its groups' record (tests)."""
        with self._lock:
            entries = [(key, channel) for key, mine in self._connections.items() for channel in mine]
            return entries + [("groups", channel) for channel in self._groups if self._groups[channel]]

    async def add_connection(self, user_key: str, channel: str, stale_after: float) -> int:
        with self._lock:
            now = time.time()
            mine = self._connections.setdefault(user_key, {})
            mine[channel] = now
            # Stale entries no longer count, but stay for `reap` to give their groups back.
            return sum(1 for renewed in mine.values() if renewed >= now - stale_after)

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> bool:
        with self._lock:
            mine = self._connections.setdefault(user_key, {})
            known = channel in mine
            mine[channel] = time.time()
            return known

    async def remove_connection(self, user_key: str, channel: str) -> None:
        with self._lock:
            mine = self._connections.get(user_key, {})
            mine.pop(channel, None)
            if not mine:
                self._connections.pop(user_key, None)
            self._groups.pop(channel, None)

    async def count_connections(self, stale_after: float) -> int:
        with self._lock:
            cutoff = time.time() - stale_after
            return sum(1 for mine in self._connections.values() for renewed in mine.values() if renewed >= cutoff)

    async def add_group(self, channel: str, group: str, ttl: int) -> None:
        with self._lock:
            self._groups.setdefault(channel, set()).add(group)

    async def discard_group(self, channel: str, group: str) -> None:
        with self._lock:
            self._groups.get(channel, set()).discard(group)

    async def reap(self, stale_after: float, limit: int = 100) -> list[tuple[str, list[str]]]:
        with self._lock:
            cutoff = time.time() - stale_after
            reaped: list[tuple[str, list[str]]] = []
            for key in list(self._connections):
                mine = self._connections[key]
                for channel in [c for c, renewed in mine.items() if renewed < cutoff][: limit - len(reaped)]:
                    del mine[channel]
                    reaped.append((channel, sorted(self._groups.pop(channel, ()))))
                if not mine:
                    del self._connections[key]
                if len(reaped) >= limit:
                    break
            return reaped

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        with self._lock:
            self._seq += 1
            log = self._logs.get(group)
            if log is None or log.maxlen != limit:
                log = self._logs[group] = deque(log or (), maxlen=max(1, limit))
            log.append((self._seq, frame))
            return self._seq

    async def read_frames(self, groups: Sequence[str], since: int | None) -> tuple[list[dict], int]:
        with self._lock:
            cursor = self._seq
            if since is None:
                return [], cursor
            floor = since if since <= cursor else 0
            entries = [e for g in set(groups) for e in self._logs.get(g, ()) if e[0] > floor]
        entries.sort(key=lambda e: e[0])
        return [frame for _, frame in entries], cursor

    async def append_history(
        self, client_id: str, texts: Sequence[str], size: int, ttl: int, floor: int | None
    ) -> int | None:
        with self._lock:
            head = self._heads.get(client_id)
            if head is None:
                if floor is None:
                    return None
                head = floor
            history = self._history.get(client_id)
            if history is None or history.maxlen != size:
                history = self._history[client_id] = deque(history or (), maxlen=max(1, size))
            for text in texts:
                head += 1
                history.append((head, f'{text},"seq":{head}}}'))
            self._heads[client_id] = head
            return head

    async def read_history(self, client_id: str, since: int | None) -> tuple[int, list[dict] | None]:
        with self._lock:
            head = self._heads.get(client_id, 0)
            if since is None or since > head:
                return head, None
            kept = [(seq, text) for seq, text in self._history.get(client_id, ()) if seq > since]
        if since < head and (not kept or kept[0][0] != since + 1):
            return head, None  # trimmed: the history no longer holds the first one asked for
        return head, [json.loads(text) for _, text in kept]

    async def stream_heads(self, client_ids: Sequence[str]) -> tuple[str, dict[str, int]]:
        with self._lock:
            return self._epoch, {c: self._heads.get(c, 0) for c in client_ids}
