"""Fixtures for the conference-outcome tests: families scheduled through the real scheduling
service (so children, household and invitations are as the coordinator makes them), tokens
made with the real `reportsvc token create` command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from reportsvc import db
from reportsvc.models import User
from reportsvc.services import scheduling
from reportsvc.services.conference_spec import parse
from tests.conferences.conftest import count_rows, query, token_for  # noqa: F401
from tests.world import World

URL = "/api/v1/conferences/{}/outcome"


def family(
    on: date,
    *,
    type: str = "ICPC",
    reference: str = "LCS-1-ICPC",
    previous: str | None = None,
    keys: tuple[str, ...] = ("leah", "mia"),
    agencies: tuple[tuple[str, str, str | None], ...] = (
        ("gp", "Test Surgery", "author_gp@test.example"),
        ("school", "Test School", "author_school@test.example"),
    ),
) -> dict[str, Any]:
    names = {
        "leah": ("Leah", "2023-05-02"),
        "mia": ("Mia", "2019-02-11"),
        "leo": ("Leo", "2021-07-30"),
    }
    data: dict[str, Any] = {
        "reference": reference,
        "type": type,
        "date": on.isoformat(),
        "time": "10:00",
        "venue": "Civic Centre",
        "chair": "chair@test.example",
        "previous_reference": previous,
        "children": [{"key": k, "name": names[k][0], "date_of_birth": names[k][1]} for k in keys],
        "household": [{"name": "Janelle", "relationship": "mother", "lives_with_child": True}],
        "invitations": [
            {"agency": {"type": t, "name": n}, "author_email": e} for t, n, e in agencies
        ],
    }
    return data


@pytest.fixture
def schedule(app: Flask, world: World) -> Callable[..., int]:
    """Schedule a conference with ``family(...)``'s arguments; returns its id."""

    def run(on: date, **kwargs: Any) -> int:
        with app.app_context():
            session = db.session()
            actor = session.get(User, world.users["coordinator"])
            result = scheduling.schedule(session, parse(family(on, **kwargs)), actor=actor)
            session.commit()
            return result.conference.id

    return run


@pytest.fixture
def tokens(runner: FlaskCliRunner, world: World) -> dict[str, dict[str, str]]:
    return {
        who: {"Authorization": f"Bearer {token_for(runner, world.emails[who])}"}
        for who in ("chair", "chair2", "coordinator", "qa", "author_gp")
    }


def plan_child(key: str = "leah", **changes: Any) -> dict[str, Any]:
    child = {
        "key": key,
        "decision": "plan",
        "category": "neglect",
        "primary_concern": "Parental substance misuse",
        "secondary_concerns": ["emotional"],
        "lead_social_worker": "Sam Patel",
        "core_group": ["Sam Patel (social worker)", "Test Surgery"],
    }
    child.update(changes)
    return child


def action(**changes: Any) -> dict[str, Any]:
    item = {
        "agency": "Test Surgery",
        "who": "Dr Okafor, GP",
        "what": "See Leah every four weeks and weigh her, sharing weights with the health visitor",
        "by_when": "2026-03-31",
        "how_we_will_know": "Leah's weight stays at or above the 9th centile",
    }
    item.update(changes)
    return item
