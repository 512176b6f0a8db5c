"""Warns when a command's broadcast cannot leave this process."""

from __future__ import annotations

from typing import TextIO

from channels.layers import get_channel_layer


def warn_if_in_memory(stderr: TextIO) -> None:
    """An InMemoryChannelLayer lives and dies with this command: nobody else hears it."""
    layer = get_channel_layer()
    if layer is not None and type(layer).__name__ == "InMemoryChannelLayer":
        stderr.write(
            "warning: CHANNEL_LAYERS uses InMemoryChannelLayer, so this frame reaches only this "
            "process; configure channels_redis to reach the Daphne processes."
        )
