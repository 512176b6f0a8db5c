"""Issue 15 over TCP: two Daphne processes on one Redis and one database, real sockets. Two
acknowledgements racing on two workers, Redis restarted mid-stream, a worker killed mid-burst:
every alert reaches every socket exactly once, live, replayed or through a snapshot."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

from example.e2e_support import DJANGO_DIR, Cluster, wait_for_port

from .cluster_case import ClusterTestCase
from .redis_server import needs_redis
from .ws_client import WsClient


class Screen:
    """What a NOC screen shows, kept as `<noc-alert-feed>` keeps it: alerts by id, the last seq,
    rebuilt from a snapshot, duplicates ignored, a skip answered by asking again."""

    def __init__(self, client_id: str = "acme") -> None:
        self.client_id = client_id
        self.shown: dict[str, dict] = {}
        self.seq: int | None = None
        self.live = self.replayed = self.snapshots = self.duplicates = 0
        self.ws: WsClient | None = None
        self.recovering = False

    def subscribe(self, ws: WsClient) -> None:
        self.ws = ws
        frame: dict[str, Any] = {"type": "subscribe_client", "client_id": self.client_id}
        if self.seq is not None:
            frame["since"] = self.seq
            self.recovering = True
        ws.send(frame)

    def take(self, frame: dict) -> None:
        kind, seq = frame.get("type"), frame.get("seq")
        if kind == "subscribed":
            self.recovering = bool(frame.get("recovered"))
            return
        if kind == "alert_snapshot":
            self.shown = {a["id"]: a for a in frame["alerts"]}
            self.seq, self.snapshots, self.recovering = frame["seq"], self.snapshots + 1, False
            return
        if kind not in ("alert_new", "alert_acknowledged") or seq is None:
            return
        if self.seq is not None and seq <= self.seq:
            self.duplicates += 1
            return
        if self.seq is not None and seq > self.seq + 1 and self.ws is not None:
            self.subscribe(self.ws)  # a skip: ask again from the last seq seen
            return
        self.seq = seq
        if kind == "alert_new":
            if frame["alert"]["id"] in self.shown:
                self.duplicates += 1
            self.shown[frame["alert"]["id"]] = frame["alert"]
        if self.recovering:
            self.replayed += 1
        else:
            self.live += 1


@needs_redis
class FanOutTests(ClusterTestCase):
    cluster_options: ClassVar[dict[str, Any]] = {"daphnes": 2, "env": {"WS_MAX_CONNECTIONS_PER_USER": "50"}}

    async def asyncSetUp(self) -> None:
        self.clients: list[WsClient] = []
        self.readers: list[asyncio.Task[None]] = []

    async def asyncTearDown(self) -> None:
        for reader in self.readers:
            reader.cancel()
        for client in self.clients:
            await client.close()

    async def connect(self, server: int, user: str, cluster: Cluster | None = None) -> WsClient:
        """A NOC socket of `user` on `server` of the class's cluster, or of `cluster` when given."""
        servers = cluster.info["servers"] if cluster else self.servers
        users = {u["username"]: u for u in cluster.info["users"]} if cluster else self.users
        base = servers[server]
        ws = await WsClient.connect(f"{base['ws']}/ws/noc/dashboard/?token={users[user]['token']}", origin=base["http"])
        self.clients.append(ws)
        await ws.frame("connection_established")
        await ws.frame("connected")
        return ws

    def watch(self, screen: Screen, ws: WsClient) -> None:
        """Feeds every frame of `ws` to `screen` in the background, until the socket closes."""

        async def read() -> None:
            while True:
                kind, value = await ws.queue.get()
                if kind == "close":
                    return
                screen.take(value)

        screen.subscribe(ws)
        self.readers.append(asyncio.ensure_future(read()))

    async def shell(self, code: str, cluster: Cluster) -> asyncio.subprocess.Process:
        """Runs Python in the example project (a third process, as a cron job or a worker would)."""
        return await asyncio.create_subprocess_exec(
            sys.executable, "manage.py", "shell", "-c", code, cwd=DJANGO_DIR, env=cluster.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip

    async def raise_alerts(
        self, prefix: str, count: int, pause: float = 0.0, cluster: Cluster | None = None
    ) -> list[str]:
        ids = [f"{prefix}-{n}" for n in range(count)]
        code = (
            "import time\nfrom ws_widgets.broadcast import send_alert\n"
            f"for i in {ids!r}:\n    send_alert('acme', title=i, id=i)\n    time.sleep({pause})\n"
        )
        process = await self.shell(code, cluster or self.cluster)
        _, err = await process.communicate()
        self.assertEqual(process.returncode, 0, err.decode())
        return ids

    async def until(self, condition: Any, timeout: float = 30.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            self.assertLess(time.monotonic(), deadline, f"timed out waiting for {what}")
            await asyncio.sleep(0.05)  # frames arrive on reader tasks; there is no single event to await

    def restart_redis(self) -> None:
        """Stops Redis and starts an empty one on the same port, as a restart without persistence."""
        redis = self.cluster.processes[0]
        redis.terminate()
        redis.wait(timeout=10)
        self.cluster.processes[0] = subprocess.Popen(redis.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = int(self.cluster.info["redis_url"].rsplit(":", 1)[1].split("/")[0])
        wait_for_port(port, self.cluster.processes[0])

    def db(self, sql: str, *args: Any) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.cluster.info["db"], timeout=20)) as conn:
            return conn.execute(sql, args).fetchall()

    async def test_two_operators_acknowledging_at_once_on_two_workers_store_and_broadcast_once(self) -> None:
        alice, bob = await self.connect(0, "alice"), await self.connect(1, "bob")
        for ws in (alice, bob):
            ws.send({"type": "subscribe_client", "client_id": "acme"})
            await ws.frame("subscribed")
            await ws.frame("alert_snapshot")
        ids = await self.raise_alerts("race", 20)
        for ws in (alice, bob):
            for _ in ids:
                await ws.frame("alert_new")
        for alert_id in ids:  # both at the same moment, each to its own worker
            alice.send({"type": "acknowledge_alert", "alert_id": alert_id})
            bob.send({"type": "acknowledge_alert", "alert_id": alert_id})
        broadcasts: dict[str, dict[str, list[dict]]] = {"alice": {}, "bob": {}}
        answers = {"alice": 0, "bob": 0}

        async def collect(name: str, ws: WsClient) -> None:
            while True:
                frame = await ws.frame("alert_acknowledged", timeout=15)
                if "seq" in frame:  # the broadcast; an answer to a loser carries no seq
                    broadcasts[name].setdefault(frame["alert_id"], []).append(frame)
                else:
                    answers[name] += 1

        collectors = [asyncio.ensure_future(collect(n, ws)) for n, ws in (("alice", alice), ("bob", bob))]
        try:
            await self.until(
                lambda: all(len(b) == len(ids) for b in broadcasts.values()) and sum(answers.values()) == len(ids),
                what="one broadcast per alert on each socket and one answer per loser",
            )
            await asyncio.sleep(0.5)  # anything more would be a second broadcast
        finally:
            for collector in collectors:
                collector.cancel()
        self.assertEqual(sum(answers.values()), len(ids), "each loser gets the winner's acknowledgement back")
        rows = dict(self.db("SELECT alert_id, acknowledged_by_name FROM ws_widgets_alert WHERE alert_id LIKE 'race-%'"))
        for alert_id in ids:
            [on_alice], [on_bob] = broadcasts["alice"][alert_id], broadcasts["bob"][alert_id]
            self.assertEqual(on_alice, on_bob)  # one broadcast, the same on both workers
            self.assertEqual(rows[alert_id], on_alice["acknowledged_by"])  # and it is what was stored

    async def test_redis_restarted_mid_stream_every_alert_reaches_every_screen_once(self) -> None:
        screens = [Screen(), Screen()]
        for index, screen in enumerate(screens):
            self.watch(screen, await self.connect(index, "alice" if index == 0 else "bob"))
        await self.until(lambda: all(s.seq is not None for s in screens), what="the snapshots")
        sender = asyncio.ensure_future(self.raise_alerts("restart", 60, pause=0.03))
        await self.until(lambda: all(len(s.shown) >= 15 for s in screens), what="the first alerts")
        await asyncio.to_thread(self.restart_redis)
        await sender
        ids = {f"restart-{n}" for n in range(60)}
        await self.until(lambda: all(ids <= set(s.shown) for s in screens), timeout=30, what="every alert")
        for screen in screens:
            self.assertEqual({i for i in screen.shown if i.startswith("restart-")}, ids)
            self.assertEqual(screen.duplicates, 0)
        # The new Redis had lost the groups: the frames numbered meanwhile reached the sockets only
        # because their workers noticed (a new epoch), joined again and caught up, and said so.
        logs = [Path(server["log"]) for server in self.servers]
        said: list[str] = []

        def reported() -> bool:  # the watch reports at its next check, within 2 s
            said[:] = [path.read_text() for path in logs]
            return any("the channel layer did not bring" in text for text in said)

        await self.until(reported, timeout=10, what="the workers' report of what they caught up")

    async def test_a_worker_killed_mid_burst_loses_its_screens_nothing(self) -> None:
        cluster = Cluster(daphnes=2, env={"WS_MAX_CONNECTIONS_PER_USER": "50"}).__enter__()
        self.addCleanup(cluster.stop)

        survivor, victim = Screen(), Screen()
        self.watch(survivor, await self.connect(0, "alice", cluster))
        doomed = await self.connect(1, "alice", cluster)
        self.watch(victim, doomed)
        await self.until(lambda: survivor.seq is not None and victim.seq is not None, what="the snapshots")
        sender = asyncio.ensure_future(self.raise_alerts("kill", 80, pause=0.02, cluster=cluster))
        await self.until(lambda: len(victim.shown) >= 20, what="the burst under way")
        cluster.processes[2].kill()  # SIGKILL: no close frame, no cleanup
        await self.until(lambda: doomed._reading.done(), what="the drop")
        victim.subscribe(
            await self.connect(0, "alice", cluster)
        )  # as a load balancer sends it to the survivor, with since
        self.readers.append(asyncio.ensure_future(self._feed(victim)))
        await sender
        ids = {f"kill-{n}" for n in range(80)}
        await self.until(lambda: ids <= set(survivor.shown) and ids <= set(victim.shown), what="every alert")
        self.assertEqual(survivor.snapshots, 1)  # the first one only: nothing lost, nothing rebuilt
        self.assertGreater(victim.replayed, 0, "the reconnected screen got what it missed by replay")

    async def _feed(self, screen: Screen) -> None:
        assert screen.ws is not None
        while True:
            kind, value = await screen.ws.queue.get()
            if kind == "close":
                return
            screen.take(value)
