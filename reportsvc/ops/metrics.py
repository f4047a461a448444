"""Prometheus metrics through the official prometheus-client.

- ``reportsvc_http_requests_total{method,route,status}`` and
  ``reportsvc_http_request_duration_seconds{method,route}``: labelled by the URL rule
  (``/author/reports/<int:report_id>``), never by the URL, so ids never become labels;
- ``reportsvc_engine_seconds``: the engine's time for each report it assesses (autosave,
  check, submit, score);
- read from the database at each scrape, so every instance reports the same figures:
  ``reportsvc_mail_queue_depth`` (mails neither sent nor given up), ``reportsvc_mails_sent``
  and ``reportsvc_mails_failed`` (totals in the outbox), ``reportsvc_worker_heartbeat_age_seconds``
  and ``reportsvc_database_up``.

Under gunicorn, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory (deploy/gunicorn.conf.py
does) so the counts of every worker process are added up; without it each process answers
for itself only.

``/metrics`` answers only to an address in ``METRICS_ALLOW`` (and only when the request did
not come through the proxy) or to ``Authorization: Bearer <METRICS_TOKEN>``.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine, func, select
from werkzeug.wrappers import Response

from reportsvc.models import OutboxMail, WorkerHeartbeat

REQUESTS = Counter(
    "reportsvc_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "reportsvc_http_request_duration_seconds",
    "Time to answer a request, by route",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 2.0, 5.0, 10.0),
)
ENGINE = Histogram(
    "reportsvc_engine_seconds",
    "Engine time per report assessed",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)


def init_app(app: Flask) -> None:
    app.after_request(_observe)
    time_the_engine()


def _observe(response: Response) -> Response:
    if request.endpoint in ("static", "ops.metrics"):
        return response
    from .logs import elapsed, route

    rule = route()
    REQUESTS.labels(request.method, rule, str(response.status_code)).inc()
    LATENCY.labels(request.method, rule).observe(elapsed())
    return response


def time_the_engine() -> None:
    """Time every ``scoring.assess`` call, wherever the app makes it (once per process).

    The app calls the engine as ``scoring.assess(...)`` from several places (autosave, live
    check, submit, the API, rescoring); wrapping the module attribute times them all without
    the engine knowing about Prometheus (scoring/ imports neither Flask nor this)."""
    import scoring

    original: Callable[..., Any] = scoring.assess
    if getattr(original, "_reportsvc_timed", False):
        return

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            ENGINE.observe(time.perf_counter() - began)

    timed._reportsvc_timed = True  # type: ignore[attr-defined]
    scoring.assess = timed


class DatabaseFigures:
    """Figures read from the database at scrape time (the same on every instance)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("reportsvc_database_up", "1 when the database answered")
        try:
            with self.engine.connect() as connection:
                queued = connection.scalar(
                    select(func.count())
                    .select_from(OutboxMail)
                    .where(OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))
                )
                sent = connection.scalar(
                    select(func.count())
                    .select_from(OutboxMail)
                    .where(OutboxMail.sent_at.isnot(None))
                )
                failed = connection.scalar(
                    select(func.count())
                    .select_from(OutboxMail)
                    .where(OutboxMail.failed_at.isnot(None))
                )
                newest = connection.scalar(select(func.max(WorkerHeartbeat.seen_at)))
        except Exception:  # the database being down is a figure, not an error
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield _gauge("reportsvc_mail_queue_depth", "Mails waiting to be sent", queued or 0)
        yield _gauge("reportsvc_mails_sent", "Mails sent (all time, from the outbox)", sent or 0)
        yield _gauge(
            "reportsvc_mails_failed", "Mails given up after retries (from the outbox)", failed or 0
        )
        if newest is not None:
            if newest.tzinfo is None:
                newest = newest.replace(tzinfo=UTC)
            age = (datetime.now(UTC) - newest).total_seconds()
            yield _gauge(
                "reportsvc_worker_heartbeat_age_seconds",
                "Seconds since the newest worker heartbeat",
                max(0.0, age),
            )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(name, documentation)
    gauge.add_metric([], float(value))
    return gauge


class _ThisProcess:
    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def exposition(engine: Engine) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseFigures(engine))
    return generate_latest(registry)


def may_read() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[len("Bearer ") :].strip().encode(), token.encode())
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False  # came through the proxy: the proxy's own address proves nothing
    return address_allowed(request.remote_addr or "", current_app.config["METRICS_ALLOW"])


def address_allowed(address: str, allowed: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def response() -> Response:
    body = exposition(current_app.extensions["reportsvc.engine"])
    return Response(body, content_type=CONTENT_TYPE_LATEST)
