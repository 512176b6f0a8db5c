"""Tests of ws_widgets and the example project (run: /usr/bin/python3 django/run_tests.py)."""
