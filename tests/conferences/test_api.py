"""POST /api/v1/conferences and GET /api/v1/conferences/{id}, as the case-management system
uses them (DESIGN.md "Conferences from the case-management system"), on SQLite and
PostgreSQL: create, update by reference, every bad field refused with its path and nothing
stored anywhere."""

from __future__ import annotations

import copy
import json
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from reportsvc.models import AuditEvent, Conference, OutboxMail, User
from tests.conferences.conftest import token_for

URL = "/api/v1/conferences"


def body(**changes: Any) -> dict[str, Any]:
    on = date.today() + timedelta(days=30)
    data: dict[str, Any] = {
        "reference": "LCS-20931-ICPC",
        "type": "ICPC",
        "date": on.isoformat(),
        "time": "10:00",
        "venue": "Civic Centre, room 3",
        "chair": "chair@test.example",
        "previous_reference": None,
        "children": [
            {
                "key": "leah",
                "name": "Leah",
                "date_of_birth": "2023-05-02",
                "ethnicity": "Black British Caribbean",
                "religion": "",
                "first_language": "English",
                "interpreter_needed": False,
            },
            {
                "key": "baby",
                "name": "Unborn baby",
                "date_of_birth": None,
                "expected_date_of_delivery": (on + timedelta(days=40)).isoformat(),
            },
        ],
        "household": [
            {"name": "Janelle", "relationship": "mother", "lives_with_child": True},
            {
                "name": "Marcus",
                "relationship": "father",
                "lives_with_child": False,
                "children": ["leah", "baby"],
            },
        ],
        "invitations": [
            {
                "agency": {"type": "gp", "name": "Test Surgery"},
                "author_email": "author_gp@test.example",
            },
            {
                "agency": {"type": "health_visitor", "name": "Well Street Health Visitors"},
                "author_email": "hv.new@nhs.example",
            },
        ],
    }
    data.update(changes)
    return data


def conferences_with(query, reference: str) -> int:
    return query(
        lambda s: s.scalar(
            select(func.count()).select_from(Conference).where(Conference.reference == reference)
        )
    )


def test_create_answers_ids_and_due_dates_and_get_returns_the_conference(
    client, auth, query, world
):
    response = client.post(URL, json=body(), headers=auth)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["reference"] == "LCS-20931-ICPC"
    assert isinstance(created["id"], int)
    assert [i["agency"] for i in created["invitations"]] == [
        {"type": "gp", "name": "Test Surgery"},
        {"type": "health_visitor", "name": "Well Street Health Visitors"},
    ]
    assert [i["author_email"] for i in created["invitations"]] == [
        "author_gp@test.example",
        "hv.new@nhs.example",
    ]
    # An ICPC's reports are due 3 working days before it.
    due = date.fromisoformat(created["invitations"][0]["due_date"])
    assert due < date.fromisoformat(body()["date"])
    assert all(isinstance(i["id"], int) for i in created["invitations"])

    got = client.get(f"{URL}/{created['id']}", headers=auth)
    assert got.status_code == 200
    data = got.get_json()
    assert data["id"] == created["id"] and data["reference"] == "LCS-20931-ICPC"
    assert data["invitations"] == created["invitations"]
    assert (
        data["type"] == "ICPC" and data["time"] == "10:00" and data["chair"] == "chair@test.example"
    )
    assert [c["key"] for c in data["children"]] == ["leah", "baby"]
    assert data["children"][1]["date_of_birth"] is None
    assert (
        data["children"][1]["expected_date_of_delivery"]
        == body()["children"][1]["expected_date_of_delivery"]
    )
    assert all(c["outcome"] is None for c in data["children"])
    assert [p["relationship"] for p in data["household"]] == ["mother", "father"]
    assert data["household"][1]["children"] == ["leah", "baby"]

    # The new author has an account in the invited agency, and both authors are mailed.
    new_author = query(
        lambda s: s.execute(
            select(User.role, User.agency_id).where(User.email == "hv.new@nhs.example")
        ).one()
    )
    assert new_author.role == "author" and new_author.agency_id != world.agencies["gp"]
    mails = query(lambda s: s.scalars(select(OutboxMail.to)).all())
    assert sorted(mails) == ["author_gp@test.example", "hv.new@nhs.example"]
    # One audit event for the write, naming the conference by id.
    events = query(
        lambda s: s.execute(
            select(AuditEvent.action, AuditEvent.record_id).where(
                AuditEvent.record_type == "conference"
            )
        ).all()
    )
    assert ("create", created["id"]) in events
    assert ("read", created["id"]) in events


