"""A strict Content-Security-Policy for the example: no inline script, no eval, Trusted Types, same origin only.

It proves the widgets need no 'unsafe-inline' and no Trusted Types policy but Lit's: the only
scripts are the bundle and `type="application/json"` data blocks, which are never executed.

- Django 6: Django's own ContentSecurityPolicyMiddleware sends `SECURE_CSP = POLICY` (settings.py).
  `script-src` holds the per-request nonce only, so the bundle runs only because
  `{% ws_widgets_script %}` put that nonce on its tag, by itself.
- Django 5.2 has no built-in CSP: the small middleware below sends the same policy with
  `script-src 'self'` (the bundle is a same-origin file) instead of the nonce.

`require-trusted-types-for 'script'` makes the DOM sinks that parse HTML or load script refuse
plain strings; Lit passes its template HTML through a Trusted Types policy named `lit-html`, the
only policy and the only such sink in the bundle, so `trusted-types lit-html` is all it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

try:
    from django.utils.csp import CSP
except ImportError:  # Django 5.2
    CSP = None  # type: ignore[assignment,misc]

SELF = "'self'"
NONE = "'none'"

POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [CSP.NONCE] if CSP is not None else [SELF],
    "style-src": [SELF],  # the widgets' styles are constructed stylesheets, which CSP does not restrict
    "connect-src": [SELF],  # same host and port: current browsers match ws: and wss: to 'self' too
    "img-src": [SELF, "data:"],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "require-trusted-types-for": ["'script'"],
    "trusted-types": ["lit-html"],
}

# The middleware settings.py lists: Django's own where there is one.
MIDDLEWARE = (
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if CSP is not None
    else "example.csp.ContentSecurityPolicyMiddleware"
)

# Django 6: `csp_nonce` in templates, for a page's own inline scripts (the bundle's tag needs none of it,
# but without it Django's check security.W027 warns that the nonce would reach no template).
CONTEXT_PROCESSORS = ["django.template.context_processors.csp"] if CSP is not None else []

HEADER = "; ".join(f"{directive} {' '.join(values)}" for directive, values in POLICY.items())


class ContentSecurityPolicyMiddleware:
    """Django 5.2 only: adds the header to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", HEADER)
        return response
