"""Admin for client grants (who may watch which NOC client; `manage.py ws_grant_client` does the
same from a shell) and for the stored alerts and their acknowledgements. Used when
django.contrib.admin is installed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet

from .models import Alert, ClientGrant


@admin.register(ClientGrant)
class ClientGrantAdmin(admin.ModelAdmin):
    list_display = ("client_id", "user", "group", "created_at")
    list_filter = ("group",)
    search_fields = ("client_id", "user__username", "group__name")
    raw_id_fields = ("user",)  # a site may have many users; a select of all of them would not scale
    ordering = ("client_id", "pk")


class AcknowledgedFilter(admin.SimpleListFilter):
    title = "acknowledged"
    parameter_name = "acknowledged"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Not yet"), ("yes", "Acknowledged")]

    def queryset(self, request: Any, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(acknowledged_at__isnull=self.value() == "no")
        return queryset


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """The stored alerts and who acknowledged them: an audit trail, read-only. Alerts are raised with
    `send_alert` (or `manage.py ws_send_alert`) so that they reach the screens too, and acknowledged
    from the screens, where every operator sees it at once."""

    list_display = ("created_at", "client_id", "severity", "title", "source", "acknowledged_by_name", "acknowledged_at")
    list_filter = (AcknowledgedFilter, "severity", "client_id", "source", "created_at")
    search_fields = ("title", "message", "source", "client_id", "alert_id", "acknowledged_by_name")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    list_per_page = 100
    readonly_fields = [field.name for field in Alert._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
