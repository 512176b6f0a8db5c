"""The Python broadcast API and the management commands built on it."""

from __future__ import annotations

import datetime as dt
import io
import json

from asgiref.sync import sync_to_async
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase
from django.utils import timezone

from ws_widgets import frames
from ws_widgets.broadcast import group_send, send_alert, send_annotation, send_content, send_gcode_update

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send, subscribe_noc


class ValidationTests(SimpleTestCase):
    """Mistakes fail in the caller, never on a browser."""

    def test_alert_fields_are_checked(self) -> None:
        with self.assertRaisesRegex(ValueError, "severity"):
            send_alert("acme", title="x", severity="catastrophic")
        with self.assertRaisesRegex(ValueError, "title"):
            send_alert("acme", title="")
        with self.assertRaisesRegex(ValueError, "client_id"):
            send_alert("not a client", title="x")
        with self.assertRaises(TypeError):
            send_alert("acme", title="x", severty="critical")
        with self.assertRaisesRegex(ValueError, "created_at"):
            send_alert("acme", title="x", created_at="last tuesday")

    def test_alert_defaults_and_datetimes(self) -> None:
        when = dt.datetime(2025, 10, 1, 12, 0, tzinfo=dt.timezone.utc)
        alert = frames.build_alert("acme", title="Link flap", created_at=when)
        self.assertEqual(alert["created_at"], "2025-10-01T12:00:00.000Z")
        self.assertEqual(alert["severity"], "warning")
        self.assertEqual(alert["source"], "django")
        self.assertEqual(len(alert["id"]), 32)

    def test_gcode_fields_are_checked(self) -> None:
        for bad in (
            {"g_code_score": 101, "intensity": "low"},
            {"g_code_score": -1, "intensity": "low"},
            {"g_code_score": True, "intensity": "low"},
            {"g_code_score": 50, "intensity": "extreme"},
            {"g_code_score": 50, "intensity": "low", "themes": "focus"},
            {"g_code_score": 50, "intensity": "low", "mood": "happy"},
        ):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                send_gcode_update(1, bad)
        with self.assertRaises(ValueError):
            send_annotation(1, "")
        with self.assertRaises(ValueError):
            send_content(1, "twitter", "")
        with self.assertRaises(ValueError):
            send_content("user_1; drop", "twitter", "ok")

    def test_gcode_date_defaults_to_today(self) -> None:
        data = frames.build_gcode_data({"g_code_score": 0, "intensity": "low"})
        self.assertEqual(data["date"], timezone.localdate().isoformat())
        self.assertEqual(data["themes"], [])


class SyncApiTests(WidgetsTestCase):
    """The sync functions, called from sync code as a view or a signal would."""

    async def test_sync_helpers_reach_sockets(self) -> None:
        async with Sockets() as sockets:
            noc = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(noc, greeting="connected")
            await subscribe_noc(noc, "acme")
            gcode = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            await ready(gcode)
            await send(gcode, {"action": "subscribe", "channel": f"user_{self.alice.pk}"})
            await next_frame(gcode, "subscribed")

            alert = await sync_to_async(send_alert)("acme", title="From a view", severity="info")
            self.assertEqual((await next_frame(noc, "alert_new"))["alert"], alert)
            await sync_to_async(send_annotation)(self.alice, "From a signal", date=dt.date(2025, 1, 2))
            self.assertEqual((await next_frame(gcode, "annotation_added"))["data"]["date"], "2025-01-02")
            await sync_to_async(send_content)(self.alice, "blog", "draft")
            await next_frame(gcode, "content_generated")
            await sync_to_async(group_send)(
                frames.client_group("acme"), {"type": "custom_notice", "when": dt.date(2025, 1, 3)}
            )
            self.assertEqual(await next_frame(noc), {"type": "custom_notice", "when": "2025-01-03"})


class CommandTests(WidgetsTestCase):
    async def test_ws_send_alert_reaches_subscribers_and_prints_the_alert(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.bob))
            await ready(ws, greeting="connected")
            await subscribe_noc(ws, "globex")
            out, err = io.StringIO(), io.StringIO()
            args = ["globex", "--title", "BGP session down", "--severity", "major", "--id", "bgp-1"]
            await sync_to_async(call_command)("ws_send_alert", *args, stdout=out, stderr=err)
            alert = (await next_frame(ws, "alert_new"))["alert"]
            self.assertEqual(alert["id"], "bgp-1")
            self.assertEqual(alert["severity"], "major")
            self.assertEqual(alert["source"], "manage.py")
            self.assertEqual(json.loads(out.getvalue()), alert)
            self.assertIn("InMemoryChannelLayer", err.getvalue())

    async def test_ws_send_gcode_sends_each_kind(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            await ready(ws)
            await send(ws, {"action": "subscribe", "channel": f"user_{self.alice.pk}"})
            await next_frame(ws, "subscribed")
            command = sync_to_async(call_command)
            quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
            uid = str(self.alice.pk)
            update = ["--score", "81", "--intensity", "high", "--theme", "focus", "--theme", "rest"]
            await command("ws_send_gcode", uid, *update, **quiet)
            data = (await next_frame(ws, "gcode_updated"))["data"]
            self.assertEqual((data["g_code_score"], data["intensity"], data["themes"]), (81, "high", ["focus", "rest"]))
            await command("ws_send_gcode", uid, "--annotation", "Ran 5k", **quiet)
            self.assertEqual((await next_frame(ws, "annotation_added"))["data"]["note"], "Ran 5k")
            await command("ws_send_gcode", uid, "--content", "linkedin:published", **quiet)
            self.assertEqual((await next_frame(ws, "content_generated"))["data"]["platform"], "linkedin")

    def test_command_errors_are_command_errors(self) -> None:
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        with self.assertRaisesRegex(CommandError, "--score and --intensity"):
            call_command("ws_send_gcode", "1", **quiet)
        with self.assertRaisesRegex(CommandError, "0 to 100"):
            call_command("ws_send_gcode", "1", "--score", "300", "--intensity", "low", **quiet)
        with self.assertRaisesRegex(CommandError, "client_id"):
            call_command("ws_send_alert", "bad id", "--title", "x", **quiet)
