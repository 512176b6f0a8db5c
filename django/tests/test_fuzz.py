"""Hypothesis throws generated frames at every consumer, in `connect` and `message` auth modes.

Whatever arrives, the socket answers each frame with exactly one frame and stays open; the only
closes are the documented ones (`auth_failed` then the auth close code; `rate_limited` then 4429
with `retry-after`). A `server_error` is a bug: some input reached a handler unvalidated. After the
socket is gone, no cap entry and no group membership is left behind.

Runs are derandomized (the same examples every run, no `.hypothesis` folder) so the suite stays
fast and stable; WS_FUZZ_EXAMPLES=1000 explores further.
"""

from __future__ import annotations

import json
import os
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from ws_widgets.store import LOCAL_STORE

from .helpers import Sockets, WidgetsTestCase, ready, send
from .test_limits import OPEN_POLICY

EXAMPLES = int(os.environ.get("WS_FUZZ_EXAMPLES", "25"))
ENDPOINTS = {
    "/ws/noc/dashboard/": "noc",
    "/ws/noc/presence/": "presence",
    "/ws/dashboard/": "gcode",
    "/ws/mobile/sync/": "mobile",
}
# `message-auth`: message mode, authenticated by a first frame before the generated ones.
MODES = ("connect", "message", "message-auth")
BURST = 10  # reachable within one example, so the documented 4429 is exercised too
ERROR_CODES = {
    "invalid_json",
    "invalid_frame",
    "missing_type",
    "unknown_type",
    "too_large",
    "too_deep",
    "binary",
    "invalid_client",
    "invalid_channel",
    "invalid_alert",
    "unknown_alert",
    "forbidden",
    "auth_required",
    "rate_limited",
    "too_many_subscriptions",
}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=10,
)
TYPES = [
    *("ping", "heartbeat", "auth", "subscribe_client", "acknowledge_alert", "get_stats", "echo", "subscribe"),
    *("connected", "pong", "error", "stats", "alert_new", "ws_widgets.frame", "websocket.close"),
]
FIELDS = {
    "client_id": st.sampled_from(["acme", "globex", "a", "b", "c", "acme\n", "", "x" * 65, "../x", "a b"]) | values,
    "alert_id": st.sampled_from(["a1", "", "x" * 129, "1"]) | values,
    "channel": st.sampled_from(["user_1", "user_2", "user_1\n", "user_", "user_../1"]) | values,
    "timestamp": st.sampled_from(["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59", "2025-01-01T00:00:00Z"])
    | st.text(max_size=40)
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False),
    "token": st.text(max_size=30) | values,
    "since": values,
    "action": st.sampled_from(["ping", "subscribe", "unsubscribe"]) | values,
}
typed = st.fixed_dictionaries({"type": st.sampled_from(TYPES) | st.text(max_size=10) | values}, optional=FIELDS)
actions = st.fixed_dictionaries(
    {"action": st.sampled_from(["ping", "subscribe", "dance"]) | values},
    optional={key: value for key, value in FIELDS.items() if key != "action"},
)
deep = st.builds(
    lambda depth, opener, inside: (opener * depth) + inside + ("]" if opener == "[" else "}") * depth,
    st.integers(min_value=30, max_value=30_000),
    st.sampled_from(["[", '{"a":']),
    st.sampled_from(["", "1", '"]]]"']),
).filter(lambda text: len(text) <= 65_536)
not_json = st.sampled_from(
    [
        '{"type": "echo", "x": NaN}',
        '{"type": "echo", "x": Infinity}',
        '{"type": "echo", "x": 1e400}',
        '{"type": "echo", "x": ' + "9" * 5_000 + "}",
        '{"type": "ping"',
        '"ping"',
        "",
        '{"type": "echo", "s": "\\"\\\\"}',
        '{"type": "ping", "s": "' + "\\\\" * 40 + '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
    ]
)
big = st.integers(min_value=65_400, max_value=66_000).map(lambda n: '{"type": "echo", "p": "' + "x" * n + '"}')
texts = st.one_of(
    typed.map(json.dumps),
    actions.map(json.dumps),
    values.map(json.dumps),
    st.text(max_size=80),
    deep,
    not_json,
    big,
)
frames = st.lists(
    st.one_of(texts.map(lambda t: ("text", t)), st.binary(max_size=32).map(lambda b: ("bytes", b))), max_size=12
)


