"""A test case whose tests share one cluster of the example: Redis and real server processes
(example/e2e_support.py), started once for the class and stopped after it."""

from __future__ import annotations

import unittest
from typing import Any, ClassVar

from example.e2e_support import Cluster


class ClusterTestCase(unittest.IsolatedAsyncioTestCase):
    """Subclasses set `cluster_options` (Cluster's keyword arguments); `servers` and `users`
    come from the cluster's description."""

    cluster_options: ClassVar[dict[str, Any]] = {"daphnes": 2}
    cluster: Cluster
    servers: list[dict[str, Any]]
    users: dict[str, dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.cluster = Cluster(**cls.cluster_options).__enter__()
        cls.servers = cls.cluster.info["servers"]
        cls.users = {u["username"]: u for u in cls.cluster.info["users"]}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.cluster.stop()
        super().tearDownClass()
