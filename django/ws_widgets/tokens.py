"""Short-lived signed socket tokens: the default credential behind `?token=` and `ws_token`.

Django's own signing (SECRET_KEY, a salt and a timestamp) gives an expiring credential without a
database table or a JWT library; projects that already have JWTs point
`WS_WIDGETS_TOKEN_VALIDATOR` at their own check instead.
"""

from __future__ import annotations

from typing import Any, Optional

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpResponse

from . import conf

SALT = "ws_widgets.token"


def issue_token(user: Any) -> str:
    """Returns a token naming `user` that `validate_signed_token` accepts until it expires.

    Example: `<ws-connection token="{% ws_widgets_token %}">` or `issue_token(request.user)`.
    """
    if not getattr(user, "is_authenticated", False):
        raise ValueError("tokens are only issued to authenticated users")
    return signing.dumps({"u": str(user.pk)}, salt=SALT, compress=True)


def validate_signed_token(token: str) -> Optional[Any]:
    """Returns the active user a token names, or None when it is forged, expired or stale."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=conf.get("TOKEN_MAX_AGE"))
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), str):
        return None
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get(pk=payload["u"])
    except (user_model.DoesNotExist, ValueError):
        return None
    return user if getattr(user, "is_active", True) else None


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
