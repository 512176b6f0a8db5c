"""The Redis store and two channel layers on one Redis: what two Daphne processes share."""

from __future__ import annotations

import uuid

from channels.layers import channel_layers
from channels.routing import URLRouter
from django.test import override_settings
from django.urls import path

from ws_widgets.broadcast import asend_alert
from ws_widgets.consumers import NocDashboardConsumer, PresenceConsumer
from ws_widgets.store import get_store
from ws_widgets.store.redis import RedisStore

from .helpers import Sockets, WidgetsTestCase, closed_with, next_frame, ready, send
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

    async def test_first_acknowledgement_wins(self) -> None:
        store = RedisStore(self.layer_a)
        await store.save_alert({"id": "a1", "client_id": "acme"}, 60)
        self.assertEqual(await RedisStore(self.layer_b).load_alert("a1"), {"id": "a1", "client_id": "acme"})
        self.assertIsNone(await store.load_alert("nope"))
        self.assertIsNone(await store.save_ack("a1", {"by": "alice"}, 60))
        self.assertEqual(await RedisStore(self.layer_b).save_ack("a1", {"by": "bob"}, 60), {"by": "alice"})


class TwoProcessTests(RedisTestCase):
    """Consumers on two separate Redis layer objects, as in two Daphne processes."""

    async def subscribed(self, sockets: Sockets, app, user):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/noc/dashboard/", token=self.token(user), app=app)
        await ready(ws, greeting="connected")
        await send(ws, {"type": "subscribe_client", "client_id": "acme"})
        await next_frame(ws, "subscribed")
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
