"""Scheduling a conference on the coordinator's pages: families, pre-birth, RCPC carried
forward, transfer-in and reconvened, invitations with named authors, and bad input on
every field (nothing stored, the problem shown on its field)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import Agency, Child, Conference, Invitation, SignInLink, User
from tests import pages
from tests.coordinator.helpers import (
    NEW,
    boxes,
    child,
    conferences,
    form,
    invitation,
    outbox,
    person,
    schedule,
    weekday,
)


def counts(app):
    with app.app_context():
        session = db.session()
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Conference, Child, Invitation, Agency, User, SignInLink)
        )


def test_three_children_with_household_and_invitations(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    on = weekday(20)
    data = form(
        world.users["chair"],
        on,
        **child(
            0,
            "Kai",
            date(2016, 4, 1),
            ethnicity="Mixed White and Black Caribbean",
            religion="None",
            first_language="English",
        ),
        **child(1, "Mia", date(2019, 9, 12), first_language="Polish", interpreter_needed="y"),
        **child(2, "Leo", date(2023, 1, 30)),
        **person(0, "Janelle", "mother", ["child-1", "child-2", "child-3"]),
        **person(1, "Marcus", "father", ["child-1", "child-2"], lives=False),
        **person(2, "Dean", "mother's partner", ["child-3"]),
        **invitation(
            0, agency_id=str(world.agencies["gp"]), author_id=str(world.users["author_gp"])
        ),
        **invitation(1, agency_id=str(world.agencies["school"])),
        **invitation(
            2,
            agency_id="new",
            new_name="Northside Health Visitors",
            new_type="health_visitor",
            email="hv.new@nhs.example",
        ),
    )
    data.update(
        {"children-0-key": "child-1", "children-1-key": "child-2", "children-2-key": "child-3"}
    )
    response = client.post(NEW, data={"csrf_token": pages.get(client, NEW).csrf(), **data})
    assert response.status_code == 302, pages.parse(response).error_summary()
    page = pages.get(client, response.headers["Location"])
    assert "Conference scheduled" in page.text()
    assert "Kai" not in page.text(".govuk-notification-banner")
    rows = [r.get_text(" ", strip=True) for r in page.select("#children tbody tr")]
    assert [r.split(" ")[0] for r in rows] == ["Kai", "Mia", "Leo"]
    assert "Interpreter needed" in rows[1]
    household = page.text("#household")
    assert "Marcus father No Kai, Mia" in household
    assert "Dean mother's partner Yes Leo" in household
    invitations = page.text("#invitations")
    assert "Test Surgery" in invitations and "Invited" in invitations
    [school] = [
        r.get_text(" ", strip=True)
        for r in page.select("#invitations tbody tr")
        if "Test School" in r.get_text()
    ]
    assert "Test School" in school and "No author named" in school and "Withdrawn" not in school
    assert "Northside Health Visitors" in invitations and "hv.new@nhs.example" in invitations

    [conference] = [c for c in conferences(app) if c.id > world.other_conference]
    assert conference.type == "ICPC" and conference.date == on
    assert conference.time.strftime("%H:%M") == "10:00"
    assert conference.venue == "Civic Centre, room 3"
    assert [p.relationship_ for p in conference.household] == [
        "mother",
        "father",
        "mother's partner",
    ]
    assert conference.household[1].children == ["child-1", "child-2"]
    assert not conference.household[1].lives_with_child
    # The GP already had an account: a plain invitation. The new health visitor: an account
    # in the new agency with no password, and a single-use link in the mail.
    mails = {m.to: m for m in outbox(app)}
    assert mails["author_gp@test.example"].template == "invitation"
    new = mails["hv.new@nhs.example"]
    assert new.template == "invitation_new_account"
    assert "/welcome/" in new.values["sign_in_link"]
    for mail in mails.values():
        assert not any(name in str(mail.values) for name in ("Kai", "Mia", "Leo", "Janelle"))


def test_pre_birth_conference(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    due = date.today() + timedelta(days=90)
    data = form(
        world.users["chair"],
        weekday(15),
        **child(0, "Unborn baby of Janelle", None, due),
        **person(0, "Janelle", "mother", ["child-1"]),
        **invitation(
            0, agency_id=str(world.agencies["gp"]), author_id=str(world.users["author_gp"])
        ),
    )
    page = schedule(client, data)
    assert page.status == 200 and "Conference scheduled" in page.text(), page.error_summary()
    assert f"Unborn baby (due {due.day} {due:%b %Y})" in page.text("#children")
    [conference] = [c for c in conferences(app) if c.id > world.other_conference]
    [baby] = conference.children
    assert baby.unborn and baby.date_of_birth is None and baby.expected_date_of_delivery == due


def test_add_another_and_remove_work_without_javascript(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    data = form(world.users["chair"], weekday(20), **child(0, "Kai", date(2016, 4, 1)))
    data["action"] = "add_child"
    page = schedule(client, data, status=200)
    assert not page.error_summary()
    assert [f.get_text() for f in page.select("fieldset.app-entry > legend")][:2] == [
        "Child 1",
        "Child 2",
    ]
    fields = page.form_fields()
    assert fields["children-0-name"] == "Kai"
    assert fields["children-1-key"] == "child-2"
    # The household's boxes name each child entered so far.
    assert [b.get("value") for b in page.select("input[name='household-0-children']")] == [
        "child-1",
        "child-2",
    ]
    fields["action"] = "add_invitation"
    fields["date"] = boxes(weekday(20))
    page = schedule(client, fields, status=200)
    assert "Agency 2" in page.text()
    fields = page.form_fields()
    fields.update({"action": "remove_child-0", "date": boxes(weekday(20))})
    page = schedule(client, fields, status=200)
    legends = [f.get_text() for f in page.select("fieldset.app-entry > legend")]
    assert legends.count("Child 1") == 1 and "Child 2" not in legends
    assert counts(app)[0] == 2  # nothing stored by any of it


def test_review_carries_the_family_forward(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    first = schedule(
        client,
        form(
            world.users["chair"],
            weekday(-60),
            **child(0, "Kai", date(2016, 4, 1)),
            **child(1, "Mia", date(2019, 9, 12)),
            **person(0, "Marcus", "father", ["child-1"], lives=False),
            **invitation(
                0, agency_id=str(world.agencies["gp"]), author_id=str(world.users["author_gp"])
            ),
        ),
    )
    assert "Conference scheduled" in first.text(), first.error_summary()
    icpc = next(c for c in conferences(app) if c.id > world.other_conference)
    page = pages.get(client, f"{NEW}?previous={icpc.id}")
    fields = page.form_fields()
    assert fields["type"] == "RCPC"
    assert (fields["children-0-name"], fields["children-1-name"]) == ("Kai", "Mia")
    assert fields["household-0-name"] == "Marcus"
    assert page.soup.select_one("select[name='invitations-0-agency_id'] option[selected]")[
        "value"
    ] == str(world.agencies["gp"])
    fields.update(
        {
            "date": boxes(weekday(30)),
            "action": "schedule",
            "previous_id": str(icpc.id),
            "chair_id": str(world.users["chair"]),
            "invitations-0-agency_id": str(world.agencies["gp"]),
            "invitations-0-author_id": str(world.users["author_gp"]),
        }
    )
    page = schedule(client, fields)
    assert "Conference scheduled" in page.text(), page.error_summary()
    rcpc = next(c for c in conferences(app) if c.id > icpc.id)
    assert rcpc.type == "RCPC" and rcpc.previous_conference_id == icpc.id
    # The same children (not copies), the same keys.
    assert [c.id for c in rcpc.children] == [c.id for c in icpc.children]
    assert [link.key for link in rcpc.child_links] == ["child-1", "child-2"]
    assert [i.agency_id for i in rcpc.invitations] == [world.agencies["gp"]]


def test_transfer_in_and_reconvened_need_their_dates(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    data = form(
        world.users["chair"], weekday(20), kind="transfer_in", **child(0, "Kai", date(2016, 4, 1))
    )
    page = schedule(client, data, status=400)
    assert any("date the area was notified" in e for e in page.error_summary())
    assert page.soup.select_one("a[href='#notified_on-day']") is not None
    data["notified_on"] = boxes(date.today())
    page = schedule(client, data)
    assert "Conference scheduled" in page.text(), page.error_summary()
    assert "To be held by" in page.text()

    data = form(
        world.users["chair"], weekday(20), kind="reconvened", **child(0, "Kai", date(2016, 4, 1))
    )
    data["notified_on"] = boxes(date.today())
    page = schedule(client, data, status=400)
    assert "Choose the deferred conference as the previous conference" in page.error_summary()


def test_reference_already_used_is_refused(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    data = form(
        world.users["chair"], weekday(20), reference="LCS-1", **child(0, "Kai", date(2016, 4, 1))
    )
    assert "Conference scheduled" in schedule(client, data).text()
    before = counts(app)
    page = schedule(client, data, status=400)
    assert any(
        "Case-management reference (optional) is used by another conference" in e
        for e in page.error_summary()
    )
    assert counts(app) == before
