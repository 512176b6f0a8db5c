"""Sends COUNT alert_new frames to the relay group in one burst; prints the burst's start (ms)."""

import json
import os
import sys
import time
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relay_settings")
django.setup()

from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402


async def burst(count: int) -> float:
    layer = get_channel_layer()
    started = time.time() * 1000
    for n in range(count):
        alert = {
            "id": uuid.uuid4().hex,
            "client_id": "acme",
            "severity": "major",
            "title": f"Relay {n}",
        }
        await layer.group_send(
            "relay",
            {
                "type": "relay",
                "text": json.dumps({"type": "alert_new", "alert": alert}),
            },
        )
    return started


if __name__ == "__main__":
    print(json.dumps({"started": async_to_sync(burst)(int(sys.argv[1]))}), flush=True)
