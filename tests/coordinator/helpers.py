"""What the coordinator's tests share: the schedule form as a browser posts it, dates in
the GOV.UK day / month / year boxes, and the outbox as the worker would read it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Conference, OutboxMail, User
from tests import pages

NEW = "/coordinator/conferences/new"


def weekday(days: int, start: date | None = None) -> date:
    """A Tuesday to Thursday about ``days`` from today (clear of weekends either side)."""
    day = (start or date.today()) + timedelta(days=days)
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return day


def boxes(day: date | None) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)] if day else ["", "", ""]


def child(
    n: int, name: str, born: date | None = None, due: date | None = None, **extra: Any
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        f"children-{n}-name": name,
        f"children-{n}-date_of_birth": boxes(born),
        f"children-{n}-expected_date_of_delivery": boxes(due),
    }
    if born is None:
        fields[f"children-{n}-unborn"] = "y"
    for key, value in extra.items():
        fields[f"children-{n}-{key}"] = value
    return fields


def person(
    n: int, name: str, relationship: str, children: list[str] | None = None, lives: bool = True
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        f"household-{n}-name": name,
        f"household-{n}-relationship": relationship,
        f"household-{n}-children": children or [],
    }
    if lives:
        fields[f"household-{n}-lives_with_child"] = "y"
    return fields


def invitation(
    n: int,
    agency_id: str = "",
    email: str = "",
    author_id: str = "",
    new_name: str = "",
    new_type: str = "",
) -> dict[str, Any]:
    return {
        f"invitations-{n}-agency_id": agency_id,
        f"invitations-{n}-author_id": author_id,
        f"invitations-{n}-author_email": email,
        f"invitations-{n}-new_agency_name": new_name,
        f"invitations-{n}-new_agency_type": new_type,
    }


def form(chair_id: int, on: date, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "ICPC",
        "kind": "standard",
        "date": boxes(on),
        "time": "10:00",
        "venue": "Civic Centre, room 3",
        "chair_id": str(chair_id),
        "reference": "",
        "previous_id": "",
        "notified_on": boxes(None),
        "action": "schedule",
    }
    data.update(fields)
    return data


def schedule(client: FlaskClient, data: dict[str, Any], status: int | None = None) -> pages.Page:
    return pages.post_form(client, NEW, data, status=status, follow_redirects=True)


def conferences(app: Flask) -> list[Conference]:
    with app.app_context():
        session = db.session()
        found = list(session.scalars(select(Conference).order_by(Conference.id)))
        for c in found:  # load what the tests read, before the session closes
            _ = [(link.child.name, link.key) for link in c.child_links]
            _ = [(i.agency.name, i.author, i.report) for i in c.invitations]
            _ = [p.name for p in c.household]
            _ = c.chair.email
        return found


def outbox(app: Flask, template: str | None = None) -> list[OutboxMail]:
    with app.app_context():
        query = select(OutboxMail).order_by(OutboxMail.id)
        if template is not None:
            query = query.where(OutboxMail.template == template)
        return list(db.session().scalars(query))


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        found = db.session().scalar(select(User).where(User.email == email))
        assert found is not None
        return found.id
