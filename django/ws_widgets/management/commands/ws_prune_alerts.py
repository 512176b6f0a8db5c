"""`manage.py ws_prune_alerts [--dry-run]`: deletes stored alerts older than WS_WIDGETS_ALERT_RETENTION.

Run it from cron (daily is plenty). Nothing prunes by itself: a broadcast never waits on a delete.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ... import conf
from ...models import Alert


class Command(BaseCommand):
    help = "Delete stored NOC alerts older than WS_WIDGETS_ALERT_RETENTION seconds; prints how many."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count them, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        retention = conf.get("ALERT_RETENTION")
        if not retention:
            self.stdout.write("WS_WIDGETS_ALERT_RETENTION is None: alerts are kept; nothing to prune")
            return
        if options["dry_run"]:
            self.stdout.write(f"{Alert.objects.expired().count()} alert(s) older than {retention} s would be deleted")
            return
        self.stdout.write(f"deleted {Alert.objects.prune()} alert(s) older than {retention} s")