def test_the_same_reference_updates_and_never_duplicates(client, auth, query):
    first = client.post(URL, json=body(), headers=auth).get_json()
    later = (date.today() + timedelta(days=35)).isoformat()
    changed = body(date=later, venue="Online")
    changed["invitations"] = changed["invitations"][:1]  # the health visitor is withdrawn
    response = client.post(URL, json=changed, headers=auth)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["id"] == first["id"]
    assert answer["created"] is False
    assert any("Move from" in c for c in answer["changes"])
    assert any("Withdraw" in c for c in answer["changes"])
    assert [i["agency"]["name"] for i in answer["invitations"]] == ["Test Surgery"]
    assert answer["invitations"][0]["id"] == first["invitations"][0]["id"]
    assert answer["invitations"][0]["due_date"] > first["invitations"][0]["due_date"]
    assert conferences_with(query, "LCS-20931-ICPC") == 1
    got = client.get(f"{URL}/{first['id']}", headers=auth).get_json()
    assert got["date"] == later and got["venue"] == "Online"

    # The same body again changes nothing and still answers 200.
    again = client.post(URL, json=changed, headers=auth)
    assert again.status_code == 200
    assert conferences_with(query, "LCS-20931-ICPC") == 1


def _set(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(body())
    target: Any = data
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


DELETE = object()
FUTURE = (date.today() + timedelta(days=400)).isoformat()

# (what to change, its new value, the path the 400 must name)
BAD_FIELDS = [
    ("reference", "R" * 81, "reference"),
    ("reference", 12, "reference"),
    ("type", "CPC", "type"),
    ("type", DELETE, "type"),
    ("kind", "emergency", "kind"),
    ("kind", "transfer_in", "notified_on"),
    ("date", "2026-02-30", "date"),
    ("date", "12/03/2026", "date"),
    ("date", DELETE, "date"),
    ("date", 20260312, "date"),
    ("time", "25:00", "time"),
    ("time", "ten", "time"),
    ("venue", "Room 1\nRoom 2", "venue"),
    ("venue", "V" * 301, "venue"),
    ("chair", "not-an-email", "chair"),
    ("chair", "nobody@test.example", "chair"),
    ("chair", "author_gp@test.example", "chair"),
    ("chair", DELETE, "chair"),
    ("previous_reference", "LCS-UNKNOWN", "previous_reference"),
    ("children", "Leah", "children"),
    ("children", [], "children"),
    ("children", DELETE, "children"),
    ("children[0]", "Leah", "children[0]"),
    ("children[0].key", "Leah!", "children[0].key"),
    ("children[1].key", "leah", "children[1].key"),
    ("children[0].name", "", "children[0].name"),
    ("children[0].name", None, "children[0].name"),
    ("children[0].date_of_birth", FUTURE, "children[0].date_of_birth"),
    ("children[0].date_of_birth", "2023-13-01", "children[0].date_of_birth"),
    ("children[0].date_of_birth", DELETE, "children[0].date_of_birth"),
    ("children[1].expected_date_of_delivery", "soon", "children[1].expected_date_of_delivery"),
    (
        "children[0].expected_date_of_delivery",
        "2026-01-01",
        "children[0].expected_date_of_delivery",
    ),
    ("children[0].ethnicity", ["a"], "children[0].ethnicity"),
    ("children[0].religion", "x" * 201, "children[0].religion"),
    ("children[0].first_language", 5, "children[0].first_language"),
    ("children[0].interpreter_needed", "yes", "children[0].interpreter_needed"),
    ("children[0].shoe_size", 5, "children[0].shoe_size"),
    ("household", {"name": "x"}, "household"),
    ("household[0].name", "", "household[0].name"),
    ("household[0].relationship", DELETE, "household[0].relationship"),
    ("household[0].lives_with_child", "yes", "household[0].lives_with_child"),
    ("household[1].children", ["leah", "sam"], "household[1].children"),
    ("household[1].children", "leah", "household[1].children"),
    ("household[0].phone", "0123", "household[0].phone"),
    ("invitations", "gp", "invitations"),
    ("invitations[0].agency", "Test Surgery", "invitations[0].agency"),
    ("invitations[0].agency.type", "doctor", "invitations[0].agency.type"),
    ("invitations[0].agency.type", "school", "invitations[0].agency.type"),
    ("invitations[0].agency.name", "", "invitations[0].agency.name"),
    ("invitations[1].agency.name", "test surgery", "invitations[1].agency.name"),
    ("invitations[0].author_email", "author at gp", "invitations[0].author_email"),
    ("invitations[0].author_email", "author_school@test.example", "invitations[0].author_email"),
    ("invitations[0].author_email", "chair@test.example", "invitations[0].author_email"),
    ("invitations[0].agency.phone", "0123", "invitations[0].agency.phone"),
    ("invitations[0].cc", "x@y.z", "invitations[0].cc"),
    ("priority", "high", "priority"),
]


@pytest.mark.parametrize(
    ("path", "value", "named"),
    BAD_FIELDS,
    ids=[f"{p}-{n}" for n, (p, _, __) in enumerate(BAD_FIELDS)],
)
def test_every_bad_field_is_refused_with_its_path_and_nothing_is_stored(
    client, auth, count_rows, path, value, named
):
    before = count_rows()
    response = client.post(URL, json=_set(path, value), headers=auth)
    assert response.status_code == 400, response.get_json()
    answer = response.get_json()
    assert answer["error"]
    assert named in [d["path"] for d in answer["details"]], answer["details"]
    assert all(set(d) == {"path", "message"} and d["message"] for d in answer["details"])
    assert count_rows() == before


def test_a_bad_update_leaves_the_stored_conference_as_it_was(client, auth, count_rows):
    first = client.post(URL, json=body(), headers=auth).get_json()
    stored = client.get(f"{URL}/{first['id']}", headers=auth).get_json()
    before = count_rows()
    bad = body(venue="Moved")
    bad["invitations"][1]["author_email"] = "author_school@test.example"  # another agency's
    response = client.post(URL, json=bad, headers=auth)
    assert response.status_code == 400
    assert count_rows() == before
    assert client.get(f"{URL}/{first['id']}", headers=auth).get_json() == stored


def test_every_problem_is_named_at_once(client, auth):
    data = body(type="X", date="2026-02-30")
    data["children"][0]["name"] = ""
    response = client.post(URL, json=data, headers=auth)
    assert response.status_code == 400
    assert {"type", "date", "children[0].name"} <= {
        d["path"] for d in response.get_json()["details"]
    }


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        (b'{"reference": "R1", "type": "ICPC",', "application/json", 400),
        (b"not json at all", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'"a string"', "application/json", 400),
        (b"\xff\xfe{}", "application/json", 400),
        (json.dumps(body()).encode(), "text/plain", 415),
        (json.dumps(body()).encode(), "application/x-www-form-urlencoded", 415),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    client, auth, count_rows, raw, content_type, status
):
    before = count_rows()
    response = client.post(URL, data=raw, content_type=content_type, headers=auth)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]
    assert count_rows() == before


