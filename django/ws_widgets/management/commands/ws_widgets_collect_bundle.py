"""`manage.py ws_widgets_collect_bundle`: copies the npm build into the app's static folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...finders import BUNDLE_FILES, dist_dir

APP_STATIC = Path(__file__).resolve().parents[2] / "static" / "ws-widgets"


class Command(BaseCommand):
    help = "Copy dist/ws-widgets.js (and the IIFE build, and source maps) into ws_widgets/static/ws-widgets/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dist", help="the npm build folder (default: WS_WIDGETS_DIST_DIR or ../dist)")
        parser.add_argument("--dest", help=f"where to copy to (default: {APP_STATIC})")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["dist"]) if options["dist"] else dist_dir()
        dest = Path(options["dest"]) if options["dest"] else APP_STATIC
        if not (source / "ws-widgets.js").is_file():
            raise CommandError(f"{source / 'ws-widgets.js'} does not exist: run `npm run build` first")
        dest.mkdir(parents=True, exist_ok=True)
        for name in BUNDLE_FILES:
            if (source / name).is_file():
                shutil.copyfile(source / name, dest / name)
                self.stdout.write(f"copied {name} to {dest}")
