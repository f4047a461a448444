"""The worker crash test, shared by tests/mail/test_worker_process.py (100 mails, one kill)
and bench/mail_crash.py (500 mails, several kills, figures printed).

Queues N mails, starts ``reportsvc worker`` processes against a real SMTP server process on
127.0.0.1 and kills each with SIGKILL while it is sending, then lets a last worker finish and
stops it with SIGTERM. Every mail must arrive at least once, and the duplicates can be no
more than the kills (a kill between the SMTP server's "250 OK" and the worker's commit of
``sent_at`` is the only way to send a mail twice). Mails queued by transactions that were
rolled back must never arrive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportsvc.db import build_engine
from reportsvc.models import OutboxMail
from reportsvc.services import outbox
from tests.mail.smtp import SmtpServer

REPORTSVC = Path(sys.executable).with_name("reportsvc")
VALUES = {"agency": "Test Surgery", "conference_date": "2027-01-11"}
ROLLED_BACK = 20


@dataclass
class CrashResult:
    backend: str
    mails: int
    kills: int
    kills_mid_run: int  # kills that landed while mail was still unsent
    received: int
    distinct: int
    missing: int
    duplicates: int
    rolled_back_sent: int  # mails of rolled-back changes that arrived (must be 0)
    failed: int
    seconds: float
    last_exit_code: int | None

    def ok(self) -> bool:
        return (
            self.missing == 0
            and self.duplicates <= self.kills
            and self.failed == 0
            and self.rolled_back_sent == 0
            and self.last_exit_code == 0
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def worker_env(database_url: str, smtp_url: str, lease: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        REPORTSVC_ENV="testing",
        DATABASE_URL=database_url,
        MAIL_URL=smtp_url,
        MAIL_LEASE_SECONDS=str(lease),
        MAIL_SEND_TIMEOUT_SECONDS=str(lease / 2),
        MAIL_RETRY_SECONDS="1",
        WORKER_POLL_SECONDS="0.2",
        PUBLIC_URL="https://reports.council.example",
    )
    return env


def start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(REPORTSVC), "worker", "--name", name], env=env, stdout=out, stderr=out
        )


def run_crash(
    database_url: str,
    workdir: Path,
    *,
    mails: int = 100,
    kills: int = 1,
    smtp_delay: float = 0.01,
    lease: float = 2.0,
    timeout: float = 120.0,
    say: Callable[[str], None] = lambda _m: None,
) -> CrashResult:
    engine = build_engine(database_url)
    backend = engine.dialect.name
    started = time.monotonic()
    try:
        with Session(engine) as session:
            for i in range(mails):
                outbox.queue(session, to=f"author{i}@test.example", template="withdrawn",
                             values=VALUES)  # fmt: skip
            session.commit()
            ids = set(session.scalars(select(OutboxMail.id)))
            # Changes that were rolled back: their mails must never be sent.
            for i in range(ROLLED_BACK):
                outbox.queue(session, to=f"rolledback{i}@test.example", template="withdrawn",
                             values=VALUES)  # fmt: skip
            session.flush()  # the INSERTs reach the database, then the change is undone
            session.rollback()

        def unsent() -> int:
            with Session(engine) as session:
                return int(
                    session.scalar(
                        select(func.count())
                        .select_from(OutboxMail)
                        .where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))
                    )
                    or 0
                )

        log = workdir / "worker.log"
        with SmtpServer(workdir / "smtp", delay=smtp_delay) as smtp:
            env = worker_env(database_url, smtp.url, lease)
            kills_mid_run = 0
            for k in range(kills):
                target = (k + 1) * mails // (kills + 1)
                process = start_worker(env, f"crash-{k}", log)
                end = time.monotonic() + timeout
                while smtp.count() < target and time.monotonic() < end:
                    if process.poll() is not None:
                        raise RuntimeError(f"the worker exited early; see {log}")
                    time.sleep(0.005)
                process.send_signal(signal.SIGKILL)
                process.wait()
                left = unsent()
                kills_mid_run += left > 0
                say(f"kill {k + 1}: SMTP server had {smtp.count()} mails, {left} unsent")
            process = start_worker(env, "crash-last", log)
            end = time.monotonic() + timeout
            while unsent() and time.monotonic() < end:
                time.sleep(0.1)
            process.send_signal(signal.SIGTERM)
            try:
                exit_code: int | None = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                exit_code = None
            messages = smtp.messages()
            received = Counter(m["Message-ID"] for m in messages)
            rolled_back = sum(str(m["To"]).startswith("rolledback") for m in messages)
        with Session(engine) as session:
            failed = int(
                session.scalar(
                    select(func.count())
                    .select_from(OutboxMail)
                    .where(OutboxMail.failed_at.is_not(None))
                )
                or 0
            )
        got = {int(mid.split("-")[1]) for mid in received}
        return CrashResult(
            backend=backend,
            mails=mails,
            kills=kills,
            kills_mid_run=kills_mid_run,
            received=sum(received.values()),
            distinct=len(received),
            missing=len(ids - got),
            duplicates=sum(c - 1 for c in received.values()),
            rolled_back_sent=rolled_back,
            failed=failed,
            seconds=round(time.monotonic() - started, 1),
            last_exit_code=exit_code,
        )
    finally:
        engine.dispose()
