"""The NOC dashboard: subscribe_client, alert_new fan-out per client, acknowledgements to all."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.test import override_settings

from ws_widgets.broadcast import asend_alert, send_alert
from ws_widgets.signals import alert_acknowledged

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send, subscribe_noc


class NocTests(WidgetsTestCase):
    async def subscribed(self, sockets: Sockets, user, client_id: str):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/noc/dashboard/", token=self.token(user))
        await ready(ws)
        await next_frame(ws, "connected")
        subscribed, snapshot = await subscribe_noc(ws, client_id)
        self.assertEqual(subscribed, {"type": "subscribed", "client_id": client_id, "seq": subscribed["seq"]})
        self.assertEqual(snapshot["seq"], subscribed["seq"])
        return ws

    async def test_connected_greeting_lists_permissions(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(ws)
            connected = await next_frame(ws, "connected")
            self.assertEqual(
                connected, {"type": "connected", "user": "alice", "permissions": ["noc:view", "noc:acknowledge"]}
            )

    async def test_alert_reaches_every_subscriber_of_its_client_only(self) -> None:
        async with Sockets() as sockets:
            alice = await self.subscribed(sockets, self.alice, "acme")
            bob = await self.subscribed(sockets, self.bob, "acme")
            other = await self.subscribed(sockets, self.boss, "globex")
            alert = await asend_alert("acme", title="Core switch down", severity="critical", source="nagios")
            for ws in (alice, bob):
                frame = await next_frame(ws, "alert_new")
                self.assertEqual(frame["alert"], alert)
            self.assertEqual(set(alert), {"id", "client_id", "severity", "title", "message", "source", "created_at"})
            self.assertTrue(await other.receive_nothing(timeout=0.2))

    async def test_acknowledgement_reaches_every_subscriber_and_the_signal(self) -> None:
        received = []
        alert_acknowledged.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-ack")
        self.addCleanup(alert_acknowledged.disconnect, dispatch_uid="test-ack")
        async with Sockets() as sockets:
            alice = await self.subscribed(sockets, self.alice, "acme")
            bob = await self.subscribed(sockets, self.bob, "acme")
            alert = await sync_to_async(send_alert)("acme", title="Disk 91% full", id="disk-1")
            for ws in (alice, bob):
                await next_frame(ws, "alert_new")
            await send(bob, {"type": "acknowledge_alert", "alert_id": "disk-1"})
            for ws in (alice, bob):
                ack = await next_frame(ws, "alert_acknowledged")
                self.assertEqual(ack["alert_id"], "disk-1")
                self.assertEqual(ack["acknowledged_by"], "bob")
                self.assertIn("acknowledged_at", ack)
            self.assertEqual(len(received), 1)
            self.assertEqual(received[0]["alert"], alert)
            self.assertEqual(received[0]["user"].get_username(), "bob")
            # A second acknowledgement settles the asker's pending state without a second broadcast.
            await send(alice, {"type": "acknowledge_alert", "alert_id": "disk-1"})
            again = await next_frame(alice, "alert_acknowledged")
            self.assertEqual(again["acknowledged_by"], "bob")
            self.assertTrue(await bob.receive_nothing(timeout=0.2))
            self.assertEqual(len(received), 1)

    async def test_unknown_or_malformed_alert_ids_get_errors(self) -> None:
        async with Sockets() as sockets:
            ws = await self.subscribed(sockets, self.alice, "acme")
            # Each refusal names the alert as it was sent, so the feed fails the right acknowledgement.
            await send(ws, {"type": "acknowledge_alert", "alert_id": "never-raised"})
            unknown = await next_frame(ws, "error")
            self.assertEqual((unknown["code"], unknown["alert_id"]), ("unknown_alert", "never-raised"))
            await send(ws, {"type": "acknowledge_alert"})
            missing = await next_frame(ws, "error")
            self.assertEqual(missing["code"], "invalid_alert")
            self.assertNotIn("alert_id", missing)
            await send(ws, {"type": "acknowledge_alert", "alert_id": "x" * 500})
            self.assertEqual(
                await next_frame(ws, "error"),
                {
                    "type": "error",
                    "message": "acknowledge_alert needs an alert_id",
                    "code": "invalid_alert",
                    "alert_id": "x" * 500,
                },
            )

    async def test_numeric_alert_ids_work(self) -> None:
        async with Sockets() as sockets:
            ws = await self.subscribed(sockets, self.alice, "acme")
            await asend_alert("acme", title="Numbered", id=42)
            self.assertEqual((await next_frame(ws, "alert_new"))["alert"]["id"], "42")
            await send(ws, {"type": "acknowledge_alert", "alert_id": 42})
            self.assertEqual((await next_frame(ws, "alert_acknowledged"))["alert_id"], "42")

    async def test_bad_client_ids_are_refused(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(ws, greeting="connected")
            for bad in (None, "", "a b", "x" * 65, 7, "../etc"):
                await send(ws, {"type": "subscribe_client", "client_id": bad})
                self.assertEqual((await next_frame(ws, "error"))["code"], "invalid_client")

    @override_settings(WS_WIDGETS_POLICY="tests.policies.OnlyAcmePolicy")
    async def test_policy_decides_who_watches_and_acknowledges(self) -> None:
        async with Sockets() as sockets:
            bob = await self.subscribed(sockets, self.bob, "acme")
            await send(bob, {"type": "subscribe_client", "client_id": "globex"})
            self.assertEqual((await next_frame(bob, "error"))["code"], "forbidden")
            await asend_alert("acme", title="Fan failure", id="fan-1")
            await next_frame(bob, "alert_new")
            await send(bob, {"type": "acknowledge_alert", "alert_id": "fan-1"})
            # A refused acknowledgement looks like an unknown id: it must not confirm the alert exists.
            self.assertEqual((await next_frame(bob, "error"))["code"], "unknown_alert")

    async def test_unsubscribed_socket_gets_no_alerts(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(ws, greeting="connected")
            await asend_alert("acme", title="Nobody listens")
            self.assertTrue(await ws.receive_nothing(timeout=0.2))
