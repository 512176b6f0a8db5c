"""WebSocket routes of the four endpoints, for a project's URLRouter.

Example (asgi.py):
    URLRouter(ws_widgets.routing.websocket_urlpatterns)
"""

from django.urls import path

from .consumers import GcodeDashboardConsumer, MobileSyncConsumer, NocDashboardConsumer, PresenceConsumer

websocket_urlpatterns = [
    path("ws/noc/dashboard/", NocDashboardConsumer.as_asgi(), name="ws_widgets_noc_dashboard"),
    path("ws/noc/presence/", PresenceConsumer.as_asgi(), name="ws_widgets_noc_presence"),
    path("ws/dashboard/", GcodeDashboardConsumer.as_asgi(), name="ws_widgets_gcode_dashboard"),
    path("ws/mobile/sync/", MobileSyncConsumer.as_asgi(), name="ws_widgets_mobile_sync"),
]
