"""``reportsvc worker`` as a process: SIGTERM stops it cleanly, and kill -9 in the middle of
sending loses no mail and sends at most one duplicate."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.mail.crash import run_crash, start_worker, worker_env
from tests.mail.smtp import SmtpServer


@pytest.mark.slow
def test_kill_9_mid_send_loses_nothing_and_duplicates_at_most_one(
    database_url: str, tmp_path: Path
) -> None:
    result = run_crash(database_url, tmp_path, mails=100, kills=1, timeout=25)
    assert result.kills_mid_run == 1, "the kill came after the last mail: nothing was tested"
    assert result.missing == 0, result.as_dict()
    assert result.duplicates <= 1, result.as_dict()
    assert result.rolled_back_sent == 0, result.as_dict()
    assert result.failed == 0 and result.last_exit_code == 0, result.as_dict()
    assert result.seconds < 30


def test_sigterm_stops_the_worker_cleanly(database_url: str, tmp_path: Path) -> None:
    with SmtpServer(tmp_path / "smtp") as smtp:
        log = tmp_path / "worker.log"
        process = start_worker(worker_env(database_url, smtp.url, 2.0), "term", log)
        deadline = time.monotonic() + 20
        while "stop with Ctrl-C" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=10) == 0
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert "Sent 0" in log.read_text()
