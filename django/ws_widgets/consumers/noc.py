"""The NOC dashboard endpoint (`/ws/noc/dashboard/`): client subscriptions, alerts, acknowledgements.

Gap-free (PROTOCOL.md 0.2): the socket remembers the last `seq` it sent of each client. A live
frame one above it goes out; one at or below it was sent already (replayed); one further above
means the channel layer lost frames on the way, and the socket sends them from the history first
(the process's watch logs how many).
"""

from __future__ import annotations

import logging
from typing import Any

from channels.db import database_sync_to_async
from django.utils import timezone

from .. import auth, frames, stream
from ..models import Alert
from ..policy import get_policy
from ..signals import alert_acknowledged
from .base import FrameRefused, WidgetConsumer
from .watch import COUNTS, StreamWatch

logger = logging.getLogger("ws_widgets")


def _since(content: dict) -> int | None:
    since = content.get("since")
    if since is None:
        return None
    if isinstance(since, bool) or not isinstance(since, int) or since < 0:
        raise FrameRefused("subscribe_client: since must be a whole number, the last seq seen", "invalid_since")
    return since


def _load_alert(alert_id: str) -> Alert | None:
    return Alert.objects.filter(alert_id=alert_id).first()


def _acknowledge(alert: Alert, user: Any, name: str) -> tuple[bool, Alert]:
    """Stores the acknowledgement unless there is one: a single conditional UPDATE, so of two
    operators clicking at once on two workers the database lets exactly one win. Returns whether
    this one won, and the alert as stored."""
    won = Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(),
        acknowledged_by=user if getattr(user, "pk", None) is not None else None,
        acknowledged_by_name=name,
    )
    return bool(won), Alert.objects.get(pk=alert.pk)


def _record_ack_seq(alert: Alert, seq: int) -> None:
    Alert.objects.filter(pk=alert.pk).update(ack_seq=seq)


