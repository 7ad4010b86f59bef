"""Keep the platform's processes running: a child that exits is restarted after a backoff
that doubles with each recent crash; only a child that crashes `max_crashes` times within
`window_seconds` stops the platform (a crash loop is a bug to fix, not to hide).

Each crash, restart and give-up is one JSON line on stdout (event name + fields), with the
Chinese sentence a person reads in `message`.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import psutil

Emit = Callable[[dict[str, object]], None]


@dataclass(frozen=True)
class RestartPolicy:
    max_crashes: int = 5
    window_seconds: float = 60.0
    first_delay: float = 0.5
    max_delay: float = 10.0

    def delay(self, recent_crashes: int) -> float:
        """0.5 s after the first crash in the window, then 1, 2, 4… up to `max_delay`."""
        return float(min(self.first_delay * 2 ** max(recent_crashes - 1, 0), self.max_delay))


@dataclass
class Child:
    """One supervised process: how to read its exit code (None while it runs) and how to
    start it again (may raise: that counts as another crash)."""

    name: str
    exit_code: Callable[[], int | None]
    restart: Callable[[], None]


@dataclass
class _State:
    crashes: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    last_code: int | None = None


def print_json(record: dict[str, object]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        policy: RestartPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        emit: Emit = print_json,
    ) -> None:
        self.children = children
        self.policy = policy or RestartPolicy()
        self.clock = clock
        self.emit = emit
        self._state = {c.name: _State() for c in children}

    def tick(self) -> str | None:
        """Look at every child once; restart what is due. Returns why the platform must
        stop (a child crashing too often), or None."""
        now = self.clock()
        for child in self.children:
            state = self._state[child.name]
            if state.restart_at is not None:
                if now >= state.restart_at:
                    reason = self._restart(child, state, now)
                    if reason:
                        return reason
                continue
            code = child.exit_code()
            if code is not None:
                reason = self._crashed(child, state, now, exit_code=code)
                if reason:
                    return reason
        return None

    def _restart(self, child: Child, state: _State, now: float) -> str | None:
        state.restart_at = None
        try:
            child.restart()
        except Exception as exc:  # a server that cannot start again is one more crash
            return self._crashed(child, state, self.clock(), exit_code=None, error=str(exc))
        self._log(
            "process_restarted",
            child.name,
            f"{child.name} 已重启",
            crashes_in_window=len(state.crashes),
            took_s=round(self.clock() - now, 3),
        )
        return None

    def _crashed(
        self,
        child: Child,
        state: _State,
        now: float,
        *,
        exit_code: int | None,
        error: str | None = None,
    ) -> str | None:
        state.crashes.append(now)
        while state.crashes and now - state.crashes[0] > self.policy.window_seconds:
            state.crashes.popleft()
        state.last_code = exit_code
        recent = len(state.crashes)
        cause = f"退出码 {exit_code}" if exit_code is not None else f"无法启动：{error}"
        if recent >= self.policy.max_crashes:
            reason = (
                f"{child.name} 在 {self.policy.window_seconds:.0f} 秒内崩溃 {recent} 次"
                f"（最近一次{cause}），停止整个平台。"
            )
            self._log(
                "process_gave_up",
                child.name,
                reason,
                exit_code=exit_code,
                error=error,
                crashes_in_window=recent,
                window_s=self.policy.window_seconds,
            )
            return reason
        delay = self.policy.delay(recent)
        state.restart_at = now + delay
        self._log(
            "process_crashed",
            child.name,
            f"{child.name} 意外退出（{cause}），{delay:g} 秒后重启",
            exit_code=exit_code,
            error=error,
            crashes_in_window=recent,
            restart_in_s=delay,
        )
        return None

    def _log(self, event: str, name: str, message: str, **fields: object) -> None:
        record: dict[str, object] = {
            "event": event,
            "process": name,
            **{k: v for k, v in fields.items() if v is not None},
            "message": message,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        self.emit(record)


def kill_group(pid: int, *, wait_seconds: float = 3.0) -> None:
    """Kill what a dead (and reaped) child left behind in its own session (uvicorn workers,
    PostgreSQL backends) so the restarted one can bind its port and, for PostgreSQL, its
    shared memory.

    Linux never reuses a pid while it still names a process group, so leftovers in the group
    are ours. But once the group is empty the pid may be taken by another program's new
    group leader (pids wrap at 32768 here): a live process with that pid is never ours."""
    if sys.platform == "win32" or psutil.pid_exists(pid):
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)
