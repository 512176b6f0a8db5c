"""The Python distribution built by `npm run build:python`: the wheel and the sdist in
dist-python/ must carry the bundle of the npm build byte for byte, so that
`{% static 'ws-widgets/ws-widgets.js' %}` works after `pip install` with no Node on the machine.

These tests fail (never skip) when the distribution is missing: `npm test` builds it first.
"""

from __future__ import annotations

import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from django.test import SimpleTestCase

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
OUT = REPO / "dist-python"
BUNDLE = ("ws-widgets.js", "ws-widgets.js.map", "ws-widgets.iife.js", "ws-widgets.iife.js.map")
STATIC = "ws_widgets/static/ws-widgets/"


def _one(pattern: str) -> Path:
    found = sorted(OUT.glob(pattern))
    if len(found) != 1:
        raise AssertionError(f"expected one {pattern} in dist-python/, found {len(found)}: run `npm run build:python`")
    return found[0]


class WheelTests(SimpleTestCase):
    def setUp(self) -> None:
        self.wheel = zipfile.ZipFile(_one("django_ws_widgets-*-py3-none-any.whl"))
        self.addCleanup(self.wheel.close)
        self.names = set(self.wheel.namelist())

    def test_bundle_is_the_npm_build(self) -> None:
        for name in BUNDLE:
            with self.subTest(name=name):
                self.assertTrue(STATIC + name in self.names, f"the wheel lacks {STATIC + name}")
                self.assertEqual(self.wheel.read(STATIC + name), (DIST / name).read_bytes(), "differs from dist/")

    def test_app_modules_are_packed_and_nothing_else(self) -> None:
        for module in (
            "ws_widgets/apps.py",
            "ws_widgets/templatetags/ws_widgets.py",
            "ws_widgets/consumers/noc.py",
            "ws_widgets/management/commands/ws_send_alert.py",
            "ws_widgets/migrations/0001_initial.py",  # ClientGrant: a project's migrate needs it
        ):
            self.assertIn(module, self.names)
        roots = {name.split("/")[0] for name in self.names}
        self.assertEqual({root for root in roots if not root.endswith(".dist-info")}, {"ws_widgets"})
        self.assertFalse([n for n in self.names if "__pycache__" in n or n.endswith(".pyc")])

    def test_metadata_declares_the_supported_ranges(self) -> None:
        info = next(n for n in self.names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(self.wheel.read(info).decode())
        self.assertEqual(metadata["Name"], "django-ws-widgets")
        requires = metadata.get_all("Requires-Dist")
        for expected in ("django<7,>=5.2", "channels<5,>=4.3", "daphne<5,>=4.2"):
            self.assertIn(expected, [r.lower().replace(" ", "") for r in requires])
        self.assertIn("redis", metadata.get_all("Provides-Extra"))


class SdistTests(SimpleTestCase):
    def test_sdist_carries_the_bundle(self) -> None:
        with tarfile.open(_one("django_ws_widgets-*.tar.gz")) as sdist:
            members = {m.name.split("/", 1)[1]: m for m in sdist.getmembers() if "/" in m.name}
            for name in BUNDLE:
                with self.subTest(name=name):
                    self.assertTrue(STATIC + name in members, f"the sdist lacks {STATIC + name}")
                    data = sdist.extractfile(members[STATIC + name])
                    self.assertIsNotNone(data)
                    self.assertEqual(data.read() if data else b"", (DIST / name).read_bytes())
            self.assertIn("pyproject.toml", members)
            self.assertFalse([n for n in members if n.startswith(("tests/", "example/"))])
