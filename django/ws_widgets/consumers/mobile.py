"""The mobile app sync endpoint (`/ws/mobile/sync/`), the seeds' third NOC endpoint.

Seed 001 lists it ("Mobile app sync", JWT, MobileSyncConsumer) without frames of its own, so it
speaks what every endpoint speaks and, as in the Node reference server, echoes `echo` frames back
unchanged so that an app can time a round trip. Admission, limits and cleanup are the base's:
the same tokens, origin check, per-user cap, rate limit and idle timeout as the other endpoints.
"""

from __future__ import annotations

from .base import WidgetConsumer


class MobileSyncConsumer(WidgetConsumer):
    """`{type: "echo", ...}` comes back as it was sent; everything else is the base protocol."""

    async def handle_message(self, content: dict) -> bool:
        if content.get("type") != "echo":
            return False
        # The parsed frame, not the raw text: it passed the size, depth and strict-JSON checks.
        await self.send_json(content)
        return True
