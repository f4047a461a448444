"""Fixtures: an app on a real migrated database (SQLite, and PostgreSQL when configured),
its test client and CLI runner, and a small world of users and conferences."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from reportsvc import create_app, db
from tests import databases, pages
from tests.world import PASSWORD, World, build


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[databases.PostgresDatabases]:
    server = databases.PostgresDatabases(databases.postgres_server_url())
    server.migrated_template()
    yield server
    server.close()


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextmanager
def fresh_database(backend: str, request: pytest.FixtureRequest, directory: Path) -> Iterator[str]:
    """A migrated database of the backend, dropped afterwards."""
    if backend == "sqlite":
        yield databases.sqlite_copy(request.getfixturevalue("sqlite_template"), directory)
        return
    server: databases.PostgresDatabases = request.getfixturevalue("postgres")
    name, url = server.fresh()
    try:
        yield url
    finally:
        server.drop(name)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(backend, request, tmp_path) as url:
        yield url


def make_app(url: str, **overrides: object) -> Flask:
    return create_app({"ENV_NAME": "testing", "DATABASE_URL": url, **overrides})


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    application = make_app(database_url)
    yield application
    with application.app_context():
        db.engine().dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def world(app: Flask) -> World:
    return build(app)


@pytest.fixture
def sign_in_as(client: FlaskClient, world: World) -> Callable[[str], FlaskClient]:
    """Sign the test client in as one of the world's users ("author_gp", "chair", ...)."""

    def sign_in(who: str) -> FlaskClient:
        response = pages.sign_in(client, world.emails[who], PASSWORD)
        assert response.status_code == 302, "sign-in failed"
        return client

    return sign_in
