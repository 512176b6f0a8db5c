"""Template tags: load the bundle, hand a token to `<ws-connection>`, embed initial JSON.

    {% load ws_widgets %}
    {% ws_widgets_script %}                      → <script type="module" src="/static/ws-widgets/ws-widgets.js"></script>
    {% ws_widgets_script classic=True %}         → <script defer src="/static/ws-widgets/ws-widgets.iife.js"></script>
    <ws-connection token="{% ws_widgets_token %}" ...>
    <gcode-panel channel="user_7">{{ initial|ws_json_script }}</gcode-panel>
"""

from __future__ import annotations

import json
from typing import Any, Optional

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..tokens import issue_token

register = template.Library()

# The escapes of Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ws_widgets_script(classic: bool = False, nonce: Optional[str] = None) -> SafeString:
    """The `<script>` that defines the five elements; `classic=True` for the IIFE build
    (`window.WsWidgets`), `nonce=` for a nonce-based Content-Security-Policy."""
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce else ""
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
    return format_html('<script type="application/json">{}</script>', mark_safe(data))
