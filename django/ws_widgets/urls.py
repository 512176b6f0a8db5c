"""HTTP routes of ws_widgets (the polling fallback and the token endpoint). Include them under a
prefix of your choice:

    path("api/poll/", include("ws_widgets.urls"))
    # → /api/poll/noc/dashboard/, /api/poll/dashboard/, /api/poll/token/ (for token-url)
"""

from django.urls import path

from .tokens import token_view
from .views import poll_gcode, poll_noc

urlpatterns = [
    path("noc/dashboard/", poll_noc, name="ws_widgets_poll_noc"),
    path("dashboard/", poll_gcode, name="ws_widgets_poll_gcode"),
    path("token/", token_view, name="ws_widgets_token"),
]
