"""The template tags' exact output, and the example pages built with them."""

from __future__ import annotations

import json
import re

from django.template import Context, Template
from django.test import SimpleTestCase, override_settings

from ws_widgets.tokens import validate_signed_token

from .helpers import WidgetsTestCase


def render(source: str, **context) -> str:  # type: ignore[no-untyped-def]
    return Template("{% load ws_widgets %}" + source).render(Context(context))


class TagTests(SimpleTestCase):
    def test_module_script(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script %}"), '<script type="module" src="/static/ws-widgets/ws-widgets.js"></script>'
        )

    def test_classic_script_is_deferred(self) -> None:
        self.assertEqual(
            render("{% ws_widgets_script classic=True %}"), '<script defer src="/static/ws-widgets/ws-widgets.iife.js"></script>'
        )

    def test_nonce_is_escaped(self) -> None:
        self.assertEqual(
            render('{% ws_widgets_script nonce=n %}', n='a"b'),
            '<script type="module" src="/static/ws-widgets/ws-widgets.js" nonce="a&quot;b"></script>',
        )

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


class TokenTagTests(WidgetsTestCase):
    def test_token_tag_issues_a_token_for_the_user(self) -> None:
        token = render("{% ws_widgets_token %}", user=self.alice)
        self.assertEqual(validate_signed_token(token), self.alice)


class ExamplePageTests(WidgetsTestCase):
    def assert_no_inline_script(self, html: str) -> None:
        for tag in re.findall(r"<script\b[^>]*>", html):
            self.assertTrue('src="' in tag or 'type="application/json"' in tag, tag)
        self.assertNotRegex(html, r"\son[a-z]+=")  # no inline event handlers either

    def test_pages_need_a_login(self) -> None:
        for url in ("/noc/", "/gcode/"):
            self.assertRedirects(self.client.get(url), f"/login/?next={url}")

    def test_base_template_has_the_badge_and_toast_in_the_navbar(self) -> None:
        html = self.client.get("/login/").content.decode()
        nav = html[html.index("<nav") : html.index("</nav>")]
        self.assertIn('<ws-status-badge for="live"></ws-status-badge>', nav)
        self.assertIn('<ws-toast for="live"></ws-toast>', nav)
        self.assertIn('<script type="module" src="/static/ws-widgets/ws-widgets.js"></script>', html)

    def test_noc_page(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/noc/?client=globex")
        html = response.content.decode()
        self.assertRegex(html, r'<ws-connection id="live" url="/ws/noc/dashboard/" token="[^"]+"')
        self.assertIn('heartbeat="heartbeat" heartbeat-interval="30000"', html)
        self.assertIn('ready-message="connection_established"', html)
        self.assertIn('polling-url="http://testserver/api/poll/noc/dashboard/?client_id=globex"', html)
        self.assertIn('<noc-alert-feed client-id="globex"></noc-alert-feed>', html)
        token = re.search(r'token="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        self.assertEqual(validate_signed_token(token), self.alice)
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
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
        from ws_widgets.store import LOCAL_STORE
        from asgiref.sync import async_to_sync

        self.client.force_login(self.alice)
        response = self.client.post("/noc/raise/", {"client": "acme", "severity": "critical", "title": "From the form"})
        self.assertRedirects(response, "/noc/?client=acme", fetch_redirect_response=False)
        frames, _ = async_to_sync(LOCAL_STORE.read_frames)(["ws_widgets.noc.acme"], 0)
        self.assertEqual(frames[-1]["alert"]["title"], "From the form")
        self.assertEqual(self.client.post("/noc/raise/", {"severity": "apocalyptic"}).status_code, 400)
        self.assertRedirects(self.client.post("/gcode/update/"), "/gcode/", fetch_redirect_response=False)
        frames, _ = async_to_sync(LOCAL_STORE.read_frames)([f"ws_widgets.gcode.user_{self.alice.pk}"], 0)
        self.assertEqual(frames[-1]["type"], "gcode_updated")
