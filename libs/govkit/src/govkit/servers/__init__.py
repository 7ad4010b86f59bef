"""Real PostgreSQL and NATS servers from PyPI wheels, for the devstack and the test fixtures."""

from govkit.servers.nats import NatsServer
from govkit.servers.ports import free_port, port_is_free
from govkit.servers.postgres import PostgresServer

__all__ = ["NatsServer", "PostgresServer", "free_port", "port_is_free"]
