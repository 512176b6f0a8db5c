"""`manage.py ws_grant_client`: give (or take back) a user or a group access to NOC clients.

manage.py ws_grant_client acme globex --user alice
manage.py ws_grant_client acme --group noc-acme
manage.py ws_grant_client acme --user alice --revoke
manage.py ws_grant_client --list [--user alice | --group noc-acme]
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q

from ...models import ClientGrant, validate_client_id


class Command(BaseCommand):
    help = "Grant a user or a group the NOC clients (tenants) they may watch, revoke grants, or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_ids", nargs="*", metavar="CLIENT_ID")
        grantee = parser.add_mutually_exclusive_group()
        grantee.add_argument("--user", help="a username")
        grantee.add_argument("--group", help="a group name (created when granting to a new name)")
        parser.add_argument("--revoke", action="store_true", help="remove the grants instead of adding them")
        parser.add_argument("--list", action="store_true", help="print the grants (of --user or --group, if given)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list(options["user"], options["group"])
            return
        client_ids: list[str] = options["client_ids"]
        if not client_ids or not (options["user"] or options["group"]):
            raise CommandError("name at least one CLIENT_ID and --user or --group (or use --list)")
        for client_id in client_ids:
            try:
                validate_client_id(client_id)
            except ValidationError as error:
                raise CommandError(f"{client_id!r}: {error.messages[0]}") from error
        with transaction.atomic():
            grantee = self._grantee(options["user"], options["group"], create=not options["revoke"])
            for client_id in client_ids:
                if options["revoke"]:
                    deleted, _ = ClientGrant.objects.filter(client_id=client_id, **grantee).delete()
                    self.stdout.write(f"{'revoked' if deleted else 'had no grant for'} {client_id}")
                else:
                    _, created = ClientGrant.objects.get_or_create(client_id=client_id, **grantee)
                    self.stdout.write(f"{'granted' if created else 'already granted'} {client_id}")

    def _grantee(self, username: str | None, group_name: str | None, *, create: bool) -> dict[str, Any]:
        if username is not None:
            user_model = get_user_model()
            try:
                return {"user": user_model._default_manager.get_by_natural_key(username)}
            except user_model.DoesNotExist as error:
                raise CommandError(f"no user {username!r}") from error
        if create:
            return {"group": Group.objects.get_or_create(name=group_name)[0]}
        try:
            return {"group": Group.objects.get(name=group_name)}
        except Group.DoesNotExist as error:
            raise CommandError(f"no group {group_name!r}") from error

    def _list(self, username: str | None, group_name: str | None) -> None:
        grants = ClientGrant.objects.select_related("user", "group")
        if username is not None:  # the user's own grants and those of their groups
            user = self._grantee(username, None, create=False)["user"]
            groups = getattr(user, "groups", None)
            grants = grants.filter(Q(user=user) | Q(group__in=groups.all()) if groups is not None else Q(user=user))
        elif group_name is not None:
            grants = grants.filter(group=self._grantee(None, group_name, create=False)["group"])
        for grant in grants:
            kind, name = ("group", grant.group.name) if grant.group_id else ("user", grant.user.get_username())
            self.stdout.write(f"{grant.client_id}\t{kind}\t{name}")
