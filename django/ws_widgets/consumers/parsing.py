"""Turns one incoming WebSocket frame into a JSON object, or into the `error` that answers it, and
keeps the per-socket frame budget.

Everything here runs on untrusted input before any handler sees it, so each check is bounded by
the frame's size and none can raise: the size first (cheap), then the nesting depth (Python's
parser recurses and raises RecursionError a few thousand levels down, within a 64 KiB frame),
then the parse itself, which accepts strict JSON only.
"""

from __future__ import annotations

import json
import math
import re
import time
from typing import NamedTuple, NoReturn

# Characters that can change the nesting depth or where a string starts and ends. Scanning for
# these alone keeps the depth check linear: a regular expression for whole strings would
# backtrack quadratically on a frame of escaped quotes that never closes.
_SIGNIFICANT = re.compile(r'[\[\]{}"\\]')


class FrameError(NamedTuple):
    """The `message` and `code` of the `{type: "error"}` reply; the socket stays open."""

    message: str
    code: str


def nesting_exceeds(text: str, max_depth: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `max_depth` (brackets in strings do not count)."""
    if text.count("[") + text.count("{") <= max_depth:
        return False  # every frame a widget sends: no scan at all
    depth = 0
    in_string = False
    skip_to = -1  # the character after a backslash inside a string is escaped
    for match in _SIGNIFICANT.finditer(text):
        position, char = match.start(), match.group()
        if position <= skip_to:
            continue
        if in_string:
            if char == "\\":
                skip_to = position + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1  # unbalanced text is the parser's to refuse
    return False


def _not_json(value: str) -> NoReturn:
    raise ValueError(f"{value} is not JSON")


def _finite(text: str) -> float:
    """JSON numbers only: 1e400 would become Infinity, which no browser's JSON.parse reads back."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def parse_frame(
    text: str | None, data: bytes | None, max_bytes: int, max_depth: int | None = None
) -> tuple[dict | None, FrameError | None]:
    """Returns `(frame, None)` for a JSON object, else `(None, error)`; never raises."""
    if text is None:
        return None, FrameError("binary frames are not accepted", "binary")
    # surrogatepass: a lone surrogate cannot arrive over TCP (the server checks UTF-8) but must not raise.
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return None, FrameError(f"frame larger than {max_bytes} bytes", "too_large")
    if max_depth is not None and nesting_exceeds(text, max_depth):
        return None, FrameError(f"frame nested deeper than {max_depth} levels", "too_deep")
    try:
        # NaN and Infinity are Python's extensions, not JSON.
        frame = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except RecursionError:  # only reachable with the depth limit switched off
        return None, FrameError("frame nested too deeply", "too_deep")
    except ValueError:  # JSONDecodeError, and ints beyond Python's 4,300-digit conversion limit
        return None, FrameError("frame is not JSON", "invalid_json")
    if not isinstance(frame, dict):
        return None, FrameError("frame is not a JSON object", "invalid_frame")
    return frame, None


class FrameBudget:
    """A token bucket: `burst` frames at once, refilled at `per_second`.

    Per socket and in memory: a flood is one socket's doing, and counting in Redis would cost a
    round trip per frame. The socket is closed when the bucket is empty, so a client reconnecting
    starts full; `retry_after` (the time to refill) is what the close reason asks it to wait.
    """

    def __init__(self, burst: float, per_second: float) -> None:
        self.burst = burst
        self.per_second = per_second
        self.tokens = burst
        self.updated = time.monotonic()

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.burst / self.per_second))

    def take(self) -> bool:
        """Spends one frame; False when the budget is exhausted."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def label(value: object) -> str:
    """A client-supplied name, shortened for an error message."""
    try:
        text = str(value)
    except ValueError:  # an int beyond the conversion limit; cannot come from parse_frame, but cheap
        return f"<{type(value).__name__}>"
    return text if len(text) <= 64 else text[:61] + "..."
