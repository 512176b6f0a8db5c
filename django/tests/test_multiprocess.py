"""The example as deployed: Redis, two Daphne processes, a management command as a third process,
and real WebSocket clients over TCP."""

from __future__ import annotations

import json
import subprocess
import sys
import unittest
import urllib.error
import urllib.request
from typing import Any

from example.e2e_support import DJANGO_DIR, Cluster

from .redis_server import needs_redis
from .ws_client import WsClient


@needs_redis
class TwoDaphnesTests(unittest.IsolatedAsyncioTestCase):
    cluster: Cluster

    @classmethod
    def setUpClass(cls) -> None:
        cls.cluster = Cluster(daphnes=2, env={"WS_MAX_CONNECTIONS_PER_USER": "2"}).__enter__()
        cls.servers = cls.cluster.info["servers"]
        cls.users = {u["username"]: u for u in cls.cluster.info["users"]}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.cluster.stop()

    async def asyncSetUp(self) -> None:
        self.clients: list[WsClient] = []

    async def asyncTearDown(self) -> None:
        for client in self.clients:
            await client.close()

    async def open(self, server: int, path: str, user: str, **kwargs: Any) -> WsClient:
        base = self.servers[server]
        origin = kwargs.pop("origin", base["http"])
        client = await WsClient.connect(f"{base['ws']}{path}?token={self.users[user]['token']}", origin=origin, **kwargs)
        self.clients.append(client)
        return client

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=DJANGO_DIR, env=self.cluster.env, check=True, capture_output=True, text=True
        ).stdout

    def poll(self, server: int, query: str) -> tuple[list, str]:
        url = f"{self.servers[server]['http']}/api/poll/noc/dashboard/?{query}&token={self.users['bob']['token']}"
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.loads(response.read()), response.headers["X-Poll-Cursor"]

    async def subscribed(self, server: int, user: str, client_id: str) -> WsClient:
        ws = await self.open(server, "/ws/noc/dashboard/", user)
        await ws.frame("connection_established")
        await ws.frame("connected")
        ws.send({"type": "subscribe_client", "client_id": client_id})
        await ws.frame("subscribed")
        return ws

    async def test_command_alert_reaches_both_processes_and_the_ack_crosses_back(self) -> None:
        on_0 = await self.subscribed(0, "alice", "acme")
        on_1 = await self.subscribed(1, "bob", "acme")
        _, cursor = self.poll(1, "client_id=acme")
        args = ["acme", "--title", "Fibre cut", "--severity", "critical", "--id", "mp-1"]
        printed = json.loads(self.manage("ws_send_alert", *args))
        for ws in (on_0, on_1):
            self.assertEqual((await ws.frame("alert_new"))["alert"], printed)
        on_1.send({"type": "acknowledge_alert", "alert_id": "mp-1"})
        for ws in (on_0, on_1):
            self.assertEqual((await ws.frame("alert_acknowledged"))["acknowledged_by"], "bob")
        polled, _ = self.poll(0, f"client_id=acme&since={cursor}")
        self.assertEqual([f["type"] for f in polled], ["alert_new", "alert_acknowledged"])

    async def test_cap_of_two_counts_sockets_on_both_processes(self) -> None:
        first = await self.open(0, "/ws/noc/presence/", "admin")
        await first.frame("connection_established")
        second = await self.open(1, "/ws/noc/presence/", "admin")
        await second.frame("connection_established")
        third = await self.open(0, "/ws/noc/presence/", "admin")
        self.assertEqual(await third.closed(), 4429)
        second.send({"type": "get_stats"})
        self.assertGreaterEqual((await second.frame("stats"))["connections"], 2)

    async def test_foreign_origin_is_a_4403_close_not_a_failed_handshake(self) -> None:
        ws = await self.open(1, "/ws/dashboard/", "alice", origin="http://evil.example")
        self.assertEqual(await ws.closed(), 4403)

    async def test_bad_token_is_authentication_error_then_4001_over_tcp(self) -> None:
        base = self.servers[0]
        ws = await WsClient.connect(f"{base['ws']}/ws/dashboard/?token=forged", origin=base["http"])
        self.clients.append(ws)
        self.assertEqual((await ws.frame("authentication_error"))["error_code"], "AUTH_REQUIRED")
        self.assertEqual(await ws.closed(), 4001)

    async def test_gcode_command_reaches_the_users_channel(self) -> None:
        ws = await self.open(1, "/ws/dashboard/", "alice")
        await ws.frame("connection_established")
        ws.send({"action": "subscribe", "channel": f"user_{self.users['alice']['id']}"})
        await ws.frame("subscribed")
        self.manage("ws_send_gcode", str(self.users["alice"]["id"]), "--score", "66", "--intensity", "medium")
        self.assertEqual((await ws.frame("gcode_updated"))["data"]["g_code_score"], 66)

    async def test_bundle_and_pages_are_served_by_daphne(self) -> None:
        base = self.servers[0]["http"]
        with urllib.request.urlopen(f"{base}/static/example/site.css", timeout=5) as response:
            self.assertEqual(response.status, 200)
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/api/poll/noc/dashboard/?client_id=acme", timeout=5)
        self.assertEqual(refused.exception.code, 401)
