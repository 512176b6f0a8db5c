"""The Python API for pushing frames to browsers from views, signals, tasks and commands.

Each `send_*` function is sync (it wraps its `a`-prefixed async twin in `async_to_sync`), so it
works anywhere ordinary Django code runs; async code awaits the twin instead. Every frame goes
to a channel-layer group (so it reaches every Daphne process when the layer is Redis). Alerts are
stored first (`ws_widgets.models.Alert`), then numbered into their client's stream (stream.py),
then sent; G-Code frames also go to their group's polling log.

Example:
    from ws_widgets.broadcast import send_alert, send_gcode_update
    send_alert("acme", severity="critical", title="Core switch down", source="nagios")
    send_gcode_update(request.user, {"g_code_score": 72, "intensity": "high", "themes": ["focus"]})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, get_channel_layer
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from . import conf, frames, stream
from .store import get_store
from .stream import FRAME_EVENT


def _layer(alias: str, layer: Any | None) -> Any:
    layer = layer if layer is not None else get_channel_layer(alias)
    if layer is None:
        raise ImproperlyConfigured("ws_widgets needs CHANNEL_LAYERS (InMemoryChannelLayer or Redis)")
    return layer


async def agroup_send(
    group: str, frame: Mapping[str, Any], *, log: bool = True, alias: str = DEFAULT_CHANNEL_LAYER, layer: Any = None
) -> int | None:
    """Sends `frame` to every socket in `group`; with `log`, also keeps it for polling.

    Returns the frame's polling sequence number (None when not logged).
    """
    layer = _layer(alias, layer)
    payload = frames.jsonable(frame)
    seq = None
    if log:
        seq = await get_store(layer).append_frame(group, payload, conf.get("POLL_LOG_SIZE"), conf.get("POLL_LOG_TTL"))
    await layer.group_send(group, {"type": FRAME_EVENT, "frame": payload})
    return seq


def group_send(group: str, frame: Mapping[str, Any], **kwargs: Any) -> int | None:
    """Sync `agroup_send`, for group names of your own consumers."""
    return async_to_sync(agroup_send)(group, frame, **kwargs)


_ALERT_FIELDS = ("client_id", "severity", "title", "message", "source", "created_at")


def _new_row(alert: dict) -> Any:
    from .models import Alert

    return Alert(
        alert_id=alert["id"],
        client_id=alert["client_id"],
        severity=alert["severity"],
        title=alert["title"],
        message=alert["message"],
        source=alert["source"],
        created_at=frames.parse_timestamp(alert["created_at"]),
    )


def _store_alerts(alerts: list[dict]) -> list[tuple[Any, bool]]:
    """Writes new alerts; returns (row, still to send) for each. An id already stored is not stored
    again, and is sent only if its first send never numbered it (Redis failed after the write)."""
    from .models import Alert

    try:
        with transaction.atomic():  # one commit for a whole flood
            rows = {r.alert_id: r for r in Alert.objects.filter(alert_id__in=[a["id"] for a in alerts])}
            known = set(rows)
            new = [_new_row(a) for a in {a["id"]: a for a in alerts if a["id"] not in known}.values()]
            for row in Alert.objects.bulk_create(new):
                rows[row.alert_id] = row
    except IntegrityError:  # the same id raised by another process at this moment: the slow way
        rows, known = {}, set()
        for alert in alerts:
            fresh = _new_row(alert)
            defaults = {name: getattr(fresh, name) for name in _ALERT_FIELDS}
            row, created = Alert.objects.get_or_create(alert_id=fresh.alert_id, defaults=defaults)
            rows[row.alert_id] = row
            if not created:
                known.add(row.alert_id)
    out, seen = [], set()
    for alert in alerts:
        row = rows[alert["id"]]
        if row.client_id != alert["client_id"]:
            raise ValueError(f"alert id {alert['id']} is already taken by another client")
        out.append((row, alert["id"] not in seen and (alert["id"] not in known or row.seq is None)))
        seen.add(alert["id"])
    return out


def _record_seqs(rows: list[Any], numbered: list[dict]) -> None:
    from .models import Alert

    for row, frame in zip(rows, numbered, strict=True):
        row.seq = frame["seq"]
    Alert.objects.bulk_update(rows, ["seq"])


async def asend_alerts(
    client_id: str, alerts: list[Mapping[str, Any]], *, alias: str = DEFAULT_CHANNEL_LAYER, layer: Any = None
) -> list[dict]:
    """Async `send_alerts`."""
    built = [frames.build_alert(client_id, **fields) for fields in alerts]
    layer = _layer(alias, layer)
    stored = await database_sync_to_async(_store_alerts)(built)
    rows = [row for row, to_send in stored if to_send]
    if rows:
        numbered = await stream.number(
            layer, client_id, [{"type": "alert_new", "alert": r.as_frame_alert()} for r in rows]
        )
        await database_sync_to_async(_record_seqs)(rows, numbered)
        await stream.fan_out(layer, client_id, numbered)
    return [row.as_frame_alert() for row, _ in stored]


def send_alerts(client_id: str, alerts: list[Mapping[str, Any]], **kwargs: Any) -> list[dict]:
    """Raises several alerts of one client at once (one database write, one Redis call for their
    numbers): a flood from a monitoring system. Each item takes `send_alert`'s fields."""
    return async_to_sync(asend_alerts)(client_id, alerts, **kwargs)


