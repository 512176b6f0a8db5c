"""A staticfiles finder serving the npm build (`dist/`) as `ws-widgets/...` in a source checkout.

With it in STATICFILES_FINDERS, `{% ws_widgets_script %}`, `collectstatic` and
ASGIStaticFilesHandler use the latest `npm run build` without copying anything; an installed
app uses `manage.py ws_widgets_collect_bundle` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from . import conf

PREFIX = "ws-widgets"
BUNDLE_FILES = ("ws-widgets.js", "ws-widgets.js.map", "ws-widgets.iife.js", "ws-widgets.iife.js.map")


def dist_dir() -> Path:
    """WS_WIDGETS_DIST_DIR, else the repository's `dist/` next to `django/`."""
    configured = conf.get("DIST_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "dist"


class DistFinder(BaseFinder):
    """Finds only the bundle files, so the rest of `dist/` is never published."""

    def check(self, **kwargs: Any) -> list:
        return []

    def find(self, path: str, find_all: bool = False) -> Any:
        prefix, _, name = path.replace("\\", "/").partition("/")
        match: str | None = None
        if prefix == PREFIX and name in BUNDLE_FILES and (dist_dir() / name).is_file():
            match = str(dist_dir() / name)
        if find_all:
            return [match] if match else []
        # Not found is [] as in Django's own finders: finders.find() would turn None into [None],
        # and the static view would answer a missing file with a 500 instead of a 404.
        return match or []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        directory = dist_dir()
        if not directory.is_dir():
            return
        storage = FileSystemStorage(location=str(directory))
        storage.prefix = PREFIX  # type: ignore[attr-defined]  # collectstatic puts files under it
        for name in BUNDLE_FILES:
            if (directory / name).is_file():
                yield name, storage
