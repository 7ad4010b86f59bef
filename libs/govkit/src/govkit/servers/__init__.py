"""Real PostgreSQL and NATS servers from PyPI wheels, for the devstack and the test fixtures."""

from govkit.servers.nats import NatsServer
from govkit.servers.ports import free_port, free_port_run, port_is_free
from govkit.servers.postgres import PostgresServer

__all__ = ["NatsServer", "PostgresServer", "free_port", "free_port_run", "port_is_free"]
