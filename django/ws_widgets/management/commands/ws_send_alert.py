"""`manage.py ws_send_alert CLIENT --title ... [--severity ...]`: raise a NOC alert from a shell or cron."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...broadcast import send_alert
from ...frames import SEVERITIES
from ._layer_warning import warn_if_in_memory


class Command(BaseCommand):
    help = "Send alert_new to every subscriber of a NOC client (and to its polling log); prints the alert."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id")
        parser.add_argument("--title", required=True)
        parser.add_argument("--severity", choices=SEVERITIES, default="warning")
        parser.add_argument("--message", default="")
        parser.add_argument("--source", default="manage.py")
        parser.add_argument("--id", dest="alert_id", help="default: a new UUID")

    def handle(self, *args: Any, **options: Any) -> None:
        warn_if_in_memory(self.stderr)
        try:
            alert = send_alert(
                options["client_id"],
                title=options["title"],
                severity=options["severity"],
                message=options["message"],
                source=options["source"],
                id=options["alert_id"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(alert))
