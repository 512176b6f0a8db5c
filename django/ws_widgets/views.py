"""The HTTP polling fallback of PROTOCOL.md: the frames a socket would have received, as JSON.

`GET ...?client_id=acme` (NOC) or `...?channel=user_7` (G-Code) answers a JSON array and an
`X-Poll-Cursor` header; the client sends the cursor back as `?since=`. NOC polls follow the
client's numbered stream (the socket's `seq`): the first poll answers an `alert_snapshot`, later
ones the frames since, or a snapshot once the history no longer holds them. G-Code polls read a
log; without `since` the array is empty there: a poller starts from now. Credentials and
permissions are those of the socket, but a token comes in an `Authorization: Bearer` header: one
in the URL is refused (400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import auth, conf, frames, stream
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
    if token and user is None and conf.auth_mode() != "none":
        return None, _problem(401, "invalid or expired token", "auth_required")
    user = user or auth.session_user(request)
    if user is None and conf.auth_mode() != "none":
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
    since_text = request.GET.get("since") or None
    if param == "client_id":
        return _poll_streams(names, since_text)
    try:
        since = int(since_text) if since_text is not None else None
    except ValueError:
        return _problem(400, "since must be an integer cursor", "invalid_since")
    found, cursor = async_to_sync(get_store().read_frames)(groups, since)
    response = JsonResponse(found, safe=False)
    response["X-Poll-Cursor"] = str(cursor)
    return response


def _stream_cursor(names: list[str], since_text: str | None) -> dict[str, int | None] | None:
    """The `since` of each client: a plain `seq` for one client, `acme:5,globex:7` for several (the
    cursor a poll answered); None when it is malformed. A client it does not name starts afresh."""
    cursor: dict[str, int | None] = dict.fromkeys(names)
    if since_text is None:
        return cursor
    if len(names) == 1 and since_text.isdigit():
        return {names[0]: int(since_text)}
    for part in since_text.split(","):
        name, _, number = part.rpartition(":")
        if not number.isdigit() or not frames.valid_client_id(name):
            return None
        if name in cursor:
            cursor[name] = int(number)
    return cursor


def _poll_streams(names: list[str], since_text: str | None) -> JsonResponse:
    """NOC polls follow each client's stream, the socket's cursor: the frames after `since` from the
    history, or an `alert_snapshot` (the first poll, or a cursor the history no longer covers)."""
    cursor = _stream_cursor(list(dict.fromkeys(names)), since_text)
    if cursor is None:
        return _problem(400, "since must be the X-Poll-Cursor of the last answer", "invalid_since")
    found: list[dict] = []
    heads: dict[str, int] = {}
    for name, since in cursor.items():
        heads[name], frames_of_client = stream.read_sync(name, since)
        found.extend(frames_of_client)
    response = JsonResponse(found, safe=False)
    response["X-Poll-Cursor"] = (
        str(heads[names[0]]) if len(heads) == 1 else ",".join(f"{name}:{head}" for name, head in heads.items())
    )
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
