"""`python -m devstack up|down|status|backup|restore`: the whole platform on one machine, no
Docker."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from devstack.config import StackConfig
from devstack.pidfile import kill_recorded_children, running_pid
from devstack.stack import Stack, StackError, say


def _config(args: argparse.Namespace) -> StackConfig:
    kwargs: dict[str, object] = {}
    if args.home:
        kwargs["home"] = Path(args.home).absolute()
    if getattr(args, "gateway_port", None):
        kwargs["gateway_port"] = args.gateway_port
    if getattr(args, "postgres_port", None):
        kwargs["postgres_port"] = args.postgres_port
    if getattr(args, "nats_port", None):
        kwargs["nats_port"] = args.nats_port
    if getattr(args, "no_demo", False):
        kwargs["load_demo"] = False
    return StackConfig(**kwargs)  # type: ignore[arg-type]


def up(config: StackConfig) -> int:
    pid = running_pid(config.pid_file)
    if pid is not None:
        say(f"平台已在运行（进程 {pid}），无需再次启动。要重启请先运行 make down。")
        return 1
    # A supervisor that crashed may have left servers behind: stop only those we recorded.
    leftovers = kill_recorded_children(config.children_file)
    if leftovers:
        say(f"已清理上次异常退出遗留的进程：{'、'.join(leftovers)}")
    stack = Stack(config)
    try:
        stack.check_ports()
        stack.start()
        stack.print_urls()
        return stack.supervise()
    except (StackError, ValueError) as exc:  # ValueError: a bad DEVSTACK_* setting
        say(f"启动失败：{exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        stack.stop()


def down(config: StackConfig) -> int:
    pid = running_pid(config.pid_file)
    if pid is None:
        leftovers = kill_recorded_children(config.children_file)
        say("已清理遗留进程：" + "、".join(leftovers) if leftovers else "平台没有在运行。")
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while running_pid(config.pid_file) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    if running_pid(config.pid_file) is not None:
        say(f"进程 {pid} 未在 60 秒内退出。")
        return 1
    say("平台已停止。")
    return 0


def status(config: StackConfig) -> int:
    pid = running_pid(config.pid_file)
    say(f"运行中（进程 {pid}）" if pid else "未运行")
    return 0 if pid else 3


def backup(config: StackConfig) -> int:
    from devstack.backup import backup as take_backup

    try:
        folder = take_backup(config)
    except StackError as exc:
        say(f"备份失败：{exc}")
        return 1
    say(f"备份完成：{folder}")
    return 0


def restore(config: StackConfig, source: str | None) -> int:
    from devstack.backup import latest_backup
    from devstack.backup import restore as restore_backup

    try:
        folder = Path(source) if source else latest_backup(config)
        restore_backup(config, folder)
    except StackError as exc:
        say(f"恢复失败：{exc}")
        return 1
    say(f"已恢复到 {folder}，运行 make up 启动平台，再运行 make reindex 重建搜索索引。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="devstack", description="在本机运行整个平台（无需 Docker）"
    )
    parser.add_argument("--home", help="状态目录（默认为仓库下的 .devstack/）")
    sub = parser.add_subparsers(dest="command", required=True)
    up_parser = sub.add_parser("up", help="启动整个平台并在前台运行")
    up_parser.add_argument("--gateway-port", type=int, help="网关端口，各服务依次 +1…+4")
    up_parser.add_argument("--postgres-port", type=int)
    up_parser.add_argument("--nats-port", type=int)
    up_parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")
    sub.add_parser("down", help="停止由 up 启动的全部进程")
    sub.add_parser("status", help="是否在运行")
    backup_parser = sub.add_parser("backup", help="备份各服务数据库和事件流到 .devstack/backups/")
    backup_parser.add_argument("--postgres-port", type=int)
    backup_parser.add_argument("--nats-port", type=int)
    restore_parser = sub.add_parser("restore", help="把未运行的平台恢复到一次备份")
    restore_parser.add_argument("--from", dest="source", help="备份目录（默认最新一次）")
    restore_parser.add_argument("--postgres-port", type=int)
    restore_parser.add_argument("--nats-port", type=int)
    args = parser.parse_args(argv)
    config = _config(args)
    if args.command == "backup":
        return backup(config)
    if args.command == "restore":
        return restore(config, args.source)
    return {"up": up, "down": down, "status": status}[args.command](config)


if __name__ == "__main__":
    sys.exit(main())
