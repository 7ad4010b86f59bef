"""`devstack backup` then `devstack restore` into a new state folder: the restored platform has
every ticket, item, policy and account, its streams every event, and it serves them."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import nats
import pytest

from devstack.demo import demo_password
from govkit.servers import free_port_run

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("devstack-backup")]
ROOT = Path(__file__).resolve().parents[2]
SMALL_DEMO = {"DEVSTACK_DEMO_ENTERPRISES": "30", "DEVSTACK_DEMO_TICKETS": "40"}
# (database, table): what must all come back.
RECORDS = [
    ("tickets", "tickets"),
    ("content", "items"),
    ("policy", "policies"),
    ("gateway", "users"),
]


class Ports:
    def __init__(self) -> None:
        self.gateway = free_port_run(5)
        self.postgres = free_port_run(1)
        self.nats = free_port_run(1)

    def servers(self) -> list[str]:
        return ["--postgres-port", str(self.postgres), "--nats-port", str(self.nats)]


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "--home", str(home), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture
def platform_at() -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def start(home: Path, ports: Ports) -> None:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "devstack", "--home", str(home), "up"),
                *("--gateway-port", str(ports.gateway), *ports.servers()),
            ],
            env={**os.environ, **SMALL_DEMO},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        started.append(process)
        output = []
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if "平台已启动" in line or "启动失败" in line:
                break
        assert "平台已启动" in "".join(output), "".join(output[-30:])

    def stop() -> None:
        while started:
            process = started.pop()
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                process.wait(60)

    start.stop = stop  # type: ignore[attr-defined]
    yield start
    stop()


def ids(ports: Ports) -> dict[str, set[str]]:
    async def read() -> dict[str, set[str]]:
        found = {}
        for database, table in RECORDS:
            conn = await asyncpg.connect(
                f"postgresql://postgres@127.0.0.1:{ports.postgres}/{database}"
            )
            try:
                found[table] = {str(r[0]) for r in await conn.fetch(f"SELECT id FROM {table}")}
            finally:
                await conn.close()
        return found

    return asyncio.run(read())


def stream_sizes(ports: Ports) -> dict[str, int]:
    async def read() -> dict[str, int]:
        client = await nats.connect(f"nats://127.0.0.1:{ports.nats}")
        try:
            infos = await client.jetstream().streams_info()
            return {str(i.config.name): i.state.messages for i in infos}
        finally:
            await client.close()

    return asyncio.run(read())


def test_a_backup_restores_into_a_new_state_folder(tmp_path: Path, platform_at) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "first", tmp_path / "second"
    ports = Ports()
    platform_at(first, ports)
    before = ids(ports)
    assert all(before.values()), {k: len(v) for k, v in before.items()}  # demo data is there

    taken = cli(first, "backup", *ports.servers())
    assert taken.returncode == 0, taken.stdout + taken.stderr
    folders = [p for p in (first / "backups").iterdir() if (p / "manifest.json").exists()]
    assert len(folders) == 1 and not list((first / "backups").glob("*.partial"))
    manifest = json.loads((folders[0] / "manifest.json").read_text())
    assert set(manifest["databases"]) == {"content", "tickets", "policy", "search", "gateway"}
    assert manifest["streams"]["TICKETS"] > 0 and manifest["streams"]["IDENTITY"] > 0
    platform_at.stop()

    again = Ports()
    restored = cli(second, "restore", "--from", str(folders[0]), *again.servers())
    assert restored.returncode == 0, restored.stdout + restored.stderr
    platform_at(second, again)  # no demo load on top: the backup has its data
    assert ids(again) == before
    restored_streams = stream_sizes(again)
    for name, count in manifest["streams"].items():
        assert restored_streams[name] >= count, name  # the relays may have sent more since

    gateway = f"http://127.0.0.1:{again.gateway}"
    login = httpx.post(
        f"{gateway}/auth/login",
        json={"username": "admin", "password": demo_password()},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    sites = httpx.get(f"{gateway}/api/content/sites", timeout=10).json()["items"]
    assert "portal" in {s["code"] for s in sites}


def test_restore_says_when_there_is_no_backup(tmp_path: Path) -> None:
    result = cli(tmp_path, "restore")
    assert result.returncode == 1 and "没有备份" in result.stdout


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "half").mkdir()
    result = cli(tmp_path / "home", "restore", "--from", str(tmp_path / "half"))
    assert result.returncode == 1 and "不是完整的备份" in result.stdout


def test_backup_says_when_the_platform_is_not_running(tmp_path: Path) -> None:
    result = cli(tmp_path, "backup", *Ports().servers())
    assert result.returncode == 1 and "没有在运行" in result.stdout
