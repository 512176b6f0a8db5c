"""The template tags' exact output, and the example pages built with them."""

from __future__ import annotations

import json
import re
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from example import csp as example_csp
from ws_widgets.broadcast import send_alert
from ws_widgets.models import Alert
from ws_widgets.tokens import validate_signed_token

from .helpers import WidgetsTestCase

try:  # Django 6.0+
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.utils.csp import CSP
except ImportError:  # Django 5.2 has no built-in CSP
    ContentSecurityPolicyMiddleware = None  # type: ignore[assignment,misc]
    CSP = None  # type: ignore[assignment,misc]

NONCE_ONLY = {"script-src": [CSP.NONCE]} if CSP is not None else {}
TEMPLATES_WITH_CSP_PROCESSOR = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"context_processors": ["django.template.context_processors.csp"]},
    }
]
NO_BUILTIN_CSP = "Django 5.2 has no built-in CSP (django.middleware.csp is new in Django 6.0)"
# The bundle's tag as the example renders it, module or classic (?bundle=classic), with the nonce as group 1.
BUNDLE_TAG = re.compile(
    r'<script (?:type="module"|defer) src="/static/ws-widgets/ws-widgets(?:\.iife)?\.js"(?: nonce="([^"]*)")?></script>'
)
MODULE_TAG = re.compile(r'<script type="module" src="/static/ws-widgets/ws-widgets\.js"(?: nonce="([^"]*)")?></script>')


def render(source: str, **context) -> str:  # type: ignore[no-untyped-def]
    return Template("{% load ws_widgets %}" + source).render(Context(context))


def render_through_csp_middleware(source: str) -> HttpResponse:
    """Renders `source` in a view behind Django 6's real ContentSecurityPolicyMiddleware (SECURE_CSP
    comes from the settings in force) and returns the response with its header."""
    assert ContentSecurityPolicyMiddleware is not None

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(Template("{% load ws_widgets %}" + source).render(RequestContext(request, {})))

    return ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))


class TagTests(SimpleTestCase):
    def test_module_script(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script %}"), '<script type="module" src="/static/ws-widgets/ws-widgets.js"></script>'
        )

    def test_classic_script_is_deferred(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script classic=True %}"),
            '<script defer src="/static/ws-widgets/ws-widgets.iife.js"></script>',
        )

    def test_nonce_is_escaped(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script nonce=n %}", n='a"b'),
            '<script type="module" src="/static/ws-widgets/ws-widgets.js" nonce="a&quot;b"></script>',
        )

    def test_explicit_nonce_on_the_classic_build(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script classic=True nonce='r4nd0m' %}"),
            '<script defer src="/static/ws-widgets/ws-widgets.iife.js" nonce="r4nd0m"></script>',
        )

    def test_a_nonce_marked_safe_is_escaped_all_the_same(self) -> None:
        self.assertIn(' nonce="a&quot;&gt;b"', render("{% ws_widgets_script nonce=n %}", n=mark_safe('a">b')))

    def test_no_nonce_attribute_without_a_csp_nonce(self) -> None:
        # A request that no CSP middleware saw: on Django 6 too there is no nonce to use.
        request = RequestFactory().get("/")
        for source in ("{% ws_widgets_script %}", "{% ws_widgets_script nonce=unset %}"):
            with self.subTest(source=source):
                html = Template("{% load ws_widgets %}" + source).render(RequestContext(request, {}))
                self.assertEqual(html, '<script type="module" src="/static/ws-widgets/ws-widgets.js"></script>')

    @override_settings(STATIC_URL="https://cdn.example.com/s/")
    def test_static_url_is_honoured(self) -> None:
        self.assertIn('src="https://cdn.example.com/s/ws-widgets/ws-widgets.js"', render("{% ws_widgets_script %}"))

    def test_json_script_cannot_be_broken_out_of(self) -> None:
        html = render("{{ data|ws_json_script }}", data={"note": "</script><script>alert(1)</script> & <b>"})
        self.assertTrue(html.startswith('<script type="application/json">'))
        self.assertEqual(html.count("</script>"), 1)
        body = html[len('<script type="application/json">') : -len("</script>")]
        self.assertEqual(json.loads(body), {"note": "</script><script>alert(1)</script> & <b>"})

    def test_token_tag_is_empty_for_anonymous_users(self) -> None:
        self.assertEqual(render("{% ws_widgets_token %}"), "")


