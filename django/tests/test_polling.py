"""The HTTP polling fallback: cursor handshake, per-group logs, bounds, credentials (a bearer
header, the token cookie or the session; never `?token=`)."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.test import override_settings
from django.urls import reverse

from ws_widgets.broadcast import send_alert, send_annotation, send_gcode_update

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send

NOC = "/api/poll/noc/dashboard/"
GCODE = "/api/poll/dashboard/"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class PollingTests(WidgetsTestCase):
    def poll(self, url: str, token: str | None = None, **params):  # type: ignore[no-untyped-def]
        """GETs `url` with `params`, and `token` (if any) as a bearer header, as the client sends it."""
        return self.client.get(url, params, headers=bearer(token) if token else {})

    def test_urls_are_where_the_docs_say(self) -> None:
        self.assertEqual(reverse("ws_widgets_poll_noc"), NOC)
        self.assertEqual(reverse("ws_widgets_poll_gcode"), GCODE)

    def test_first_poll_is_a_snapshot_then_frames_arrive_once_in_order(self) -> None:
        token = self.token(self.alice)
        earlier = send_alert("acme", title="earlier", id="p0")
        first = self.poll(NOC, client_id="acme", token=token)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first.json(), [{"type": "alert_snapshot", "client_id": "acme", "seq": 1, "alerts": [earlier]}])
        cursor = first["X-Poll-Cursor"]
        self.assertEqual(cursor, "1")  # the stream's seq, as a socket sees it
        one = send_alert("acme", title="one", id="p1")
        send_alert("globex", title="not for acme")
        two = send_alert("acme", title="two", id="p2")
        second = self.poll(NOC, client_id="acme", token=token, since=cursor)
        self.assertEqual(
            second.json(),
            [{"type": "alert_new", "alert": one, "seq": 2}, {"type": "alert_new", "alert": two, "seq": 3}],
        )
        self.assertEqual(second["Content-Type"], "application/json")
        self.assertIn("no-cache", second["Cache-Control"])
        third = self.poll(NOC, client_id="acme", token=token, since=second["X-Poll-Cursor"])
        self.assertEqual(third.json(), [])

    def test_several_clients_have_one_cursor_of_each_stream(self) -> None:
        token = self.token(self.alice)
        first = self.client.get(f"{NOC}?client_id=acme&client_id=globex", headers=bearer(token))
        self.assertEqual([f["type"] for f in first.json()], ["alert_snapshot", "alert_snapshot"])
        cursor = first["X-Poll-Cursor"]
        self.assertEqual(cursor, "acme:0,globex:0")
        send_alert("acme", title="a1")
        send_alert("globex", title="g1")
        send_alert("acme", title="a2")
        response = self.client.get(f"{NOC}?client_id=acme&client_id=globex&since={cursor}", headers=bearer(token))
        self.assertEqual([(f["alert"]["title"], f["seq"]) for f in response.json()], [("a1", 1), ("a2", 2), ("g1", 1)])
        self.assertEqual(response["X-Poll-Cursor"], "acme:2,globex:1")
        bad = self.client.get(f"{NOC}?client_id=acme&client_id=globex&since=3", headers=bearer(token))
        self.assertEqual((bad.status_code, bad.json()["code"]), (400, "invalid_since"))

    @override_settings(WS_WIDGETS_HISTORY_SIZE=3)
    def test_a_cursor_the_bounded_history_no_longer_covers_gets_a_snapshot(self) -> None:
        token = self.token(self.alice)
        sent = [send_alert("acme", title=f"alert {n}") for n in range(5)]
        kept = self.poll(NOC, client_id="acme", token=token, since=2)
        self.assertEqual([f["alert"]["title"] for f in kept.json()], ["alert 2", "alert 3", "alert 4"])
        lost = self.poll(NOC, client_id="acme", token=token, since=1)
        self.assertEqual([f["type"] for f in lost.json()], ["alert_snapshot"])
        self.assertEqual(lost.json()[0]["alerts"], sent[::-1])  # newest first
        self.assertEqual(lost["X-Poll-Cursor"], "5")

    def test_a_cursor_beyond_the_stream_means_a_reset_and_gets_a_snapshot(self) -> None:
        send_alert("acme", title="after restart")
        response = self.poll(NOC, client_id="acme", token=self.token(self.alice), since=10_000)
        self.assertEqual([f["type"] for f in response.json()], ["alert_snapshot"])
        self.assertEqual([a["title"] for a in response.json()[0]["alerts"]], ["after restart"])

    def test_gcode_channel_defaults_to_the_users_own_and_session_auth_works(self) -> None:
        self.client.force_login(self.alice)
        cursor = self.poll(GCODE)["X-Poll-Cursor"]
        send_gcode_update(self.alice, {"g_code_score": 40, "intensity": "low"})
        send_annotation(self.bob, "not alice's")
        frames = self.poll(GCODE, since=cursor).json()
        self.assertEqual([f["type"] for f in frames], ["gcode_updated"])

    def test_other_users_channel_is_forbidden_but_view_all_channels_may(self) -> None:
        channel = f"user_{self.bob.pk}"
        self.assertEqual(self.poll(GCODE, channel=channel, token=self.token(self.alice)).status_code, 403)
        self.assertEqual(self.poll(GCODE, channel=channel, token=self.token(self.boss)).status_code, 200)

    def test_credentials_are_required_and_checked(self) -> None:
        self.assertEqual(self.poll(NOC, client_id="acme").status_code, 401)
        self.assertEqual(self.poll(NOC, client_id="acme", token="forged").status_code, 401)
        self.client.cookies["ws_token"] = self.token(self.alice)
        self.assertEqual(self.poll(NOC, client_id="acme").status_code, 200)

    def test_the_bearer_header_comes_first_and_other_schemes_are_ignored(self) -> None:
        self.client.cookies["ws_token"] = self.token(self.alice)
        # A bad bearer token is refused even with a good cookie: it never looks like it works.
        self.assertEqual(self.poll(NOC, client_id="acme", token="forged").status_code, 401)
        headers = {"Authorization": f"bearer  {self.token(self.bob)}"}  # any case, spaces
        self.assertEqual(self.client.get(NOC, {"client_id": "acme"}, headers=headers).status_code, 200)
        # Basic credentials from a proxy in front are not a token: the cookie decides.
        basic = {"Authorization": "Basic YWxpY2U6c2VjcmV0"}
        self.assertEqual(self.client.get(NOC, {"client_id": "acme"}, headers=basic).status_code, 200)

    def test_a_token_in_the_url_is_refused_and_never_repeated(self) -> None:
        token = self.token(self.alice)
        for headers in ({}, bearer(token)):  # even beside a valid header
            response = self.client.get(NOC, {"client_id": "acme", "token": token}, headers=headers)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response.json()["code"], "token_in_url")
            self.assertIn("Authorization: Bearer", response.json()["error"])
            self.assertNotIn(token, response.content.decode())
        with override_settings(WS_WIDGETS_AUTH_MODE="none"):  # in every mode
            response = self.client.get(NOC, {"client_id": "acme", "token": token})
            self.assertEqual((response.status_code, response.json()["code"]), (400, "token_in_url"))

    def test_bad_requests(self) -> None:
        token = self.token(self.alice)
        self.assertEqual(self.poll(NOC, token=token).status_code, 400)
        self.assertEqual(self.poll(NOC, client_id="bad id", token=token).status_code, 400)
        self.assertEqual(self.poll(NOC, client_id="acme", since="soon", token=token).status_code, 400)
        self.assertEqual(self.client.post(f"{NOC}?client_id=acme", headers=bearer(token)).status_code, 405)

    @override_settings(WS_WIDGETS_POLICY="tests.policies.OnlyAcmePolicy")
    def test_policy_applies_to_polling(self) -> None:
        response = self.poll(NOC, client_id="globex", token=self.token(self.alice))
        self.assertEqual(response.status_code, 403)

    async def test_acknowledgements_made_on_a_socket_are_polled_too(self) -> None:
        token = self.token(self.alice)
        get = sync_to_async(self.client.get)
        cursor = (await get(NOC, {"client_id": "acme"}, headers=bearer(token)))["X-Poll-Cursor"]
        await sync_to_async(send_alert)("acme", title="Power supply", id="psu-1")
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/", token=token)
            await ready(ws, greeting="connected")
            await send(ws, {"type": "acknowledge_alert", "alert_id": "psu-1"})
            await next_frame(ws, "alert_acknowledged")  # not subscribed, so this is the asker's copy
        polled = (await get(NOC, {"client_id": "acme", "since": cursor}, headers=bearer(token))).json()
        self.assertEqual([f["type"] for f in polled], ["alert_new", "alert_acknowledged"])
        self.assertEqual(polled[1]["acknowledged_by"], "alice")
