"""Redis store shared by every Daphne process, reusing channels_redis' per-event-loop connection.

Keys live under `<layer prefix>:wsw:` so that two projects on one Redis keep apart exactly as
their channel layers do. Sockets are sorted-set members scored by when they last renewed their
entry, so the entries of a process that died without cleaning up stop counting instead of
blocking its users, and `reap` then takes its sockets out of the groups they had joined
(`groups:<channel>` records them).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

# INCR and RPUSH in one atomic step: a reader can then never see the cursor move past a frame
# that is not in the log yet.
APPEND = """
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], seq .. ':' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return seq
"""


# Takes stale sockets out of the registry with their groups' record in one atomic step, so that of
# several processes reaping at once exactly one undoes each membership. Members of the global set
# are "<user key>|<channel>"; channel names never contain "|", user keys might.
REAP = """
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, member in ipairs(stale) do
    redis.call('ZREM', KEYS[1], member)
    local bar = string.find(member, '|[^|]*$')
    local channel = string.sub(member, bar + 1)
    redis.call('ZREM', ARGV[3] .. 'conn:' .. string.sub(member, 1, bar - 1), channel)
    local groups_key = ARGV[3] .. 'groups:' .. channel
    out[#out + 1] = channel
    out[#out + 1] = redis.call('SMEMBERS', groups_key)
    redis.call('DEL', groups_key)
end
return out
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
        mine = self._key("conn", user_key)
        async with self._redis().pipeline(transaction=True) as pipe:
            # Stale entries leave the user's own set (they no longer count against the cap) but
            # stay in the global one until `reap` has given their groups back.
            pipe.zremrangebyscore(mine, "-inf", f"({now - stale_after}")
            pipe.zadd(mine, {channel: now})
            pipe.zadd(self._key("conn", "*"), {f"{user_key}|{channel}": now})
            pipe.zcard(mine)
            pipe.expire(mine, int(stale_after) + 1)
            results = await pipe.execute()
        return int(results[3])

    async def touch_connection(self, user_key: str, channel: str, stale_after: float) -> bool:
        now = time.time()
        mine = self._key("conn", user_key)
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zadd(mine, {channel: now})
            pipe.zadd(self._key("conn", "*"), {f"{user_key}|{channel}": now})
            pipe.expire(mine, int(stale_after) + 1)
            pipe.expire(self._key("groups", channel), self._group_ttl())
            results = await pipe.execute()
        return int(results[1]) == 0  # ZADD counts the members it had to create

    async def remove_connection(self, user_key: str, channel: str) -> None:
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.zrem(self._key("conn", user_key), channel)
            pipe.zrem(self._key("conn", "*"), f"{user_key}|{channel}")
            pipe.delete(self._key("groups", channel))
            await pipe.execute()

    async def count_connections(self, stale_after: float) -> int:
        return int(await self._redis().zcount(self._key("conn", "*"), time.time() - stale_after, "+inf"))

    def _group_ttl(self) -> int:
        """As long as channels_redis itself keeps a membership: after that there is nothing to undo."""
        return int(getattr(self.layer, "group_expiry", 86400))

    async def add_group(self, channel: str, group: str, ttl: int) -> None:
        async with self._redis().pipeline(transaction=True) as pipe:
            pipe.sadd(self._key("groups", channel), group)
            pipe.expire(self._key("groups", channel), max(int(ttl), self._group_ttl()))
            await pipe.execute()

    async def discard_group(self, channel: str, group: str) -> None:
        await self._redis().srem(self._key("groups", channel), group)

    async def reap(self, stale_after: float, limit: int = 100) -> list[tuple[str, list[str]]]:
        found = await self._redis().eval(REAP, 1, self._key("conn", "*"), time.time() - stale_after, limit, self.prefix)
        return [(_text(found[i]), sorted(_text(g) for g in found[i + 1])) for i in range(0, len(found), 2)]

    async def append_frame(self, group: str, frame: dict, limit: int, ttl: int) -> int:
        encoded = json.dumps(frame, separators=(",", ":"))
        seq = await self._redis().eval(
            APPEND, 2, self._key("poll", "seq"), self._key("poll", group), encoded, max(1, limit), ttl
        )
        return int(seq)

    async def read_frames(self, groups: Sequence[str], since: int | None) -> tuple[list[dict], int]:
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

    async def load_alert(self, alert_id: str) -> dict | None:
        raw = await self._redis().get(self._key("alert", alert_id))
        return json.loads(_text(raw)) if raw is not None else None

    async def save_ack(self, alert_id: str, ack: dict, ttl: int) -> dict | None:
        key = self._key("ack", alert_id)
        if await self._redis().set(key, json.dumps(ack), ex=ttl, nx=True):
            return None
        raw = await self._redis().get(key)
        return json.loads(_text(raw)) if raw is not None else None
