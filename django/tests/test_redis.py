"""The Redis store and two channel layers on one Redis: what two Daphne processes share."""

from __future__ import annotations

import asyncio
import uuid
from unittest import mock

from channels.layers import channel_layers
from channels.routing import URLRouter
from django.test import override_settings
from django.urls import path

from ws_widgets.broadcast import asend_alert
from ws_widgets.consumers import NocDashboardConsumer, PresenceConsumer, WidgetConsumer
from ws_widgets.store import get_store
from ws_widgets.store.redis import RedisStore

from .helpers import Sockets, WidgetsTestCase, closed_with, next_frame, ready, send, subscribe_noc
from .redis_server import RedisServer, needs_redis


def redis_layer(url: str, prefix: str):  # type: ignore[no-untyped-def]
    from channels_redis.core import RedisChannelLayer

    return RedisChannelLayer(hosts=[url], prefix=prefix)


def process_app(alias: str) -> URLRouter:
    """The routes as one Daphne process would have them, bound to its own layer object."""
    return URLRouter(
        [
            path("ws/noc/dashboard/", NocDashboardConsumer.as_asgi(channel_layer_alias=alias)),
            path("ws/noc/presence/", PresenceConsumer.as_asgi(channel_layer_alias=alias)),
        ]
    )


@needs_redis
class RedisTestCase(WidgetsTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.redis = RedisServer().start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.redis.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        prefix = f"t{uuid.uuid4().hex[:8]}"  # a fresh keyspace per test, as two projects would have
        self.layer_a = redis_layer(self.redis.url, prefix)
        self.layer_b = redis_layer(self.redis.url, prefix)
        channel_layers.set("process_a", self.layer_a)
        channel_layers.set("process_b", self.layer_b)
        self.addCleanup(channel_layers.backends.pop, "process_a", None)
        self.addCleanup(channel_layers.backends.pop, "process_b", None)
        self.app_a, self.app_b = process_app("process_a"), process_app("process_b")


class RedisStoreTests(RedisTestCase):
    async def test_store_is_chosen_for_a_redis_layer(self) -> None:
        self.assertIsInstance(get_store(self.layer_a), RedisStore)
        with override_settings(WS_WIDGETS_STORE="local"):
            self.assertNotIsInstance(get_store(self.layer_a), RedisStore)

    async def test_poll_log_cursor_order_and_bounds(self) -> None:
        store = RedisStore(self.layer_a)
        self.assertEqual(await store.read_frames(["g1"], None), ([], 0))
        for n in range(4):
            await store.append_frame("g1" if n % 2 == 0 else "g2", {"n": n}, limit=10, ttl=60)
        frames, cursor = await RedisStore(self.layer_b).read_frames(["g1", "g2"], 1)
        self.assertEqual((frames, cursor), ([{"n": 1}, {"n": 2}, {"n": 3}], 4))
        for n in range(4, 8):
            await store.append_frame("g1", {"n": n}, limit=2, ttl=60)
        self.assertEqual((await store.read_frames(["g1"], 0))[0], [{"n": 6}, {"n": 7}])
        self.assertEqual((await store.read_frames(["g1"], 99))[0], [{"n": 6}, {"n": 7}])

    async def test_connections_count_prune_and_remove(self) -> None:
        store = RedisStore(self.layer_a)
        self.assertEqual(await store.add_connection("user:1", "c1", 60), 1)
        self.assertEqual(await RedisStore(self.layer_b).add_connection("user:1", "c2", 60), 2)
        await store.add_connection("user:2", "c3", 60)
        self.assertEqual(await store.count_connections(60), 3)
        await store.remove_connection("user:1", "c1")
        self.assertEqual(await store.count_connections(60), 2)
        # stale_after=0: every entry written before now belongs to a dead process
        self.assertEqual(await store.add_connection("user:1", "c4", 0), 1)
        self.assertEqual(await store.count_connections(0), 0)

    async def test_reap_takes_a_dead_process_sockets_out_of_their_groups(self) -> None:
        store, other = RedisStore(self.layer_a), RedisStore(self.layer_b)
        await store.add_connection("user:1", "dead.1", 60)
        await store.add_group("dead.1", "g1", 60)
        await self.layer_a.group_add("g1", "dead.1")
        await store.add_connection("user:2", "live.1", 60)
        self.assertEqual(await store.reap(60), [])  # nobody is stale yet
        await asyncio.sleep(0.3)  # the dead one stops renewing; the live one renews
        self.assertTrue(await store.touch_connection("user:2", "live.1", 0.2))
        self.assertEqual(await store.count_connections(0.2), 1)
        self.assertEqual(await other.reap(0.2), [("dead.1", ["g1"])])
        self.assertEqual(await store.reap(0.2), [])  # exactly one process reaps each
        redis = self.layer_a.connection(0)
        self.assertEqual(await redis.keys(f"{store.prefix}groups:*"), [])
        self.assertEqual(await redis.zrange(f"{store.prefix}conn:user:1", 0, -1), [])
        # A socket that was reaped while alive learns it on renewal, and is registered again.
        self.assertFalse(await store.touch_connection("user:1", "dead.1", 60))
        self.assertEqual(await store.count_connections(60), 2)

    async def test_history_numbers_frames_and_replays_what_it_holds(self) -> None:
        store, other = RedisStore(self.layer_a), RedisStore(self.layer_b)
        self.assertEqual(await store.read_history("acme", None), (0, None))
        # No counter yet: the caller must bring the database's floor.
        self.assertIsNone(await store.append_history("acme", ['{"n":1'], 5, 60, None))
        self.assertEqual(await store.append_history("acme", ['{"n":1', '{"n":2'], 5, 60, 40), 42)
        self.assertEqual(await other.append_history("acme", ['{"n":3'], 5, 60, None), 43)
        self.assertEqual(
            await other.read_history("acme", 40), (43, [{"n": 1, "seq": 41}, {"n": 2, "seq": 42}, {"n": 3, "seq": 43}])
        )
        self.assertEqual(await store.read_history("acme", 43), (43, []))
        self.assertEqual(await store.read_history("acme", 44), (43, None))  # beyond: a reset
        self.assertEqual(await store.read_history("globex", 0), (0, []))
        for _ in range(300):  # trimmed to about the size asked for, never below it
            await store.append_history("acme", ['{"x":0'], 5, 60, None)
        head, frames = await store.read_history("acme", 43)
        self.assertEqual((head, frames), (343, None))
        head, frames = await store.read_history("acme", 338)
        self.assertEqual([f["seq"] for f in frames], [339, 340, 341, 342, 343])
        epoch, heads = await other.stream_heads(["acme", "globex"])
        self.assertEqual(heads, {"acme": 343, "globex": 0})
        self.assertEqual((await store.stream_heads([]))[0], epoch)
        await self.layer_a.connection(0).flushdb()  # as a Redis restarted without persistence
        self.assertNotEqual((await store.stream_heads([]))[0], epoch)
        self.assertIsNone(await store.append_history("acme", ['{"n":1'], 5, 60, None))


class TwoProcessTests(RedisTestCase):
    """Consumers on two separate Redis layer objects, as in two Daphne processes."""

    async def subscribed(self, sockets: Sockets, app, user):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/noc/dashboard/", token=self.token(user), app=app)
        await ready(ws, greeting="connected")
        await subscribe_noc(ws, "acme")
        return ws

    async def test_alert_and_acknowledgement_cross_processes(self) -> None:
        async with Sockets() as sockets:
            on_a = await self.subscribed(sockets, self.app_a, self.alice)
            on_b = await self.subscribed(sockets, self.app_b, self.bob)
            alert = await asend_alert("acme", title="Uplink lost", id="x-1", layer=self.layer_b)
            self.assertEqual((await next_frame(on_a, "alert_new"))["alert"], alert)
            await next_frame(on_b, "alert_new")
            await send(on_a, {"type": "acknowledge_alert", "alert_id": "x-1"})
            for ws in (on_a, on_b):
                self.assertEqual((await next_frame(ws, "alert_acknowledged"))["acknowledged_by"], "alice")

    @override_settings(WS_WIDGETS_MAX_CONNECTIONS_PER_USER=1)
    async def test_connection_cap_spans_processes(self) -> None:
        async with Sockets() as sockets:
            await ready(await sockets.open("/ws/noc/presence/", token=self.token(self.alice), app=self.app_a))
            second = await sockets.open("/ws/noc/presence/", token=self.token(self.alice), app=self.app_b)
            self.assertEqual(await closed_with(second), 4429)

    async def test_presence_counts_both_processes(self) -> None:
        async with Sockets() as sockets:
            await ready(await sockets.open("/ws/noc/presence/", token=self.token(self.alice), app=self.app_a))
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.bob), app=self.app_b)
            await ready(ws)
            await send(ws, {"type": "get_stats"})
            self.assertEqual((await next_frame(ws, "stats"))["connections"], 2)


