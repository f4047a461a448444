"""Migrations: upgrade to head, down to base, up again; the models match the migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from reportsvc import migrate
from reportsvc.db import build_engine
from reportsvc.models import Base
from tests import databases


@pytest.fixture
def empty_database_url(backend, request, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server = request.getfixturevalue("postgres")
    name, url = server.fresh(migrated=False)
    yield url
    server.drop(name)


def test_upgrade_downgrade_upgrade(empty_database_url):
    engine = build_engine(empty_database_url)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    tables = set(inspect(engine).get_table_names())
    assert {"reports", "report_versions", "assessments", "audit_events", "users"} <= tables
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_models_and_migrations_have_not_drifted(database_url):
    engine = build_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == [], "run a new migration: models differ from the migrations"


def test_audit_log_rejects_update_and_delete(database_url):
    engine = build_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (at, role, action, record_type, outcome) "
                "VALUES (CURRENT_TIMESTAMP, 'admin', 'test', 'report', 'allowed')"
            )
        )
    for statement in ("UPDATE audit_events SET action = 'changed'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT action FROM audit_events")).scalar_one() == "test"
    engine.dispose()


def test_postgres_is_required_in_ci_when_flagged(monkeypatch):
    """With REPORTSVC_REQUIRE_SERVICES=1 a missing PostgreSQL fails instead of skipping."""
    monkeypatch.delenv("REPORTSVC_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setattr(databases, "REQUIRE_SERVICES", True)
    with pytest.raises(pytest.fail.Exception):
        databases.postgres_server_url()


def test_a_conference_from_before_families_keeps_its_child(empty_database_url):
    """0004: every existing conference's one child becomes its child keyed "child"."""
    engine = build_engine(empty_database_url)
    migrate.upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO agencies (id, name, type, created_at) "
                "VALUES (1, 'LA', 'other', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO users (id, email, name, password_hash, role, agency_id, active, "
                "session_nonce, failed_logins, created_at) VALUES (1, 'c@x.org', 'C', 'h', "
                "'chair', 1, TRUE, 'n', 0, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO children (id, name, date_of_birth, ethnicity, religion, "
                "first_language) VALUES (7, 'Leah', '2023-05-02', '', '', '')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO conferences (id, child_id, type, date, chair_id, created_at) "
                "VALUES (3, 7, 'ICPC', '2026-03-12', 1, CURRENT_TIMESTAMP)"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT conference_id, child_id, key FROM conference_children")
        ).all()
        status = connection.execute(text("SELECT status, kind FROM conferences")).one()
    assert [tuple(r) for r in rows] == [(3, 7, "child")]
    assert tuple(status) == ("scheduled", "standard")
    engine.dispose()
