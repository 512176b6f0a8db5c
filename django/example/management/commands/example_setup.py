"""`manage.py example_setup`: the example's users, their tenants, and their socket tokens as JSON
(for e2e tests).

Tenancy denies by default, so the users get what the demo needs: alice and bob are in the
group "noc-acme", granted client acme; bob alone is also granted globex (so alice is refused
globex); admin (staff) holds `ws_widgets.view_all_clients` and `ws_widgets.view_all_channels`.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ws_widgets.models import ClientGrant
from ws_widgets.tokens import issue_token

USERS = (("alice", False), ("bob", False), ("admin", True))
GROUP_GRANTS = {"noc-acme": (("alice", "bob"), ("acme",))}  # group: (members, clients)
USER_GRANTS = {"bob": ("globex",)}
VIEW_ALL = {"admin": ("view_all_clients", "view_all_channels")}


class Command(BaseCommand):
    help = (
        "Create (or reset) users alice, bob and admin (staff) with one password and their client grants; "
        "print their ids and tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="example-password")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        by_name = {}
        for username, staff in USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = staff
            user.is_active = True
            user.set_password(options["password"])
            user.save()
            by_name[username] = user
        for group_name, (members, client_ids) in GROUP_GRANTS.items():
            group, _ = Group.objects.get_or_create(name=group_name)
            group.user_set.add(*(by_name[name] for name in members))
            for client_id in client_ids:
                ClientGrant.objects.get_or_create(client_id=client_id, group=group)
        for username, client_ids in USER_GRANTS.items():
            for client_id in client_ids:
                ClientGrant.objects.get_or_create(client_id=client_id, user=by_name[username])
        for username, codenames in VIEW_ALL.items():
            permissions = Permission.objects.filter(content_type__app_label="ws_widgets", codename__in=codenames)
            by_name[username].user_permissions.add(*permissions)
        # Tokens last: each is tied to the password hash just set.
        users = [
            {"username": username, "id": by_name[username].pk, "staff": staff, "token": issue_token(by_name[username])}
            for username, staff in USERS
        ]
        self.stdout.write(json.dumps({"users": users}))