@skipUnless(ContentSecurityPolicyMiddleware is not None, NO_BUILTIN_CSP)
class DjangoCspNonceTests(SimpleTestCase):
    """Django 6's nonce is lazy: the middleware writes 'nonce-…' into the header only when
    something read it during the response, so the tag must read it, not just test it."""

    def assert_header_carries_the_tag_nonce(self, response: HttpResponse) -> None:
        html = response.content.decode()
        nonce = re.search(r' nonce="([^"]+)"', html)
        self.assertIsNotNone(nonce, html)
        self.assertEqual(response["Content-Security-Policy"], f"script-src 'nonce-{nonce.group(1)}'")  # type: ignore[union-attr]

    @override_settings(SECURE_CSP=NONCE_ONLY)
    def test_the_tag_uses_django_nonce_and_the_header_carries_it(self) -> None:
        # No `csp` context processor here (the example has none): the tag reads the request's nonce.
        for source in ("{% ws_widgets_script %}", "{% ws_widgets_script classic=True %}"):
            with self.subTest(source=source):
                self.assert_header_carries_the_tag_nonce(render_through_csp_middleware(source))

    @override_settings(SECURE_CSP=NONCE_ONLY, TEMPLATES=TEMPLATES_WITH_CSP_PROCESSOR)
    def test_with_the_csp_context_processor(self) -> None:
        self.assert_header_carries_the_tag_nonce(render_through_csp_middleware("{% ws_widgets_script %}"))

    def test_csp_nonce_of_the_context_is_used(self) -> None:
        self.assertIn(' nonce="from-context"', render("{% ws_widgets_script %}", csp_nonce="from-context"))

    @override_settings(SECURE_CSP={"script-src": [CSP.SELF, CSP.NONCE]} if CSP is not None else {})
    def test_an_explicit_nonce_wins_and_leaves_django_nonce_unused(self) -> None:
        response = render_through_csp_middleware("{% ws_widgets_script nonce='mine' %}")
        self.assertEqual(
            response.content.decode(),
            '<script type="module" src="/static/ws-widgets/ws-widgets.js" nonce="mine"></script>',
        )
        self.assertEqual(response["Content-Security-Policy"], "script-src 'self'")  # nobody read Django's nonce


class TokenTagTests(WidgetsTestCase):
    def test_token_tag_issues_a_token_for_the_user(self) -> None:
        token = render("{% ws_widgets_token %}", user=self.alice)
        self.assertEqual(validate_signed_token(token), self.alice)


class AlertFeedTagTests(WidgetsTestCase):
    """`{% ws_alert_feed %}`: the stored alerts and their `seq` as the feed's initial JSON."""

    def test_renders_the_stored_unacknowledged_alerts_and_the_seq_escaped(self) -> None:
        older = send_alert("acme", title="Older")
        hostile = send_alert("acme", title="</script><script>alert(1)</script> & <b>", source="x")
        send_alert("globex", title="Not acme's")
        send_alert("acme", title="Acknowledged", id="acked")
        Alert.objects.filter(alert_id="acked").update(acknowledged_at=timezone.now(), acknowledged_by_name="bob")
        html = render(
            '{% ws_alert_feed client_id="acme" max_items=50 group_by="source" controls=True %}', user=self.alice
        )
        start = (
            '<noc-alert-feed client-id="acme" max-items="50" group-by="source" controls>'
            '<script type="application/json">'
        )
        self.assertTrue(html.startswith(start), html)
        self.assertTrue(html.endswith("</script></noc-alert-feed>"))
        self.assertEqual(html.count("</script>"), 1)  # nothing in the data closes the element
        body = html[len(start) : -len("</script></noc-alert-feed>")]
        self.assertEqual(json.loads(body), {"seq": 3, "alerts": [hostile, older]})

    def test_a_user_the_policy_refuses_gets_the_element_without_data(self) -> None:
        send_alert("acme", title="Secret")
        nobody = get_user_model().objects.create_user("nobody", password="pw")
        for user in (nobody, None):
            with self.subTest(user=user):
                html = render('{% ws_alert_feed client_id="acme" %}', user=user)
                self.assertEqual(html, '<noc-alert-feed client-id="acme"></noc-alert-feed>')

    def test_attributes_are_escaped_and_bad_names_refused(self) -> None:
        html = render('{% ws_alert_feed client_id="acme" label=label hidden=False %}', user=self.alice, label='"><b>')
        self.assertIn('label="&quot;&gt;&lt;b&gt;"', html)
        self.assertNotIn("hidden", html)
        with self.assertRaises(TemplateSyntaxError):
            render('{% ws_alert_feed client_id="no such client" %}', user=self.alice)


