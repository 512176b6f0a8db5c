"""Gap-free NOC streams (PROTOCOL.md 0.2): `seq`, `since`, replay, `alert_snapshot`, and the socket
that catches itself up when the channel layer loses frames. Stored alerts and acknowledgements."""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.test import modify_settings, override_settings
from django.utils import timezone

from ws_widgets import stream
from ws_widgets.broadcast import asend_alert, asend_alerts, send_alert
from ws_widgets.consumers.watch import COUNTS
from ws_widgets.models import Alert
from ws_widgets.store import LOCAL_STORE

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send, subscribe_noc


class StreamTests(WidgetsTestCase):
    async def noc(self, sockets: Sockets, user=None):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/noc/dashboard/", token=self.token(user or self.alice))
        await ready(ws, greeting="connected")
        return ws

    async def test_without_since_subscribed_then_a_snapshot_of_the_stored_unacknowledged_alerts(self) -> None:
        first = await asend_alert("acme", title="First", id="s-1")
        second = await asend_alert("acme", title="Second", id="s-2")
        await asend_alert("globex", title="Not acme's")
        await sync_to_async(Alert.objects.filter(alert_id="s-1").update)(
            acknowledged_at="2026-01-01T00:00:00Z", acknowledged_by_name="x"
        )
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            subscribed, snapshot = await subscribe_noc(ws, "acme")
            self.assertEqual(subscribed, {"type": "subscribed", "client_id": "acme", "seq": 2})
            self.assertEqual(snapshot, {"type": "alert_snapshot", "client_id": "acme", "seq": 2, "alerts": [second]})
            self.assertNotIn(first, snapshot["alerts"])  # acknowledged: not in the snapshot
            third = await asend_alert("acme", title="Third", id="s-3")
            self.assertEqual(await next_frame(ws), {"type": "alert_new", "alert": third, "seq": 3})

    async def test_since_replays_what_was_missed_in_order_then_goes_live(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            subscribed, _ = await subscribe_noc(ws, "acme")
            self.assertEqual(subscribed["seq"], 0)
            await ws.disconnect()
            sockets.open_ones.remove(ws)
            missed = [await asend_alert("acme", title=f"Missed {n}") for n in range(3)]
            again = await self.noc(sockets, self.bob)
            await send(again, {"type": "acknowledge_alert", "alert_id": missed[0]["id"]})
            self.assertNotIn("seq", await next_frame(again, "alert_acknowledged"))  # not subscribed: an answer
            await send(again, {"type": "subscribe_client", "client_id": "acme", "since": 0})
            self.assertEqual(
                await next_frame(again), {"type": "subscribed", "client_id": "acme", "seq": 4, "recovered": True}
            )
            replay = [await next_frame(again) for _ in range(4)]
            self.assertEqual([f["seq"] for f in replay], [1, 2, 3, 4])
            self.assertEqual([f["alert"] for f in replay[:3]], missed)
            self.assertEqual(replay[3]["type"], "alert_acknowledged")
            self.assertEqual(
                (replay[3]["alert_id"], replay[3]["client_id"], replay[3]["acknowledged_by"]),
                (missed[0]["id"], "acme", "bob"),
            )
            live = await asend_alert("acme", title="Live")
            self.assertEqual(await next_frame(again), {"type": "alert_new", "alert": live, "seq": 5})
            # Nothing missed: recovered, no frames.
            await send(again, {"type": "subscribe_client", "client_id": "acme", "since": 5})
            self.assertEqual(
                await next_frame(again), {"type": "subscribed", "client_id": "acme", "seq": 5, "recovered": True}
            )
            self.assertTrue(await again.receive_nothing(timeout=0.1))

    @override_settings(WS_WIDGETS_HISTORY_SIZE=3)
    async def test_a_since_the_history_no_longer_holds_gets_recovered_false_and_a_snapshot(self) -> None:
        sent = [await asend_alert("acme", title=f"Alert {n}") for n in range(5)]
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            for since in (1, 99):  # trimmed away; beyond the stream (a reset)
                await send(ws, {"type": "subscribe_client", "client_id": "acme", "since": since})
                self.assertEqual(
                    await next_frame(ws), {"type": "subscribed", "client_id": "acme", "seq": 5, "recovered": False}
                )
                snapshot = await next_frame(ws, "alert_snapshot")
                self.assertEqual((snapshot["seq"], snapshot["alerts"]), (5, sent[::-1]))
            await send(ws, {"type": "subscribe_client", "client_id": "acme", "since": 2})
            self.assertTrue((await next_frame(ws, "subscribed"))["recovered"])
            self.assertEqual([(await next_frame(ws))["seq"] for _ in range(3)], [3, 4, 5])

    async def test_a_snapshot_holds_at_most_200_alerts_newest_first(self) -> None:
        await asend_alerts("acme", [{"title": f"Flood {n}", "id": f"f-{n:03}"} for n in range(250)])
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            subscribed, snapshot = await subscribe_noc(ws, "acme")
            self.assertEqual(subscribed["seq"], 250)
            self.assertEqual(len(snapshot["alerts"]), 200)
            self.assertEqual(snapshot["alerts"][0]["id"], "f-249")

    async def test_since_must_be_a_whole_number_and_tenancy_comes_first(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            for bad in (-1, "3", 1.5, True, [1]):
                await send(ws, {"type": "subscribe_client", "client_id": "acme", "since": bad})
                self.assertEqual((await next_frame(ws, "error"))["code"], "invalid_since")
            await asend_alert("secret-client", title="Not alice's")
            await send(ws, {"type": "subscribe_client", "client_id": "secret-client", "since": 0})
            self.assertEqual((await next_frame(ws, "error"))["code"], "forbidden")
            self.assertTrue(await ws.receive_nothing(timeout=0.1))

    async def test_frames_the_channel_layer_lost_are_sent_from_the_history_and_logged(self) -> None:
        layer = get_channel_layer()
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            first = await asend_alert("acme", title="One")
            self.assertEqual((await next_frame(ws))["seq"], 1)
            # Numbered and kept, but never handed to the layer: as a drop under load.
            lost = await stream.number(layer, "acme", [{"type": "alert_new", "alert": {**first, "id": "lost"}}])
            before = COUNTS.caught_up
            after = await asend_alert("acme", title="Three")
            self.assertEqual(await next_frame(ws), lost[0])
            self.assertEqual(await next_frame(ws), {"type": "alert_new", "alert": after, "seq": 3})
            self.assertEqual(COUNTS.caught_up - before, 2)  # the lost one, and the one that showed the gap
            with self.assertLogs("ws_widgets", "WARNING") as logs:
                COUNTS.report()  # what the process's watch does every check
            self.assertIn("the channel layer did not bring 2 frame(s) to their sockets", logs.output[0])
            # The late copy of a frame already sent (reordered, not lost) is not sent twice.
            await stream.fan_out(layer, "acme", lost)
            self.assertTrue(await ws.receive_nothing(timeout=0.1))

    @override_settings(WS_WIDGETS_STREAM_CHECK_INTERVAL=0.05)
    async def test_the_last_frames_of_a_burst_lost_on_the_way_still_arrive(self) -> None:
        """No later frame shows such a gap: the process's stream check does."""
        layer = get_channel_layer()
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            lost = await stream.number(
                layer, "acme", [{"type": "alert_new", "alert": {"id": f"t{n}"}} for n in range(3)]
            )
            self.assertEqual([await next_frame(ws) for _ in range(3)], lost)

    @override_settings(WS_WIDGETS_STREAM_CHECK_INTERVAL=0.05)
    async def test_a_store_that_lost_its_state_is_noticed_and_a_snapshot_sent(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            await asend_alert("acme", title="Before")
            await next_frame(ws, "alert_new")
            LOCAL_STORE.clear()  # a new epoch, numbers gone: as Redis restarted without persistence
            LOCAL_STORE._heads["acme"] = 0
            snapshot = await next_frame(ws, "alert_snapshot")
            self.assertEqual([a["title"] for a in snapshot["alerts"]], ["Before"])

    async def test_alerts_are_stored_before_they_are_sent_and_an_id_is_sent_once(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            alert = await asend_alert(
                "acme", title="Stored", severity="critical", message="m", source="nagios", id="st-1"
            )
            frame = await next_frame(ws, "alert_new")
            row = await sync_to_async(Alert.objects.get)(alert_id="st-1")
            self.assertEqual(row.as_frame_alert(), alert)
            self.assertEqual((row.seq, row.severity, row.source), (frame["seq"], "critical", "nagios"))
            again = await asend_alert("acme", title="A retried job", id="st-1")
            self.assertEqual(again, alert)  # the stored alert; nothing sent
            self.assertTrue(await ws.receive_nothing(timeout=0.1))
            with self.assertRaisesMessage(ValueError, "already taken by another client"):
                await asend_alert("globex", title="Same id, other tenant", id="st-1")

    async def test_an_alert_stored_but_never_numbered_is_sent_by_the_retry(self) -> None:
        """Redis failed after the database write: the retried call sends it."""
        await sync_to_async(Alert.objects.create)(
            alert_id="half", client_id="acme", title="Half", created_at="2026-01-01T00:00:00Z"
        )
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            await asend_alert("acme", title="Half", id="half")
            self.assertEqual((await next_frame(ws, "alert_new"))["alert"]["id"], "half")

    async def test_an_acknowledgement_is_stored_and_broadcast_once_with_its_seq(self) -> None:
        async with Sockets() as sockets:
            alice = await self.noc(sockets)
            bob = await self.noc(sockets, self.bob)
            for ws in (alice, bob):
                await subscribe_noc(ws, "acme")
            await asend_alert("acme", title="Disk full", id="d-1")
            for ws in (alice, bob):
                await next_frame(ws, "alert_new")
            await send(bob, {"type": "acknowledge_alert", "alert_id": "d-1"})
            for ws in (alice, bob):
                ack = await next_frame(ws, "alert_acknowledged")
                self.assertEqual((ack["seq"], ack["client_id"], ack["acknowledged_by"]), (2, "acme", "bob"))
            row = await sync_to_async(Alert.objects.select_related("acknowledged_by").get)(alert_id="d-1")
            self.assertEqual((row.acknowledged_by, row.acknowledged_by_name, row.ack_seq), (self.bob, "bob", 2))
            await send(alice, {"type": "acknowledge_alert", "alert_id": "d-1"})
            answer = await next_frame(alice, "alert_acknowledged")
            self.assertEqual(answer, {k: v for k, v in ack.items() if k != "seq"})  # an answer: no seq
            self.assertTrue(await bob.receive_nothing(timeout=0.1))
            # Gone from the snapshot and the initial state.
            _, snapshot = await subscribe_noc(alice, "acme")
            self.assertEqual(snapshot["alerts"], [])

    async def test_bursts_keep_their_order_and_numbers(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets)
            await subscribe_noc(ws, "acme")
            sent = await asend_alerts("acme", [{"title": f"Burst {n}"} for n in range(50)])
            received = [await next_frame(ws) for _ in range(50)]
            self.assertEqual([f["seq"] for f in received], list(range(1, 51)))
            self.assertEqual([f["alert"] for f in received], sent)


class RetentionTests(WidgetsTestCase):
    def test_prune_deletes_what_is_older_than_the_retention(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        send_alert("acme", title="Old", id="old", created_at="2020-01-01T00:00:00Z")
        send_alert("acme", title="New", id="new")
        out = StringIO()
        call_command("ws_prune_alerts", "--dry-run", stdout=out)
        self.assertIn("1 alert(s)", out.getvalue())
        self.assertEqual(Alert.objects.count(), 2)
        call_command("ws_prune_alerts", stdout=out)
        self.assertEqual(list(Alert.objects.values_list("alert_id", flat=True)), ["new"])
        with override_settings(WS_WIDGETS_ALERT_RETENTION=None):
            self.assertEqual(Alert.objects.prune(), 0)

    def test_a_pruned_alert_can_no_longer_be_acknowledged(self) -> None:
        send_alert("acme", title="Old", id="old", created_at="2020-01-01T00:00:00Z")
        Alert.objects.prune()

        async def acknowledge() -> dict:
            async with Sockets() as sockets:
                ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
                await ready(ws, greeting="connected")
                await send(ws, {"type": "acknowledge_alert", "alert_id": "old"})
                return await next_frame(ws, "error")

        from asgiref.sync import async_to_sync

        self.assertEqual(async_to_sync(acknowledge)()["code"], "unknown_alert")


class StreamWatchTests(WidgetsTestCase):
    async def test_the_watch_task_ends_with_the_last_socket(self) -> None:
        from ws_widgets.consumers.watch import StreamWatch

        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice))
            await ready(ws, greeting="connected")
            await subscribe_noc(ws, "acme")
            watch = StreamWatch.current()
            self.assertEqual(len(watch.members), 1)
        await asyncio.sleep(0)
        self.assertEqual(watch.members, set())
        self.assertIsNone(watch._task)


@modify_settings(INSTALLED_APPS={"append": ["django.contrib.messages", "django.contrib.admin"]})
class AlertAdminTests(WidgetsTestCase):
    """Projects with django.contrib.admin get a read-only alert list (the example has no admin)."""

    def test_lists_filters_and_searches_alerts_and_acknowledgements(self) -> None:
        from django.contrib import admin
        from django.test import RequestFactory

        from ws_widgets.admin import AlertAdmin

        send_alert("acme", title="Core switch down", severity="critical", source="nagios")
        send_alert("acme", title="Core router flapping", severity="critical", source="zabbix", id="ack-me")
        send_alert("globex", title="Disk full", severity="minor")
        Alert.objects.filter(alert_id="ack-me").update(acknowledged_at=timezone.now(), acknowledged_by_name="bob")
        model_admin = admin.site._registry.get(Alert)
        self.assertIsInstance(model_admin, AlertAdmin)
        self.assertEqual(model_admin.check(), [])
        root = get_user_model().objects.create_superuser("root", password="pw")

        def listed(**query: str) -> list[str]:
            request = RequestFactory().get("/admin/ws_widgets/alert/", query)
            request.user = root
            changelist = model_admin.get_changelist_instance(request)
            return sorted(alert.title for alert in changelist.get_queryset(request))

        self.assertEqual(listed(), ["Core router flapping", "Core switch down", "Disk full"])
        self.assertEqual(listed(acknowledged="no", severity="critical"), ["Core switch down"])
        self.assertEqual(listed(acknowledged="yes"), ["Core router flapping"])
        self.assertEqual(listed(q="zabbix"), ["Core router flapping"])
        self.assertEqual(listed(client_id="globex"), ["Disk full"])
        request = RequestFactory().get("/")
        request.user = root
        # Read-only: an alert raised here would reach no screen, an acknowledgement no other operator.
        self.assertFalse(model_admin.has_add_permission(request))
        self.assertFalse(model_admin.has_change_permission(request))
