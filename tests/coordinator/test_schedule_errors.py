"""Bad input on every field of the schedule form: a clear message on the field it names,
linked from the error summary, what was typed kept, and nothing stored."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import Agency, Child, Conference, Invitation, OutboxMail, User
from tests.coordinator.helpers import boxes, child, form, invitation, person, schedule, weekday

LONG = "x" * 201


def stored(app: Any) -> tuple[int, ...]:
    with app.app_context():
        session = db.session()
        return tuple(
            session.scalar(select(func.count()).select_from(m))
            for m in (Conference, Child, Invitation, Agency, User, OutboxMail)
        )


def valid(world: Any) -> dict[str, Any]:
    return form(
        world.users["chair"],
        weekday(20),
        **child(0, "Kai", date(2016, 4, 1)),
        **person(0, "Janelle", "mother", ["child-1"]),
        **invitation(
            0, agency_id=str(world.agencies["gp"]), author_id=str(world.users["author_gp"])
        ),
        **{"children-0-key": "child-1"},
    )


TOMORROW = date.today() + timedelta(days=1)
# (what is changed, a part of the message, the id the summary links to)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("type", {"type": ""}, "Choose the type of conference", "type"),
    ("type-unknown", {"type": "XYZ"}, "Choose the type of conference", "type"),
    ("kind-unknown", {"kind": "sideways"}, "How it came about", "kind"),
    (
        "reconvened-rcpc",
        {"kind": "reconvened", "type": "RCPC", "notified_on": boxes(date.today())},
        "its type is ICPC",
        "kind",
    ),
    (
        "notified-missing",
        {"kind": "transfer_in"},
        "Enter the date the area was notified",
        "notified_on-day",
    ),
    (
        "notified-after",
        {"kind": "transfer_in", "notified_on": boxes(weekday(40))},
        "must be on or before the conference date",
        "notified_on-day",
    ),
    (
        "notified-not-a-date",
        {"kind": "transfer_in", "notified_on": ["31", "2", "2027"]},
        "must be a real date",
        "notified_on-day",
    ),
    (
        "previous-unknown",
        {"previous_id": "99999"},
        "Choose the previous conference from the list",
        "previous_id",
    ),
    ("date-missing", {"date": boxes(None)}, "Enter the date of the conference", "date-day"),
    ("date-part", {"date": ["12", "", "2027"]}, "must include a month", "date-day"),
    ("date-not-real", {"date": ["30", "2", "2027"]}, "must be a real date", "date-day"),
    ("time", {"time": "25:00"}, "Time must be a real time", "time"),
    ("time-words", {"time": "ten o'clock"}, "Time must be a time like 10:00", "time"),
    ("venue", {"venue": "v" * 301}, "must be 300 characters or fewer", "venue"),
    ("chair", {"chair_id": ""}, "Choose a chair", "chair_id"),
    ("chair-not-a-chair", {"chair_id": "QA"}, "this user is not a conference chair", "chair_id"),
    ("reference", {"reference": "r" * 81}, "must be 80 characters or fewer", "reference"),
    (
        "no-children",
        {"children-0-name": "", "children-0-date_of_birth": boxes(None)},
        "Add at least one child",
        "children-0-name",
    ),
    ("child-name", {"children-0-name": ""}, "Child 1: Name is required", "children-0-name"),
    (
        "child-name-long",
        {"children-0-name": LONG},
        "Name must be 200 characters",
        "children-0-name",
    ),
    (
        "child-born",
        {"children-0-date_of_birth": boxes(None)},
        "Enter the date of birth, or tick Unborn baby",
        "children-0-date_of_birth-day",
    ),
    (
        "child-future",
        {"children-0-date_of_birth": boxes(TOMORROW)},
        "must be today or in the past",
        "children-0-date_of_birth-day",
    ),
    (
        "child-both",
        {"children-0-expected_date_of_delivery": boxes(TOMORROW)},
        "Give a date of birth, or tick Unborn baby",
        "children-0-expected_date_of_delivery-day",
    ),
    (
        "unborn-with-birthday",
        {"children-0-unborn": "y"},
        "An unborn baby has no date of birth",
        "children-0-date_of_birth-day",
    ),
    (
        "due-not-real",
        {
            "children-0-unborn": "y",
            "children-0-date_of_birth": boxes(None),
            "children-0-expected_date_of_delivery": ["40", "1", "2027"],
        },
        "must be a real date",
        "children-0-expected_date_of_delivery-day",
    ),
    ("ethnicity", {"children-0-ethnicity": LONG}, "Ethnicity must be 200", "children-0-ethnicity"),
    ("religion", {"children-0-religion": LONG}, "Religion must be 200", "children-0-religion"),
    (
        "language",
        {"children-0-first_language": LONG},
        "First language must be 200",
        "children-0-first_language",
    ),
    ("person-name", {"household-0-name": ""}, "Person 1: Name is required", "household-0-name"),
    (
        "person-relationship",
        {"household-0-relationship": ""},
        "Relationship to the children is required",
        "household-0-relationship",
    ),
    (
        "person-long",
        {"household-0-relationship": LONG},
        "must be 200 characters",
        "household-0-relationship",
    ),
    (
        "agency-missing",
        {"invitations-0-agency_id": ""},
        "Choose an agency",
        "invitations-0-agency_id",
    ),
    (
        "agency-new-unnamed",
        {"invitations-0-agency_id": "new", "invitations-0-new_agency_type": "gp"},
        "Choose an agency, or choose a new agency and name it",
        "invitations-0-new_agency_name",
    ),
    (
        "agency-new-untyped",
        {"invitations-0-agency_id": "new", "invitations-0-new_agency_name": "New Surgery"},
        "Choose the type of the new agency",
        "invitations-0-new_agency_type",
    ),
    (
        "agency-type-clash",
        {
            "invitations-0-agency_id": "new",
            "invitations-0-new_agency_name": "Test School",
            "invitations-0-new_agency_type": "gp",
            "invitations-0-author_id": "",
        },
        "this agency is registered as type 'school'",
        "invitations-0-new_agency_type",
    ),
    (
        "author-email",
        {"invitations-0-author_id": "", "invitations-0-author_email": "not-an-email"},
        "must be an email address",
        "invitations-0-author_email",
    ),
    (
        "author-other-agency",
        {"invitations-0-author_id": "", "invitations-0-author_email": "author_school@test.example"},
        "this author belongs to another agency",
        "invitations-0-author_email",
    ),
    (
        "author-not-author",
        {"invitations-0-author_id": "", "invitations-0-author_email": "qa@test.example"},
        "not a report author",
        "invitations-0-author_email",
    ),
    (
        "invited-twice",
        {**invitation(1, agency_id="GP")},
        "is invited twice",
        "invitations-1-agency_id",
    ),
]


@pytest.mark.parametrize(
    ("changes", "message", "anchor"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_bad_input_is_named_on_its_field(app, world, sign_in_as, changes, message, anchor):
    client = sign_in_as("coordinator")
    data = valid(world)
    for key, value in changes.items():
        if value == "QA":
            value = str(world.users["qa"])
        elif value == "GP":
            value = str(world.agencies["gp"])
        data[key] = value
    before = stored(app)
    page = schedule(client, data, status=400)
    summary = page.error_summary()
    assert any(message in text for text in summary), summary
    links = [a["href"] for a in page.select(".govuk-error-summary__list a")]
    assert f"#{anchor}" in links, links
    assert page.soup.select_one(f"[id='{anchor}']") is not None, f"no field with id {anchor}"
    assert page.title.startswith("Error:")
    assert stored(app) == before
    # What was typed is still there.
    assert page.form_fields().get("venue") == data["venue"]
    assert "Kai" not in " ".join(summary)  # messages name the field, never the value
