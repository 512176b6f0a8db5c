"""Tokens (issue 13, point 4): tied to the password hash and the active flag, so a password change
or a deactivation ends every token at once; and the `token-url` endpoint that issues them."""

from __future__ import annotations

import logging
import time
from typing import Any
from unittest import mock

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from ws_widgets import tokens
from ws_widgets.policy import DefaultPolicy
from ws_widgets.tokens import issue_token, validate_signed_token

from .helpers import Sockets, WidgetsTestCase, closed_with, next_frame, ready, send

TOKEN_URL = "/api/poll/token/"
NOC_POLL = "/api/poll/noc/dashboard/"


class NoTokensPolicy(DefaultPolicy):
    def can_issue_token(self, user: Any) -> bool:
        return False


class TokenLifetimeTests(WidgetsTestCase):
    def change_password(self, user: Any) -> None:
        user.set_password("a new password")
        user.save()

    def test_a_token_names_its_user(self) -> None:
        self.assertEqual(validate_signed_token(issue_token(self.alice)), self.alice)

    def test_a_password_change_ends_every_earlier_token(self) -> None:
        before = [issue_token(self.alice), issue_token(self.alice)]
        bobs = issue_token(self.bob)
        self.change_password(self.alice)
        for token in before:
            self.assertIsNone(validate_signed_token(token))
        self.assertEqual(validate_signed_token(issue_token(self.alice)), self.alice)  # a new one works
        self.assertEqual(validate_signed_token(bobs), self.bob)  # nobody else's

    def test_an_unusable_password_ends_tokens_too(self) -> None:
        token = issue_token(self.alice)
        self.alice.set_unusable_password()
        self.alice.save()
        self.assertIsNone(validate_signed_token(token))

    def test_deactivation_ends_every_token(self) -> None:
        token = issue_token(self.alice)
        self.alice.is_active = False
        self.alice.save()
        self.assertIsNone(validate_signed_token(token))
        self.assertIsNone(validate_signed_token(issue_token(self.alice)))  # nor does a fresh one work

    def test_tokens_expire(self) -> None:
        token = issue_token(self.alice)
        later = time.time() + 3601
        with mock.patch("django.core.signing.time.time", return_value=later):
            self.assertIsNone(validate_signed_token(token))
        with (
            override_settings(WS_WIDGETS_TOKEN_MAX_AGE=7200),
            mock.patch("django.core.signing.time.time", return_value=later),
        ):
            self.assertEqual(validate_signed_token(token), self.alice)

    def test_tokens_of_the_old_format_and_forgeries_are_refused(self) -> None:
        old_format = signing.dumps({"u": str(self.alice.pk)}, salt=tokens.SALT, compress=True)
        self.assertIsNone(validate_signed_token(old_format))
        stolen_state = signing.loads(issue_token(self.bob), salt=tokens.SALT)["s"]
        other_user = signing.dumps({"u": str(self.alice.pk), "s": stolen_state}, salt=tokens.SALT, compress=True)
        self.assertIsNone(validate_signed_token(other_user))
        for junk in ("", "x", "a:b:c", issue_token(self.alice)[:-2] + "AA"):
            self.assertIsNone(validate_signed_token(junk))

    def test_the_token_does_not_carry_the_password_hash(self) -> None:
        payload = signing.loads(issue_token(self.alice), salt=tokens.SALT)
        self.assertEqual(set(payload), {"u", "s"})
        self.assertNotIn(self.alice.password, str(payload))
        self.assertNotIn(self.alice.password.split("$")[-1], str(payload))

    def test_a_rotated_secret_key_in_the_fallbacks_keeps_tokens(self) -> None:
        with override_settings(SECRET_KEY="old-key-" + "x" * 50):
            token = issue_token(self.alice)
        with override_settings(SECRET_KEY="new-key-" + "y" * 50, SECRET_KEY_FALLBACKS=["old-key-" + "x" * 50]):
            self.assertEqual(validate_signed_token(token), self.alice)
        with override_settings(SECRET_KEY="new-key-" + "y" * 50, SECRET_KEY_FALLBACKS=[]):
            self.assertIsNone(validate_signed_token(token))

    async def test_a_socket_refuses_a_token_from_before_the_password_change(self) -> None:
        token = self.token(self.alice)
        await sync_to_async(self.change_password)(self.alice)
        async with Sockets() as sockets:
            ws = await sockets.open(token=token)
            self.assertEqual((await next_frame(ws, "authentication_error"))["error_code"], "AUTH_REQUIRED")
            self.assertEqual(await closed_with(ws), 4001)

    @override_settings(WS_WIDGETS_AUTH_MODE="message")
    async def test_a_token_refresh_after_deactivation_fails(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open()
            await ready(ws)
            await send(ws, {"type": "auth", "token": self.token(self.alice)})
            await next_frame(ws, "auth_success")
            await next_frame(ws, "connected")
            token = self.token(self.alice)
            self.alice.is_active = False
            await sync_to_async(self.alice.save)()
            await send(ws, {"type": "auth", "token": token})
            await next_frame(ws, "auth_failed")
            self.assertEqual(await closed_with(ws), 4001)

    def test_polling_refuses_a_token_from_before_the_password_change(self) -> None:
        bearer = {"Authorization": f"Bearer {self.token(self.alice)}"}
        self.assertEqual(self.client.get(NOC_POLL, {"client_id": "acme"}, headers=bearer).status_code, 200)
        self.change_password(self.alice)
        response = self.client.get(NOC_POLL, {"client_id": "acme"}, headers=bearer)
        self.assertEqual((response.status_code, response.json()["code"]), (401, "auth_required"))


class TokenEndpointTests(WidgetsTestCase):
    def test_url_is_where_the_docs_say(self) -> None:
        self.assertEqual(reverse("ws_widgets_token"), TOKEN_URL)

    def test_signed_in_user_gets_a_fresh_token_never_cached(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(TOKEN_URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("Cookie", response["Vary"])
        body = response.json()
        self.assertEqual(set(body), {"token"})
        self.assertEqual(validate_signed_token(body["token"]), self.alice)

    def test_anonymous_is_401(self) -> None:
        response = self.client.get(TOKEN_URL)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"error": "sign in first", "code": "auth_required"})
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_token_cannot_buy_its_successor(self) -> None:
        """Only the session counts: otherwise a stolen token could be renewed forever."""
        token = self.token(self.alice)
        self.assertEqual(self.client.get(TOKEN_URL, {"token": token}).status_code, 401)
        self.client.cookies["ws_token"] = token
        self.assertEqual(self.client.get(TOKEN_URL).status_code, 401)

    def test_only_get(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(TOKEN_URL).status_code, 405)

    def test_a_password_change_elsewhere_ends_the_session_and_so_the_endpoint(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(TOKEN_URL).status_code, 200)
        self.alice.set_password("changed on another device")
        self.alice.save()
        self.assertEqual(self.client.get(TOKEN_URL).status_code, 401)

    @override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.AllowAllUsersModelBackend"])
    def test_an_inactive_user_with_a_session_is_403(self) -> None:
        self.alice.is_active = False
        self.alice.save()
        self.client.force_login(self.alice)
        response = self.client.get(TOKEN_URL)
        self.assertEqual((response.status_code, response.json()["code"]), (403, "forbidden"))

    @override_settings(WS_WIDGETS_POLICY="tests.test_tokens.NoTokensPolicy")
    def test_the_policy_may_refuse_tokens(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(TOKEN_URL).status_code, 403)

    def test_named_clients_and_channels_are_checked_like_polling(self) -> None:
        carol = get_user_model().objects.create_user("carol", password="pw")  # no grants at all
        self.client.force_login(carol)
        self.assertEqual(self.client.get(TOKEN_URL).status_code, 200)  # a token alone reaches nothing
        foreign = self.client.get(TOKEN_URL, {"client_id": "acme"})
        made_up = self.client.get(TOKEN_URL, {"client_id": "no-such-client"})
        self.assertEqual((foreign.status_code, made_up.status_code), (403, 403))
        self.assertEqual(foreign.content, made_up.content)
        self.assertEqual(self.client.get(TOKEN_URL, {"channel": f"user_{carol.pk}"}).status_code, 200)
        self.assertEqual(self.client.get(TOKEN_URL, {"channel": f"user_{self.alice.pk}"}).status_code, 403)
        self.assertEqual(self.client.get(TOKEN_URL, {"client_id": "bad id"}).json()["code"], "invalid_client")
        self.assertEqual(self.client.get(TOKEN_URL, {"channel": "root"}).json()["code"], "invalid_channel")
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(TOKEN_URL, {"client_id": ["acme", "globex"]}).status_code, 200)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)


