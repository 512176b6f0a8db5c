"""HTTP routes of ws_widgets (the polling fallback). Include them under a prefix of your choice:

    path("api/poll/", include("ws_widgets.urls"))   # → /api/poll/noc/dashboard/, /api/poll/dashboard/
"""

from django.urls import path

from .views import poll_gcode, poll_noc

urlpatterns = [
    path("noc/dashboard/", poll_noc, name="ws_widgets_poll_noc"),
    path("dashboard/", poll_gcode, name="ws_widgets_poll_gcode"),
]
