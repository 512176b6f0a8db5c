"""Short-lived signed socket tokens: the default credential behind `?token=`, `ws_token` and the
`token-url` endpoint.

Django's own signing (SECRET_KEY, a salt and a timestamp) gives an expiring credential without a
database table or a JWT library; projects that already have JWTs point
`WS_WIDGETS_TOKEN_VALIDATOR` at their own check instead.

A token carries, besides the user's pk, an HMAC of the user's password hash and active flag (as
Django's session auth hash and password-reset tokens do). Changing the password therefore ends
every token issued before, at once, like it ends the user's other sessions; deactivating the
user ends them too. Nothing here logs a token: it is a bearer credential.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from . import conf, frames
from .policy import get_policy

SALT = "ws_widgets.token"
_STATE_SALT = "ws_widgets.tokens.user_state"


def _user_state(user: Any, secret: str | None = None) -> str:
    """An HMAC of what must not have changed since the token was issued: the password hash
    (so a new password ends old tokens) and the active flag. Keyed by SECRET_KEY, so the token,
    which anyone holding it can decode, reveals nothing about the hash."""
    password = getattr(user, "password", "") or ""
    active = getattr(user, "is_active", True)
    value = f"{user.pk}:{password}:{bool(active)}"
    return salted_hmac(_STATE_SALT, value, secret=secret, algorithm="sha256").hexdigest()[:32]


def _state_matches(user: Any, state: str) -> bool:
    """Checks `state` against SECRET_KEY and its fallbacks, as signing.loads checks signatures,
    so rotating the key does not end tokens before their time."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(state, _user_state(user, secret)) for secret in secrets)


def issue_token(user: Any) -> str:
    """Returns a token naming `user` that `validate_signed_token` accepts until it expires, the
    password changes or the user is deactivated (an inactive user's token is refused from the
    start; the token endpoint does not issue one).

    Example: `<ws-connection token="{% ws_widgets_token %}">` or `issue_token(request.user)`.
    """
    if not getattr(user, "is_authenticated", False):
        raise ValueError("tokens are only issued to authenticated users")
    return signing.dumps({"u": str(user.pk), "s": _user_state(user)}, salt=SALT, compress=True)


def validate_signed_token(token: str) -> Any | None:
    """Returns the active user a token names, or None when it is forged, expired or stale (the
    password changed, or the user was deactivated, since it was issued)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=conf.get("TOKEN_MAX_AGE"))
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), str) or not isinstance(payload.get("s"), str):
        return None
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get(pk=payload["u"])
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None
    if not getattr(user, "is_active", True) or not _state_matches(user, payload["s"]):
        return None
    return user


def set_token_cookie(response: HttpResponse, user: Any, *, secure: bool = True) -> HttpResponse:
    """Sets the `ws_token` cookie (HttpOnly, SameSite=Strict) for `auth="cookie"` sockets.

    Only needed where the Django session cookie does not reach the socket (another subdomain);
    on the same site AuthMiddlewareStack already authenticates from the session.
    """
    response.set_cookie(
        conf.get("TOKEN_COOKIE"),
        issue_token(user),
        max_age=conf.get("TOKEN_MAX_AGE"),
        httponly=True,
        secure=secure,
        samesite="Strict",
    )
    return response


def _refusal(status: int, message: str, code: str) -> JsonResponse:
    return JsonResponse({"error": message, "code": code}, status=status)


@never_cache  # Cache-Control: no-store (and no-cache, private): a token must not sit in a cache
@vary_on_cookie
@require_GET
def token_view(request: HttpRequest) -> JsonResponse:
    """`GET` → `200 {"token": "..."}` for the signed-in user: the `token-url` of CONTRACT.md.

    Only the Django session counts, never a token: a token that could buy its own successor
    would never expire. 401 `auth_required` without a session; 403 `forbidden` when the policy
    refuses the user (inactive, or `can_issue_token`), or any `client_id` / `channel` named in
    the query, so a page asking for a token for a tenant it lost is told at once; 400 for a
    malformed name. A client that does not exist is refused exactly like one that is not yours.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return _refusal(401, "sign in first", "auth_required")
    policy = get_policy()
    if not policy.can_issue_token(user):
        return _refusal(403, "no token for this user", "forbidden")
    client_ids = request.GET.getlist("client_id")
    channels = request.GET.getlist("channel")
    for names, check, code in (
        (client_ids, frames.client_group, "invalid_client"),
        (channels, frames.channel_group, "invalid_channel"),
    ):
        try:
            for name in names:
                check(name)
        except ValueError as error:
            return _refusal(400, str(error), code)
    if not all(policy.can_view_client(user, c) for c in client_ids) or not all(
        policy.can_view_channel(user, c) for c in channels
    ):
        return _refusal(403, "not allowed", "forbidden")
    return JsonResponse({"token": issue_token(user)})
