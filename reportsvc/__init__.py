"""reportsvc: write, check and score child protection conference reports.

``create_app()`` builds everything; nothing is wired at import time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | str | None = None) -> Flask:
    """Build the app. ``config`` is an environment name or a dict of overrides."""
    from . import config as config_module
    from . import db, errors, security, web
    from .auth import login as auth_login

    app = Flask(__name__, instance_relative_config=True)
    env_name = config if isinstance(config, str) else None
    overrides = config if isinstance(config, dict) else {}
    app.config.from_object(config_module.select(overrides.get("ENV_NAME") or env_name))
    app.config.update(overrides)
    config_module.check(app.config)

    db.init_app(app)
    security.init_app(app)
    auth_login.init_app(app)
    errors.init_app(app)
    web.register_blueprints(app)
    from . import ops

    ops.init_app(app)  # JSON logs, /health, /ready, /metrics, 503 while the database is away
    from .cli import register_commands

    register_commands(app)
    return app
