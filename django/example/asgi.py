"""ASGI entry point: `python3 -m daphne -b 127.0.0.1 -p PORT example.asgi:application` (from django/).

HTTP goes to Django (wrapped in ASGIStaticFilesHandler, because Daphne serves no static files
and the example has no web server in front); WebSockets go through AuthMiddlewareStack (session
users) to the ws_widgets consumers.

There is deliberately no AllowedHostsOriginValidator around the sockets: it refuses the
handshake, which browsers report as a bare 1006 and widgets retry forever. The consumers apply
the same ALLOWED_HOSTS rule (or WS_WIDGETS_ALLOWED_ORIGINS) after accepting and close with 4403,
which the widgets treat as final.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")

# Before anything that imports models (the consumers import django.contrib.auth).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from ws_widgets.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": ASGIStaticFilesHandler(django_asgi_app),
        "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
    }
)
