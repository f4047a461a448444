"""Run the packaged Alembic migrations against an engine (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("reportsvc") / "migrations"))
    return cfg


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run a migration step in one transaction.

    On SQLite a migration that changes a column rebuilds the table (Alembic's batch mode):
    with foreign keys enforced, dropping the old table would fail for any table others
    refer to. So foreign keys are off while the step runs (the pragma only takes effect
    outside a transaction) and every reference is checked before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        if sqlite:  # on the driver's connection: SQLAlchemy would wrap it in BEGIN
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                step(cfg)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(
                            f"migration left {len(broken)} broken references; rolled back"
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, lambda cfg: command.downgrade(cfg, revision))


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a new migration from the models (developers only)."""
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.revision(cfg, message=message, autogenerate=True)


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
