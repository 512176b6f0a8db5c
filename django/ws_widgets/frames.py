"""Builds and checks the frames of PROTOCOL.md, and names the groups they are sent to.

Everything application code hands to the broadcast API passes through here, so a typo in a
severity or a score of 250 fails loudly in the caller instead of reaching a browser.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .policy import CHANNEL, CLIENT_ID

SEVERITIES = ("critical", "major", "minor", "warning", "info")
INTENSITIES = ("low", "medium", "high")
STARTED = time.monotonic()  # "server uptime" in heartbeat_ack and stats is this process's

ClientId = str
UserRef = int | str | Any  # a pk, or anything with a .pk


def now_iso() -> str:
    """The current UTC time as JavaScript's `toISOString()` writes it."""
    return iso(timezone.now())


def iso(value: dt.datetime) -> str:
    """An aware or naive (taken as the current time zone) datetime in ISO 8601, UTC, with Z."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A client's timestamp (ISO string, or epoch milliseconds) as an aware datetime, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def uptime_seconds() -> int:
    return int(time.monotonic() - STARTED)


def jsonable(frame: Mapping[str, Any]) -> dict:
    """A deep copy holding only JSON types (dates become strings), as the channel layer needs."""
    return json.loads(json.dumps(frame, cls=DjangoJSONEncoder))


def valid_client_id(value: Any) -> bool:
    """A NOC client id: 1-64 letters, digits, '.', '_' or '-', and nothing else.

    A full match: with `re.match`, the pattern's `$` also matches before a final newline, so
    "acme\n" would pass and name a group, a Redis key and a log line of its own.
    """
    return isinstance(value, str) and CLIENT_ID.fullmatch(value) is not None


def valid_channel(value: Any) -> bool:
    """A G-Code channel name, `user_<id>`, matched in full (see `valid_client_id`)."""
    return isinstance(value, str) and CHANNEL.fullmatch(value) is not None


def client_group(client_id: ClientId) -> str:
    """The channel-layer group of a NOC client's subscribers."""
    if not valid_client_id(client_id):
        raise ValueError("client_id must be 1-64 letters, digits, '.', '_' or '-'")
    return f"ws_widgets.noc.{client_id}"


def channel_name(user: UserRef) -> str:
    """`user_<id>` for a user, a pk, or an already formed channel name."""
    if valid_channel(user):
        return user
    pk = getattr(user, "pk", user)
    name = f"user_{pk}"
    if not valid_channel(name):
        raise ValueError(f"cannot make a G-Code channel name from {pk!r}")
    return name


def channel_group(channel: str) -> str:
    """The channel-layer group of a G-Code channel's subscribers."""
    if not valid_channel(channel):
        raise ValueError("channel must look like user_<id>")
    return f"ws_widgets.gcode.{channel}"


def _created_at(value: str | dt.datetime | None) -> str:
    if value is None:
        return now_iso()
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, str) and parse_timestamp(value) is not None:
        return value
    raise ValueError("created_at must be a datetime or an ISO 8601 string")


def build_alert(
    client_id: ClientId,
    *,
    title: str,
    severity: str = "warning",
    message: str = "",
    source: str = "django",
    id: str | int | None = None,  # noqa: A002 - the protocol's field name
    created_at: str | dt.datetime | None = None,
) -> dict:
    """A complete `alert` object of `alert_new`."""
    client_group(client_id)
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
    if not isinstance(title, str) or not title:
        raise ValueError("title must be a non-empty string")
    # The database's limits (ws_widgets.models.Alert), checked here so a caller learns at once.
    if len(title) > 500 or len(str(source)) > 200:
        raise ValueError("title must be at most 500 characters, source at most 200")
    if id is not None and not 0 < len(str(id)) <= 128:
        raise ValueError("id must be 1 to 128 characters")
    return {
        "id": str(id) if id is not None else uuid.uuid4().hex,
        "client_id": client_id,
        "severity": severity,
        "title": title,
        "message": str(message),
        "source": str(source),
        "created_at": _created_at(created_at),
    }


def _date(value: str | dt.date | None) -> str:
    if value is None:
        return timezone.localdate().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value:
        return value
    raise ValueError("date must be a date or an ISO 8601 string")


def build_gcode_data(data: Mapping[str, Any]) -> dict:
    """The `data` of `gcode_updated`: date, g_code_score (0-100), intensity and themes."""
    unknown = set(data) - {"date", "g_code_score", "intensity", "themes"}
    if unknown:
        raise ValueError(f"unknown G-Code fields: {', '.join(sorted(unknown))}")
    score = data.get("g_code_score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100:
        raise ValueError("g_code_score must be a number from 0 to 100")
    if data.get("intensity") not in INTENSITIES:
        raise ValueError(f"intensity must be one of {', '.join(INTENSITIES)}")
    themes: Iterable[Any] = data.get("themes") or []
    if isinstance(themes, str) or not all(isinstance(t, str) for t in themes):
        raise ValueError("themes must be a list of strings")
    return {
        "date": _date(data.get("date")),
        "g_code_score": score,
        "intensity": data["intensity"],
        "themes": list(themes),
    }


def build_annotation(
    note: str,
    *,
    date: str | dt.date | None = None,
    id: str | int | None = None,  # noqa: A002
) -> dict:
    """The `data` of `annotation_added`."""
    if not isinstance(note, str) or not note:
        raise ValueError("note must be a non-empty string")
    return {"id": str(id) if id is not None else uuid.uuid4().hex, "date": _date(date), "note": note}


def build_content(platform: str, status: str, *, id: str | int | None = None) -> dict:  # noqa: A002
    """The `data` of `content_generated`."""
    if not isinstance(platform, str) or not platform or not isinstance(status, str) or not status:
        raise ValueError("platform and status must be non-empty strings")
    return {"id": str(id) if id is not None else uuid.uuid4().hex, "platform": platform, "status": status}
