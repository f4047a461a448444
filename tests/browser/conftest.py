"""Browser fixtures: the app served by a real HTTP server on 127.0.0.1 with a fresh copy of a
migrated SQLite database holding the demo partnership, and Debian's Chromium driven by
Playwright.

The demo database is built once per pytest worker and copied for each test, so every test
starts from the same data and none sees another's changes. Tests skip when Chromium is not
installed ($REPORTSVC_CHROMIUM, default /usr/bin/chromium), unless
REPORTSVC_REQUIRE_SERVICES=1 (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from reportsvc import create_app, db, migrate
from tests.browser import axe
from tests.browser.helpers import DEMO_PASSWORD
from tests.databases import REQUIRE_SERVICES

CHROMIUM = os.environ.get("REPORTSVC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _need(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason}, but REPORTSVC_REQUIRE_SERVICES=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium per pytest worker."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _need(f"Chromium not found at {CHROMIUM} (set REPORTSVC_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package is not installed")
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the demo partnership, built once per worker."""
    from reportsvc.auth.login import hashing
    from reportsvc.services import demo

    path = tmp_path_factory.mktemp("browser-demo") / "demo.sqlite3"
    app = make_app(path)
    with app.app_context():
        migrate.upgrade(db.engine())
        demo.load(db.session(), password=DEMO_PASSWORD, hashing=hashing())
        db.session().commit()
        db.session().close()
        db.engine().dispose()
    return path


@dataclass
class LiveServer:
    """The app on a real server; ``url`` is its base address."""

    app: Flask
    server: BaseWSGIServer
    thread: threading.Thread
    url: str
    pages: list[str] = field(default_factory=list)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.engine().dispose()


class QuietHandler(WSGIRequestHandler):
    """No access log on stderr: the tests report what matters."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def make_app(database: Path, **overrides: Any) -> Flask:
    return create_app({"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{database}", **overrides})


def start_server(database: Path, **overrides: Any) -> LiveServer:
    app = make_app(database, **overrides)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(app, server, thread, f"http://127.0.0.1:{server.server_port}")


@pytest.fixture
def serve(
    chromium: Any, demo_database: Path, tmp_path: Path
) -> Iterator[Callable[..., LiveServer]]:
    """Start the app (with config overrides) on a fresh copy of the demo database."""
    servers: list[LiveServer] = []

    def start(**overrides: Any) -> LiveServer:
        copy = tmp_path / f"live-{len(servers)}.sqlite3"
        shutil.copyfile(demo_database, copy)
        servers.append(start_server(copy, **overrides))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def live_server(serve: Callable[..., LiveServer]) -> LiveServer:
    return serve()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_context(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Browser contexts (separate cookie jars: separate people), closed after the test.

    Every page the test loads is recorded; a test that passes must have run axe on each
    (see axe.checked)."""
    contexts: list[Any] = []
    visited: list[str] = []
    axe.checked.clear()

    def watch(page: Any) -> None:
        page.on("load", lambda: visited.append(page.url))

    def create(base_url: str, **kwargs: Any) -> Any:
        context = chromium.new_context(
            base_url=base_url,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
            **kwargs,
        )
        context.set_default_timeout(10_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield create
    for context in contexts:
        context.close()
    call = getattr(request.node, "report_call", None)
    if call is not None and call.passed:
        pages = {axe.path_of(url) for url in visited if url.startswith("http://127.0.0.1:")}
        unchecked = sorted(pages - axe.checked)
        assert not unchecked, f"pages loaded but never checked with axe: {unchecked}"


@pytest.fixture
def context(new_context: Callable[..., Any], live_server: LiveServer) -> Any:
    return new_context(live_server.url)


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()
