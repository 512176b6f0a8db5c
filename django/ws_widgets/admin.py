"""Admin for client grants: who may watch which NOC client (used when django.contrib.admin is
installed; `manage.py ws_grant_client` does the same from a shell)."""

from __future__ import annotations

from django.contrib import admin

from .models import ClientGrant


@admin.register(ClientGrant)
class ClientGrantAdmin(admin.ModelAdmin):
    list_display = ("client_id", "user", "group", "created_at")
    list_filter = ("group",)
    search_fields = ("client_id", "user__username", "group__name")
    raw_id_fields = ("user",)  # a site may have many users; a select of all of them would not scale
    ordering = ("client_id", "pk")
