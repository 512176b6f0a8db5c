"""One task per process (per event loop) that checks every NOC socket still has all its frames,
and reports (logs) what had to be caught up.

Two losses no socket can notice on its own: the last frames of a burst that the channel layer
dropped (no later frame shows the gap), and a Redis restarted without persistence (group
memberships gone, so nothing arrives at all). Every WS_WIDGETS_STREAM_CHECK_INTERVAL seconds the
task reads each watched client's latest number and the store's epoch in one round trip, and hands
them to each socket (`check_stream`), which asks to be caught up when it stays behind.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any, Protocol

from .. import conf
from ..store import get_store

logger = logging.getLogger("ws_widgets")


class StreamCounts:
    """What this process sent NOC sockets, and how: live (through the channel layer), caught up from
    the history or by a snapshot when the layer did not bring a frame, replayed on a `since`."""

    def __init__(self) -> None:
        self.live = self.caught_up = self.snapshots = self.replayed = 0
        self._logged = (0, 0)

    def report(self) -> None:
        """Logs the totals at WARNING when frames had to be caught up since the last report: the
        channel layer lost them (capacity, a restart) and the history stood in. Silent otherwise."""
        if (self.caught_up, self.snapshots) == self._logged:
            return
        missed = self.caught_up - self._logged[0]
        snapshots = self.snapshots - self._logged[1]
        self._logged = (self.caught_up, self.snapshots)
        logger.warning(
            "ws_widgets: the channel layer did not bring %d frame(s) to their sockets; sent from the history "
            "(and %d snapshot(s)). Totals: live %d, caught up %d, snapshots %d, replayed on request %d",
            missed,
            snapshots,
            self.live,
            self.caught_up,
            self.snapshots,
            self.replayed,
        )


COUNTS = StreamCounts()  # one per process: the log line speaks for the whole worker


class Watched(Protocol):
    channel_layer: Any
    last_sent: dict[str, int]

    async def check_stream(self, epoch: str, heads: dict[str, int]) -> None: ...


class StreamWatch:
    """The watch of one event loop; `StreamWatch.current()` finds or makes it."""

    _by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, StreamWatch] = weakref.WeakKeyDictionary()

    def __init__(self) -> None:
        self.members: set[Watched] = set()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def current(cls) -> StreamWatch:
        loop = asyncio.get_running_loop()
        watch = cls._by_loop.get(loop)
        if watch is None:
            watch = cls._by_loop[loop] = cls()
        return watch

    def add(self, consumer: Watched) -> None:
        self.members.add(consumer)
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._run())

    def discard(self, consumer: Watched) -> None:
        self.members.discard(consumer)
        if not self.members and self._task is not None:
            self._task.cancel()  # nothing to watch: no timer left behind in a closing loop
            self._task = None

    async def _run(self) -> None:
        while self.members:
            await asyncio.sleep(float(conf.get("STREAM_CHECK_INTERVAL")))
            await self.check()
            COUNTS.report()

    async def check(self) -> None:
        """One round: every layer's clients, one store call each (normally one layer per process)."""
        by_layer: dict[int, list[Watched]] = {}
        for member in list(self.members):
            by_layer.setdefault(id(member.channel_layer), []).append(member)
        for members in by_layer.values():
            clients = sorted({client for m in members for client in m.last_sent})
            if not clients:
                continue
            try:
                epoch, heads = await get_store(members[0].channel_layer).stream_heads(clients)
            except Exception as error:  # Redis away: the next round tries again
                logger.debug("ws_widgets: stream check failed (%r)", error)
                continue
            for member in members:
                try:
                    await member.check_stream(epoch, heads)
                except Exception as error:  # a full channel, Redis away: the next round asks again
                    logger.debug("ws_widgets: a socket's stream check failed (%r)", error)
