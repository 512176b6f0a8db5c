"""The gap-free NOC stream of PROTOCOL.md 0.2: numbered frames, their history, snapshots.

Every `alert_new` and `alert_acknowledged` of a client gets `seq`, one more than the client's
previous frame, from the store (Redis with channels_redis, shared by every process), which keeps
the last WS_WIDGETS_HISTORY_SIZE frames for replay in the same atomic step. The frame then goes to
the client's channel-layer group. A socket that misses frames (the layer dropped them, it
reconnected, Redis restarted) gets them again from the history, or a snapshot from the database
when the history no longer holds them: the database is the truth, the history a cache of it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from . import conf, frames
from .store import get_store

logger = logging.getLogger("ws_widgets")

FRAME_EVENT = "ws_widgets.frame"  # handled by WidgetConsumer.ws_widgets_frame
SNAPSHOT_SIZE = 200  # PROTOCOL.md: an alert_snapshot holds at most 200 alerts


async def _retrying(what: str, call: Any) -> Any:
    """Awaits `call()`, retrying for WS_WIDGETS_PUBLISH_RETRY seconds while the store fails: a Redis
    restart takes a second or two, and an alert already stored should still go out."""
    deadline = time.monotonic() + float(conf.get("PUBLISH_RETRY"))
    delay = 0.05
    while True:
        try:
            return await call()
        except (asyncio.CancelledError, ValueError, TypeError):
            raise
        except Exception as error:
            if time.monotonic() + delay > deadline:
                raise
            logger.warning("ws_widgets: %s failed (%r); retrying", what, error)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)


def _last_seq(client_id: str) -> int:
    from .models import Alert

    return Alert.objects.last_seq(client_id)


async def number(layer: Any, client_id: str, items: Sequence[dict]) -> list[dict]:
    """Gives `items` (frames of `client_id`) their `seq` and puts them in the history; returns them
    as sent, `seq` included."""
    store = get_store(layer)
    payloads = [frames.jsonable(item) for item in items]
    # The JSON without its closing brace: the store appends `,"seq":N}` under its own lock.
    texts = [json.dumps({k: v for k, v in p.items() if k != "seq"}, separators=(",", ":"))[:-1] for p in payloads]
    size, ttl = int(conf.get("HISTORY_SIZE")), int(conf.get("HISTORY_TTL"))

    async def append() -> int:
        head = await store.append_history(client_id, texts, size, ttl, None)
        if head is None:  # no counter (first frame, or Redis lost it): resume after the database's
            floor = await database_sync_to_async(_last_seq)(client_id)
            head = await store.append_history(client_id, texts, size, ttl, floor)
        assert head is not None
        return head

    head = await _retrying(f"numbering frames of client {client_id}", append)
    first = head - len(payloads) + 1
    for offset, payload in enumerate(payloads):
        payload["seq"] = first + offset
    return payloads


async def fan_out(layer: Any, client_id: str, numbered: Sequence[dict]) -> None:
    """Sends numbered frames to the client's group, in order. A failure is logged, not raised: the
    frames are in the history, and each process's stream check catches its sockets up."""
    group = frames.client_group(client_id)
    try:
        for frame in numbered:
            await layer.group_send(group, {"type": FRAME_EVENT, "frame": frame, "client_id": client_id})
    except Exception as error:
        logger.warning(
            "ws_widgets: sending frames of client %s to the channel layer failed (%r); sockets will catch "
            "up from the history",
            client_id,
            error,
        )


async def publish(layer: Any, client_id: str, items: Sequence[dict]) -> list[dict]:
    """`number`, then `fan_out`: the frames as sent."""
    numbered = await number(layer, client_id, items)
    await fan_out(layer, client_id, numbered)
    return numbered


def _snapshot_alerts(client_id: str) -> list[dict]:
    from .models import Alert

    return [alert.as_frame_alert(with_ack=True) for alert in Alert.objects.snapshot(client_id, SNAPSHOT_SIZE)]


async def snapshot(layer: Any, client_id: str, head: int | None = None) -> dict:
    """The `alert_snapshot` frame. `head` must have been read before this call (it is, when
    omitted): every frame up to it is then in the database already, since broadcasting stores
    first, and a later frame the snapshot may also reflect is applied again harmlessly."""
    if head is None:
        head, _ = await get_store(layer).read_history(client_id, None)
    alerts = await database_sync_to_async(_snapshot_alerts)(client_id)
    return {"type": "alert_snapshot", "client_id": client_id, "seq": head, "alerts": alerts}


def read_sync(client_id: str, since: int | None, layer: Any = None) -> tuple[int, list[dict]]:
    """Sync, for views and template tags: the latest number and the frames after `since`, or, when
    the history no longer holds them (or without `since`), a list holding one `alert_snapshot`."""
    from channels.layers import get_channel_layer

    layer = layer if layer is not None else get_channel_layer()
    head, replay = async_to_sync(get_store(layer).read_history)(client_id, since)
    if since is not None and replay is not None:
        return head, replay
    snapshot = {"type": "alert_snapshot", "client_id": client_id, "seq": head, "alerts": _snapshot_alerts(client_id)}
    return head, [snapshot]


def initial_state(client_id: str, layer: Any = None) -> dict:
    """`{"seq", "alerts"}` for `<noc-alert-feed>`'s initial JSON (sync: template tags, views)."""
    _, [snapshot] = read_sync(client_id, None, layer)
    return {"seq": snapshot["seq"], "alerts": snapshot["alerts"]}
