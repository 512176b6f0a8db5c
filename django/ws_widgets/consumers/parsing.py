"""Turns one incoming WebSocket frame into a JSON object, or into the `error` that answers it."""

from __future__ import annotations

import json
from typing import NamedTuple, Optional


class FrameError(NamedTuple):
    """The `message` and `code` of the `{type: "error"}` reply; the socket stays open."""

    message: str
    code: str


def parse_frame(text: Optional[str], data: Optional[bytes], max_bytes: int) -> tuple[Optional[dict], Optional[FrameError]]:
    """Returns `(frame, None)` for a JSON object, else `(None, error)`."""
    if text is None:
        return None, FrameError("binary frames are not accepted", "binary")
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        return None, FrameError(f"frame larger than {max_bytes} bytes", "too_large")
    try:
        frame = json.loads(text)
    except ValueError:
        return None, FrameError("frame is not JSON", "invalid_json")
    if not isinstance(frame, dict):
        return None, FrameError("frame is not a JSON object", "invalid_frame")
    return frame, None


def label(value: object) -> str:
    """A client-supplied name, shortened for an error message."""
    text = str(value)
    return text if len(text) <= 64 else text[:61] + "..."
