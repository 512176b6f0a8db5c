"""The example app: its templates, static files, setup command and signal receivers."""

import logging

from django.apps import AppConfig

logger = logging.getLogger("example")


class ExampleConfig(AppConfig):
    name = "example"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from ws_widgets.signals import alert_acknowledged

        alert_acknowledged.connect(log_acknowledgement, dispatch_uid="example.log_ack")


def log_acknowledgement(sender, alert, ack, user, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Where a real project would store the acknowledgement (this receiver may use the ORM)."""
    logger.info("alert %s of %s acknowledged by %s", alert["id"], alert["client_id"], ack["acknowledged_by"])
