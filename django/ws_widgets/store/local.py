"""In-memory store for a single process (InMemoryChannelLayer, tests, `runserver`)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Sequence

MAX_ALERTS = 10000


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
            self._alerts: OrderedDict[str, tuple[float, dict]] = OrderedDict()
            self._acks: OrderedDict[str, tuple[float, dict]] = OrderedDict()

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

    def _remember(self, table: OrderedDict, key: str, value: dict, ttl: int) -> None:
        table[key] = (time.time() + ttl, value)
        table.move_to_end(key)
        while len(table) > MAX_ALERTS:
            table.popitem(last=False)

    @staticmethod
    def _recall(table: OrderedDict, key: str) -> dict | None:
        entry = table.get(key)
        if entry is None or entry[0] < time.time():
            return None
        return entry[1]

    async def save_alert(self, alert: dict, ttl: int) -> None:
        with self._lock:
            self._remember(self._alerts, str(alert["id"]), alert, ttl)

    async def load_alert(self, alert_id: str) -> dict | None:
        with self._lock:
            return self._recall(self._alerts, alert_id)

    async def save_ack(self, alert_id: str, ack: dict, ttl: int) -> dict | None:
        with self._lock:
            earlier = self._recall(self._acks, alert_id)
            if earlier is not None:
                return earlier
            self._remember(self._acks, alert_id, ack, ttl)
            return None