class CleanupAcrossProcessesTests(RedisTestCase):
    """Issue 13: whatever becomes of a consumer, its place in the cap and its groups do not stay."""

    async def layer_keys(self, pattern: str) -> list:
        return await self.layer_a.connection(0).keys(f"{self.layer_a.prefix}{pattern}")

    async def members(self, group: str) -> list:
        return await self.layer_a.connection(0).zrange(f"{self.layer_a.prefix}:group:{group}", 0, -1)

    @override_settings(WS_WIDGETS_MAX_CONNECTIONS_PER_USER=2)
    async def test_nested_frames_leave_nothing_in_redis(self) -> None:
        """Before: each 30,000-level frame killed its consumer (1011); 20 of them filled the cap and
        left 20 members (1-day TTL) in the client's group."""
        async with Sockets() as sockets:
            for _ in range(5):
                ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice), app=self.app_a)
                await ready(ws, greeting="connected")
                await subscribe_noc(ws, "acme")
                await ws.send_to(text_data="[" * 30_000 + "]" * 30_000)
                self.assertEqual((await next_frame(ws, "error"))["code"], "too_deep")
                await ws.disconnect()
                sockets.open_ones.remove(ws)
        # The store's epoch is one key per Redis, not per socket: it tells a restart apart.
        epoch = f"{self.layer_a.prefix}:wsw:epoch".encode()
        self.assertEqual([k for k in await self.layer_keys("*") if k != epoch], [])

    @override_settings(WS_WIDGETS_MAX_CONNECTIONS_PER_USER=1, WS_WIDGETS_HEARTBEAT_TIMEOUT=0.6)
    async def test_a_socket_of_a_dead_process_frees_its_place_and_groups(self) -> None:
        """A process killed outright runs no cleanup at all; its socket stops counting once it is
        no longer renewed (the heartbeat timeout), and the next admission reaps its groups."""
        async with Sockets() as sockets:
            doomed = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice), app=self.app_b)
            await ready(doomed, greeting="connected")
            await subscribe_noc(doomed, "acme")

            async def die(consumer: WidgetConsumer) -> None:  # the process is gone: its timers too
                if consumer._watchdog is not None:
                    consumer._watchdog.cancel()

            with mock.patch.object(WidgetConsumer, "_release", die):
                doomed.future.cancel()
                with self.assertRaises(asyncio.CancelledError):
                    await doomed.future
            sockets.open_ones.remove(doomed)
            self.assertEqual(len(await self.members("ws_widgets.noc.acme")), 1)  # nobody left the group
            refused = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice), app=self.app_a)
            self.assertEqual(await closed_with(refused), 4429)
            await asyncio.sleep(0.7)  # the heartbeat timeout, and a little
            again = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice), app=self.app_a)
            await ready(again, greeting="connected")
            self.assertEqual(await self.members("ws_widgets.noc.acme"), [])


