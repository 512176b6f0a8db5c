"""The HTTP polling fallback of PROTOCOL.md: the frames a socket would have received, as JSON.

`GET ...?client_id=acme` (NOC) or `...?channel=user_7` (G-Code) answers a JSON array and an
`X-Poll-Cursor` header; the client sends the cursor back as `?since=`. Without `since` the array
is empty: a poller starts from now. Credentials and permissions are those of the socket, but a
token comes in an `Authorization: Bearer` header: one in the URL is refused (400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import auth, conf, frames
from .policy import get_policy
from .store import get_store


def _problem(status: int, message: str, code: str) -> JsonResponse:
    """An HTTP refusal with the same `code` vocabulary as the socket's `error` frames."""
    return JsonResponse({"error": message, "code": code}, status=status)


def _user(request: HttpRequest) -> tuple[Any | None, JsonResponse | None]:
    if "token" in request.GET:  # refused, not ignored: the client learns before a log fills up
        return None, _problem(400, auth.URL_CREDENTIAL_REFUSED, "token_in_url")
    token = auth.token_from_request(request)
    user = auth.validate_token_sync(token) if token else None
    if token and user is None and conf.get("AUTH_MODE") != "none":
        return None, _problem(401, "invalid or expired token", "auth_required")
    user = user or auth.session_user(request)
    if user is None and conf.get("AUTH_MODE") != "none":
        return None, _problem(401, "authentication required", "auth_required")
    return user, None


def _poll(request: HttpRequest, param: str, to_group: Callable[[str], str], check: str) -> JsonResponse:
    user, problem = _user(request)
    if problem is not None:
        return problem
    names = request.GET.getlist(param)
    invalid = "invalid_client" if param == "client_id" else "invalid_channel"
    if param == "channel" and not names and user is not None:
        names = [frames.channel_name(user)]  # a user's own channel by default
    if not names:
        return _problem(400, f"name at least one {param}", invalid)
    try:
        groups = [to_group(name) for name in names]
    except ValueError as error:
        return _problem(400, str(error), invalid)
    policy = get_policy()
    refused = [name for name in names if not getattr(policy, check)(user, name)]
    if refused:  # "not yours" and "no such client" alike: ids are not registered anywhere
        return _problem(403, f"not allowed: {', '.join(refused)}", "forbidden")
    since_text = request.GET.get("since")
    try:
        since = int(since_text) if since_text not in (None, "") else None
    except ValueError:
        return _problem(400, "since must be an integer cursor", "invalid_since")
    found, cursor = async_to_sync(get_store().read_frames)(groups, since)
    response = JsonResponse(found, safe=False)
    response["X-Poll-Cursor"] = str(cursor)
    return response


@never_cache
@require_GET
def poll_noc(request: HttpRequest) -> JsonResponse:
    """Frames for NOC clients named by `client_id` (repeatable)."""
    return _poll(request, "client_id", frames.client_group, "can_view_client")


@never_cache
@require_GET
def poll_gcode(request: HttpRequest) -> JsonResponse:
    """Frames for G-Code channels named by `channel` (repeatable; default the user's own)."""
    return _poll(request, "channel", frames.channel_group, "can_view_channel")
