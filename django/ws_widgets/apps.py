"""Django app configuration for ws_widgets."""

from __future__ import annotations

from django.apps import AppConfig


class WsWidgetsConfig(AppConfig):
    """Registers the app; nothing runs at import time, so it is safe under Daphne and tests."""

    name = "ws_widgets"
    verbose_name = "ws-widgets"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        """Registers the system checks here, once the app registry is ready, as Django recommends."""
        from .checks import register_checks

        register_checks()
