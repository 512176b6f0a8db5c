"""The presence endpoint (get_stats) and the G-Code dashboard (channel subscriptions)."""

from __future__ import annotations

from asgiref.sync import sync_to_async

from ws_widgets.broadcast import asend_annotation, asend_content, asend_gcode_update, send_gcode_update

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send


class PresenceTests(WidgetsTestCase):
    async def test_get_stats_counts_connections_and_messages(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            await ready(await sockets.open("/ws/dashboard/", token=self.token(self.bob)))
            await send(ws, {"type": "get_stats"})
            first = await next_frame(ws, "stats")
            self.assertEqual(first["connections"], 2)
            self.assertEqual(set(first), {"type", "connections", "uptime_seconds", "messages_in", "messages_out"})
            await send(ws, {"type": "ping"})
            await next_frame(ws, "pong")
            await send(ws, {"type": "get_stats"})
            second = await next_frame(ws, "stats")
            self.assertEqual(second["messages_in"] - first["messages_in"], 2)
            self.assertEqual(second["messages_out"] - first["messages_out"], 2)

    async def test_get_stats_is_only_known_to_presence(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            await ready(ws)
            await send(ws, {"type": "get_stats"})
            self.assertEqual((await next_frame(ws, "error"))["code"], "unknown_type")


class GcodeTests(WidgetsTestCase):
    async def gcode_socket(self, sockets: Sockets, user):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/dashboard/", token=self.token(user))
        await ready(ws)
        return ws

    async def test_own_channel_subscription_and_all_three_updates(self) -> None:
        async with Sockets() as sockets:
            ws = await self.gcode_socket(sockets, self.alice)
            channel = f"user_{self.alice.pk}"
            await send(ws, {"action": "subscribe", "channel": channel})
            self.assertEqual(await next_frame(ws, "subscribed"), {"type": "subscribed", "channel": channel})
            update = {"g_code_score": 72, "intensity": "high", "themes": ["focus"], "date": "2025-01-02"}
            sent = await asend_gcode_update(self.alice, update)
            self.assertEqual(await next_frame(ws, "gcode_updated"), sent)
            self.assertEqual(
                sent["data"], {"date": "2025-01-02", "g_code_score": 72, "intensity": "high", "themes": ["focus"]}
            )
            note = await asend_annotation(self.alice.pk, "Slept badly", id="n1")
            self.assertEqual((await next_frame(ws, "annotation_added"))["data"], note["data"])
            self.assertEqual(set(note["data"]), {"id", "date", "note"})
            content = await asend_content(channel, "twitter", "published")
            self.assertEqual((await next_frame(ws, "content_generated"))["data"], content["data"])

    async def test_another_users_channel_is_refused(self) -> None:
        async with Sockets() as sockets:
            ws = await self.gcode_socket(sockets, self.alice)
            await send(ws, {"action": "subscribe", "channel": f"user_{self.bob.pk}"})
            refused = await next_frame(ws, "error")
            self.assertEqual((refused["code"], refused["channel"]), ("forbidden", f"user_{self.bob.pk}"))
            await asend_gcode_update(self.bob, {"g_code_score": 10, "intensity": "low"})
            self.assertTrue(await ws.receive_nothing(timeout=0.2))

    async def test_view_all_channels_permission_watches_any_channel(self) -> None:
        """boss holds ws_widgets.view_all_channels (helpers); staff alone does not (test_tenancy)."""
        async with Sockets() as sockets:
            ws = await self.gcode_socket(sockets, self.boss)
            await send(ws, {"action": "subscribe", "channel": f"user_{self.bob.pk}"})
            await next_frame(ws, "subscribed")
            await sync_to_async(send_gcode_update)(self.bob, {"g_code_score": 55.5, "intensity": "medium"})
            self.assertEqual((await next_frame(ws, "gcode_updated"))["data"]["g_code_score"], 55.5)

    async def test_malformed_channels_are_refused(self) -> None:
        async with Sockets() as sockets:
            ws = await self.gcode_socket(sockets, self.alice)
            for bad in (None, "", "user_", "admin", "user_1 2", 5, "user_" + "9" * 80):
                await send(ws, {"action": "subscribe", "channel": bad})
                refused = await next_frame(ws, "error")
                self.assertEqual(refused["code"], "invalid_channel")
                self.assertEqual(refused.get("channel"), bad)  # named as sent; None is not sent
