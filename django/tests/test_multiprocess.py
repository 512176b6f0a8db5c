"""The example as deployed: Redis, two Daphne processes, a management command as a third process,
and real WebSocket clients over TCP."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

from redis.asyncio import Redis

from example.e2e_support import DJANGO_DIR

from .cluster_case import ClusterTestCase
from .redis_server import needs_redis
from .ws_client import TEXT, WsClient, frame_header


def status_of(url: str) -> int:
    """The HTTP status of a GET (blocking: run it in a thread from async tests)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@needs_redis
class TwoDaphnesTests(ClusterTestCase):
    cluster_options: ClassVar[dict[str, Any]] = {"daphnes": 2, "env": {"WS_MAX_CONNECTIONS_PER_USER": "2"}}

    async def asyncSetUp(self) -> None:
        self.clients: list[WsClient] = []

    async def asyncTearDown(self) -> None:
        for client in self.clients:
            await client.close()

    async def open(self, server: int, path: str, user: str, **kwargs: Any) -> WsClient:
        base = self.servers[server]
        origin = kwargs.pop("origin", base["http"])
        client = await WsClient.connect(
            f"{base['ws']}{path}?token={self.users[user]['token']}", origin=origin, **kwargs
        )
        self.clients.append(client)
        return client

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=DJANGO_DIR,
            env=self.cluster.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def poll(self, server: int, query: str) -> tuple[list, str]:
        url = f"{self.servers[server]['http']}/api/poll/noc/dashboard/?{query}"
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self.users['bob']['token']}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read()), response.headers["X-Poll-Cursor"]

    async def subscribed(self, server: int, user: str, client_id: str) -> WsClient:
        ws = await self.open(server, "/ws/noc/dashboard/", user)
        await ws.frame("connection_established")
        await ws.frame("connected")
        ws.send({"type": "subscribe_client", "client_id": client_id})
        await ws.frame("subscribed")
        await ws.frame("alert_snapshot")
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
        self.assertEqual(await asyncio.to_thread(status_of, f"{base}/static/example/site.css"), 200)
        self.assertEqual(await asyncio.to_thread(status_of, f"{base}/api/poll/noc/dashboard/?client_id=acme"), 401)


