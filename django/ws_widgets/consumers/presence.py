"""The presence endpoint (`/ws/noc/presence/`): connection health and `get_stats`."""

from __future__ import annotations

from .. import conf, frames
from .base import WidgetConsumer
from .stats import COUNTERS


class PresenceConsumer(WidgetConsumer):
    """`get_stats` → `stats`: live sockets of every process (from the shared store); message
    counts and uptime of this process."""

    async def handle_message(self, content: dict) -> bool:
        if content.get("type") != "get_stats":
            return False
        connections = await self.store.count_connections(conf.stale_after())
        await self.send_json(
            {
                "type": "stats",
                "connections": connections,
                "uptime_seconds": frames.uptime_seconds(),
                "messages_in": COUNTERS.messages_in,
                "messages_out": COUNTERS.messages_out,
            }
        )
        return True
