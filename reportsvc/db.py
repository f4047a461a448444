"""Engine and session handling.

One engine per app. SQLite runs in WAL mode with ``synchronous=FULL``. A transaction that
may write starts with ``BEGIN IMMEDIATE``: concurrent writers queue on the busy timeout
instead of failing with "database is locked" half-way through, and no update is lost. A
GET or HEAD request only reads, so its transactions start with a plain ``BEGIN`` and never
hold the write lock while a page renders (WAL readers do not block writers or each other);
the one write such a request makes, the audit event of the read, goes through
:func:`writing`, which ends the read transaction and starts an immediate one. The JSON
endpoints (marked with :func:`reads_until_write`) work the same way, so an autosave runs the
engine while reading and holds the write lock only for its inserts. A flush in a
read-only transaction outside :func:`writing` is refused, so a GET that writes is caught by
the tests rather than failing under load. Outside a request (the CLI, tests, scripts)
every transaction is immediate.
PostgreSQL (psycopg 3) runs at READ COMMITTED; optimistic locking protects reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context, request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
V = TypeVar("V", bound=Callable[..., Any])

SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_sqlite_url(instance_path: str) -> str:
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'reportsvc.sqlite3'}"


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://`` and ``postgresql://`` forms and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def build_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if _read_only() else "BEGIN IMMEDIATE")


def _read_only() -> bool:
    return has_app_context() and bool(g.get("db_read_only"))


def _mark_request() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    g.db_read_only = request.method in READ_ONLY_METHODS or bool(
        getattr(view, "reads_until_write", False)
    )


def reads_until_write(view: V) -> V:
    """Mark a view whose writes all go through :func:`writing`, whatever its method (the JSON
    endpoints: an autosave runs the engine before it takes the write lock, not after)."""
    view.reads_until_write = True  # type: ignore[attr-defined]
    return view


@contextmanager
def writing() -> Iterator[Session]:
    """A write inside a read-only (GET) request: ends the read transaction, so the write
    starts its own with ``BEGIN IMMEDIATE`` (upgrading a WAL read to a write can fail at
    once with SQLITE_BUSY_SNAPSHOT), and goes back to reading after it. The caller commits."""
    current = session()
    if not _read_only():
        yield current
        return
    current.commit()  # ends the read transaction; objects stay loaded (no expiry on commit)
    g.db_read_only = False
    try:
        yield current
    finally:
        g.db_read_only = True


def _refuse_writes_while_reading(db_session: Session, *_: Any) -> None:
    if _read_only() and (db_session.new or db_session.dirty or db_session.deleted):
        raise RuntimeError("a write in a GET request must go through db.writing()")


def init_app(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or default_sqlite_url(app.instance_path)
    app.config["DATABASE_URL"] = normalise_url(url)
    engine = build_engine(app.config["DATABASE_URL"])
    app.extensions["reportsvc.engine"] = engine
    factory = sessionmaker(engine, expire_on_commit=False)
    event.listen(factory, "before_flush", _refuse_writes_while_reading)
    app.extensions["reportsvc.sessionmaker"] = factory
    app.before_request(_mark_request)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["reportsvc.engine"]


def session() -> Session:
    """The request's session, created on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["reportsvc.sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