class TokensStayOutOfLogsTests(WidgetsTestCase):
    """Every logger at DEBUG while tokens are issued, used, refused and refreshed."""

    def setUp(self) -> None:
        super().setUp()
        self.capture = _Capture()
        root = logging.getLogger()
        widgets = logging.getLogger("ws_widgets")
        saved = (root.level, widgets.level)
        root.addHandler(self.capture)
        root.setLevel(logging.DEBUG)
        widgets.setLevel(logging.DEBUG)
        self.addCleanup(root.removeHandler, self.capture)
        self.addCleanup(root.setLevel, saved[0])
        self.addCleanup(widgets.setLevel, saved[1])

    async def test_no_token_in_any_log_line(self) -> None:
        get = sync_to_async(self.client.get)
        await sync_to_async(self.client.force_login)(self.alice)
        token = (await get(TOKEN_URL)).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        await get(NOC_POLL, {"client_id": "acme"}, headers=bearer)
        stale = self.token(self.bob)
        self.bob.set_password("changed")
        await sync_to_async(self.bob.save)()
        stale_bearer = {"Authorization": f"Bearer {stale}"}
        await get(NOC_POLL, {"client_id": "acme"}, headers=stale_bearer)  # 401, logged by django.request
        await get(NOC_POLL, {"client_id": "initech"}, headers=bearer)  # 403
        await get(NOC_POLL, {"client_id": "acme", "token": token})  # 400: a token in the URL
        async with Sockets() as sockets:
            ws = await sockets.open(token=token)
            await ready(ws, greeting="connected")
            await send(ws, {"type": "auth", "token": token})
            await next_frame(ws, "auth_success")
            refused = await sockets.open(token=stale)
            await next_frame(refused, "authentication_error")
            await closed_with(refused)
        self.assertTrue(self.capture.lines, "nothing was logged: the capture is not working")
        for secret in (token, stale, token.split(":")[-1], stale.split(":")[-1]):
            self.assertFalse([line for line in self.capture.lines if secret in line])
