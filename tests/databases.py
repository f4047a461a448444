"""Throwaway databases for tests: a migrated SQLite file per test, or a PostgreSQL database
cloned per test from a migrated template (CREATE DATABASE ... TEMPLATE is fast).

PostgreSQL tests need REPORTSVC_TEST_POSTGRES_URL (a server URL whose user may create
databases). Without it they are skipped, unless REPORTSVC_REQUIRE_SERVICES=1 (set by CI),
which turns the skip into a failure so CI can never pass without running them.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reportsvc import migrate
from reportsvc.db import build_engine, normalise_url

REQUIRE_SERVICES = os.environ.get("REPORTSVC_REQUIRE_SERVICES") == "1"
_counter = itertools.count()


def worker() -> str:
    """A name unique to this pytest process, so parallel runs on one server never collide."""
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def postgres_server_url() -> str:
    url = os.environ.get("REPORTSVC_TEST_POSTGRES_URL", "")
    if not url:
        message = "PostgreSQL not configured (set REPORTSVC_TEST_POSTGRES_URL)"
        if REQUIRE_SERVICES:
            pytest.fail(message + " but REPORTSVC_REQUIRE_SERVICES=1")
        pytest.skip(message)
    return normalise_url(url)


def sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    engine = build_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "test.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


class PostgresDatabases:
    """Creates databases on the server for one pytest worker and drops them afterwards."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.template = f"reportsvc_tpl_{worker()}"
        self.extra_templates: list[str] = []

    def url_for(self, name: str) -> str:
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def migrated_template(self) -> None:
        url = self.create(self.template)
        engine = build_engine(url)
        migrate.upgrade(engine)
        engine.dispose()

    def fresh(self, migrated: bool = True, template: str | None = None) -> tuple[str, str]:
        name = f"reportsvc_t_{worker()}_{next(_counter)}"
        return name, self.create(name, template or (self.template if migrated else None))

    def close(self) -> None:
        for name in self.extra_templates:
            self.drop(name)
        self.drop(self.template)
        self.admin.dispose()
