"""Redis store shared by every Daphne process, reusing channels_redis' per-event-loop connection.

Keys live under `<layer prefix>:wsw:` so that two projects on one Redis keep apart exactly as
their channel layers do. Sockets are sorted-set members scored by when they last showed life, so
the entries of a process that died without cleaning up age out instead of blocking its users.
"""

from __future__ import annotations

import json
import time
from typing import Any, Optional, Sequence

# INCR and RPUSH in one atomic step: a reader can then never see the cursor move past a frame
# that is not in the log yet.
APPEND = """
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], seq .. ':' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return seq
"""


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class RedisStore:
    """`Store` on the Redis of a `channels_redis.core.RedisChannelLayer`."""

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.prefix = f"{layer.prefix}:wsw:"

    def _redis(self) -> Any:
        return self.layer.connection(0)

    def _key(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    async def add_connection(self, user_key: str, channel: str, stale_after: float) -> int:
        now = time.time()
        mine, every = self._key("conn", user_key), self._key("conn", "*")
        ttl = int(stale_after) + 1
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(mine, "-inf", now - stale_after)
            pipe.zremrangebyscore(every, "-inf", now - stale_after)
            pipe.zadd(mine, {channel: now})
            pipe.zadd(every, {f"{user_key}|{channel}": now})
            pipe.zcard(mine)
            pipe.expire(mine, ttl)
            pipe.expire(every, ttl)
            results = await pipe.execute()
        return int(results[4])

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> None:
        now = time.time()
        mine, every = self._key("conn", user_key), self._key("conn", "*")
        ttl = int(stale_after) + 1
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zadd(mine, {channel: now}, xx=True)
            pipe.zadd(every, {f"{user_key}|{channel}": now}, xx=True)
            pipe.expire(mine, ttl)
            pipe.expire(every, ttl)
            await pipe.execute()

    async def remove_connection(self, user_key: str, channel: str) -> None:
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zrem(self._key("conn", user_key), channel)
            pipe.zrem(self._key("conn", "*"), f"{user_key}|{channel}")
            await pipe.execute()

    async def count_connections(self, stale_after: float) -> int:
        every = self._key("conn", "*")
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(every, "-inf", time.time() - stale_after)
            pipe.zcard(every)
            results = await pipe.execute()
        return int(results[1])

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        encoded = json.dumps(frame, separators=(",", ":"))
        seq = await self._redis().eval(
            APPEND, 2, self._key("poll", "seq"), self._key("poll", group), encoded, max(1, limit), ttl
        )
        return int(seq)

    async def read_frames(self, groups: Sequence[str], since: Optional[int]) -> tuple[list[dict], int]:
        unique = sorted(set(groups))
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.get(self._key("poll", "seq"))
            for group in unique:
                pipe.lrange(self._key("poll", group), 0, -1)
            results = await pipe.execute()
        cursor = int(results[0] or 0)
        if since is None:
            return [], cursor
        floor = since if since <= cursor else 0
        entries: list[tuple[int, dict]] = []
        for raw_list in results[1:]:
            for raw in raw_list:
                seq_text, _, body = _text(raw).partition(":")
                seq = int(seq_text)
                if floor < seq <= cursor:
                    entries.append((seq, json.loads(body)))
        entries.sort(key=lambda e: e[0])
        return [frame for _, frame in entries], cursor

    async def save_alert(self, alert: dict, ttl: int) -> None:
        await self._redis().set(self._key("alert", str(alert["id"])), json.dumps(alert), ex=ttl)

    async def load_alert(self, alert_id: str) -> Optional[dict]:
        raw = await self._redis().get(self._key("alert", alert_id))
        return json.loads(_text(raw)) if raw is not None else None

    async def save_ack(self, alert_id: str, ack: dict, ttl: int) -> Optional[dict]:
        key = self._key("ack", alert_id)
        if await self._redis().set(key, json.dumps(ack), ex=ttl, nx=True):
            return None
        raw = await self._redis().get(key)
        return json.loads(_text(raw)) if raw is not None else None
