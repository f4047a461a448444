"""Backup and restore of the SQLite database with SQLite's online backup API.

The backup API copies a consistent snapshot page by page while the app keeps serving (WAL
readers and writers are not blocked for long), unlike copying the file, which can catch a
half-written page or miss the -wal file. PostgreSQL is backed up with its own tools; these
functions refuse it with the commands to use (docs/security.md, "Backups").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PG_ADVICE = (
    "This database is PostgreSQL: back it up with its own tools, for example\n"
    '  pg_dump --format=custom --file=reportsvc.dump "$DATABASE_URL"\n'
    "and restore into an empty database with\n"
    '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" reportsvc.dump'
)


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(PG_ADVICE)
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("The database is in memory; there is nothing to back up")
    return Path(parsed.database)


def _copy(source: Path, target: Path) -> int:
    """Copy ``source`` into ``target`` with the online backup API; returns the page count."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst, pages=1024)
        pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The copy failed its integrity check: {check}")
        return pages
    finally:
        dst.close()
        src.close()


def backup(url: str, target: Path) -> int:
    """Write a consistent copy of the live database to ``target`` (which must not exist)."""
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError("The database file does not exist")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    return _copy(source, target)


def restore(url: str, source: Path) -> int:
    """Replace the database's contents with the backup in ``source``.

    Stop the app first: the backup API writes into the live file under a lock, so running
    workers are not corrupted, but what they were doing is lost."""
    target = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as probe:
        check = probe.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    probe.close()
    if check != "ok":
        raise BackupError(f"{source} failed its integrity check: {check}")
    if not {"reports", "report_versions", "audit_events"} <= tables:
        raise BackupError(f"{source} is not a reportsvc database")
    target.parent.mkdir(parents=True, exist_ok=True)
    return _copy(source, target)
