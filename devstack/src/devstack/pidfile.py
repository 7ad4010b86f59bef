"""The running stack's pid file and the pids of the processes it started, so `down` stops
exactly those and a second `up` can tell that one is already running."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import psutil


def running_pid(pid_file: Path) -> int | None:
    """The pid of a live devstack supervisor, or None (a stale file is removed)."""
    try:
        pid = int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    if _alive_devstack(pid):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def _alive_devstack(pid: int) -> bool:
    try:
        proc = psutil.Process(pid)
        return proc.is_running() and any("devstack" in part for part in proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def write_pid(pid_file: Path) -> None:
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(str(os.getpid()))


def record_children(children_file: Path, children: dict[str, tuple[int, float]]) -> None:
    """name → (pid, create_time): the create time guards against a reused pid."""
    children_file.write_text(json.dumps(children))


def kill_recorded_children(children_file: Path) -> list[str]:
    """Stop what a crashed supervisor left behind; only processes we recorded, and only if
    they are still the same processes."""
    try:
        children = json.loads(children_file.read_text())
    except (FileNotFoundError, ValueError):
        return []
    stopped = []
    for name, (pid, created) in children.items():
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            proc = psutil.Process(pid)
            if abs(proc.create_time() - created) < 0.01:
                proc.terminate()
                try:
                    proc.wait(10)
                except psutil.TimeoutExpired:
                    proc.kill()
                stopped.append(name)
    children_file.unlink(missing_ok=True)
    return stopped
