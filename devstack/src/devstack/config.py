"""Where the devstack keeps its state and which ports it uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class AppService:
    name: str  # process name, e.g. svc-content
    package: str  # python package, e.g. content
    prefix: str  # env prefix, e.g. CONTENT_
    folder: str  # repo folder holding migrations, e.g. svc-content
    offset: int  # port = gateway_port + offset
    database: str


WEB_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
APP_SERVICES = (
    AppService("svc-content", "content", "CONTENT_", "svc-content", 1, "content"),
    AppService("svc-tickets", "tickets", "TICKETS_", "svc-tickets", 2, "tickets"),
    AppService("svc-policy", "policy", "POLICY_", "svc-policy", 3, "policy"),
    AppService("svc-search", "search", "SEARCH_", "svc-search", 4, "search"),
    # The gateway last: it routes to the others, which should be up first.
    AppService("gateway", "gateway", "GATEWAY_", "gateway", 0, "gateway"),
)


def repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "libs" / "govkit").exists():
            return parent
    return Path.cwd()


@dataclass(frozen=True)
class StackConfig:
    home: Path = field(default_factory=lambda: repo_root() / ".devstack")
    gateway_port: int = 8000
    # Not 5432/4222, so a Postgres or NATS already on this machine never collides with ours.
    postgres_port: int = 55432
    nats_port: int = 54222
    load_demo: bool = True
    ready_timeout: float = 90.0

    @property
    def root(self) -> Path:
        return repo_root()

    def port_of(self, service: AppService) -> int:
        return self.gateway_port + service.offset

    def url_of(self, service: AppService) -> str:
        return f"http://127.0.0.1:{self.port_of(service)}"

    @property
    def database_base_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres_port}"

    @property
    def nats_url(self) -> str:
        return f"nats://127.0.0.1:{self.nats_port}"

    def workers_of(self, service: AppService) -> int:
        """uvicorn worker processes, from `DEVSTACK_<PACKAGE>_WORKERS` (default 1). svc-search
        keeps one: its embedded index has a single writer."""
        raw = os.environ.get(f"DEVSTACK_{service.package.upper()}_WORKERS", "1")
        try:
            workers = int(raw)
        except ValueError:
            raise ValueError(
                f"DEVSTACK_{service.package.upper()}_WORKERS 应为正整数：{raw}"
            ) from None
        if workers < 1 or (workers > 1 and service.name == "svc-search"):
            raise ValueError(f"{service.name} 的进程数不能为 {workers}")
        return workers

    def database_url(self, service: AppService) -> str:
        return f"{self.database_base_url}/{service.database}"

    def service_env(self, service: AppService) -> dict[str, str]:
        gateway = next(s for s in APP_SERVICES if s.name == "gateway")
        env = {
            **os.environ,
            f"{service.prefix}DATABASE_URL": self.database_url(service),
            f"{service.prefix}NATS_URL": self.nats_url,
            f"{service.prefix}JWKS_URL": f"{self.url_of(gateway)}/.well-known/jwks.json",
            f"{service.prefix}PORT": str(self.port_of(service)),
        }
        if service.name == "svc-search":
            env["SEARCH_INDEX_PATH"] = str(self.home / "search-index")
        if service.name == "gateway":
            for other in APP_SERVICES:
                if other.name != "gateway":
                    env[f"GATEWAY_{other.package.upper()}_URL"] = self.url_of(other)
            # The front end `make up` built; without a build the gateway serves the API only.
            if (WEB_DIST / "index.html").is_file():
                env.setdefault("GATEWAY_WEB_DIST", str(WEB_DIST))
        return env

    @property
    def pid_file(self) -> Path:
        return self.home / "devstack.pid"

    @property
    def children_file(self) -> Path:
        return self.home / "children.json"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def demo_marker(self) -> Path:
        return self.home / "demo-loaded"
