"""``/health`` (the process answers), ``/ready`` (it can serve) and ``/metrics``.

``/health`` touches nothing but the process, so the proxy keeps sending to an instance while
the database is briefly away (the instance then answers 503 pages itself, which say what is
happening, rather than the proxy's bare error). ``/ready`` is for the orchestrator and the
operator: the database answers, its schema is this code's (or newer: migrations add before
they remove, so an old instance runs on a new schema during a rolling upgrade), and a worker
wrote its heartbeat within ``READY_WORKER_MAX_AGE`` seconds.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text

from reportsvc import migrate
from reportsvc.auth.permissions import public
from reportsvc.models import WorkerHeartbeat

from . import metrics

bp = Blueprint("ops", __name__)


@bp.route("/health", methods=["GET"])
@public
def health() -> Any:
    return jsonify(status="ok")


@bp.route("/ready", methods=["GET"])
@public
def ready() -> Any:
    checks: dict[str, str] = {}
    engine = current_app.extensions["reportsvc.engine"]
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            checks["schema"] = schema_state(connection)
            if checks["schema"].startswith("ok"):
                checks["worker"] = worker_state(connection)
        checks["database"] = "ok"
    except Exception as error:  # any failure to reach it means not ready
        checks["database"] = f"unreachable ({type(error).__name__})"
    ok = all(value.startswith("ok") or value == "not checked" for value in checks.values())
    status = 200 if ok else 503
    return jsonify(status="ready" if ok else "not ready", checks=checks), status


@functools.cache
def revisions() -> tuple[str | None, frozenset[str]]:
    """This code's head revision and every revision it knows (read once per process)."""
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    return scripts.get_current_head(), frozenset(r.revision for r in scripts.walk_revisions())


def schema_state(connection: Any) -> str:
    try:
        current = connection.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception:  # no such table: never migrated
        connection.rollback()
        current = None
    head, known = revisions()
    if current is None:
        return "empty: run reportsvc init-db"
    if current == head:
        return "ok"
    if current in known:
        return f"behind ({current}, code expects {head}): run reportsvc init-db"
    return f"ok (newer than this code: {current})"


def worker_state(connection: Any) -> str:
    max_age = int(current_app.config["READY_WORKER_MAX_AGE"])
    if max_age <= 0:
        return "not checked"
    newest = connection.scalar(select(func.max(WorkerHeartbeat.seen_at)))
    if newest is None:
        return "no worker has ever reported: start reportsvc worker"
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    age = (datetime.now(UTC) - newest).total_seconds()
    if age > max_age:
        return f"last heartbeat {age:.0f} s ago (limit {max_age} s): is reportsvc worker running?"
    return "ok"


@bp.route("/metrics", methods=["GET"])
@public
def metrics_page() -> Any:
    if not metrics.may_read():
        return jsonify(
            error="Metrics are readable from the configured addresses or with the token"
        ), 403
    return metrics.response()
