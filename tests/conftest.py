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


@pytest.fixture(scope="session")
def world_templates() -> dict[str, tuple[str, World]]:
    """Per backend: a migrated database with the test world in it, built once per session
    and copied for each test that asks for `world` (much faster than building it each time)."""
    return {}


def _world_template(backend: str, request: pytest.FixtureRequest) -> tuple[str, World]:
    cache: dict[str, tuple[str, World]] = request.getfixturevalue("world_templates")
    if backend not in cache:
        if backend == "sqlite":
            factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
            directory = factory.mktemp("world")
            url = databases.sqlite_copy(request.getfixturevalue("sqlite_template"), directory)
            template = str(directory / "test.sqlite3")
        else:
            server: databases.PostgresDatabases = request.getfixturevalue("postgres")
            template = server.template + "_world"
            url = server.create(template, server.template)
            server.extra_templates.append(template)
        application = make_app(url)
        world = build(application)
        with application.app_context():
            db.engine().dispose()
        cache[backend] = (template, world)
    return cache[backend]


@contextmanager
def fresh_database(
    backend: str, request: pytest.FixtureRequest, directory: Path, with_world: bool = False
) -> Iterator[str]:
    """A migrated database of the backend (with the test world in it if asked), dropped
    afterwards."""
    template = _world_template(backend, request)[0] if with_world else None
    if backend == "sqlite":
        source = Path(template) if template else request.getfixturevalue("sqlite_template")
        yield databases.sqlite_copy(source, directory)
        return
    server: databases.PostgresDatabases = request.getfixturevalue("postgres")
    name, url = server.fresh(template=template)
    try:
        yield url
    finally:
        server.drop(name)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with_world = "world" in request.fixturenames
    with fresh_database(backend, request, tmp_path, with_world) as url:
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
def world(app: Flask, backend: str, request: pytest.FixtureRequest) -> World:
    """The test world; `database_url` copied it in with the schema (see world_templates)."""
    return _world_template(backend, request)[1]


@pytest.fixture
def sign_in_as(client: FlaskClient, world: World) -> Callable[[str], FlaskClient]:
    """Sign the test client in as one of the world's users ("author_gp", "chair", ...)."""

    def sign_in(who: str) -> FlaskClient:
        response = pages.sign_in(client, world.emails[who], PASSWORD)
        assert response.status_code == 302, "sign-in failed"
        return client

    return sign_in