class FuzzTests(WidgetsTestCase, HypothesisTestCase):
    """One test per endpoint and auth mode; see the module docstring for what each checks. Each
    example runs in a transaction of its own (Hypothesis' Django test case)."""

    def fuzz(self, path: str, mode: str, generated: list[tuple[str, Any]]) -> None:
        LOCAL_STORE.clear()
        async_to_sync(get_channel_layer().flush)()
        auth_mode = "connect" if mode == "connect" else "message"
        with override_settings(
            WS_WIDGETS_AUTH_MODE=auth_mode,
            WS_WIDGETS_POLICY=OPEN_POLICY,
            WS_WIDGETS_MAX_SUBSCRIPTIONS_PER_SOCKET=3,
            WS_WIDGETS_RATE_LIMIT_BURST=BURST,
            WS_WIDGETS_RATE_LIMIT_PER_SECOND=1,
        ):
            async_to_sync(self.exchange)(path, mode, generated)
        # The socket is gone: nothing of it may stay in the registry or in a group.
        self.assertEqual(LOCAL_STORE.connection_entries(), [])
        members = {channel for group in get_channel_layer().groups.values() for channel in group}
        self.assertEqual(members, set())

    async def exchange(self, path: str, mode: str, generated: list[tuple[str, Any]]) -> None:
        async with Sockets() as sockets:
            token = self.token(self.alice) if mode == "connect" else None
            ws = await sockets.open(path, token=token)
            await ready(ws, greeting="connected" if path == "/ws/noc/dashboard/" and mode == "connect" else None)
            sent = 0
            if mode == "message-auth":
                await send(ws, {"type": "auth", "token": self.token(self.alice)})
                self.assertEqual((await ws.receive_json_from())["type"], "auth_success")
                if path == "/ws/noc/dashboard/":
                    self.assertEqual((await ws.receive_json_from())["type"], "connected")
                sent = 1
            for kind, data in [*generated, ("text", json.dumps({"type": "ping"}))]:
                # As the server hands frames over; send_to() would refuse an empty one.
                await ws.send_input({"type": "websocket.receive", kind: data})
                sent += 1
                if await self.closed_after_answer(ws, data, sent):
                    return
            await ws.receive_nothing(timeout=0.01)  # one answer per frame, nothing more

    async def closed_after_answer(self, ws: Any, data: Any, sent: int) -> bool:
        """Reads the one answer to a frame; True when it was followed by a documented close."""
        answer = await ws.receive_json_from()
        self.assertIsInstance(answer, dict)
        self.assertIsInstance(answer.get("type"), str, answer)
        if answer["type"] == "error":
            self.assertIn(answer.get("code"), ERROR_CODES, f"{answer} for {str(data)[:200]!r}")
            self.assertIsInstance(answer.get("message"), str)
        if answer["type"] == "auth_failed":
            close = await ws.receive_output()
            self.assertEqual((close["type"], close.get("code")), ("websocket.close", 4001))
            return True
        if answer.get("code") == "rate_limited":
            self.assertGreater(sent, BURST)
            close = await ws.receive_output()
            self.assertEqual((close["type"], close.get("code")), ("websocket.close", 4429))
            self.assertIn("retry-after=", close.get("reason", ""))
            return True
        return False


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


def _make_test(path: str, mode: str) -> Any:
    @FUZZ_SETTINGS
    @given(generated=frames)
    def test(self: FuzzTests, generated: list[tuple[str, Any]]) -> None:
        self.fuzz(path, mode, generated)

    test.__doc__ = f"Generated frames at {path} in {mode} mode."
    return test


for _path, _name in ENDPOINTS.items():
    for _mode in MODES:
        setattr(FuzzTests, f"test_{_name}_{_mode.replace('-', '_')}", _make_test(_path, _mode))
