"""URLs of the example: login, the two dashboards, the demo actions and the polling fallback."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("noc/", views.noc, name="noc"),
    path("noc/raise/", views.raise_alert, name="raise_alert"),
    path("gcode/", views.gcode, name="gcode"),
    path("gcode/update/", views.push_gcode, name="push_gcode"),
    path("api/poll/", include("ws_widgets.urls")),
]
