"""Views of the example: two dashboard pages, and two form actions showing the broadcast API
called from ordinary (sync) views."""

from __future__ import annotations

import random

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ws_widgets import conf
from ws_widgets.broadcast import send_alert, send_gcode_update
from ws_widgets.frames import SEVERITIES, channel_name
from ws_widgets.policy import CLIENT_ID
from ws_widgets.tokens import issue_token


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "example/index.html")


def _client_id(request: HttpRequest) -> str:
    client_id = request.GET.get("client") or request.POST.get("client") or "acme"
    return client_id if CLIENT_ID.match(client_id) else "acme"


def _socket_options() -> dict:
    """Attributes of <ws-connection> that follow the server's own settings."""
    return {
        "heartbeat_interval_ms": int(float(conf.get("HEARTBEAT_INTERVAL")) * 1000),
        "auth_message": conf.get("AUTH_MODE") == "message",
    }


@login_required
def noc(request: HttpRequest) -> HttpResponse:
    """The NOC page: token auth in the query string (or first message), alerts of one client."""
    client_id = _client_id(request)
    poll = reverse("ws_widgets_poll_noc") + "?" + urlencode({"client_id": client_id})
    context = {
        "client_id": client_id,
        "token": issue_token(request.user),
        "polling_url": request.build_absolute_uri(poll),
        "severities": SEVERITIES,
        **_socket_options(),
    }
    return render(request, "example/noc.html", context)


@login_required
@require_POST
def raise_alert(request: HttpRequest) -> HttpResponse:
    """Raises a demo alert through `send_alert`, then returns to the NOC page."""
    client_id = _client_id(request)
    severity = request.POST.get("severity", "warning")
    if severity not in SEVERITIES:
        return HttpResponseBadRequest("unknown severity")
    title = request.POST.get("title", "").strip()[:200] or f"Test alert from {request.user.get_username()}"
    send_alert(client_id, severity=severity, title=title, message="Raised from the example page", source="example")
    return redirect(reverse("noc") + "?" + urlencode({"client": client_id}))


def _initial_gcode() -> dict:
    """What a real project would read from its models: the day's state before the socket opens."""
    today = timezone.localdate().isoformat()
    return {
        "gcode": {"date": today, "g_code_score": 64, "intensity": "medium", "themes": ["focus", "rest"]},
        "annotations": [{"id": "welcome", "date": today, "note": "Rendered by Django before the socket opened"}],
        "content": [],
    }


@login_required
def gcode(request: HttpRequest) -> HttpResponse:
    """The G-Code page: session-cookie auth, the user's own channel, server-rendered initial state."""
    channel = channel_name(request.user)
    poll = reverse("ws_widgets_poll_gcode") + "?" + urlencode({"channel": channel})
    context = {
        "channel": channel,
        "initial": _initial_gcode(),
        "polling_url": request.build_absolute_uri(poll),
        **_socket_options(),
    }
    return render(request, "example/gcode.html", context)


@login_required
@require_POST
def push_gcode(request: HttpRequest) -> HttpResponse:
    """Pushes a random G-Code update to the user's own channel through `send_gcode_update`."""
    themes = random.sample(["focus", "rest", "social", "movement", "learning"], k=2)
    data = {"g_code_score": random.randint(0, 100), "intensity": random.choice(["low", "medium", "high"]), "themes": themes}
    send_gcode_update(request.user, data)
    return redirect("gcode")