class FailingChannelLayerTests(RedisTestCase):
    """redis-py 8 reads with a 5 s socket timeout by default, and channels_redis blocks 5 s in
    BZPOPMIN waiting for a message, so the read of an idle socket's channel times out every few
    seconds (django/channels_redis#422). Before: each timeout ended the consumer (1011) and the
    page reconnected; the Django e2e restart scenario failed on it. A layer that fails to read is
    retried instead: the client is still there."""

    async def test_an_idle_socket_outlives_channel_layer_read_timeouts(self) -> None:
        from channels_redis.core import RedisChannelLayer

        layer = RedisChannelLayer(
            hosts=[{"address": self.redis.url, "socket_timeout": 0.3}], prefix=self.layer_a.prefix
        )
        channel_layers.set("short_timeout", layer)
        self.addCleanup(channel_layers.backends.pop, "short_timeout", None)
        app = URLRouter([path("ws/noc/dashboard/", NocDashboardConsumer.as_asgi(channel_layer_alias="short_timeout"))])
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=self.token(self.alice), app=app)
            await ready(ws, greeting="connected")
            await subscribe_noc(ws, "acme")
            await asyncio.sleep(1.0)  # three read timeouts or so
            await send(ws, {"type": "ping"})
            await next_frame(ws, "pong")
            await asend_alert("acme", title="Still listening", id="t-1", layer=self.layer_a)
            self.assertEqual((await next_frame(ws, "alert_new"))["alert"]["id"], "t-1")
