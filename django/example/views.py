"""Views of the example: two dashboard pages, and two form actions showing the broadcast API
called from ordinary (sync) views.

Every view that names a NOC client asks the ws_widgets policy first, as the sockets and the
polling view do: a page must not show, nor a form raise into, a tenant its user cannot watch.
"""

from __future__ import annotations

import random

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ws_widgets import conf
from ws_widgets.broadcast import send_alert, send_gcode_update
from ws_widgets.frames import SEVERITIES, channel_name
from ws_widgets.models import ClientGrant
from ws_widgets.policy import CLIENT_ID, get_policy
from ws_widgets.tokens import issue_token


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "example/index.html")


def _client_id(request: HttpRequest) -> str | None:
    """The client the request names, else the user's first granted one (acme for users who may
    watch every client); None when the user may watch none. A named client the policy refuses
    is a 403, whether it belongs to another tenant or does not exist at all."""
    policy = get_policy()
    named = request.GET.get("client") or request.POST.get("client")
    if named is not None and CLIENT_ID.match(named):
        if not policy.can_view_client(request.user, named):
            raise PermissionDenied("not allowed to watch this client")
        return named
    granted = ClientGrant.objects.client_ids(request.user)
    if granted:
        return granted[0]
    return "acme" if policy.can_view_client(request.user, "acme") else None


def _socket_options() -> dict:
    """Attributes of <ws-connection> that follow the server's own settings."""
    return {
        "heartbeat_interval_ms": int(float(conf.get("HEARTBEAT_INTERVAL")) * 1000),
        "auth_message": conf.auth_mode() == "message",
    }


@login_required
def noc(request: HttpRequest) -> HttpResponse:
    """The NOC page: token auth in the query string (or first message), alerts of one client."""
    client_id = _client_id(request)
    if client_id is None:  # signed in, but no tenant granted yet: say so rather than a bare 403
        return render(request, "example/noc.html", {"client_id": None})
    query = "?" + urlencode({"client_id": client_id})
    context = {
        "client_id": client_id,
        "clients": ClientGrant.objects.client_ids(request.user),
        "token": issue_token(request.user),
        # After a refused token (expired, password changed) the widget fetches a fresh one here.
        "token_url": reverse("ws_widgets_token") + query,
        "polling_url": request.build_absolute_uri(reverse("ws_widgets_poll_noc") + query),
        "severities": SEVERITIES,
        **_socket_options(),
    }
    return render(request, "example/noc.html", context)


@login_required
@require_POST
def raise_alert(request: HttpRequest) -> HttpResponse:
    """Raises a demo alert through `send_alert`, then returns to the NOC page. Only into a client
    the user may watch: `_client_id` refuses the others with 403 before anything is sent."""
    client_id = _client_id(request)
    if client_id is None:
        raise PermissionDenied("no client to raise an alert in")
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
    query = "?" + urlencode({"channel": channel})
    context = {
        "channel": channel,
        "initial": _initial_gcode(),
        "token_url": reverse("ws_widgets_token") + query,
        "polling_url": request.build_absolute_uri(reverse("ws_widgets_poll_gcode") + query),
        **_socket_options(),
    }
    return render(request, "example/gcode.html", context)


@login_required
@require_POST
def push_gcode(request: HttpRequest) -> HttpResponse:
    """Pushes a random G-Code update to the user's own channel through `send_gcode_update`."""
    # Demo data, not a secret: the standard generator is right here.
    themes = random.sample(["focus", "rest", "social", "movement", "learning"], k=2)
    data = {
        "g_code_score": random.randint(0, 100),  # noqa: S311
        "intensity": random.choice(["low", "medium", "high"]),  # noqa: S311
        "themes": themes,
    }
    send_gcode_update(request.user, data)
    return redirect("gcode")
