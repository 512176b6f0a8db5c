"""Template tags: load the bundle, hand a token to `<ws-connection>`, embed initial JSON.

{% load ws_widgets %}
{% ws_widgets_script %}               → <script type="module" src="/static/ws-widgets/ws-widgets.js"></script>
{% ws_widgets_script classic=True %}  → <script defer src="/static/ws-widgets/ws-widgets.iife.js"></script>
{% ws_widgets_script nonce=n %}       → … nonce="…" (Django 6's own CSP nonce is used without it)
<ws-connection token="{% ws_widgets_token %}" ...>
<gcode-panel channel="user_7">{{ initial|ws_json_script }}</gcode-panel>
{% ws_alert_feed client_id="acme" max_items=100 %}  → <noc-alert-feed …> with the stored alerts
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .. import frames, stream
from ..policy import get_policy
from ..tokens import issue_token

try:  # Django 6.0+: the per-request nonce of django.middleware.csp.ContentSecurityPolicyMiddleware
    from django.middleware.csp import get_nonce as _request_csp_nonce
    from django.utils.csp import CONTEXT_KEY as _CSP_CONTEXT_KEY
except ImportError:  # Django 5.2 has no built-in CSP: only an explicit nonce= gives one
    _request_csp_nonce = None

register = template.Library()

# The escapes of Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _script_nonce(context: template.Context, explicit: Any) -> str:
    """The nonce for the `<script>`: an explicit `nonce=` wins; otherwise Django 6's own, from the
    `csp` context processor's `csp_nonce` or, without that processor, from the request.

    Django's nonce is a `LazyNonce`: it is generated on first use and only then written into the
    header (`'nonce-…'` in place of `CSP.NONCE`), and it is falsy until used, so it must be read
    with `str()` here, never tested with `if nonce:` (which would leave it unused and the bundle
    blocked by a nonce-only `script-src`)."""
    if explicit is not None and (value := str(explicit)):
        return value  # an empty one (an unset variable) falls through to Django's own nonce
    if _request_csp_nonce is None:
        return ""
    nonce = context.get(_CSP_CONTEXT_KEY)
    if nonce is None:
        request = getattr(context, "request", None) or context.get("request")
        nonce = _request_csp_nonce(request) if request is not None else None
    return "" if nonce is None else str(nonce)


@register.simple_tag(takes_context=True)
def ws_widgets_script(context: template.Context, classic: bool = False, nonce: str | None = None) -> SafeString:
    """The `<script>` that defines the five elements; `classic=True` for the IIFE build
    (`window.WsWidgets`). For a nonce-based Content-Security-Policy it carries `nonce=`, or else
    the nonce of Django 6's ContentSecurityPolicyMiddleware when that runs (escaped either way)."""
    value = _script_nonce(context, nonce)
    # escape(), not format_html's own conditional escaping: a nonce marked safe is escaped too.
    nonce_attr = format_html(' nonce="{}"', escape(value)) if value else ""
    if classic:
        return format_html('<script defer src="{}"{}></script>', static("ws-widgets/ws-widgets.iife.js"), nonce_attr)
    return format_html('<script type="module" src="{}"{}></script>', static("ws-widgets/ws-widgets.js"), nonce_attr)


@register.simple_tag(takes_context=True)
def ws_widgets_token(context: template.Context) -> str:
    """A fresh signed token for the current user (empty when nobody is logged in)."""
    request = context.get("request")
    user: Any = getattr(request, "user", None) or context.get("user")
    return issue_token(user) if getattr(user, "is_authenticated", False) else ""


@register.filter(is_safe=True)
def ws_json_script(value: Any) -> SafeString:
    """`<script type="application/json">` holding `value`, escaped like Django's json_script
    but without an id, for a widget's initial state (`<gcode-panel>`)."""
    data = json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/json">{}</script>', mark_safe(data))  # noqa: S308 (escaped above)


_ATTRIBUTE = re.compile(r"^[a-z][a-z0-9_]*\Z")


@register.simple_tag(takes_context=True)
def ws_alert_feed(context: template.Context, client_id: str, **attributes: Any) -> SafeString:
    """`<noc-alert-feed client-id="…">` holding the client's stored unacknowledged alerts and the
    stream's latest `seq` as its initial JSON (escaped as `ws_json_script` does): the page shows them
    before the socket opens, and the feed's first `subscribe_client` resumes from that `seq`.

    Other keyword arguments become attributes (`max_items=50` → `max-items="50"`; True → a bare
    attribute, False or None → left out). A user the policy refuses gets the element without data.
    """
    if not frames.valid_client_id(client_id):
        raise template.TemplateSyntaxError(f"ws_alert_feed: {client_id!r} is not a client id")
    attrs: dict[str, Any] = {"client-id": client_id}
    for name, value in attributes.items():
        if not _ATTRIBUTE.match(name):
            raise template.TemplateSyntaxError(f"ws_alert_feed: bad attribute name {name!r}")
        attrs[name.replace("_", "-")] = value
    rendered = "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not None and value is not False
    )
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not get_policy().can_view_client(user, client_id):
        return format_html("<noc-alert-feed{}></noc-alert-feed>", mark_safe(rendered))  # noqa: S308 (escaped above)
    initial = ws_json_script(stream.initial_state(client_id))
    return format_html("<noc-alert-feed{}>{}</noc-alert-feed>", mark_safe(rendered), initial)  # noqa: S308
