"""Helpers for the security tests: apps on their own database per module, signed-in clients,
every GET route filled in with the world's ids, a bounded crawler, planting text in every
field of a report, and a snapshot of every table."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import MetaData, select, text
from werkzeug.test import TestResponse

import exemplars
from reportsvc import db
from reportsvc.models import Report, User
from reportsvc.services import reports
from tests import pages
from tests.conftest import _world_template, fresh_database, make_app
from tests.world import PASSWORD, World

# Who reads which planted report (reportsvc/policy.py): the agency's author, the chair of
# the conference and QA leads. Everyone else must never see a byte of it.
PEOPLE = ("author_gp", "author_school", "chair", "chair2", "qa", "admin")
READERS = {
    "gp": {"author_gp", "chair", "qa"},  # world.gp_report: conference 1, GP agency
    "other": {"author_school", "chair2", "qa"},  # world.other_report: conference 2, school
}


@contextmanager
def module_app(
    request: pytest.FixtureRequest, backend: str, **overrides: object
) -> Iterator[tuple[Flask, World]]:
    """An app on its own copy of the test world, for a whole module (read-mostly tests)."""
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    directory: Path = factory.mktemp("security")
    with fresh_database(backend, request, directory, with_world=True) as url:
        app = make_app(url, **overrides)
        yield app, _world_template(backend, request)[1]
        with app.app_context():
            db.engine().dispose()


def signed_in(app: Flask, world: World, who: str) -> FlaskClient:
    client = app.test_client()
    response = pages.sign_in(client, world.emails[who], PASSWORD)
    assert response.status_code == 302, f"sign-in as {who} failed"
    return client


def csrf_token(client: FlaskClient) -> str:
    return pages.parse(client.get("/about")).csrf()


def route_values(world: World) -> dict[str, list[Any]]:
    good = next(e.id for e in exemplars.load_all() if e.gold["grade"] == "good")
    return {
        "report_id": [world.gp_report, world.school_report, world.other_report],
        "conference_id": [world.conference, world.other_conference],
        "user_id": [world.users["author_school"]],
        "exemplar_id": [good],
        "sample_id": [1],
        "filename": [],
        "invitation_id": [world.gp_invitation, world.other_invitation],
        "child_id": [world.child],
        "token": ["not-a-real-token"],  # /welcome/<token>: tests/coordinator/test_welcome.py
    }


def get_urls(app: Flask, world: World) -> list[str]:
    """Every GET route, once per id the world has for each of its arguments."""
    values = route_values(world)
    urls: list[str] = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
                continue
            combos: list[dict[str, Any]] = [{}]
            for argument in rule.arguments:
                if argument in (rule.defaults or {}):
                    continue
                combos = [{**c, argument: v} for c in combos for v in values[argument]]
            for combo in combos:
                urls.append(url_for(rule.endpoint, **combo))
    return sorted(set(urls))


def local_links(body: str) -> list[str]:
    soup = BeautifulSoup(body, "html.parser")
    found = []
    for node in soup.select("a[href]"):
        href = str(node["href"]).split("#", 1)[0]
        parts = urlsplit(href)
        if not href.startswith("/") or href.startswith("//") or parts.netloc:
            continue
        if parts.path.startswith("/static/") or parts.path == "/sign-out":
            continue
        found.append(href)
    return found


def pdf_text(body: bytes) -> bytes:
    """The words of a PDF (reportsvc/documents), or nothing without poppler-utils."""
    if not shutil.which("pdftotext"):
        return b""
    return subprocess.run(
        ["pdftotext", "-", "-"], input=body, capture_output=True, check=True
    ).stdout


def crawl(
    client: FlaskClient, seeds: list[str], *, limit: int = 120, per_path: int = 2
) -> dict[str, TestResponse]:
    """GET the seeds and every local link found, breadth first, at most ``per_path`` query
    variants of one path and ``limit`` pages in all."""
    seen: dict[str, TestResponse] = {}
    variants: dict[str, int] = {}
    queue = deque(seeds)
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or (url not in seeds and variants.get(path, 0) >= per_path):
            continue
        variants[path] = variants.get(path, 0) + 1
        response = client.get(url)
        if response.mimetype == "application/pdf":  # searched as its text (pdftotext)
            response.set_data(pdf_text(response.get_data()))
        seen[url] = response
        if response.status_code == 200 and response.mimetype == "text/html":
            queue.extend(local_links(response.get_data(as_text=True)))
    return seen


def plant_through_form(
    client: FlaskClient, report_id: int, value_for: Callable[[str], str]
) -> dict[str, str]:
    """Type ``value_for(name)`` into every text field of the author's report form and save.
    Returns what was typed, by field name."""
    url = f"/author/reports/{report_id}"
    page = pages.get(client, url)
    data = page.form_fields("#report-form")
    planted: dict[str, str] = {}
    for node in page.select("#report-form input[type=text], #report-form textarea"):
        name = str(node["name"])
        if name == "sharing-date":
            continue
        planted[name] = value_for(name)
    assert len(planted) >= 15, sorted(planted)
    data.update(planted)
    data["action"] = "save"
    response = client.post(url, data=data)
    problems = pages.parse(response).error_summary() if response.status_code != 302 else []
    assert response.status_code == 302, (response.status_code, problems)
    return planted


def submit_latest(app: Flask, report_id: int, user_id: int) -> None:
    """Submit the report's latest document (so chairs and QA leads see it)."""
    with app.app_context():
        session = db.session()
        report = session.get(Report, report_id)
        user = session.get(User, user_id)
        assert report is not None and user is not None
        reports.save(
            session,
            report,
            dict(report.versions[-1].document),
            expected_version=report.version,
            user=user,
            kind="submit",
            status="submitted",
        )
        session.commit()


def save_document(app: Flask, report_id: int, user_id: int, document: dict[str, Any]) -> None:
    """Store a document as a submitted version directly (bypassing the form's cleaning)."""
    with app.app_context():
        session = db.session()
        report = session.get(Report, report_id)
        user = session.get(User, user_id)
        assert report is not None and user is not None
        reports.save(
            session,
            report,
            document,
            expected_version=report.version,
            user=user,
            kind="submit",
            status="submitted",
        )
        session.commit()


def snapshot(app: Flask, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """A digest of every row of every table (skipping ``skip``), to prove nothing changed."""
    digests = {}
    with app.app_context():
        engine = db.engine()
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                if name in skip or name == "alembic_version":
                    continue
                order = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*order)).all()
                digests[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def audit_count(app: Flask) -> int:
    with app.app_context(), db.engine().connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one())
