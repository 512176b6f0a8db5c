"""The NOC dashboard endpoint (`/ws/noc/dashboard/`): client subscriptions, alerts, acknowledgements."""

from __future__ import annotations

import logging
from typing import Any

from channels.db import database_sync_to_async

from .. import auth, conf, frames
from ..policy import get_policy
from ..signals import alert_acknowledged
from .base import WidgetConsumer

logger = logging.getLogger("ws_widgets")


class NocDashboardConsumer(WidgetConsumer):
    """`subscribe_client` joins a client's group; `alert_new` (from `send_alert`) reaches it;
    `acknowledge_alert` tells every subscriber of that client, in every process."""

    async def on_authenticated(self) -> None:
        permissions = await database_sync_to_async(get_policy().noc_permissions)(self.user)
        await self.send_json(
            {"type": "connected", "user": auth.display_name(self.user), "permissions": list(permissions)}
        )

    async def handle_message(self, content: dict) -> bool:
        kind = content.get("type")
        if kind == "subscribe_client":
            await self.subscribe_client(content.get("client_id"))
        elif kind == "acknowledge_alert":
            await self.acknowledge_alert(content.get("alert_id"))
        else:
            return False
        return True

    async def subscribe_client(self, client_id: Any) -> None:
        try:
            group = frames.client_group(client_id)
        except ValueError as error:
            await self.send_error(f"subscribe_client: {error}", "invalid_client")
            return
        if not await self.allowed("can_view_client", client_id):
            # Client ids are not registered: "not yours" and "no such client" are one answer.
            await self.send_error(f"not allowed to watch client {client_id}", "forbidden")
            return
        await self.join_group(group)
        await self.send_json({"type": "subscribed", "client_id": client_id})

    async def acknowledge_alert(self, alert_id: Any) -> None:
        if isinstance(alert_id, int) and not isinstance(alert_id, bool):
            alert_id = str(alert_id)
        if not isinstance(alert_id, str) or not 0 < len(alert_id) <= 128:
            await self.send_error("acknowledge_alert needs an alert_id", "invalid_alert")
            return
        alert = await self.store.load_alert(alert_id)
        # Another tenant's alert gets the very answer a made-up id gets: anything else would
        # tell a user which ids exist in tenants they cannot see.
        if alert is None or not await self.allowed("can_acknowledge", alert["client_id"]):
            await self.send_error(f"cannot acknowledge alert {alert_id}: unknown or expired", "unknown_alert")
            return
        ack = {
            "type": "alert_acknowledged",
            "alert_id": alert["id"],
            "acknowledged_by": auth.display_name(self.user),
            "acknowledged_at": frames.now_iso(),
        }
        earlier = await self.store.save_ack(alert_id, ack, conf.get("ALERT_TTL"))
        if earlier is not None:
            # Already acknowledged (perhaps by someone else): settle this client's pending state
            # without telling everyone twice.
            await self.send_json(earlier)
            return
        group = frames.client_group(alert["client_id"])
        await self.broadcast(group, ack)
        if group not in self.joined:  # the asker still deserves an answer
            await self.send_json(ack)
        results = await database_sync_to_async(alert_acknowledged.send_robust)(
            sender=type(self), alert=alert, ack=ack, user=self.user
        )
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error("ws_widgets: alert_acknowledged receiver %r failed: %r", receiver, result)
