"""Starts the example as end-to-end tests need it: one Redis, N Daphne processes, a fresh database.

From Python:
    with Cluster(daphnes=2, env={"WS_MAX_CONNECTIONS_PER_USER": "2"}) as cluster:
        cluster.info["servers"][0]["http"]     # http://127.0.0.1:PORT
From any other language (Node tests):
    /usr/bin/python3 django/example/e2e_support.py --daphnes 2 [--env KEY=VALUE ...]
prints one JSON line ({redis_url, servers: [{port, http, ws, log}], users: [{username, id, token}],
password, db}) once everything accepts connections, and stops it all on SIGTERM or SIGINT (and,
with --watch-stdin, when its stdin closes: a parent that dies cannot leave servers behind).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DJANGO_DIR = Path(__file__).resolve().parents[1]
PASSWORD = "example-password"
APPLICATION = "example.asgi:application"


def free_port() -> int:
    """A TCP port nobody listens on right now (Redis's `--port 0` disables TCP instead)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20.0) -> None:
    """Returns once `port` accepts connections; fails fast if `process` died instead."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling a port: there is no event to await
    raise TimeoutError(f"nothing listened on port {port} within {timeout} s")


def manage(args: list[str], env: dict[str, str]) -> str:
    """Runs `manage.py` of the example and returns its stdout."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=DJANGO_DIR, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


class Cluster:
    """Redis + `daphnes` Daphne processes of example.asgi sharing one sqlite file and one Redis."""

    def __init__(
        self,
        daphnes: int = 2,
        env: dict[str, str] | None = None,
        *,
        server: str = "daphne",
        server_args: Sequence[str] = (),
    ) -> None:
        """`server` is the module run as `python -m <server>`: "daphne", or "ws_widgets.serve" (Daphne
        passing close reasons on, with WS_WIDGETS_MAX_FRAME_BYTES as its frame limit); `server_args`
        go before the application (e.g. "--websocket-max-message-size", "0")."""
        self.daphnes = daphnes
        self.server = server
        self.server_args = list(server_args)
        self.extra_env = env or {}
        self.processes: list[subprocess.Popen] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="ws-widgets-e2e-"))
        self.info: dict[str, Any] = {}
        self.env: dict[str, str] = {}

    def start(self) -> dict[str, Any]:
        redis_port = free_port()
        redis_bin = shutil.which("redis-server")
        if redis_bin is None:
            raise RuntimeError("redis-server is not installed (apt-get install -y redis-server)")
        redis = self._spawn(
            [redis_bin, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            "redis.log",
        )
        wait_for_port(redis_port, redis)
        self.env = {
            **os.environ,
            "PYTHONPATH": str(DJANGO_DIR),
            "DJANGO_SETTINGS_MODULE": "example.settings",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "WS_EXAMPLE_DB": str(self.tmp / "db.sqlite3"),
            **self.extra_env,
        }
        manage(["migrate", "--noinput", "-v", "0"], self.env)
        users = json.loads(manage(["example_setup", "--password", PASSWORD], self.env))["users"]
        servers = []
        for index in range(self.daphnes):
            port = free_port()
            log = f"daphne-{index}.log"
            process = self._spawn(
                [sys.executable, "-m", self.server, "-b", "127.0.0.1", "-p", str(port), *self.server_args, APPLICATION],
                log,
            )
            wait_for_port(port, process)
            servers.append(
                {
                    "port": port,
                    "http": f"http://127.0.0.1:{port}",
                    "ws": f"ws://127.0.0.1:{port}",
                    "log": str(self.tmp / log),
                }
            )
        self.info = {
            "redis_url": self.env["REDIS_URL"],
            "servers": servers,
            "users": users,
            "password": PASSWORD,
            "db": self.env["WS_EXAMPLE_DB"],
        }
        return self.info

    def _spawn(self, argv: list[str], log: str) -> subprocess.Popen:
        with open(self.tmp / log, "wb") as out:  # a file, not a pipe: a full pipe would stall the server
            process = subprocess.Popen(argv, cwd=DJANGO_DIR, env=self.env or None, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """Stops every process this cluster started (and only those), newest first."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--daphnes", type=int, default=2)
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="extra settings for every process"
    )
    parser.add_argument("--watch-stdin", action="store_true", help="stop when stdin reaches its end")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.watch_stdin:  # a parent that dies without signalling still closes our stdin
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    with Cluster(args.daphnes, env) as cluster:
        print(json.dumps(cluster.info), flush=True)
        stop.wait()


if __name__ == "__main__":
    main()
