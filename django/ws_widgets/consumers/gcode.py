"""The G-Code dashboard endpoint (`/ws/dashboard/`): `{action: "subscribe", channel: "user_<id>"}`."""

from __future__ import annotations

from typing import Any

from .. import frames
from ..policy import CHANNEL
from .base import FrameRefused, WidgetConsumer


class GcodeDashboardConsumer(WidgetConsumer):
    """A user may subscribe to their own channel only (holders of `ws_widgets.view_all_channels`
    to any, per the policy; a channel of a user who does not exist is refused the same way);
    `send_gcode_update`, `send_annotation` and `send_content` reach the subscribers."""

    async def handle_message(self, content: dict) -> bool:
        if content.get("action") != "subscribe" or "type" in content:
            return False
        await self.subscribe(content.get("channel"))
        return True

    async def subscribe(self, channel: Any) -> None:
        if not isinstance(channel, str) or not CHANNEL.match(channel):
            await self.send_error("channel must look like user_<id>", "invalid_channel", channel=channel)
            return
        if not await self.allowed("can_view_channel", channel):
            await self.send_error(
                f"not allowed to subscribe to {channel}: only your own channel", "forbidden", channel=channel
            )
            return
        try:
            await self.join_group(frames.channel_group(channel))
        except FrameRefused as refusal:  # too_many_subscriptions, naming the channel
            refusal.named.setdefault("channel", channel)
            raise
        await self.send_json({"type": "subscribed", "channel": channel})
