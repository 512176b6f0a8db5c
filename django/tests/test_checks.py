"""The ws_widgets system checks: each one fires on the mistake it is for, and stays quiet on good settings."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, run_checks
from django.test import SimpleTestCase, override_settings

import example.settings as example_settings
from ws_widgets import conf
from ws_widgets.checks import BUNDLE, RULES, TAG

DELETE = object()  # `checks(NAME=DELETE)`: the setting is absent, as in a project that never wrote it
INSTALLED_BUNDLE = Path(conf.__file__).resolve().parent / "static" / BUNDLE


def checks(**overrides: Any) -> list[CheckMessage]:
    """Runs only the ws_widgets checks under `overrides`."""
    with override_settings(**{name: value for name, value in overrides.items() if value is not DELETE}):
        for name, value in overrides.items():
            if value is DELETE:
                delattr(settings, name)
        return run_checks(tags=[TAG])


def ids(**overrides: Any) -> list[str]:
    return sorted(message.id for message in checks(**overrides) if message.id)


class ChannelLayerTests(SimpleTestCase):
    def test_missing_or_empty_channel_layers_is_an_error(self) -> None:
        for layers in (DELETE, {}, {"other": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}, {"default": {}}):
            with self.subTest(layers=layers):
                self.assertIn("ws_widgets.E001", ids(CHANNEL_LAYERS=layers))

    def test_in_memory_layer_is_enough(self) -> None:
        layers = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
        self.assertNotIn("ws_widgets.E001", ids(CHANNEL_LAYERS=layers))


class BundleTests(SimpleTestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.empty = Path(tmp.name) / "empty"
        self.empty.mkdir()
        self.dist = Path(tmp.name) / "dist"
        self.dist.mkdir()
        (self.dist / "ws-widgets.js").write_text("export {};\n")

    def test_bundle_no_finder_has_is_an_error(self) -> None:
        messages = checks(STATICFILES_FINDERS=["ws_widgets.finders.DistFinder"], WS_WIDGETS_DIST_DIR=str(self.empty))
        errors = [message for message in messages if message.id == "ws_widgets.E002"]
        self.assertEqual(len(errors), 1)
        self.assertIn("npm run build", errors[0].hint)

    def test_dist_finder_alone_is_enough(self) -> None:
        found = ids(STATICFILES_FINDERS=["ws_widgets.finders.DistFinder"], WS_WIDGETS_DIST_DIR=str(self.dist))
        self.assertNotIn("ws_widgets.E002", found)

    def test_installed_static_folder_alone_is_enough(self) -> None:
        if not INSTALLED_BUNDLE.is_file():
            self.skipTest(f"{INSTALLED_BUNDLE} is copied in by `npm run build:python`")
        finders = ["django.contrib.staticfiles.finders.AppDirectoriesFinder"]
        self.assertNotIn("ws_widgets.E002", ids(STATICFILES_FINDERS=finders, WS_WIDGETS_DIST_DIR=str(self.empty)))


class SettingValueTests(SimpleTestCase):
    BAD = {
        "AUTH_MODE": ["session", None],
        "AUTH_CLOSE_CODE": [4403, "4001", True],
        "HEARTBEAT_INTERVAL": [0, "30"],
        "HEARTBEAT_TIMEOUT": ["300", -1],
        "MAX_CONNECTIONS_PER_USER": [0, -3, 2.5, True, "20"],
        "MAX_FRAME_BYTES": [0, 65536.0],
        "MAX_FRAME_DEPTH": [0, 2.5, "32"],
        "RATE_LIMIT_BURST": [0, "120"],
        "RATE_LIMIT_PER_SECOND": [0, None],
        "MAX_SUBSCRIPTIONS_PER_SOCKET": [0, 1.5],
        "AUTH_TIMEOUT": [0, "10"],
        "MAX_UNAUTHENTICATED_PER_ADDRESS": [0, True],
        "POLL_LOG_SIZE": [None],
        "POLL_LOG_TTL": [0],
        "ALERT_RETENTION": ["30d", 0, -1],
        "HISTORY_SIZE": [0, 10.5, "1000"],
        "HISTORY_TTL": [0, "7d"],
        "STREAM_CHECK_INTERVAL": [0, None],
        "PUBLISH_RETRY": [-1, None, "15"],
        "TOKEN_MAX_AGE": [-1, timedelta(0)],
        "TOKEN_COOKIE": ["", None],
        "STORE": ["memory", "Redis"],
        "ALLOWED_ORIGINS": ["https://example.com", ["https://example.com", 443], {"https://example.com"}],
        "ALLOW_MISSING_ORIGIN": ["False"],
        "POLICY": [42, "DefaultPolicy"],
        "TOKEN_VALIDATOR": [None],
        "DIST_DIR": [3],
    }
    GOOD = {
        "AUTH_MODE": ["message", "none"],
        "AUTH_CLOSE_CODE": [4401],
        "HEARTBEAT_INTERVAL": [0.5],
        "HEARTBEAT_TIMEOUT": [0, None, 45.5],
        "MAX_CONNECTIONS_PER_USER": [None, 1],
        "TOKEN_MAX_AGE": [timedelta(hours=1), 60.0],
        "STORE": ["local"],
        "ALLOWED_ORIGINS": [["https://example.com", "*.example.com"], ("http://localhost:8000",), []],
        "POLICY": ["tests.policies.OnlyAcmePolicy"],
        "TOKEN_VALIDATOR": ["tests.validators.async_validator"],
        "DIST_DIR": [Path("/nowhere"), "/nowhere"],
    }

    def test_rules_cover_every_setting(self) -> None:
        msg = "a new setting in conf.DEFAULTS needs a rule in ws_widgets.checks.RULES and bad values in BAD here"
        self.assertEqual(set(self.BAD), set(conf.DEFAULTS), msg)
        self.assertEqual(set(RULES), set(conf.DEFAULTS), msg)

    def test_wrong_type_or_value_is_an_error_naming_the_setting(self) -> None:
        for name, values in self.BAD.items():
            for value in values:
                with self.subTest(name=name, value=value):
                    errors = [m for m in checks(**{f"WS_WIDGETS_{name}": value}) if m.id == "ws_widgets.E003"]
                    self.assertEqual(len(errors), 1, errors)
                    self.assertIn(f"WS_WIDGETS_{name} = {value!r}", errors[0].msg)
                    self.assertIn(f"Set WS_WIDGETS_{name} to ", errors[0].hint)

    def test_good_values_pass(self) -> None:
        for name, values in self.GOOD.items():
            for value in values:
                with self.subTest(name=name, value=value):
                    self.assertEqual([i for i in ids(**{f"WS_WIDGETS_{name}": value}) if i != "ws_widgets.W002"], [])


class DottedPathTests(SimpleTestCase):
    def test_unimportable_or_uncallable_path_is_an_error(self) -> None:
        cases = {
            "POLICY": ["ws_widgets.policy.NoSuchPolicy", "no_such_module.Policy"],
            "TOKEN_VALIDATOR": ["ws_widgets.tokens.no_such_function", "ws_widgets.conf.AUTH_MODES"],
        }
        for name, paths in cases.items():
            for path in paths:
                with self.subTest(name=name, path=path):
                    errors = [m for m in checks(**{f"WS_WIDGETS_{name}": path}) if m.id == "ws_widgets.E004"]
                    self.assertEqual(len(errors), 1, errors)
                    self.assertIn(repr(path), errors[0].msg)
                    self.assertIn(repr(conf.DEFAULTS[name]), errors[0].hint)


class RedisStoreTests(SimpleTestCase):
    def test_redis_store_without_redis_layer_is_an_error(self) -> None:
        layers = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
        self.assertIn("ws_widgets.E005", ids(WS_WIDGETS_STORE="redis", CHANNEL_LAYERS=layers))

    def test_redis_store_with_redis_layer_passes(self) -> None:
        layers = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}}  # not connected by the check
        self.assertNotIn("ws_widgets.E005", ids(WS_WIDGETS_STORE="redis", CHANNEL_LAYERS=layers))


class ServerTests(SimpleTestCase):
    def test_missing_asgi_application_is_a_warning(self) -> None:
        self.assertIn("ws_widgets.W001", ids(ASGI_APPLICATION=DELETE))
        self.assertIn("ws_widgets.W001", ids(ASGI_APPLICATION=None))

    def daphne(self, installed: bool) -> Any:
        """Stands in for "daphne" in INSTALLED_APPS or not: changing INSTALLED_APPS for real would import Twisted's
        reactor into this process, and leave daphne's own check (daphne.E001) registered after the override ends."""
        is_installed = apps.is_installed
        return mock.patch.object(
            apps, "is_installed", lambda name: installed if name == "daphne" else is_installed(name)
        )

    def test_daphne_missing_is_a_warning(self) -> None:
        with self.daphne(installed=False):
            messages = [m for m in checks() if m.id == "ws_widgets.W002"]
        self.assertEqual(len(messages), 1)
        self.assertIn("404", messages[0].msg)

    def test_daphne_installed_passes(self) -> None:
        with self.daphne(installed=True):
            self.assertNotIn("ws_widgets.W002", ids())


