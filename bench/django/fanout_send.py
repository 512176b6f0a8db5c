"""Raises COUNT alerts of client acme in one burst through ws_widgets' send_alerts (stored, numbered,
sent); prints the burst's start (ms). Run with the example project's settings and environment."""

import json
import sys
import time
import uuid

import django

django.setup()

from ws_widgets.broadcast import send_alerts  # noqa: E402

if __name__ == "__main__":
    count, tag = int(sys.argv[1]), sys.argv[2]
    alerts = [
        {
            "title": f"Burst {tag} {n}",
            "id": f"{tag}-{n}-{uuid.uuid4().hex[:6]}",
            "severity": "major",
        }
        for n in range(count)
    ]
    started = time.time() * 1000
    send_alerts("acme", alerts)
    print(json.dumps({"started": started, "finished": time.time() * 1000}), flush=True)
