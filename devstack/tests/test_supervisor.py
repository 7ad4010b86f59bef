"""The devstack's supervisor: a dead process is restarted with backoff and a log line; only
a crash loop stops the platform, naming the process and why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil

from devstack.config import StackConfig
from devstack.stack import Stack
from devstack.supervisor import Child, RestartPolicy, Supervisor, kill_group
from govkit.servers import free_port, free_port_run
from govkit.servers.ports import wait_for_port

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "import sys; sys.exit(3)"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Dummy:
    """A real child process the test can kill, restarted by the supervisor."""

    def __init__(self, name: str, argv: list[str]) -> None:
        self.name, self.argv, self.starts = name, argv, 0
        self.proc = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.starts += 1
        return subprocess.Popen(self.argv)

    def restart(self) -> None:
        self.proc = self._spawn()

    def child(self) -> Child:
        return Child(self.name, lambda: self.proc.poll(), self.restart)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def test_backoff_doubles_with_each_recent_crash_up_to_the_cap():
    policy = RestartPolicy(first_delay=0.5, max_delay=4.0)
    assert [policy.delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_a_killed_process_is_restarted_after_its_backoff_with_a_log_line():
    clock, lines = Clock(), []
    dummy, other = Dummy("svc-search", SLEEPER), Dummy("svc-content", SLEEPER)
    try:
        supervisor = Supervisor(
            [dummy.child(), other.child()], RestartPolicy(), clock=clock, emit=lines.append
        )
        assert supervisor.tick() is None and lines == []
        dummy.kill()
        assert supervisor.tick() is None
        assert lines[-1]["event"] == "process_crashed"
        assert lines[-1]["process"] == "svc-search" and lines[-1]["exit_code"] == -9
        assert lines[-1]["restart_in_s"] == 0.5
        clock.now += 0.4
        supervisor.tick()
        assert dummy.starts == 1  # not before its backoff
        clock.now += 0.2
        supervisor.tick()
        assert dummy.starts == 2 and dummy.proc.poll() is None
        assert lines[-1]["event"] == "process_restarted" and lines[-1]["process"] == "svc-search"
        assert other.starts == 1  # the others are left alone
    finally:
        dummy.close()
        other.close()


def test_a_process_crashing_five_times_within_a_minute_stops_the_platform_saying_which():
    lines: list[dict[str, object]] = []
    crasher, steady = Dummy("svc-policy", CRASHER), Dummy("nats", SLEEPER)
    policy = RestartPolicy(max_crashes=5, window_seconds=60, first_delay=0.01, max_delay=0.02)
    try:
        supervisor = Supervisor([steady.child(), crasher.child()], policy, emit=lines.append)
        deadline = time.monotonic() + 10
        reason = None
        while reason is None and time.monotonic() < deadline:
            reason = supervisor.tick()
            time.sleep(0.01)
        assert reason is not None
        assert "svc-policy" in reason and "5 次" in reason and "退出码 3" in reason
        assert crasher.starts == 5  # the first start and four restarts
        assert lines[-1]["event"] == "process_gave_up" and lines[-1]["crashes_in_window"] == 5
        assert steady.starts == 1 and steady.proc.poll() is None
    finally:
        crasher.close()
        steady.close()


def test_crashes_spread_over_more_than_the_window_never_stop_the_platform():
    clock = Clock()
    codes: list[int | None] = [None]
    child = Child("svc-tickets", lambda: codes[0], lambda: codes.__setitem__(0, None))
    supervisor = Supervisor([child], RestartPolicy(max_crashes=3, window_seconds=60), clock=clock)
    for _ in range(10):  # one crash every 35 s: never three within 60 s
        codes[0] = 1
        assert supervisor.tick() is None
        clock.now += 35
        assert supervisor.tick() is None  # restarted


def test_a_restart_that_fails_counts_as_another_crash():
    clock, lines = Clock(), []

    def cannot_start() -> None:
        raise RuntimeError("PostgreSQL 未能启动")

    supervisor = Supervisor(
        [Child("postgres", lambda: 0, cannot_start)],
        RestartPolicy(max_crashes=2),
        clock=clock,
        emit=lines.append,
    )
    assert supervisor.tick() is None
    clock.now += 1
    reason = supervisor.tick()
    assert reason is not None and "postgres" in reason and "无法启动" in reason
    assert [line["event"] for line in lines] == ["process_crashed", "process_gave_up"]


def test_the_stack_restarts_a_killed_nats_server(tmp_path):
    """One real server: the stack's own child for NATS, killed with SIGKILL."""
    stack = Stack(
        StackConfig(
            home=tmp_path,
            gateway_port=free_port_run(5),
            nats_port=free_port(),
            postgres_port=free_port(),
        )
    )
    stack.config.logs.mkdir(parents=True)
    stack.nats.start()
    try:
        nats = next(c for c in stack.children() if c.name == "nats")
        lines: list[dict[str, object]] = []
        supervisor = Supervisor([nats], RestartPolicy(first_delay=0.05), emit=lines.append)
        assert stack.nats.process is not None
        first_pid = stack.nats.process.pid
        stack.nats.process.kill()
        stack.nats.process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            line["event"] == "process_restarted" for line in lines
        ):
            assert supervisor.tick() is None
            time.sleep(0.02)
        assert stack.nats.process.pid != first_pid and stack.nats.process.poll() is None
        assert wait_for_port(stack.nats.port, timeout=2)
        assert "nats" in stack.config.children_file.read_text()
    finally:
        stack.nats.stop()


def test_what_a_dead_child_left_in_its_group_is_killed():
    """A leader that exits leaving a worker behind (as a killed uvicorn master does)."""
    leader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys; "
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
            "print(p.pid, flush=True)",
        ],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert leader.stdout is not None
    worker = int(leader.stdout.readline())
    leader.wait()
    assert os.getpgid(worker) == leader.pid
    kill_group(leader.pid)
    assert not _alive(worker)


def test_a_live_process_that_took_a_dead_childs_pid_is_left_alone():
    """Standing for a reused pid: a process alive under the pid is never the dead child."""
    other = subprocess.Popen(SLEEPER, start_new_session=True)
    try:
        kill_group(other.pid)
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
