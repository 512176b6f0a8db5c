"""In-memory store for a single process (InMemoryChannelLayer, tests, `runserver`)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from typing import Optional, Sequence

MAX_ALERTS = 10000


class LocalStore:
    """Process-local implementation of `Store`; a lock makes it safe from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        """Forgets everything (tests)."""
        with self._lock:
            self._connections: dict[str, dict[str, float]] = {}
            self._seq = 0
            self._logs: dict[str, deque[tuple[int, dict]]] = {}
            self._alerts: OrderedDict[str, tuple[float, dict]] = OrderedDict()
            self._acks: OrderedDict[str, tuple[float, dict]] = OrderedDict()

    def _prune(self, stale_after: float) -> None:
        cutoff = time.time() - stale_after
        for key in list(self._connections):
            live = {c: t for c, t in self._connections[key].items() if t >= cutoff}
            if live:
                self._connections[key] = live
            else:
                del self._connections[key]

    async def add_connection(self, user_key: str, channel: str, stale_after: float) -> int:
        with self._lock:
            self._prune(stale_after)
            self._connections.setdefault(user_key, {})[channel] = time.time()
            return len(self._connections[user_key])

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> None:
        with self._lock:
            if channel in self._connections.get(user_key, {}):
                self._connections[user_key][channel] = time.time()

    async def remove_connection(self, user_key: str, channel: str) -> None:
        with self._lock:
            mine = self._connections.get(user_key, {})
            mine.pop(channel, None)
            if not mine:
                self._connections.pop(user_key, None)

    async def count_connections(self, stale_after: float) -> int:
        with self._lock:
            self._prune(stale_after)
            return sum(len(v) for v in self._connections.values())

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        with self._lock:
            self._seq += 1
            log = self._logs.get(group)
            if log is None or log.maxlen != limit:
                log = self._logs[group] = deque(log or (), maxlen=max(1, limit))
            log.append((self._seq, frame))
            return self._seq

    async def read_frames(self, groups: Sequence[str], since: Optional[int]) -> tuple[list[dict], int]:
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
    def _recall(table: OrderedDict, key: str) -> Optional[dict]:
        entry = table.get(key)
        if entry is None or entry[0] < time.time():
            return None
        return entry[1]

    async def save_alert(self, alert: dict, ttl: int) -> None:
        with self._lock:
            self._remember(self._alerts, str(alert["id"]), alert, ttl)

    async def load_alert(self, alert_id: str) -> Optional[dict]:
        with self._lock:
            return self._recall(self._alerts, alert_id)

    async def save_ack(self, alert_id: str, ack: dict, ttl: int) -> Optional[dict]:
        with self._lock:
            earlier = self._recall(self._acks, alert_id)
            if earlier is not None:
                return earlier
            self._remember(self._acks, alert_id, ack, ttl)
            return None
