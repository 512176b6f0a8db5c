"""Admission: connection_established, credentials (token, cookie, session, first message), origin
and the per-user connection cap."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.test import override_settings

from ws_widgets.frames import parse_timestamp

from .helpers import Sockets, WidgetsTestCase, closed_with, next_frame, ready, send


class EstablishedTests(WidgetsTestCase):
    async def test_connection_established_comes_first_with_interval_in_seconds(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            frame = await next_frame(ws, "connection_established")
            self.assertEqual(frame["heartbeat_interval"], 30)
            self.assertIsInstance(frame["message"], str)
            self.assertIsNotNone(parse_timestamp(frame["timestamp"]))

    @override_settings(WS_WIDGETS_HEARTBEAT_INTERVAL=7)
    async def test_heartbeat_interval_follows_the_setting(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            self.assertEqual((await ready(ws))["heartbeat_interval"], 7)


class TokenAuthTests(WidgetsTestCase):
    async def test_query_token_is_accepted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice))
            await ready(ws)
            connected = await next_frame(ws, "connected")
            self.assertEqual(connected["user"], "alice")

    async def test_cookie_token_is_accepted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(cookies={"ws_token": self.token(self.bob)})
            await ready(ws)
            self.assertEqual((await next_frame(ws, "connected"))["user"], "bob")

    async def test_django_session_is_accepted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(cookies=await sync_to_async(self.session_cookies)(self.alice))
            await ready(ws)
            self.assertEqual((await next_frame(ws, "connected"))["user"], "alice")

    async def test_bad_token_gets_authentication_error_then_4001(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token="forged")
            frame = await next_frame(ws, "authentication_error")
            self.assertEqual(frame["error_code"], "AUTH_REQUIRED")
            self.assertIn("Invalid or expired", frame["message"])
            self.assertIsNotNone(parse_timestamp(frame["timestamp"]))
            self.assertEqual(await closed_with(ws), 4001)

    async def test_bad_token_is_refused_even_with_a_valid_session(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token="forged", cookies=await sync_to_async(self.session_cookies)(self.alice))
            await next_frame(ws, "authentication_error")
            self.assertEqual(await closed_with(ws), 4001)

    @override_settings(WS_WIDGETS_TOKEN_MAX_AGE=-1)
    async def test_expired_token_gets_4001(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice))
            await next_frame(ws, "authentication_error")
            self.assertEqual(await closed_with(ws), 4001)

    async def test_no_credentials_gets_4001(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open()
            frame = await next_frame(ws, "authentication_error")
            self.assertEqual(frame["message"], "Authentication required")
            self.assertEqual(await closed_with(ws), 4001)

    @override_settings(WS_WIDGETS_AUTH_CLOSE_CODE=4401)
    async def test_close_code_can_be_4401(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token="forged")
            await next_frame(ws, "authentication_error")
            self.assertEqual(await closed_with(ws), 4401)

    @override_settings(WS_WIDGETS_TOKEN_VALIDATOR="tests.validators.async_validator")
    async def test_validator_is_pluggable_and_may_be_async(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token="let-me-in:bob")
            await ready(ws)
            self.assertEqual((await next_frame(ws, "connected"))["user"], "bob")
            refused = await sockets.open(token="nope")
            await next_frame(refused, "authentication_error")
            self.assertEqual(await closed_with(refused), 4001)

    async def test_the_node_servers_old_names_still_work_as_connect(self) -> None:
        for old in ("query", "cookie"):
            with self.subTest(old), override_settings(WS_WIDGETS_AUTH_MODE=old):
                async with Sockets() as sockets:
                    ws = await sockets.open(token=self.token(self.alice))
                    await ready(ws)
                    self.assertEqual((await next_frame(ws, "connected"))["user"], "alice")
                    refused = await sockets.open()
                    await next_frame(refused, "authentication_error")
                    self.assertEqual(await closed_with(refused), 4001)

    @override_settings(WS_WIDGETS_AUTH_MODE="none")
    async def test_mode_none_admits_anonymous_users(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open()
            await ready(ws)
            connected = await next_frame(ws, "connected")
            self.assertEqual(connected, {"type": "connected", "user": "anonymous", "permissions": ["noc:view"]})


@override_settings(WS_WIDGETS_AUTH_MODE="message")
class MessageAuthTests(WidgetsTestCase):
    async def test_auth_frame_with_good_token_succeeds(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open()
            await ready(ws)
            await send(ws, {"type": "ping"})
            self.assertEqual((await next_frame(ws, "error"))["code"], "auth_required")
            await send(ws, {"type": "auth", "token": self.token(self.alice)})
            await next_frame(ws, "auth_success")
            self.assertEqual((await next_frame(ws, "connected"))["user"], "alice")
            await send(ws, {"type": "ping"})
            await next_frame(ws, "pong")

    async def test_auth_frame_with_bad_token_fails_and_closes(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open()
            await ready(ws)
            await send(ws, {"type": "auth", "token": "forged"})
            self.assertIn("message", await next_frame(ws, "auth_failed"))
            self.assertEqual(await closed_with(ws), 4001)

    async def test_query_token_alone_is_not_enough(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice))
            await ready(ws)
            await send(ws, {"type": "subscribe_client", "client_id": "acme"})
            self.assertEqual((await next_frame(ws, "error"))["code"], "auth_required")

    async def test_refreshed_token_for_the_same_user_is_accepted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/")
            await ready(ws)
            await send(ws, {"type": "auth", "token": self.token(self.alice)})
            await next_frame(ws, "auth_success")
            await send(ws, {"type": "auth", "token": self.token(self.alice)})
            await next_frame(ws, "auth_success")
            await send(ws, {"type": "auth", "token": self.token(self.bob)})
            await next_frame(ws, "auth_failed")
            self.assertEqual(await closed_with(ws), 4001)


class OriginTests(WidgetsTestCase):
    async def test_foreign_origin_is_closed_with_4403_before_any_frame(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice), origin="http://evil.example")
            self.assertEqual(await closed_with(ws), 4403)

    async def test_allowed_host_origin_is_accepted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice), origin="http://localhost:8123")
            await ready(ws)

    async def test_missing_origin_is_a_program_and_accepted_by_default(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice), origin=None)
            await ready(ws)

    @override_settings(WS_WIDGETS_ALLOW_MISSING_ORIGIN=False)
    async def test_missing_origin_can_be_refused(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open(token=self.token(self.alice), origin=None)
            self.assertEqual(await closed_with(ws), 4403)

    @override_settings(WS_WIDGETS_ALLOWED_ORIGINS=["https://dash.example.com"])
    async def test_explicit_origin_list_replaces_allowed_hosts(self) -> None:
        async with Sockets() as sockets:
            ok = await sockets.open(token=self.token(self.alice), origin="https://dash.example.com")
            await ready(ok)
            refused = await sockets.open(token=self.token(self.alice), origin="http://testserver")
            self.assertEqual(await closed_with(refused), 4403)


@override_settings(WS_WIDGETS_MAX_CONNECTIONS_PER_USER=2)
class ConnectionCapTests(WidgetsTestCase):
    async def test_third_socket_of_a_user_is_closed_with_4429(self) -> None:
        async with Sockets() as sockets:
            first = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(first)
            second = await sockets.open("/ws/dashboard/", token=self.token(self.alice))
            await ready(second)
            third = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            self.assertEqual(await closed_with(third), 4429)
            other_user = await sockets.open("/ws/noc/presence/", token=self.token(self.bob))
            await ready(other_user)

    async def test_a_closed_socket_frees_its_place(self) -> None:
        async with Sockets() as sockets:
            first = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(first)
            second = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(second)
            await first.disconnect()
            again = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
            await ready(again)

    async def test_a_refused_socket_does_not_count(self) -> None:
        async with Sockets() as sockets:
            for _ in range(2):
                await ready(await sockets.open("/ws/noc/presence/", token=self.token(self.alice)))
            for _ in range(2):
                refused = await sockets.open("/ws/noc/presence/", token=self.token(self.alice))
                self.assertEqual(await closed_with(refused), 4429)  # still not disconnected
            stats_socket = await sockets.open("/ws/noc/presence/", token=self.token(self.bob))
            await ready(stats_socket)
            await send(stats_socket, {"type": "get_stats"})
            self.assertEqual((await next_frame(stats_socket, "stats"))["connections"], 3)
