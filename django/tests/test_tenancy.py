"""Default-deny tenancy (issue 13, point 1): a NOC client is a tenant, watched only by the users
a `ClientGrant` names (directly or through a group) or who hold `ws_widgets.view_all_clients`.

Each refused path is tested by socket and by polling, and each answers "not yours" exactly as it
answers "no such thing".
"""

from __future__ import annotations

import io
from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import TestCase, modify_settings, override_settings

from ws_widgets.broadcast import asend_alert, send_alert
from ws_widgets.models import ClientGrant, validate_client_id
from ws_widgets.policy import DefaultPolicy
from ws_widgets.store import get_store

from .helpers import Sockets, WidgetsTestCase, next_frame, ready, send

NOC = "/api/poll/noc/dashboard/"
GCODE = "/api/poll/dashboard/"


def _perms(*codenames: str) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label="ws_widgets", codename__in=codenames))


def without(frame: dict, name: str) -> dict:
    """The frame with the name the client itself sent blanked out, to compare two refusals."""
    return {key: value.replace(name, "<name>") if isinstance(value, str) else value for key, value in frame.items()}


class TenancyTestCase(WidgetsTestCase):
    """On top of the shared fixture: carol (acme through the group team-acme), dave (globex, a
    direct grant), nobody (staff, no grant: staff alone grants nothing), root (superuser) and
    auditor (view_all_clients through a group permission)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        users = get_user_model().objects
        cls.carol = users.create_user("carol", password="pw")
        cls.dave = users.create_user("dave", password="pw")
        cls.nobody = users.create_user("nobody", password="pw", is_staff=True)
        cls.root = users.create_superuser("root", password="pw")
        cls.auditor = users.create_user("auditor", password="pw")
        team = Group.objects.create(name="team-acme")
        team.user_set.add(cls.carol)
        ClientGrant.objects.create(client_id="acme", group=team)
        ClientGrant.objects.create(client_id="globex", user=cls.dave)
        auditors = Group.objects.create(name="auditors")
        auditors.permissions.add(*_perms("view_all_clients"))
        auditors.user_set.add(cls.auditor)

    async def noc(self, sockets: Sockets, user: Any):  # type: ignore[no-untyped-def]
        ws = await sockets.open("/ws/noc/dashboard/", token=self.token(user))
        await ready(ws, greeting="connected")
        return ws

    async def subscribe(self, ws, client_id: str) -> dict:  # type: ignore[no-untyped-def]
        await send(ws, {"type": "subscribe_client", "client_id": client_id})
        answer = await next_frame(ws)
        if answer["type"] == "subscribed":
            await next_frame(ws, "alert_snapshot")
        return answer


class SocketTenancyTests(TenancyTestCase):
    async def test_a_user_without_grants_subscribes_to_nothing(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets, self.nobody)
            for client_id in ("acme", "globex"):
                self.assertEqual(
                    await self.subscribe(ws, client_id),
                    {
                        "type": "error",
                        "message": f"not allowed to watch client {client_id}",
                        "code": "forbidden",
                        "client_id": client_id,
                    },
                )
            await asend_alert("acme", title="Not for nobody")
            self.assertTrue(await ws.receive_nothing(timeout=0.2))

    async def test_not_yours_and_no_such_client_are_one_answer(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets, self.dave)
            foreign = await self.subscribe(ws, "acme")
            made_up = await self.subscribe(ws, "no-such-client")
            self.assertEqual(foreign["code"], "forbidden")
            self.assertEqual(without(foreign, "acme"), without(made_up, "no-such-client"))

    async def test_grants_come_from_a_group_or_the_user(self) -> None:
        async with Sockets() as sockets:
            carol = await self.noc(sockets, self.carol)  # acme through team-acme
            self.assertEqual(await self.subscribe(carol, "acme"), {"type": "subscribed", "client_id": "acme", "seq": 0})
            self.assertEqual((await self.subscribe(carol, "globex"))["code"], "forbidden")
            dave = await self.noc(sockets, self.dave)  # globex directly
            self.assertEqual((await self.subscribe(dave, "globex"))["type"], "subscribed")
            self.assertEqual((await self.subscribe(dave, "acme"))["code"], "forbidden")
            alert = await asend_alert("globex", title="Only dave's")
            self.assertEqual((await next_frame(dave, "alert_new"))["alert"], alert)
            self.assertTrue(await carol.receive_nothing(timeout=0.2))

    async def test_superusers_and_the_view_all_permission_see_every_client(self) -> None:
        async with Sockets() as sockets:
            for user in (self.root, self.auditor):
                ws = await self.noc(sockets, user)
                for client_id in ("acme", "globex", "anything-at-all"):
                    with self.subTest(user=user.username, client_id=client_id):
                        self.assertEqual((await self.subscribe(ws, client_id))["type"], "subscribed")

    async def test_a_revoked_grant_refuses_the_next_subscription(self) -> None:
        async with Sockets() as sockets:
            ws = await self.noc(sockets, self.dave)
            self.assertEqual((await self.subscribe(ws, "globex"))["type"], "subscribed")
            await sync_to_async(ClientGrant.objects.filter(user=self.dave).delete)()
            again = await self.noc(sockets, self.dave)
            self.assertEqual((await self.subscribe(again, "globex"))["code"], "forbidden")

    async def test_acknowledging_another_tenants_alert_is_unknown_alert_like_a_made_up_id(self) -> None:
        await asend_alert("acme", title="Acme's core switch", id="acme-7")
        async with Sockets() as sockets:
            dave = await self.noc(sockets, self.dave)
            await send(dave, {"type": "acknowledge_alert", "alert_id": "acme-7"})
            foreign = await next_frame(dave, "error")
            await send(dave, {"type": "acknowledge_alert", "alert_id": "nope-7"})
            made_up = await next_frame(dave, "error")
            self.assertEqual(foreign["code"], "unknown_alert")
            self.assertEqual(without(foreign, "acme-7"), without(made_up, "nope-7"))
            # Nothing was acknowledged: the first real acknowledgement is carol's, and broadcast.
            carol = await self.noc(sockets, self.carol)
            await self.subscribe(carol, "acme")
            await send(carol, {"type": "acknowledge_alert", "alert_id": "acme-7"})
            self.assertEqual((await next_frame(carol, "alert_acknowledged"))["acknowledged_by"], "carol")

    async def test_a_user_without_grants_acknowledges_nothing(self) -> None:
        await asend_alert("globex", title="Globex disk", id="globex-1")
        async with Sockets() as sockets:
            ws = await self.noc(sockets, self.nobody)
            await send(ws, {"type": "acknowledge_alert", "alert_id": "globex-1"})
            self.assertEqual((await next_frame(ws, "error"))["code"], "unknown_alert")

    @override_settings(WS_WIDGETS_AUTH_MODE="none")
    async def test_anonymous_users_watch_nothing_even_in_mode_none(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/noc/dashboard/")
            await ready(ws, greeting="connected")
            self.assertEqual((await self.subscribe(ws, "acme"))["code"], "forbidden")

    async def test_gcode_own_channel_only_unless_permitted(self) -> None:
        async with Sockets() as sockets:
            ws = await sockets.open("/ws/dashboard/", token=self.token(self.nobody))  # staff, no permission
            await ready(ws)
            await send(ws, {"action": "subscribe", "channel": f"user_{self.carol.pk}"})
            foreign = await next_frame(ws, "error")
            await send(ws, {"action": "subscribe", "channel": "user_999999"})  # nobody has this id
            missing = await next_frame(ws, "error")
            self.assertEqual(foreign["code"], "forbidden")
            self.assertEqual(without(foreign, f"user_{self.carol.pk}"), without(missing, "user_999999"))
            await send(ws, {"action": "subscribe", "channel": f"user_{self.nobody.pk}"})
            await next_frame(ws, "subscribed")
            for user in (self.root, self.boss):  # superuser; view_all_channels (the fixture's boss)
                other = await sockets.open("/ws/dashboard/", token=self.token(user))
                await ready(other)
                await send(other, {"action": "subscribe", "channel": f"user_{self.carol.pk}"})
                await next_frame(other, "subscribed")


class PollingTenancyTests(TenancyTestCase):
    """Polling refuses with 403 `forbidden` for a client or channel that is not the user's and
    for one that does not exist alike (ids are not registered: there is nothing to tell apart)."""

    def poll(self, url: str, user: Any, **params: Any):  # type: ignore[no-untyped-def]
        return self.client.get(url, params, headers={"Authorization": f"Bearer {self.token(user)}"})

    def test_a_user_without_grants_polls_nothing(self) -> None:
        for client_id in ("acme", "globex"):
            response = self.poll(NOC, self.nobody, client_id=client_id)
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json(), {"error": f"not allowed: {client_id}", "code": "forbidden"})

    def test_not_yours_and_no_such_client_are_one_answer(self) -> None:
        foreign = self.poll(NOC, self.dave, client_id="acme")
        made_up = self.poll(NOC, self.dave, client_id="no-such-client")
        self.assertEqual((foreign.status_code, made_up.status_code), (403, 403))
        self.assertEqual(without(foreign.json(), "acme"), without(made_up.json(), "no-such-client"))

    def test_grants_and_permissions_apply_to_polling(self) -> None:
        self.assertEqual(self.poll(NOC, self.carol, client_id="acme").status_code, 200)
        self.assertEqual(self.poll(NOC, self.dave, client_id="globex").status_code, 200)
        for user in (self.root, self.auditor):
            self.assertEqual(self.poll(NOC, user, client_id="anything").status_code, 200)
        # One refused name refuses the whole request: no partial answers to probe with.
        self.assertEqual(
            self.client.get(
                f"{NOC}?client_id=acme&client_id=globex", headers={"Authorization": f"Bearer {self.token(self.carol)}"}
            ).status_code,
            403,
        )

    def test_refused_polling_reveals_no_frames(self) -> None:
        send_alert("acme", title="Acme only", id="acme-poll")
        response = self.poll(NOC, self.dave, client_id="acme", since=0)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("acme-poll", response.content.decode())
        self.assertNotIn("X-Poll-Cursor", response)

    def test_session_polling_follows_the_same_policy(self) -> None:
        self.client.force_login(self.dave)
        self.assertEqual(self.client.get(NOC, {"client_id": "globex"}).status_code, 200)
        self.assertEqual(self.client.get(NOC, {"client_id": "acme"}).status_code, 403)

    def test_gcode_polling_own_channel_only_unless_permitted(self) -> None:
        foreign = self.poll(GCODE, self.nobody, channel=f"user_{self.carol.pk}")
        missing = self.poll(GCODE, self.nobody, channel="user_999999")
        self.assertEqual((foreign.status_code, missing.status_code), (403, 403))
        self.assertEqual(without(foreign.json(), f"user_{self.carol.pk}"), without(missing.json(), "user_999999"))
        self.assertEqual(self.poll(GCODE, self.nobody).status_code, 200)  # its own channel
        self.assertEqual(self.poll(GCODE, self.root, channel=f"user_{self.carol.pk}").status_code, 200)

    @override_settings(WS_WIDGETS_AUTH_MODE="none")
    def test_anonymous_polling_is_refused_even_in_mode_none(self) -> None:
        response = self.client.get(NOC, {"client_id": "acme"})
        self.assertEqual((response.status_code, response.json()["code"]), (403, "forbidden"))

    def test_refusals_carry_codes(self) -> None:
        self.assertEqual(self.client.get(NOC, {"client_id": "acme"}).json()["code"], "auth_required")
        self.assertEqual(self.poll(NOC, self.carol, client_id="bad id").json()["code"], "invalid_client")
        self.assertEqual(self.poll(GCODE, self.carol, channel="admin").json()["code"], "invalid_channel")
        self.assertEqual(self.poll(NOC, self.carol, client_id="acme", since="x").json()["code"], "invalid_since")


class ExampleViewTenancyTests(TenancyTestCase):
    """The example's pages and forms ask the same policy as the sockets."""

    def logged(self) -> list[dict]:
        _, frames_ = async_to_sync(get_store().read_history)("acme", 0)
        return frames_ or []

    def test_raise_refuses_another_tenant_and_sends_nothing(self) -> None:
        self.client.force_login(self.dave)
        for client_id in ("acme", "no-such-client"):
            response = self.client.post("/noc/raise/", {"client": client_id, "severity": "critical", "title": "pwned"})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.logged(), [])

    def test_raise_into_a_granted_client_works(self) -> None:
        self.client.force_login(self.carol)
        response = self.client.post("/noc/raise/", {"client": "acme", "severity": "minor", "title": "Fan noise"})
        self.assertRedirects(response, "/noc/?client=acme", fetch_redirect_response=False)
        self.assertEqual([f["alert"]["title"] for f in self.logged()], ["Fan noise"])

    @override_settings(WS_WIDGETS_POLICY="tests.policies.OnlyAcmePolicy")
    def test_raise_honours_a_configured_policy(self) -> None:
        self.client.force_login(self.alice)  # granted globex, but this policy allows acme only
        self.assertEqual(self.client.post("/noc/raise/", {"client": "globex", "severity": "critical"}).status_code, 403)

    def test_noc_page_refuses_another_tenant_and_defaults_to_a_granted_one(self) -> None:
        self.client.force_login(self.dave)
        self.assertEqual(self.client.get("/noc/?client=acme").status_code, 403)
        self.assertEqual(self.client.get("/noc/?client=no-such-client").status_code, 403)
        html = self.client.get("/noc/").content.decode()
        self.assertIn('<noc-alert-feed client-id="globex">', html)
        self.assertIn('token-url="/api/poll/token/?client_id=globex"', html)

    def test_noc_page_without_grants_says_so_and_opens_no_socket(self) -> None:
        self.client.force_login(self.nobody)
        response = self.client.get("/noc/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No clients yet")
        self.assertNotContains(response, "<ws-connection")
        self.assertEqual(self.client.post("/noc/raise/", {"severity": "info"}).status_code, 403)

    def test_gcode_page_wires_token_url_for_the_own_channel(self) -> None:
        self.client.force_login(self.carol)
        html = self.client.get("/gcode/").content.decode()
        self.assertIn(f'token-url="/api/poll/token/?channel=user_{self.carol.pk}"', html)


