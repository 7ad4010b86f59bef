"""devstack's refusals: they happen before anything is started."""

from __future__ import annotations

import socket

from devstack.cli import main
from govkit.servers import free_port


def test_a_taken_port_is_named_in_a_clear_message(tmp_path, capsys):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        code = main(
            [
                "--home",
                str(tmp_path),
                "up",
                "--gateway-port",
                str(free_port()),
                "--postgres-port",
                str(taken),
                "--nats-port",
                str(free_port()),
            ]
        )
    out = capsys.readouterr().out
    assert code == 1
    assert f"{taken}（PostgreSQL）" in out and "已被占用" in out
    assert not (tmp_path / "devstack.pid").exists()


def test_down_when_nothing_runs_says_so(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "down"]) == 0
    assert "没有在运行" in capsys.readouterr().out


def test_status_reports_not_running(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "status"]) == 3
    assert "未运行" in capsys.readouterr().out
