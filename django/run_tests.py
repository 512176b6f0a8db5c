#!/usr/bin/env python3
"""Runs the Django tests with the interpreter of one of the project's virtual environments,
from the repository root: `.venvs/django-6/bin/python django/run_tests.py [labels]` (made by
`node scripts/python-env.mjs`). Writes `{"passed", "failed", "skipped"}` to
$DJANGO_TEST_RESULTS (default .test-results/django.json) for `npm test`.

Uses Django's own runner; exits non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import sys
import unittest
from pathlib import Path

DJANGO_DIR = Path(__file__).resolve().parent
REPO_DIR = DJANGO_DIR.parent
RESULTS = REPO_DIR / os.environ.get("DJANGO_TEST_RESULTS", ".test-results/django.json")


def main(labels: list[str]) -> int:
    sys.path.insert(0, str(DJANGO_DIR))
    os.chdir(DJANGO_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django
    from django.test.runner import DiscoverRunner

    django.setup()
    outcome: dict[str, unittest.TestResult] = {}

    class CountingRunner(DiscoverRunner):
        def run_suite(self, suite, **kwargs):  # type: ignore[no-untyped-def]
            outcome["result"] = result = super().run_suite(suite, **kwargs)
            return result

    runner = CountingRunner(verbosity=2, interactive=False, top_level=str(DJANGO_DIR))
    failures = runner.run_tests(labels or ["tests"])
    result = outcome.get("result")
    if result is None:  # the suite never ran (import error, database setup failed)
        counts = {"passed": 0, "failed": max(1, failures), "skipped": 0}
    else:
        # A test with several failing subTests is one failed test.
        failing = {id(getattr(test, "test_case", test)) for test, _ in result.failures + result.errors}
        failed = len(failing) + len(result.unexpectedSuccesses)
        skipped = len(result.skipped)
        passed = result.testsRun - failed - skipped - len(result.expectedFailures)
        counts = {"passed": passed, "failed": failed, "skipped": skipped}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(counts) + "\n")
    totals = f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
    print(f"django {django.get_version()}: {totals}")
    return 1 if failures or counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
