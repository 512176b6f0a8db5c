"""Tenancy: which users and groups may watch which NOC client.

A NOC client (`client_id`, e.g. "acme") is a tenant. Nobody sees a tenant's alerts unless a
`ClientGrant` names them or one of their groups, or they hold `ws_widgets.view_all_clients`
(superusers hold every permission). Client ids are not registered anywhere: a grant is the only
place a client exists, so "not yours" and "no such client" are the same answer by construction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .policy import CLIENT_ID

ALL_CLIENTS_PERMISSION = "ws_widgets.view_all_clients"
ALL_CHANNELS_PERMISSION = "ws_widgets.view_all_channels"


def validate_client_id(value: str) -> None:
    """The id rule of `subscribe_client` and `send_alert` (a function, not a RegexValidator, so
    the migration refers to it by name and a stricter pattern needs no new migration)."""
    if not isinstance(value, str) or not CLIENT_ID.match(value) or value != value.strip():
        raise ValidationError("1-64 letters, digits, '.', '_' or '-'", code="invalid_client")


def _active(user: Any | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))


class ClientGrantQuerySet(models.QuerySet):
    def for_user(self, user: Any | None) -> ClientGrantQuerySet:
        """The grants naming `user` directly or through one of their groups (none for anonymous
        or inactive users)."""
        if not _active(user):
            return self.none()
        match = Q(user_id=user.pk)
        groups = getattr(user, "groups", None)  # a custom user model may have no groups
        if groups is not None:
            match |= Q(group__in=groups.all())
        return self.filter(match)

    def client_ids(self, user: Any | None) -> list[str]:
        """The client ids granted to `user`, sorted (not counting view_all_clients)."""
        return sorted(set(self.for_user(user).values_list("client_id", flat=True)))


class ClientGrant(models.Model):
    """Gives one user, or every member of one group, the right to watch a NOC client.

    Watching covers subscribing (socket), polling (HTTP) and acknowledging its alerts.
    """

    client_id = models.CharField(
        max_length=64,
        db_index=True,
        validators=[validate_client_id],
        help_text="The NOC client (tenant) id, as in subscribe_client and send_alert.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="ws_client_grants"
    )
    group = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="ws_client_grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClientGrantQuerySet.as_manager()

    class Meta:
        ordering = ["client_id", "pk"]
        verbose_name = "client grant"
        constraints = [
            # Exactly one grantee, so a row never silently grants nobody (or means two things).
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True) | Q(user__isnull=True, group__isnull=False),
                name="ws_widgets_grant_one_grantee",
            ),
            models.UniqueConstraint(
                fields=["client_id", "user"], condition=Q(user__isnull=False), name="ws_widgets_grant_unique_user"
            ),
            models.UniqueConstraint(
                fields=["client_id", "group"], condition=Q(group__isnull=False), name="ws_widgets_grant_unique_group"
            ),
        ]
        permissions = [
            ("view_all_clients", "Can watch and acknowledge every NOC client"),
            ("view_all_channels", "Can watch every user's G-Code channel"),
        ]

    def __str__(self) -> str:
        grantee = f"group {self.group}" if self.group_id else f"user {self.user}"
        return f"{self.client_id} → {grantee}"
