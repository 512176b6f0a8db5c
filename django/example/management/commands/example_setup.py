"""`manage.py example_setup`: the example's users, and their socket tokens as JSON (for e2e tests)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from ws_widgets.tokens import issue_token

USERS = (("alice", False), ("bob", False), ("admin", True))


class Command(BaseCommand):
    help = "Create (or reset) users alice, bob and admin (staff) with one password; print their ids and tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="example-password")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        users = []
        for username, staff in USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = staff
            user.is_active = True
            user.set_password(options["password"])
            user.save()
            users.append({"username": username, "id": user.pk, "staff": staff, "token": issue_token(user)})
        self.stdout.write(json.dumps({"users": users}))
