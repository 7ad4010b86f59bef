"""Bring the whole platform up on this machine, supervise it, and take it down again."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from types import FrameType

import asyncpg
import httpx
import psutil

from devstack.config import APP_SERVICES, AppService, StackConfig
from devstack.pidfile import record_children, write_pid
from devstack.supervisor import Child, RestartPolicy, Supervisor, kill_group
from govkit.migrations import upgrade
from govkit.servers import NatsServer, PostgresServer, port_is_free
from govkit.servers.lifetime import die_with_parent


class StackError(RuntimeError):
    """A problem the person running `make up` can act on; printed without a traceback."""


def say(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.postgres = PostgresServer(
            config.home / "postgres",
            config.postgres_port,
            log_file=config.logs / "postgres.log",
        )
        self.nats = NatsServer(
            config.home / "nats", config.nats_port, log_file=config.logs / "nats.log"
        )
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._started = False

    # -- checks ------------------------------------------------------------------------

    def check_ports(self) -> None:
        wanted = {
            self.config.postgres_port: "PostgreSQL",
            self.config.nats_port: "NATS",
            **{self.config.port_of(s): s.name for s in APP_SERVICES},
        }
        taken = [f"{port}（{who}）" for port, who in wanted.items() if not port_is_free(port)]
        if taken:
            raise StackError(
                f"端口已被占用：{'、'.join(taken)}。请关闭占用这些端口的程序后再运行 make up。"
            )

    # -- start -------------------------------------------------------------------------

    def start(self) -> None:
        self.config.home.mkdir(parents=True, exist_ok=True)
        self.config.logs.mkdir(parents=True, exist_ok=True)
        write_pid(self.config.pid_file)
        self._started = True
        say(f"启动 PostgreSQL（127.0.0.1:{self.config.postgres_port}）…")
        self.postgres.start()
        say(f"启动 NATS JetStream（127.0.0.1:{self.config.nats_port}）…")
        self.nats.start()
        self._record()
        asyncio.run(self._create_databases())
        for service in APP_SERVICES:
            say(f"迁移 {service.name} 数据库…")
            upgrade(
                self.config.root / service.folder / "migrations", self.config.database_url(service)
            )
        for service in APP_SERVICES:
            self._start_service(service)
        self._record()
        asyncio.run(self._wait_ready())
        if self.config.load_demo and not self.config.demo_marker.exists():
            say("载入演示数据…")
            from devstack.demo import load_demo

            asyncio.run(load_demo(self.config))
            self.config.demo_marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))

    async def _create_databases(self) -> None:
        conn = await asyncpg.connect(self.postgres.dsn())
        try:
            existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
            for service in APP_SERVICES:
                if service.database not in existing:
                    await conn.execute(f'CREATE DATABASE "{service.database}"')
        finally:
            await conn.close()

    def _start_service(self, service: AppService) -> None:
        log = open(self.config.logs / f"{service.name}.log", "ab")  # noqa: SIM115
        self.processes[service.name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"{service.package}.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.config.port_of(service)),
                "--workers",
                str(self.config.workers_of(service)),
                "--http",
                "govkit.http:CoalescingHttpToolsProtocol",
                "--no-access-log",
            ],
            env=self.config.service_env(service),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.config.root,
            start_new_session=True,
            preexec_fn=die_with_parent(),
        )
        log.close()

    async def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.config.ready_timeout
        pending = {s.name: f"{self.config.url_of(s)}/readyz" for s in APP_SERVICES}
        async with httpx.AsyncClient(timeout=2.0) as client:
            while pending:
                for name, url in list(pending.items()):
                    proc = self.processes[name]
                    if proc.poll() is not None:
                        raise StackError(
                            f"{name} 启动失败（退出码 {proc.returncode}），"
                            f"日志见 {self.config.logs / (name + '.log')}"
                        )
                    try:
                        if (await client.get(url)).status_code == 200:
                            del pending[name]
                            say(f"{name} 就绪")
                    except httpx.HTTPError:
                        pass
                if time.monotonic() > deadline:
                    raise StackError(
                        f"等待就绪超时：{'、'.join(pending)}，日志见 {self.config.logs}"
                    )
                await asyncio.sleep(0.2)

    def _record(self) -> None:
        children: dict[str, tuple[int, float]] = {}
        named = {
            "postgres": self.postgres.process,
            "nats": self.nats.process,
            **self.processes,
        }
        for name, proc in named.items():
            if proc is not None and proc.poll() is None:
                children[name] = (proc.pid, psutil.Process(proc.pid).create_time())
        record_children(self.config.children_file, children)

    # -- run and stop ------------------------------------------------------------------

    def print_urls(self) -> None:
        gateway = next(s for s in APP_SERVICES if s.name == "gateway")
        lines = [
            "平台已启动：",
            f"  网关（统一入口）  {self.config.url_of(gateway)}",
            f"  接口文档          {self.config.url_of(gateway)}/docs",
        ]
        for s in APP_SERVICES:
            if s.name != "gateway":
                lines.append(
                    f"  {s.name:<16}  {self.config.url_of(s)}  （经网关：/api/{s.package}/）"
                )
        lines += [
            f"  PostgreSQL        postgresql://postgres@127.0.0.1:{self.config.postgres_port}/",
            f"  NATS              {self.config.nats_url}",
            f"  状态与日志        {self.config.home}",
            "按 Ctrl-C 或运行 make down 停止。",
        ]
        say("\n".join(lines))

    def supervise(self, policy: RestartPolicy | None = None) -> int:
        """Block until Ctrl-C / SIGTERM, restarting any process that dies (with backoff);
        only one that keeps crashing stops the platform."""
        stop = {"signal": False}

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop["signal"] = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        supervisor = Supervisor(self.children(), policy)
        while not stop["signal"]:
            reason = supervisor.tick()
            if reason:
                say(reason)
                return 1
            time.sleep(0.3)
        return 0

    def children(self) -> list[Child]:
        """PostgreSQL, NATS and each service, as the supervisor sees them."""

        def server(name: str, srv: PostgresServer | NatsServer) -> Child:
            def restart() -> None:
                if srv.process is not None:
                    kill_group(srv.process.pid)
                srv.start()
                self._record()

            return Child(name, lambda: _exit_code(srv.process), restart)

        def app(service: AppService) -> Child:
            def restart() -> None:
                kill_group(self.processes[service.name].pid)
                self._start_service(service)
                self._record()

            return Child(service.name, lambda: self.processes[service.name].poll(), restart)

        return [
            server("postgres", self.postgres),
            server("nats", self.nats),
            *(app(s) for s in APP_SERVICES),
        ]

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        say("正在停止…")
        for name in reversed(list(self.processes)):
            proc = self.processes[name]
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes.values():
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.nats.stop()
        self.postgres.stop()
        self.config.children_file.unlink(missing_ok=True)
        self.config.pid_file.unlink(missing_ok=True)
        say("已停止。")


def _exit_code(proc: subprocess.Popen[bytes] | None) -> int | None:
    return None if proc is None else proc.poll()