class ExamplePageTests(WidgetsTestCase):
    def assert_no_inline_script(self, html: str) -> None:
        for tag in re.findall(r"<script\b[^>]*>", html):
            self.assertTrue('src="' in tag or 'type="application/json"' in tag, tag)
        self.assertNotRegex(html, r"\son[a-z]+=")  # no inline event handlers either

    def assert_strict_policy(self, response: HttpResponse) -> None:
        """The example's policy (example/csp.py), with the bundle's nonce in it on Django 6."""
        policy = response["Content-Security-Policy"]
        self.assertIn("require-trusted-types-for 'script'; trusted-types lit-html", policy)
        nonce = BUNDLE_TAG.search(response.content.decode()).group(1)  # type: ignore[union-attr]
        if CSP is None:
            self.assertIsNone(nonce)
            self.assertEqual(policy, example_csp.HEADER)
            self.assertIn("script-src 'self';", policy)
        else:  # Django's own middleware, and only the nonced bundle may run
            self.assertIn(f"script-src 'nonce-{nonce}';", policy)
            self.assertNotIn("'self'", policy.split("script-src", 1)[1].split(";", 1)[0])

    def test_every_page_sends_the_strict_policy(self) -> None:
        self.assert_strict_policy(self.client.get("/login/"))
        self.client.force_login(self.alice)
        for url in ("/", "/noc/", "/gcode/", "/noc/?bundle=classic"):
            with self.subTest(url=url):
                self.assert_strict_policy(self.client.get(url))

    def test_pages_need_a_login(self) -> None:
        for url in ("/noc/", "/gcode/"):
            self.assertRedirects(self.client.get(url), f"/login/?next={url}")

    def test_base_template_has_the_badge_and_toast_in_the_navbar(self) -> None:
        html = self.client.get("/login/").content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        self.assertIn('<ws-status-badge for="live"></ws-status-badge>', nav)
        self.assertIn('<ws-toast for="live"></ws-toast>', nav)
        self.assertRegex(html, MODULE_TAG)

    def test_noc_page(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/noc/?client=globex")
        html = response.content.decode()
        self.assertRegex(html, r'<ws-connection id="live" url="/ws/noc/dashboard/" token="[^"]+"')
        self.assertIn('heartbeat="heartbeat" heartbeat-interval="30000"', html)
        self.assertIn('ready-message="connection_established"', html)
        self.assertIn('polling-url="http://testserver/api/poll/noc/dashboard/?client_id=globex"', html)
        self.assertIn(
            '<noc-alert-feed client-id="globex"><script type="application/json">{"seq": 0, "alerts": []}</script>'
            "</noc-alert-feed>",
            html,
        )
        token = re.search(r'token="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        self.assertEqual(validate_signed_token(token), self.alice)
        self.assert_strict_policy(response)
        self.assert_no_inline_script(html)

    def test_gcode_page_embeds_escaped_initial_json(self) -> None:
        self.client.force_login(self.bob)
        html = self.client.get("/gcode/").content.decode()
        self.assertIn(f'<gcode-panel channel="user_{self.bob.pk}"><script type="application/json">', html)
        self.assertIn('auth="cookie"', html)
        self.assertIn('heartbeat="action-ping"', html)
        start = html.index('<script type="application/json">') + len('<script type="application/json">')
        initial = json.loads(html[start : html.index("</script>", start)])
        self.assertEqual(set(initial), {"gcode", "annotations", "content"})  # the panel's GcodeState
        self.assertEqual(set(initial["gcode"]), {"date", "g_code_score", "intensity", "themes"})
        self.assert_no_inline_script(html)

    @override_settings(WS_WIDGETS_AUTH_MODE="message")
    def test_message_auth_mode_is_reflected_in_the_markup(self) -> None:
        self.client.force_login(self.alice)
        self.assertIn('auth="message"', self.client.get("/noc/").content.decode())
        self.assertRegex(self.client.get("/gcode/").content.decode(), r'auth="message" token="[^"]+"')

    def test_demo_actions_broadcast_from_views(self) -> None:
        from asgiref.sync import async_to_sync

        from ws_widgets.store import LOCAL_STORE

        self.client.force_login(self.alice)
        response = self.client.post("/noc/raise/", {"client": "acme", "severity": "critical", "title": "From the form"})
        self.assertRedirects(response, "/noc/?client=acme", fetch_redirect_response=False)
        _, frames = async_to_sync(LOCAL_STORE.read_history)("acme", 0)
        self.assertEqual(frames[-1]["alert"]["title"], "From the form")
        self.assertEqual(self.client.post("/noc/raise/", {"severity": "apocalyptic"}).status_code, 400)
        self.assertRedirects(self.client.post("/gcode/update/"), "/gcode/", fetch_redirect_response=False)
        frames, _ = async_to_sync(LOCAL_STORE.read_frames)([f"ws_widgets.gcode.user_{self.alice.pk}"], 0)
        self.assertEqual(frames[-1]["type"], "gcode_updated")
