"""A custom async token validator, standing in for a project's JWT check."""

from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model


async def async_validator(token: str) -> Any | None:
    """Accepts `let-me-in:<username>`."""
    prefix, _, username = token.partition(":")
    if prefix != "let-me-in":
        return None
    return await database_sync_to_async(lambda: get_user_model().objects.filter(username=username).first())()
