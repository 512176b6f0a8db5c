"""The baseline of the bench's Django fan-out part: a bare Channels project, nothing of ws_widgets,
with channels_redis at its default settings (capacity 100, expiry 60 s), as a project starts."""

import os

SECRET_KEY = "bench-only"  # noqa: S105 (a loopback benchmark)
INSTALLED_APPS = ["channels"]
ALLOWED_HOSTS = ["*"]
ASGI_APPLICATION = "relay_asgi.application"
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # socket_timeout above channels_redis' 5 s wait, as every ws_widgets project has it: redis-py 8's
        # 5 s default would cut idle reads short (channels_redis#422) and measure that instead.
        "CONFIG": {
            "hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": 10}],
            "prefix": "relay",
        },
    }
}
USE_TZ = True