def rss_kib(pid: int) -> int:
    """Resident memory of a process, KiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


@needs_redis
class HardenedDaphnesTests(ClusterTestCase):
    """Issue 13 over TCP: two processes of `python -m ws_widgets.serve` (Daphne passing close reasons
    on, frames limited to WS_WIDGETS_MAX_FRAME_BYTES) on one Redis, a heartbeat timeout of 3 s and a
    cap of one socket per user."""

    TIMEOUT = 3.0
    cluster_options: ClassVar[dict[str, Any]] = {
        "daphnes": 2,
        "env": {"WS_MAX_CONNECTIONS_PER_USER": "1", "WS_HEARTBEAT_TIMEOUT": str(TIMEOUT)},
        "server": "ws_widgets.serve",
    }

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.daphne_processes = cls.cluster.processes[1:]  # after Redis, in the order of `servers`

    async def asyncSetUp(self) -> None:
        self.clients: list[WsClient] = []

    async def asyncTearDown(self) -> None:
        for client in self.clients:
            await client.close()

    async def open(self, server: int, path: str, user: str) -> WsClient:
        base = self.servers[server]
        client = await WsClient.connect(f"{base['ws']}{path}?token={self.users[user]['token']}", origin=base["http"])
        self.clients.append(client)
        return client

    async def test_a_killed_worker_locks_nobody_out_beyond_the_heartbeat_timeout(self) -> None:
        """Before: a process killed with its users' sockets kept their places for heartbeat timeout
        + 60 s (6 minutes with the default 300 s; 63 s here), each attempt closed with 4429."""
        ws = await self.open(1, "/ws/noc/dashboard/", "alice")
        await ws.frame("connection_established")
        await ws.frame("connected")
        ws.send({"type": "subscribe_client", "client_id": "acme"})
        await ws.frame("subscribed")
        await ws.frame("alert_snapshot")
        self.daphne_processes[1].kill()  # SIGKILL: no disconnect(), no finally, nothing cleans up
        self.daphne_processes[1].wait()
        killed_at = time.monotonic()
        refusals = 0
        while True:
            again = await self.open(0, "/ws/noc/dashboard/", "alice")
            kind, value = await asyncio.wait_for(again.queue.get(), 5)
            if kind == "frame":
                self.assertEqual(value["type"], "connection_established")
                break
            self.assertEqual(value, 4429)
            refusals += 1
            self.assertLess(time.monotonic() - killed_at, self.TIMEOUT + 1, "still locked out")
            await asyncio.sleep(0.2)  # a client's retry delay
        waited = time.monotonic() - killed_at
        self.assertGreater(refusals, 0, "the dead socket's place was held for a while")
        self.assertLessEqual(waited, self.TIMEOUT + 1)
        # Admission reaped the dead socket: it is no longer a member of the client's group.
        redis = Redis.from_url(self.cluster.info["redis_url"])
        try:
            members = await redis.zrange("ws-example:group:ws_widgets.noc.acme", 0, -1)
            self.assertEqual(members, [])
            self.assertEqual(await redis.keys("ws-example:wsw:groups:*"), [])
        finally:
            await redis.aclose()

    async def test_an_oversized_frame_is_refused_from_its_header(self) -> None:
        """Before: Daphne without a limit (Debian's 4.0, or 4.2 with the limit at 0) read a 100 MB
        frame whole before the consumer's 64 KiB check: RSS 71 -> 372 MB. Now the header alone is
        enough for a 1009 close, and memory does not move."""
        ws = await self.open(0, "/ws/noc/presence/", "admin")
        await ws.frame("connection_established")
        pid = self.daphne_processes[0].pid
        before = rss_kib(pid)
        ws.send_raw(frame_header(TEXT, 100 * 1024 * 1024))
        ws.send_raw(b"x" * 1024 * 1024)  # a first megabyte; the rest never needs to be sent
        self.assertEqual(await ws.closed(), 1009)
        self.assertLess(rss_kib(pid) - before, 8 * 1024, "the payload was buffered")
        fresh = await self.open(0, "/ws/noc/presence/", "bob")
        await fresh.frame("connection_established")

    async def test_a_flood_is_closed_with_4429_and_retry_after_on_the_wire(self) -> None:
        """Before: 20,000 pings in 3 s were all answered. Now the burst (120) is, then `rate_limited`
        and a 4429 whose reason reaches the client (Daphne alone drops reasons)."""
        ws = await self.open(0, "/ws/noc/presence/", "bob")
        await ws.frame("connection_established")
        started = time.monotonic()
        for _ in range(2_000):
            ws.send({"type": "ping"})
        answered = 0
        while True:
            kind, value = await asyncio.wait_for(ws.queue.get(), 5)
            if kind == "close":
                break
            answered += value["type"] == "pong"
            last = value
        self.assertEqual(value, 4429)
        self.assertEqual(last["code"], "rate_limited")
        self.assertIn("retry-after=6", ws.close_reason)
        # The burst, and what the bucket refilled (20 a second) while the server worked through it.
        self.assertLessEqual(answered, 120 + 20 * (time.monotonic() - started) + 1)

    async def test_mobile_sync_echoes_over_tcp(self) -> None:
        ws = await self.open(0, "/ws/mobile/sync/", "admin")
        await ws.frame("connection_established")
        ws.send({"type": "echo", "n": 1})
        self.assertEqual(await ws.frame("echo"), {"type": "echo", "n": 1})
        ws.send_text("[" * 5_000 + "]" * 5_000)
        self.assertEqual((await ws.frame("error"))["code"], "too_deep")
