"""Crash test of the mail worker: kill -9 of ``reportsvc worker`` while it sends 500 queued
mails to a real SMTP server process on 127.0.0.1, then a last worker finishes the queue.

    python bench/mail_crash.py [--mails 500] [--kills 5] [--delay 0.01]

Every mail must reach the SMTP server at least once and the duplicates can be no more than
the kills (tests/mail/crash.py explains why), and none of the 20 mails queued by
transactions that were rolled back may arrive. Runs on a fresh SQLite database, and with
REPORTSVC_TEST_POSTGRES_URL set on a fresh PostgreSQL database too; prints the figures and
exits 1 if a mail was lost or more duplicates arrived than the kills explain. The quick
version (100 mails, one kill) runs in tests/mail/test_worker_process.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reportsvc import migrate
from reportsvc.db import build_engine, normalise_url
from tests.mail.crash import CrashResult, run_crash


def migrated(url: str) -> str:
    engine = build_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def report(result: CrashResult) -> bool:
    print(f"== {result.backend}")
    print(f"  mails queued:             {result.mails}")
    print(f"  kill -9 of the worker:    {result.kills} ({result.kills_mid_run} mid-run)")
    print(f"  received by SMTP server:  {result.received} ({result.distinct} distinct)")
    print(f"  lost (never received):    {result.missing}")
    print(f"  duplicates:               {result.duplicates} (at most {result.kills} allowed)")
    print(f"  gave up (failed_at):      {result.failed}")
    print(f"  sent for rolled-back:     {result.rolled_back_sent} (of 20 queued then rolled back)")
    print(f"  last worker, SIGTERM:     exit code {result.last_exit_code}")
    print(f"  time:                     {result.seconds} s")
    return result.ok()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=500)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.01, help="SMTP server seconds a mail")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        url = migrated(f"sqlite:///{work / 'mail-crash.sqlite3'}")
        ok &= report(
            run_crash(
                url,
                work,
                mails=args.mails,
                kills=args.kills,
                smtp_delay=args.delay,
                timeout=600,
                say=lambda m: print("  " + m),
            )
        )
    server_url = os.environ.get("REPORTSVC_TEST_POSTGRES_URL")
    if server_url:
        server_url = normalise_url(server_url)
        admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        name = f"reportsvc_mail_crash_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
            with tempfile.TemporaryDirectory() as directory:
                ok &= report(
                    run_crash(
                        migrated(url),
                        Path(directory),
                        mails=args.mails,
                        kills=args.kills,
                        smtp_delay=args.delay,
                        timeout=600,
                        say=lambda m: print("  " + m),
                    )
                )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    print("PASS" if ok else "FAIL: a mail was lost, or more duplicates than kills")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
