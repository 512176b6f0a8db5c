"""`manage.py ws_send_gcode USER ...`: push a G-Code update, annotation or content status."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...broadcast import send_annotation, send_content, send_gcode_update
from ...frames import INTENSITIES
from ._layer_warning import warn_if_in_memory


class Command(BaseCommand):
    help = (
        "Send to G-Code channel user_<USER>: gcode_updated (--score, --intensity, --theme...), "
        "annotation_added (--annotation NOTE) or content_generated (--content PLATFORM:STATUS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user_id")
        parser.add_argument("--score", type=float)
        parser.add_argument("--intensity", choices=INTENSITIES)
        parser.add_argument("--theme", action="append", default=[], dest="themes")
        parser.add_argument("--date", help="ISO date (default: today)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--annotation", metavar="NOTE")
        group.add_argument("--content", metavar="PLATFORM:STATUS")

    def handle(self, *args: Any, **options: Any) -> None:
        warn_if_in_memory(self.stderr)
        user = options["user_id"]
        try:
            if options["annotation"]:
                frame = send_annotation(user, options["annotation"], date=options["date"])
            elif options["content"]:
                platform, _, status = options["content"].partition(":")
                frame = send_content(user, platform, status)
            else:
                if options["score"] is None or options["intensity"] is None:
                    raise CommandError("a G-Code update needs --score and --intensity")
                score = int(options["score"]) if options["score"].is_integer() else options["score"]
                data = {"g_code_score": score, "intensity": options["intensity"], "themes": options["themes"]}
                if options["date"]:
                    data["date"] = options["date"]
                frame = send_gcode_update(user, data)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(frame))