async def asend_alert(client_id: str, *, alias: str = DEFAULT_CHANNEL_LAYER, layer: Any = None, **fields: Any) -> dict:
    """Async `send_alert`."""
    return (await asend_alerts(client_id, [fields], alias=alias, layer=layer))[0]


def send_alert(client_id: str, **fields: Any) -> dict:
    """Stores an alert for `client_id` and sends it to its subscribers (`alert_new`); returns the
    complete alert.

    Fields: title (required), severity (critical, major, minor, warning, info; default warning),
    message, source, id (default a new UUID), created_at (datetime or ISO string; default now).
    Sending an id again sends nothing and returns the stored alert, so a retried job does not
    raise an alert twice.
    """
    return async_to_sync(asend_alert)(client_id, **fields)


async def _to_channel(user: frames.UserRef, frame: dict, alias: str, layer: Any) -> dict:
    await agroup_send(frames.channel_group(frames.channel_name(user)), frame, alias=alias, layer=layer)
    return frame


async def asend_gcode_update(
    user: frames.UserRef, data: Mapping[str, Any], *, alias: str = DEFAULT_CHANNEL_LAYER, layer: Any = None
) -> dict:
    """Async `send_gcode_update`."""
    return await _to_channel(user, {"type": "gcode_updated", "data": frames.build_gcode_data(data)}, alias, layer)


def send_gcode_update(user: frames.UserRef, data: Mapping[str, Any], **kwargs: Any) -> dict:
    """`gcode_updated` to channel `user_<id>` (`user` is a user, a pk, or `"user_<id>"`)."""
    return async_to_sync(asend_gcode_update)(user, data, **kwargs)


async def asend_annotation(
    user: frames.UserRef,
    note: str,
    *,
    date: str | dt.date | None = None,
    id: str | int | None = None,  # noqa: A002
    alias: str = DEFAULT_CHANNEL_LAYER,
    layer: Any = None,
) -> dict:
    """Async `send_annotation`."""
    data = frames.build_annotation(note, date=date, id=id)
    return await _to_channel(user, {"type": "annotation_added", "data": data}, alias, layer)


def send_annotation(user: frames.UserRef, note: str, **kwargs: Any) -> dict:
    """`annotation_added` {id, date, note} to channel `user_<id>`."""
    return async_to_sync(asend_annotation)(user, note, **kwargs)


async def asend_content(
    user: frames.UserRef,
    platform: str,
    status: str,
    *,
    id: str | int | None = None,  # noqa: A002
    alias: str = DEFAULT_CHANNEL_LAYER,
    layer: Any = None,
) -> dict:
    """Async `send_content`."""
    data = frames.build_content(platform, status, id=id)
    return await _to_channel(user, {"type": "content_generated", "data": data}, alias, layer)


def send_content(user: frames.UserRef, platform: str, status: str, **kwargs: Any) -> dict:
    """`content_generated` {id, platform, status} to channel `user_<id>`."""
    return async_to_sync(asend_content)(user, platform, status, **kwargs)
