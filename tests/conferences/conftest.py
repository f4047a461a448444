"""Fixtures for the conference API and CSV tests: a coordinator's bearer token made with the
real `reportsvc token create` command, and a count of the rows in every table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import Base
from tests.world import World


def token_for(runner: FlaskCliRunner, email: str) -> str:
    result = runner.invoke(args=["token", "create", email])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.fixture
def coordinator_token(runner: FlaskCliRunner, world: World) -> str:
    return token_for(runner, world.emails["coordinator"])


@pytest.fixture
def auth(coordinator_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {coordinator_token}"}


@pytest.fixture
def count_rows(app: Flask) -> Callable[[], dict[str, int]]:
    """The number of rows in every table (so a refused request can be shown to store
    nothing at all, anywhere)."""

    def count() -> dict[str, int]:
        with app.app_context():
            session = db.session()
            counts = {
                table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
            session.rollback()
            return counts

    return count


@pytest.fixture
def query(app: Flask) -> Callable[..., Any]:
    """Run ``fn(session)`` in a fresh app context and return its result."""

    def run(fn: Callable[..., Any]) -> Any:
        with app.app_context():
            session = db.session()
            try:
                return fn(session)
            finally:
                session.rollback()

    return run
