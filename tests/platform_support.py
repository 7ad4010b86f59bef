"""Starting the whole platform for end-to-end tests (`python -m devstack up` on free ports)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govkit.servers import free_port_run

ROOT = Path(__file__).resolve().parents[1]


def devstack(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--home", str(home), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


class Platform:
    def __init__(self, home: Path, gateway_port: int, process: subprocess.Popen[str]) -> None:
        self.home = home
        self.gateway_port = gateway_port
        self.process = process
        self.url = f"http://127.0.0.1:{gateway_port}"
        self.ports = [gateway_port + i for i in range(5)]


def start_platform(home: Path) -> tuple[subprocess.Popen[str], int, str]:
    gateway_port = free_port_run(5)
    args = ["--gateway-port", str(gateway_port)]
    args += ["--postgres-port", str(free_port_run(1))]
    args += ["--nats-port", str(free_port_run(1))]
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack", "--home", str(home), "up", *args],
        env={
            **os.environ,
            "DEVSTACK_DEMO_ENTERPRISES": "500",
            "DEVSTACK_DEMO_TICKETS": "300",
            # The tests log in as several demo users within seconds, from one address; the
            # login limit (5 at once, 10 a minute) has its own tests in the gateway.
            "GATEWAY_RATELIMIT_LOGIN_BURST": "100",
            "GATEWAY_RATELIMIT_LOGIN_PER_MINUTE": "600",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    output: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
        if "平台已启动" in line or "启动失败" in line:
            break
    return process, gateway_port, "".join(output)


def start(tmp_path_factory: pytest.TempPathFactory) -> Platform:
    home = tmp_path_factory.mktemp("devstack")
    # Free ports are picked, then bound by the devstack a moment later; a parallel test may
    # take one in between (the devstack then refuses, or a service fails to bind): retry.
    for _ in range(3):
        process, gateway_port, output = start_platform(home)
        if "平台已启动" in output:
            break
        process.wait(60)
    if process.poll() is not None or "平台已启动" not in output:
        process.kill()
        pytest.fail("devstack did not start:\n" + output)
    return Platform(home, gateway_port, process)