class GrantManagementTests(TestCase):
    """The model's rules, the admin and `manage.py ws_grant_client`."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = get_user_model().objects.create_user("erin", password="pw")
        cls.group = Group.objects.create(name="ops")

    def command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("ws_grant_client", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_a_grant_names_exactly_one_grantee_once(self) -> None:
        for kwargs in ({}, {"user": self.user, "group": self.group}):
            with self.subTest(kwargs=kwargs), self.assertRaises(IntegrityError), transaction.atomic():
                ClientGrant.objects.create(client_id="acme", **kwargs)
        ClientGrant.objects.create(client_id="acme", user=self.user)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ClientGrant.objects.create(client_id="acme", user=self.user)
        ClientGrant.objects.create(client_id="acme", group=self.group)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ClientGrant.objects.create(client_id="acme", group=self.group)

    def test_client_ids_are_validated_like_subscribe_client(self) -> None:
        validate_client_id("acme.eu-1")
        for bad in ("", "a b", "acme\n", "x" * 65, "../etc"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                ClientGrant(client_id=bad, user=self.user).full_clean()

    def test_command_grants_lists_and_revokes(self) -> None:
        self.assertEqual(self.command("acme", "globex", "--user", "erin"), "granted acme\ngranted globex\n")
        self.assertEqual(self.command("acme", "--user", "erin"), "already granted acme\n")
        self.assertEqual(self.command("initech", "--group", "night-shift"), "granted initech\n")
        Group.objects.get(name="night-shift").user_set.add(self.user)
        self.assertEqual(ClientGrant.objects.client_ids(self.user), ["acme", "globex", "initech"])
        self.assertTrue(DefaultPolicy().can_view_client(self.user, "initech"))
        listed = self.command("--list", "--user", "erin")
        self.assertEqual(listed, "acme\tuser\terin\nglobex\tuser\terin\ninitech\tgroup\tnight-shift\n")
        self.assertEqual(self.command("globex", "--user", "erin", "--revoke"), "revoked globex\n")
        self.assertEqual(self.command("globex", "--user", "erin", "--revoke"), "had no grant for globex\n")
        self.assertFalse(DefaultPolicy().can_view_client(self.user, "globex"))

    def test_command_errors(self) -> None:
        for args, message in (
            (("acme",), "--user or --group"),
            (("--user", "erin"), "CLIENT_ID"),
            (("bad id", "--user", "erin"), "letters"),
            (("acme", "--user", "ghost"), "no user"),
            (("acme", "--group", "ghosts", "--revoke"), "no group"),
        ):
            with self.subTest(args=args), self.assertRaisesRegex(CommandError, message):
                self.command(*args)
        self.assertFalse(ClientGrant.objects.exists())

    def test_inactive_users_lose_their_grants_effect(self) -> None:
        ClientGrant.objects.create(client_id="acme", user=self.user)
        self.user.is_active = False
        self.assertFalse(DefaultPolicy().can_view_client(self.user, "acme"))
        self.assertEqual(ClientGrant.objects.client_ids(self.user), [])

    @modify_settings(INSTALLED_APPS={"append": ["django.contrib.messages", "django.contrib.admin"]})
    def test_admin_is_registered_and_valid(self) -> None:
        """A project with django.contrib.admin gets the grants page (the example has no admin)."""
        from ws_widgets.admin import ClientGrantAdmin

        self.assertIsInstance(admin.site._registry.get(ClientGrant), ClientGrantAdmin)
        self.assertEqual(ClientGrantAdmin(ClientGrant, admin.site).check(), [])

    def test_permissions_exist_for_group_and_user_assignment(self) -> None:
        self.assertEqual(
            sorted(p.codename for p in _perms("view_all_clients", "view_all_channels")),
            ["view_all_channels", "view_all_clients"],
        )


class MigrationTests(TestCase):
    def test_models_and_migrations_agree(self) -> None:
        """The migrations ship in the wheel: a model change without its migration fails here."""
        out = io.StringIO()
        try:
            call_command("makemigrations", "ws_widgets", check=True, dry_run=True, stdout=out, stderr=io.StringIO())
        except SystemExit:  # --check exits non-zero when a migration is missing
            self.fail(f"ws_widgets needs a new migration:\n{out.getvalue()}")