class NocDashboardConsumer(WidgetConsumer):
    """`subscribe_client` joins a client's group and answers with `subscribed`, then a replay or a
    snapshot; `alert_new` (from `send_alert`) reaches it; `acknowledge_alert` is stored once and
    tells every subscriber of that client, in every process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_sent: dict[str, int] = {}  # client id -> the last seq this socket sent of it
        self._behind: dict[str, int] = {}  # client id -> the head it was behind at the last check
        self._asked: set[str] = set()  # catch-ups asked for and not yet run
        self._epoch: str | None = None

    async def on_authenticated(self) -> None:
        permissions = await database_sync_to_async(get_policy().noc_permissions)(self.user)
        await self.send_json(
            {"type": "connected", "user": auth.display_name(self.user), "permissions": list(permissions)}
        )

    async def handle_message(self, content: dict) -> bool:
        kind = content.get("type")
        # A refusal names what it refuses, as the client sent it (PROTOCOL.md's `error`, docs/conformance.md).
        if kind == "subscribe_client":
            try:
                await self.subscribe_client(content.get("client_id"), _since(content))
            except FrameRefused as refusal:
                refusal.named.setdefault("client_id", content.get("client_id"))
                raise
        elif kind == "acknowledge_alert":
            await self.acknowledge_alert(content.get("alert_id"))
        else:
            return False
        return True

    async def subscribe_client(self, client_id: Any, since: int | None = None) -> None:
        try:
            group = frames.client_group(client_id)
        except ValueError as error:
            await self.send_error(f"subscribe_client: {error}", "invalid_client", client_id=client_id)
            return
        if not await self.allowed("can_view_client", client_id):
            # Client ids are not registered: "not yours" and "no such client" are one answer.
            await self.send_error(f"not allowed to watch client {client_id}", "forbidden", client_id=client_id)
            return
        # Joined before the history is read: a frame numbered after that read arrives live.
        await self.join_group(group)
        StreamWatch.current().add(self)
        if self._epoch is None:  # the store's epoch now: a Redis restart from here on is noticed
            self._epoch, _ = await self.store.stream_heads([])
        head, replay = await self.store.read_history(client_id, since)
        if since is not None and replay is not None:
            await self.send_json({"type": "subscribed", "client_id": client_id, "seq": head, "recovered": True})
            for frame in replay:
                await self.send_json(frame)
            COUNTS.replayed += len(replay)
        else:
            subscribed: dict[str, Any] = {"type": "subscribed", "client_id": client_id, "seq": head}
            if since is not None:
                subscribed["recovered"] = False
            await self.send_json(subscribed)
            await self.send_json(await stream.snapshot(self.channel_layer, client_id, head))
        # Live frames up to `head` still queued for this socket are now duplicates, and skipped.
        self.last_sent[client_id] = head
        self._behind.pop(client_id, None)

    async def ws_widgets_frame(self, event: dict) -> None:
        frame, client_id = event["frame"], event.get("client_id")
        seq = frame.get("seq")
        last = self.last_sent.get(client_id) if isinstance(client_id, str) else None
        if last is None or not isinstance(seq, int):
            await super().ws_widgets_frame(event)
            return
        if not self.authenticated or self.closing or seq <= last:
            return
        if seq == last + 1:
            await self.send_json(frame)
            self.last_sent[client_id] = seq
            COUNTS.live += 1
            return
        await self.catch_up(client_id)

    async def catch_up(self, client_id: str) -> None:
        """Sends what this socket lacks of the client's stream: the frames after the last one it
        sent, from the history, or a snapshot when the history no longer holds them. Counted, and
        logged by the process's watch (the channel layer lost frames: capacity, a restart)."""
        last = self.last_sent.get(client_id)
        if last is None or self.closing:
            return
        head, replay = await self.store.read_history(client_id, last)
        if head == last:
            return
        if replay is not None:
            for frame in replay:
                await self.send_json(frame)
            COUNTS.caught_up += len(replay)
        else:
            await self.send_json(await stream.snapshot(self.channel_layer, client_id, head))
            COUNTS.snapshots += 1
        self.last_sent[client_id] = head
        self._behind.pop(client_id, None)

    # -- the process's stream check (watch.py) ---------------------------------------------

    async def check_stream(self, epoch: str, heads: dict[str, int]) -> None:
        """Called by the process's watch with the store's epoch and each client's latest number:
        asks for a catch-up when this socket is still short of a number it lacked a check ago.

        The ask goes through the channel layer to this very socket, so it is handled in turn with
        the live frames already queued for it (which may well be the missing ones)."""
        if self.closing:
            return
        if self._epoch is None:
            self._epoch = epoch
        elif epoch != self._epoch:  # Redis lost its state: the group memberships went with it
            self._epoch = epoch
            self._behind.clear()
            await self.channel_layer.send(self.channel_name, {"type": "ws_widgets.rejoin"})
            return
        for client_id, last in self.last_sent.items():
            head = heads.get(client_id, 0)
            if head == last:
                self._behind.pop(client_id, None)
                continue
            earlier = self._behind.get(client_id)
            if head < last or (earlier is not None and last < earlier):
                self._behind.pop(client_id, None)
                if client_id not in self._asked:
                    await self.channel_layer.send(
                        self.channel_name, {"type": "ws_widgets.catch_up", "client_id": client_id}
                    )
                    self._asked.add(client_id)
            else:
                self._behind[client_id] = head  # frames may still be on their way: look again next time

    async def ws_widgets_catch_up(self, event: dict) -> None:
        client_id = event["client_id"]
        self._asked.discard(client_id)
        await self.catch_up(client_id)

    async def ws_widgets_rejoin(self, event: dict) -> None:
        for group in list(self.joined):
            await self.store.add_group(self.channel_name, group, self._group_ttl())
            await self.channel_layer.group_add(group, self.channel_name)
        for client_id in list(self.last_sent):
            await self.catch_up(client_id)

    async def _release(self) -> None:
        StreamWatch.current().discard(self)
        await super()._release()

    # -- acknowledgements ------------------------------------------------------------------

    async def acknowledge_alert(self, alert_id: Any) -> None:
        asked = alert_id  # named in a refusal as the client sent it
        if isinstance(alert_id, int) and not isinstance(alert_id, bool):
            alert_id = str(alert_id)
        if not isinstance(alert_id, str) or not 0 < len(alert_id) <= 128:
            await self.send_error("acknowledge_alert needs an alert_id", "invalid_alert", alert_id=asked)
            return
        alert = await database_sync_to_async(_load_alert)(alert_id)
        # Another tenant's alert gets the very answer a made-up id gets: anything else would
        # tell a user which ids exist in tenants they cannot see.
        if alert is None or not await self.allowed("can_acknowledge", alert.client_id):
            await self.send_error(
                f"cannot acknowledge alert {alert_id}: unknown or expired", "unknown_alert", alert_id=asked
            )
            return
        won, alert = await database_sync_to_async(_acknowledge)(alert, self.user, auth.display_name(self.user))
        if not won:
            # Already acknowledged (perhaps by someone else, perhaps this very moment on another
            # worker): settle this client's pending state without telling everyone twice. No
            # `seq`: it is an answer, not part of the stream.
            await self.send_json(alert.ack_frame())
            return
        [ack] = await stream.number(self.channel_layer, alert.client_id, [alert.ack_frame()])
        await database_sync_to_async(_record_ack_seq)(alert, ack["seq"])
        await stream.fan_out(self.channel_layer, alert.client_id, [ack])
        if frames.client_group(alert.client_id) not in self.joined:  # the asker still deserves an answer
            await self.send_json(alert.ack_frame())
        alert_dict = alert.as_frame_alert()
        results = await database_sync_to_async(alert_acknowledged.send_robust)(
            sender=type(self), alert=alert_dict, ack=ack, user=self.user
        )
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error("ws_widgets: alert_acknowledged receiver %r failed: %r", receiver, result)
