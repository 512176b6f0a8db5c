"""What every endpoint answers: ping, action ping, heartbeat, bad frames, and the idle timeout."""

from __future__ import annotations

import asyncio
import datetime as dt

from django.test import override_settings

from ws_widgets.frames import iso, parse_timestamp

from .helpers import Sockets, WidgetsTestCase, closed_with, next_frame, ready, send

ENDPOINTS = ("/ws/noc/dashboard/", "/ws/noc/presence/", "/ws/dashboard/")


class KeepAliveTests(WidgetsTestCase):
    async def test_ping_and_action_ping_get_pong_on_every_endpoint(self) -> None:
        async with Sockets() as sockets:
            for path in ENDPOINTS:
                ws = await sockets.open(path, token=self.token(self.alice))
                await ready(ws, greeting="connected" if path == "/ws/noc/dashboard/" else None)
                await send(ws, {"type": "ping"})
                self.assertIsNotNone(parse_timestamp((await next_frame(ws, "pong"))["timestamp"]))
                await send(ws, {"action": "ping"})
                await next_frame(ws, "pong")

    async def test_heartbeat_ack_reports_latency_and_uptime(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            sent = dt.datetime.now(dt.timezone.utc) - dt.timedelta(milliseconds=250)
            await send(ws, {"type": "heartbeat", "timestamp": iso(sent)})
            ack = await next_frame(ws, "heartbeat_ack")
            self.assertGreaterEqual(ack["latency_ms"], 250)
            self.assertLess(ack["latency_ms"], 250 + 60_000)
            self.assertIsInstance(ack["uptime_seconds"], int)
            self.assertGreaterEqual(ack["uptime_seconds"], 0)
            self.assertIsNotNone(parse_timestamp(ack["server_time"]))

    async def test_heartbeat_from_a_clock_ahead_or_without_timestamp_gives_zero_latency(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            ahead = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
            await send(ws, {"type": "heartbeat", "timestamp": iso(ahead)})
            self.assertEqual((await next_frame(ws, "heartbeat_ack"))["latency_ms"], 0)
            await send(ws, {"type": "heartbeat", "timestamp": "yesterday-ish"})
            self.assertEqual((await next_frame(ws, "heartbeat_ack"))["latency_ms"], 0)


class BadFrameTests(WidgetsTestCase):
    async def assert_error_then_still_open(self, ws, raw, code: str) -> None:  # type: ignore[no-untyped-def]
        if isinstance(raw, bytes):
            await ws.send_to(bytes_data=raw)
        else:
            await ws.send_to(text_data=raw)
        error = await next_frame(ws, "error")
        self.assertEqual(error["code"], code, error)
        self.assertIsInstance(error["message"], str)
        await send(ws, {"type": "ping"})
        await next_frame(ws, "pong")

    async def test_each_bad_frame_gets_an_error_and_the_socket_stays_open(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(ws, greeting="connected")
            await self.assert_error_then_still_open(ws, "{not json", "invalid_json")
            await self.assert_error_then_still_open(ws, "[1, 2]", "invalid_frame")
            await self.assert_error_then_still_open(ws, '"text"', "invalid_frame")
            await self.assert_error_then_still_open(ws, '{"hello": 1}', "missing_type")
            await self.assert_error_then_still_open(ws, '{"type": 42}', "missing_type")
            await self.assert_error_then_still_open(ws, '{"type": "launch_missiles"}', "unknown_type")
            await self.assert_error_then_still_open(ws, '{"action": "dance"}', "unknown_type")
            await self.assert_error_then_still_open(ws, b"\x00\x01", "binary")

    @override_settings(WS_WIDGETS_MAX_FRAME_BYTES=100)
    async def test_oversized_frame_gets_too_large(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            await self.assert_error_then_still_open(ws, '{"type": "ping", "pad": "' + "x" * 200 + '"}', "too_large")
            await self.assert_error_then_still_open(ws, '{"type": "ping", "pad": "' + "é" * 60 + '"}', "too_large")

    async def test_unknown_type_is_named_but_shortened(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            await send(ws, {"type": "z" * 500})
            error = await next_frame(ws, "error")
            self.assertLess(len(error["message"]), 120)

    @override_settings(WS_WIDGETS_POLICY="tests.policies.ExplodingPolicy")
    async def test_a_server_side_exception_answers_error_and_keeps_the_socket(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            await ready(ws)
            await send(ws, {"action": "subscribe", "channel": f"user_{self.alice.pk}"})
            self.assertEqual((await next_frame(ws, "error"))["code"], "server_error")
            await send(ws, {"action": "ping"})
            await next_frame(ws, "pong")


class IdleTimeoutTests(WidgetsTestCase):
    @override_settings(WS_WIDGETS_HEARTBEAT_TIMEOUT=0.3)
    async def test_silent_socket_is_closed_with_4408(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            self.assertEqual(await closed_with(ws), 4408)

    @override_settings(WS_WIDGETS_HEARTBEAT_TIMEOUT=0.4)
    async def test_any_frame_counts_as_life(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(ws)
            # Six pings 0.1 s apart span 0.6 s, longer than the timeout: only the frames kept it open.
            for _ in range(6):
                await asyncio.sleep(0.1)  # the client's pace, not a wait for the server
                await send(ws, {"type": "ping"})
                await next_frame(ws, "pong")
            self.assertEqual(await closed_with(ws), 4408)

    @override_settings(WS_WIDGETS_HEARTBEAT_TIMEOUT=0.3, WS_WIDGETS_AUTH_MODE="message")
    async def test_unauthenticated_chatter_does_not_keep_a_socket_alive(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/")
            await ready(ws)
            await send(ws, {"type": "ping"})
            await next_frame(ws, "error")
            self.assertEqual(await closed_with(ws), 4408)
