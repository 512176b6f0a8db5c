"""Picks the shared state store: Redis behind the channel layer, or this process's memory.

The connection cap, the presence count, the polling log and the alert registry must agree
across Daphne processes; with channels_redis they live in the same Redis as the channel layer,
otherwise (InMemoryChannelLayer: one process anyway) in memory.
"""

from __future__ import annotations

from typing import Any

from channels.layers import get_channel_layer
from django.core.exceptions import ImproperlyConfigured

from .. import conf
from .base import Store
from .local import LocalStore

LOCAL_STORE = LocalStore()

__all__ = ["LOCAL_STORE", "LocalStore", "Store", "get_store"]


def _is_redis_layer(layer: Any) -> bool:
    try:
        from channels_redis.core import RedisChannelLayer
    except ImportError:  # channels_redis is optional
        return False
    return isinstance(layer, RedisChannelLayer)


def get_store(layer: Any | None = None) -> Store:
    """The store for `layer` (the default channel layer when omitted)."""
    mode = conf.get("STORE")
    if mode == "local":
        return LOCAL_STORE
    if layer is None:
        layer = get_channel_layer()
    if _is_redis_layer(layer):
        from .redis import RedisStore

        return RedisStore(layer)
    if mode == "redis":
        raise ImproperlyConfigured(
            "WS_WIDGETS_STORE = 'redis' needs channels_redis.core.RedisChannelLayer in CHANNEL_LAYERS"
        )
    return LOCAL_STORE
