"""Getting the npm bundle to the browser: DistFinder, the collect command, and serving it."""

from __future__ import annotations

import io
import tempfile
import unittest
from pathlib import Path

from channels.testing import HttpCommunicator
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings

from example.asgi import application
from ws_widgets.finders import DistFinder, dist_dir

REPO_DIST = Path(__file__).resolve().parents[2] / "dist"


class FakeDistMixin:
    """A throwaway dist/ holding a stand-in bundle (these tests check copying, not the bundle)."""

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)  # type: ignore[attr-defined]
        self.dist = Path(self.tmp.name) / "dist"
        self.dist.mkdir()
        (self.dist / "ws-widgets.js").write_text("export {};\n")
        (self.dist / "ws-widgets.iife.js").write_text("var WsWidgets = {};\n")
        (self.dist / "index.d.ts").write_text("// not a static file\n")


class FinderTests(FakeDistMixin, SimpleTestCase):
    def test_default_dist_dir_is_the_repository_dist(self) -> None:
        self.assertEqual(dist_dir(), REPO_DIST)

    def test_finder_serves_only_bundle_files(self) -> None:
        with override_settings(WS_WIDGETS_DIST_DIR=str(self.dist)):
            finder = DistFinder()
            self.assertEqual(finder.find("ws-widgets/ws-widgets.js"), str(self.dist / "ws-widgets.js"))
            self.assertEqual(
                finder.find("ws-widgets/ws-widgets.iife.js", find_all=True), [str(self.dist / "ws-widgets.iife.js")]
            )
            self.assertEqual(finder.find("ws-widgets/index.d.ts"), [])
            self.assertEqual(finder.find("other/ws-widgets.js"), [])
            # A missing file is "not found" for the whole finder chain, not [None].
            self.assertIsNone(finders.find("ws-widgets/missing.js"))
            listed = sorted(f"{storage.prefix}/{name}" for name, storage in finder.list([]))
            self.assertEqual(listed, ["ws-widgets/ws-widgets.iife.js", "ws-widgets/ws-widgets.js"])
            self.assertEqual(finders.find("ws-widgets/ws-widgets.js"), str(self.dist / "ws-widgets.js"))


class CollectBundleTests(FakeDistMixin, SimpleTestCase):
    def test_copies_the_bundle(self) -> None:
        dest = Path(self.tmp.name) / "static"
        out = io.StringIO()
        call_command("ws_widgets_collect_bundle", "--dist", str(self.dist), "--dest", str(dest), stdout=out)
        self.assertEqual(sorted(p.name for p in dest.iterdir()), ["ws-widgets.iife.js", "ws-widgets.js"])
        self.assertEqual((dest / "ws-widgets.js").read_text(), "export {};\n")

    def test_missing_build_says_what_to_do(self) -> None:
        with self.assertRaisesRegex(CommandError, "npm run build"):
            call_command(
                "ws_widgets_collect_bundle", "--dist", str(Path(self.tmp.name) / "nowhere"), stdout=io.StringIO()
            )


class ServedBundleTests(SimpleTestCase):
    """Through the example's real ASGI app, as Daphne would serve it."""

    async def get(self, path: str) -> dict:
        """GET through ASGI; Django ends a streamed file with a chunk that has no `body` key,
        which channels' HttpCommunicator.get_response does not accept, so read it here."""
        comm = HttpCommunicator(application, "GET", path)
        await comm.send_input({"type": "http.request", "body": b""})
        start = await comm.receive_output(5)
        body = b""
        while True:
            chunk = await comm.receive_output(5)
            body += chunk.get("body", b"")
            if not chunk.get("more_body"):
                break
        await comm.wait(5)
        return {"status": start["status"], "headers": start["headers"], "body": body}

    @unittest.skipUnless((REPO_DIST / "ws-widgets.js").is_file(), "dist/ws-widgets.js not built: run `npm run build`")
    async def test_bundle_is_served_from_dist(self) -> None:
        response = await self.get("/static/ws-widgets/ws-widgets.js")
        self.assertEqual(response["status"], 200)
        self.assertEqual(response["body"], (REPO_DIST / "ws-widgets.js").read_bytes())
        headers = dict(response["headers"])
        self.assertIn(b"javascript", headers[b"Content-Type"])

    async def test_example_css_is_served(self) -> None:
        response = await self.get("/static/example/site.css")
        self.assertEqual(response["status"], 200)
