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
import uuid
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


# Numbers a NOC client's next frames and keeps them in its stream (entry id "<seq>-0"), trimmed to
# about ARGV[2] (never fewer: XADD's "~" trims whole macro nodes only). A missing counter (Redis
# restarted without persistence, or the history expired) resumes from ARGV[1], the highest number
# the database recorded, or from the stream's last entry; -1 asks the caller for that floor.
APPEND_HISTORY = """
local head = redis.call('GET', KEYS[1])
if head then
    head = tonumber(head)
else
    head = tonumber(ARGV[1])
    local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
    if last then
        local top = tonumber(string.match(last[1], '^(%d+)'))
        if head < 0 or top > head then head = top end
    end
    if head < 0 then return -1 end
end
for i = 4, #ARGV do
    head = head + 1
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], head .. '-0', 'f', ARGV[i] .. ',"seq":' .. head .. '}')
end
redis.call('SET', KEYS[1], head, 'EX', ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return head
"""

# The latest number and, when the stream still holds every frame after ARGV[1], those frames: one
# atomic read, so the frames end exactly at the number returned with them.
READ_HISTORY = """
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
if since < 0 or since > head then return {head, 0} end
if since == head then return {head, 1} end
local entries = redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', head .. '-0')
if #entries == 0 or tonumber(string.match(entries[1][1], '^(%d+)')) ~= since + 1 then return {head, 0} end
local out = {head, 1}
for _, entry in ipairs(entries) do out[#out + 1] = entry[2][2] end
return out
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

    def _history_keys(self, client_id: str) -> tuple[str, str]:
        return self._key("hist", client_id, "seq"), self._key("hist", client_id)

    async def append_history(
        self, client_id: str, texts: Sequence[str], size: int, ttl: int, floor: int | None
    ) -> int | None:
        head = await self._redis().eval(
            APPEND_HISTORY,
            2,
            *self._history_keys(client_id),
            -1 if floor is None else int(floor),
            max(1, int(size)),
            int(ttl),
            *texts,
        )
        head = int(head)
        return None if head < 0 else head

    async def read_history(self, client_id: str, since: int | None) -> tuple[int, list[dict] | None]:
        found = await self._redis().eval(
            READ_HISTORY, 2, *self._history_keys(client_id), -1 if since is None else since
        )
        head, held = int(found[0]), int(found[1])
        if since is None or not held:
            return head, None
        return head, [json.loads(_text(text)) for text in found[2:]]

    async def stream_heads(self, client_ids: Sequence[str]) -> tuple[str, dict[str, int]]:
        unique = list(dict.fromkeys(client_ids))
        async with self._redis().pipeline(transaction=False) as pipe:
            # A Redis that lost its data (restarted without persistence, flushed) gets a new epoch.
            pipe.set(self._key("epoch"), uuid.uuid4().hex, nx=True)
            pipe.get(self._key("epoch"))
            for client_id in unique:
                pipe.get(self._history_keys(client_id)[0])
            results = await pipe.execute()
        return _text(results[1]), {c: int(v or 0) for c, v in zip(unique, results[2:], strict=True)}
