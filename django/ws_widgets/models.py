"""Tenancy (which users and groups may watch which NOC client) and the stored alerts.

A NOC client (`client_id`, e.g. "acme") is a tenant. Nobody sees a tenant's alerts unless a
`ClientGrant` names them or one of their groups, or they hold `ws_widgets.view_all_clients`
(superusers hold every permission). Client ids are not registered anywhere: a grant is the only
place a client exists, so "not yours" and "no such client" are the same answer by construction.

Alerts are stored as they are broadcast (`send_alert` writes the row, then sends), so a page load,
a reconnect that comes too late for the history, and the admin all read the same truth, and an
acknowledgement is an audit record (who, when) rather than a signal nobody kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone

from . import conf
from .frames import iso
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


SEVERITY_CHOICES = [(s, s) for s in ("critical", "major", "minor", "warning", "info")]


class AlertQuerySet(models.QuerySet):
    def unacknowledged(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)

    def snapshot(self, client_id: str, limit: int = 200) -> AlertQuerySet:
        """What `alert_snapshot` and the initial state hold: the client's unacknowledged alerts,
        newest first, at most `limit`."""
        return self.filter(client_id=client_id).unacknowledged().order_by("-created_at", "-pk")[:limit]

    def expired(self, now: Any = None) -> AlertQuerySet:
        """Alerts older than WS_WIDGETS_ALERT_RETENTION (none when it is None)."""
        retention = conf.get("ALERT_RETENTION")
        if not retention:
            return self.none()
        cutoff = (now or timezone.now()) - dt.timedelta(seconds=float(retention))
        return self.filter(created_at__lt=cutoff)

    def prune(self, now: Any = None) -> int:
        """Deletes the expired alerts; returns how many (`manage.py ws_prune_alerts` calls it)."""
        deleted, _ = self.expired(now).delete()
        return deleted

    def last_seq(self, client_id: str) -> int:
        """The highest `seq` recorded for the client's frames: where its counter resumes when
        Redis lost it (a restart without persistence), so numbers are not handed out twice."""
        found = self.filter(client_id=client_id).aggregate(alert=Max("seq"), ack=Max("ack_seq"))
        return max(found["alert"] or 0, found["ack"] or 0)


class Alert(models.Model):
    """One NOC alert as `send_alert` raised it, and its acknowledgement (who, when).

    `alert_id` is the id on the wire (`alert_new.alert.id`, `acknowledge_alert.alert_id`);
    `seq` and `ack_seq` are the stream numbers its `alert_new` and `alert_acknowledged` got.
    """

    alert_id = models.CharField(max_length=128, unique=True, help_text="The id on the wire.")
    client_id = models.CharField(max_length=64, validators=[validate_client_id])
    severity = models.CharField(max_length=16, choices=SEVERITY_CHOICES, default="warning")
    title = models.CharField(max_length=500)
    message = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(db_index=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The name shown on every screen, kept when the user is deleted: the audit trail stays readable.
    acknowledged_by_name = models.CharField(max_length=150, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ack_seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client_id", "acknowledged_at", "-created_at"], name="ws_widgets_alert_open"),
        ]
        constraints = [
            # Acknowledged means both who and when: a half-written acknowledgement is refused.
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by_name="")
                | (Q(acknowledged_at__isnull=False) & ~Q(acknowledged_by_name="")),
                name="ws_widgets_alert_ack_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.title}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def as_frame_alert(self, *, with_ack: bool = False) -> dict:
        """The `alert` object of `alert_new`; `with_ack` adds acknowledged_by and acknowledged_at
        when acknowledged (the initial state's shape)."""
        alert = {
            "id": self.alert_id,
            "client_id": self.client_id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "source": self.source,
            "created_at": iso(self.created_at),
        }
        if with_ack and self.acknowledged_at is not None:
            alert["acknowledged_by"] = self.acknowledged_by_name
            alert["acknowledged_at"] = iso(self.acknowledged_at)
        return alert

    def ack_frame(self) -> dict:
        """Its `alert_acknowledged` frame, without `seq` (which the stream adds)."""
        assert self.acknowledged_at is not None
        return {
            "type": "alert_acknowledged",
            "alert_id": self.alert_id,
            "client_id": self.client_id,
            "acknowledged_by": self.acknowledged_by_name,
            "acknowledged_at": iso(self.acknowledged_at),
        }
