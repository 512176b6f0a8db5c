"""Who may watch which NOC client and which G-Code channel, in one overridable place.

The consumers, the polling view, the token endpoint and the example's views all ask the same
policy, so a page cannot read over HTTP what its socket would be refused. Methods are sync
because real policies query the database; async callers run them in a thread.

The default denies: a NOC client (a tenant) is visible only to users granted it (see
`ws_widgets.models.ClientGrant`), and a G-Code channel only to its owner.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.module_loading import import_string

from . import conf

# \Z, not $: `$` also matches before a final newline, so "acme\n" would pass `.match()`.
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}\Z")
CHANNEL = re.compile(r"^user_([A-Za-z0-9_-]{1,64})\Z")


def _authenticated(user: Any | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _active(user: Any | None) -> bool:
    """Authenticated and not deactivated: a deactivated user keeps no access through an open
    session or a custom token validator that forgot to check."""
    return _authenticated(user) and bool(getattr(user, "is_active", True))


def _has_perm(user: Any, permission: str) -> bool:
    """`user.has_perm`, for user models that have it (a custom model without PermissionsMixin
    has none, and then only grants count)."""
    check = getattr(user, "has_perm", None)
    return bool(check is not None and check(permission))


class DefaultPolicy:
    """Default-deny tenancy.

    - A NOC client is watched (subscribe, poll, acknowledge) by users with a `ClientGrant` for
      it, directly or through a group, and by users holding `ws_widgets.view_all_clients`
      (active superusers hold every permission).
    - A G-Code channel `user_<id>` is watched by user <id>, and by users holding
      `ws_widgets.view_all_channels`. Being staff alone grants nothing.
    - Anonymous and inactive users are refused everything, in every auth mode.

    Subclass it and point WS_WIDGETS_POLICY at the subclass to decide otherwise (a membership
    table of your own, public clients for `AUTH_MODE = "none"`, ...).
    """

    def noc_permissions(self, user: Any | None) -> list[str]:
        """Sent in the `connected` greeting so the page can hide what it may not do."""
        return ["noc:view", "noc:acknowledge"] if _authenticated(user) else ["noc:view"]

    def can_issue_token(self, user: Any | None) -> bool:
        """May the token endpoint give `user` a socket token? Any active signed-in user: what
        the token then reaches is decided per client and channel by the methods below."""
        return _active(user)

    def can_view_client(self, user: Any | None, client_id: str) -> bool:
        """May `user` receive the alerts of `client_id` (socket or polling)?"""
        if not _active(user):
            return False
        from .models import ALL_CLIENTS_PERMISSION, ClientGrant  # models need the app registry

        if _has_perm(user, ALL_CLIENTS_PERMISSION):
            return True
        return ClientGrant.objects.for_user(user).filter(client_id=client_id).exists()

    def can_acknowledge(self, user: Any | None, client_id: str) -> bool:
        """Acknowledging names a person, so anonymous users may not; others as for watching."""
        return _authenticated(user) and self.can_view_client(user, client_id)

    def can_view_channel(self, user: Any | None, channel: str) -> bool:
        """`user_<id>` belongs to user <id>; others need `ws_widgets.view_all_channels`."""
        match = CHANNEL.match(channel)
        if not match or not _active(user):
            return False
        if match.group(1) == str(user.pk):
            return True
        from .models import ALL_CHANNELS_PERMISSION

        return _has_perm(user, ALL_CHANNELS_PERMISSION)


def get_policy() -> DefaultPolicy:
    """An instance of the configured policy class."""
    return import_string(conf.get("POLICY"))()
