"""Who may watch which NOC client and which G-Code channel, in one overridable place.

The consumers and the polling view both ask the same policy, so a page cannot read over HTTP
what its socket would be refused. Methods are sync because real policies query the database;
callers run them in a thread.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from django.utils.module_loading import import_string

from . import conf

CLIENT_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
CHANNEL = re.compile(r"^user_([A-Za-z0-9_-]{1,64})$")


def _authenticated(user: Optional[Any]) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


class DefaultPolicy:
    """Any authenticated user sees every client; a G-Code channel is its owner's (or staff's).

    Subclass and point WS_WIDGETS_POLICY at it, e.g. to check `user.has_perm("noc.view_client")`
    or a membership table.
    """

    def noc_permissions(self, user: Optional[Any]) -> list[str]:
        """Sent in the `connected` greeting so the page can hide what it may not do."""
        return ["noc:view", "noc:acknowledge"] if _authenticated(user) else ["noc:view"]

    def can_view_client(self, user: Optional[Any], client_id: str) -> bool:
        """May `user` receive the alerts of `client_id`? (Anonymous only when AUTH_MODE is none.)"""
        return True

    def can_acknowledge(self, user: Optional[Any], client_id: str) -> bool:
        """Acknowledging names a person, so anonymous users may not."""
        return _authenticated(user) and self.can_view_client(user, client_id)

    def can_view_channel(self, user: Optional[Any], channel: str) -> bool:
        """`user_<id>` belongs to user <id>; staff may watch any."""
        match = CHANNEL.match(channel)
        if not match or not _authenticated(user):
            return False
        return bool(getattr(user, "is_staff", False)) or match.group(1) == str(user.pk)


def get_policy() -> DefaultPolicy:
    """An instance of the configured policy class."""
    return import_string(conf.get("POLICY"))()
