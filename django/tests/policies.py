"""Policies for tests: a restrictive one, and one that fails, to prove errors stay contained."""

from typing import Any

from ws_widgets.policy import DefaultPolicy


class OnlyAcmePolicy(DefaultPolicy):
    """Everybody may watch acme only; bob may not acknowledge."""

    def can_view_client(self, user: Any | None, client_id: str) -> bool:
        return client_id == "acme"

    def can_acknowledge(self, user: Any | None, client_id: str) -> bool:
        return super().can_acknowledge(user, client_id) and user.get_username() != "bob"


class ExplodingPolicy(DefaultPolicy):
    def can_view_channel(self, user: Any | None, channel: str) -> bool:
        raise RuntimeError("policy backend is down")
