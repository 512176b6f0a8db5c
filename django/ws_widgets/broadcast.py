"""The Python API for pushing frames to browsers from views, signals, tasks and commands.

Each `send_*` function is sync (it wraps its `a`-prefixed async twin in `async_to_sync`), so it
works anywhere ordinary Django code runs; async code awaits the twin instead. Every frame goes
to a channel-layer group (so it reaches every Daphne process when the layer is Redis) and into
that group's polling log.

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
from channels.layers import DEFAULT_CHANNEL_LAYER, get_channel_layer
from django.core.exceptions import ImproperlyConfigured

from . import conf, frames
from .store import get_store

FRAME_EVENT = "ws_widgets.frame"  # handled by WidgetConsumer.ws_widgets_frame


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


async def asend_alert(client_id: str, *, alias: str = DEFAULT_CHANNEL_LAYER, layer: Any = None, **fields: Any) -> dict:
    """Async `send_alert`."""
    alert = frames.build_alert(client_id, **fields)
    layer = _layer(alias, layer)
    await get_store(layer).save_alert(alert, conf.get("ALERT_TTL"))
    await agroup_send(frames.client_group(client_id), {"type": "alert_new", "alert": alert}, layer=layer)
    return alert


def send_alert(client_id: str, **fields: Any) -> dict:
    """Raises an alert for `client_id`'s subscribers (`alert_new`); returns the complete alert.

    Fields: title (required), severity (critical, major, minor, warning, info; default warning),
    message, source, id (default a new UUID), created_at (datetime or ISO string; default now).
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