class UnknownSettingTests(SimpleTestCase):
    def test_misspelt_setting_is_a_warning_with_the_nearest_name(self) -> None:
        messages = [m for m in checks(WS_WIDGETS_HEARTBEAT_TIMOUT=60) if m.id == "ws_widgets.W003"]
        self.assertEqual(len(messages), 1)
        self.assertIn("WS_WIDGETS_HEARTBEAT_TIMOUT", messages[0].msg)
        self.assertEqual(messages[0].hint, "Did you mean WS_WIDGETS_HEARTBEAT_TIMEOUT?")

    def test_unrelated_name_points_to_the_docs(self) -> None:
        messages = [m for m in checks(WS_WIDGETS_COLOUR="blue") if m.id == "ws_widgets.W003"]
        self.assertEqual(len(messages), 1)
        self.assertIn("Remove it; the settings ws_widgets reads are WS_WIDGETS_ALERT_RETENTION, ", messages[0].hint)


class DeprecatedAuthModeTests(SimpleTestCase):
    def test_the_node_servers_old_names_warn_and_name_connect(self) -> None:
        for old in ("query", "cookie"):
            messages = [m for m in checks(WS_WIDGETS_AUTH_MODE=old) if m.id == "ws_widgets.W004"]
            self.assertEqual(len(messages), 1, old)
            self.assertIn(f'"{old}" is deprecated; it works as "connect"', messages[0].msg)
            self.assertEqual([m.id for m in checks(WS_WIDGETS_AUTH_MODE=old) if m.level >= 40], [])

    def test_current_names_do_not_warn(self) -> None:
        for mode in ("connect", "message", "none"):
            self.assertEqual([m for m in checks(WS_WIDGETS_AUTH_MODE=mode) if m.id == "ws_widgets.W004"], [])


class ExampleProjectTests(SimpleTestCase):
    def test_example_settings_have_no_ws_widgets_issue(self) -> None:
        """Only W002 may remain: whether the example lists "daphne" is the example's choice."""
        # INSTALLED_APPS is already the example's (the registry would reload), DATABASES and LOGGING play no part.
        skip = {"INSTALLED_APPS", "DATABASES", "LOGGING"}
        example = {name: getattr(example_settings, name) for name in dir(example_settings) if name.isupper()}
        self.assertEqual(example["INSTALLED_APPS"], settings.INSTALLED_APPS)
        messages = checks(**{name: value for name, value in example.items() if name not in skip})
        self.assertEqual([m for m in messages if m.id != "ws_widgets.W002"], [])
