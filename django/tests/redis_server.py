"""A throwaway redis-server for the tests that need a real Redis (skipped when it is missing)."""

from __future__ import annotations

import shutil
import subprocess
import unittest

from example.e2e_support import free_port, wait_for_port

REDIS = shutil.which("redis-server")
needs_redis = unittest.skipUnless(REDIS, "redis-server is not installed (apt-get install -y redis-server)")


class RedisServer:
    """Started by setUpClass, stopped by tearDownClass of the suites that use it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        assert REDIS is not None
        argv = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