def test_a_huge_body_is_refused_before_it_is_read(client, auth, count_rows, app):
    before = count_rows()
    limit = app.config["API_MAX_DOCUMENT_BYTES"]
    data = body()
    data["venue"] = "x" * (limit + 10)
    response = client.post(URL, json=data, headers=auth)
    assert response.status_code == 413
    assert "larger than" in response.get_json()["error"]
    assert count_rows() == before


def test_html_in_text_is_kept_as_text_and_never_served_as_html(client, auth, sign_in_as):
    data = body(venue='<script>alert("v")</script> Room <b>3</b>')
    data["children"][0]["name"] = "<img src=x onerror=alert(1)>Leah"
    created = client.post(URL, json=data, headers=auth)
    assert created.status_code == 201
    got = client.get(f"{URL}/{created.get_json()['id']}", headers=auth)
    assert got.mimetype == "application/json"
    assert got.headers.get("X-Content-Type-Options") == "nosniff"
    assert got.get_json()["venue"] == '<script>alert("v")</script> Room <b>3</b>'
    assert got.get_json()["children"][0]["name"] == "<img src=x onerror=alert(1)>Leah"


def test_an_error_never_repeats_what_was_sent(client, auth):
    data = body()
    data["children"][0]["date_of_birth"] = "Leah-secret-1"
    data["children"][0]["name"] = "N" * 300
    response = client.post(URL, json=data, headers=auth)
    assert response.status_code == 400
    assert "Leah-secret-1" not in response.get_data(as_text=True)
    assert "NNNN" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["author_gp", "chair", "qa"])
