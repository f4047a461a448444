"""What an operator needs: structured JSON logs, Prometheus metrics, health and readiness,
and clear 503 answers while the database is unreachable.

``init_app`` is called by ``create_app``; nothing here reads report text. Settings (all
optional, read from the environment when the app is built):

- ``REPORTSVC_LOG_FORMAT``: ``json`` (one JSON object a line on stderr) or ``plain``;
  ``REPORTSVC_LOG_LEVEL``: ``INFO`` by default.
- ``REPORTSVC_METRICS_ALLOW``: addresses or networks that may read ``/metrics`` without a
  token (comma-separated; default ``127.0.0.1,::1``). Requests that came through a proxy
  (with ``X-Forwarded-For``) never count as local.
- ``REPORTSVC_METRICS_TOKEN``: a bearer token that also opens ``/metrics`` (empty: none).
- ``REPORTSVC_READY_WORKER_MAX_AGE``: seconds within which a worker must have written its
  heartbeat for ``/ready`` to answer 200 (default 120; 0 leaves the worker out).
"""

from __future__ import annotations

import os

from flask import Flask


def settings_from_environment(app: Flask) -> None:
    env = os.environ
    testing = bool(app.config.get("TESTING"))
    app.config.setdefault(
        "LOG_FORMAT", env.get("REPORTSVC_LOG_FORMAT", "plain" if testing else "json")
    )
    app.config.setdefault("LOG_LEVEL", env.get("REPORTSVC_LOG_LEVEL", "INFO"))
    allow = env.get("REPORTSVC_METRICS_ALLOW", "127.0.0.1,::1")
    app.config.setdefault("METRICS_ALLOW", [a.strip() for a in allow.split(",") if a.strip()])
    app.config.setdefault("METRICS_TOKEN", env.get("REPORTSVC_METRICS_TOKEN", ""))
    app.config.setdefault(
        "READY_WORKER_MAX_AGE", int(env.get("REPORTSVC_READY_WORKER_MAX_AGE", "120"))
    )


def init_app(app: Flask) -> None:
    from . import health, logs, metrics, unavailable

    settings_from_environment(app)
    logs.init_app(app)
    metrics.init_app(app)
    unavailable.init_app(app)
    app.register_blueprint(health.bp)