def test_other_roles_are_refused(client, runner, world, count_rows, who):
    token = token_for(runner, world.emails[who])
    before = count_rows()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(URL, json=body(), headers=headers).status_code == 403
    assert client.get(f"{URL}/{world.conference}", headers=headers).status_code == 403
    assert count_rows() == before


def test_an_admin_may_use_it(client, runner, world):
    token = token_for(runner, world.emails["admin"])
    response = client.post(URL, json=body(), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201


@pytest.mark.parametrize("header", [None, "Bearer rs_not-a-token", "Bearer ", "Basic eDp5"])
def test_no_token_or_a_bad_one_is_refused(client, world, count_rows, header):
    headers = {"Authorization": header} if header else {}
    before = count_rows()
    assert client.post(URL, json=body(), headers=headers).status_code == 401
    assert client.get(f"{URL}/{world.conference}", headers=headers).status_code == 401
    assert count_rows() == before


def test_a_signed_in_coordinator_must_send_the_csrf_header(client, sign_in_as, count_rows):
    sign_in_as("coordinator")
    before = count_rows()
    response = client.post(URL, json=body())
    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]
    assert count_rows() == before


def test_get_of_an_unknown_conference_is_404(client, auth):
    response = client.get(f"{URL}/999999", headers=auth)
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_get_answers_a_conference_made_another_way(client, auth, world):
    response = client.get(f"{URL}/{world.conference}", headers=auth)
    assert response.status_code == 200
    data = response.get_json()
    assert data["children"][0]["key"] and data["children"][0]["outcome"] is None
    assert {i["agency"]["name"] for i in data["invitations"]} == {"Test Surgery", "Test School"}


def test_an_rcpc_carries_the_family_and_agencies_forward(client, auth):
    first = client.post(URL, json=body(), headers=auth).get_json()
    review = {
        "reference": "LCS-20931-RCPC",
        "type": "RCPC",
        "date": (date.today() + timedelta(days=120)).isoformat(),
        "chair": "chair@test.example",
        "previous_reference": "LCS-20931-ICPC",
    }
    response = client.post(URL, json=review, headers=auth)
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert [i["agency"]["name"] for i in answer["invitations"]] == [
        i["agency"]["name"] for i in first["invitations"]
    ]
    got = client.get(f"{URL}/{answer['id']}", headers=auth).get_json()
    assert [c["key"] for c in got["children"]] == ["leah", "baby"]
    assert got["previous_reference"] == "LCS-20931-ICPC"


def test_two_posts_of_a_new_reference_at_once_make_one_conference(app, auth, query):
    results: list[int] = []
    barrier = threading.Barrier(3)

    def post() -> None:
        client = app.test_client()
        barrier.wait()
        results.append(client.post(URL, json=body(), headers=auth).status_code)

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [200, 200, 201], results
    assert conferences_with(query, "LCS-20931-ICPC") == 1


def test_a_post_that_loses_the_race_for_a_new_reference_becomes_an_update(app, auth, query, world):
    """Another transaction inserts the same reference and commits while our POST is
    inserting: PostgreSQL refuses our row (unique reference), the API rolls back and stores
    it again as an update; SQLite makes the POST wait for the other's commit. Either way:
    one conference, 200, no 500."""
    from reportsvc import db
    from reportsvc.services import scheduling
    from reportsvc.services.conference_spec import parse

    statuses: list[int] = []
    with app.app_context():
        other = db.session()
        coordinator = other.get(User, world.users["coordinator"])
        assert coordinator is not None
        scheduling.schedule(other, parse(body(venue="First")), actor=coordinator)
        other.flush()  # the row is in, not committed: the POST's insert must wait for it

        def post() -> None:
            statuses.append(app.test_client().post(URL, json=body(), headers=auth).status_code)

        thread = threading.Thread(target=post)
        thread.start()
        thread.join(1.5)
        assert thread.is_alive()  # blocked on the uncommitted row
        other.commit()
    thread.join(60)
    assert statuses == [200]
    assert conferences_with(query, "LCS-20931-ICPC") == 1
    venue = query(
        lambda s: s.scalar(select(Conference.venue).where(Conference.reference == "LCS-20931-ICPC"))
    )
    assert venue == "Civic Centre, room 3"  # the POST's values, stored as an update
