"""An agency's report for a family: the voice and identity of each child, once per child,
with live feedback per child; a child the agency does not know can be left out."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO

import pytest

from reportsvc import db
from reportsvc.models import Report, User
from reportsvc.services import scheduling
from reportsvc.services.conference_spec import parse
from tests import pages
from tests.world import PASSWORD


@pytest.fixture
def family(app, world):
    """A three-child ICPC (one unborn) with the world's GP invited, made by the coordinator's
    own rules (the scheduling service)."""
    on = date.today() + timedelta(days=21)
    spec = parse(
        {
            "reference": "FAM-1",
            "type": "ICPC",
            "date": on.isoformat(),
            "chair": world.emails["chair"],
            "children": [
                {"key": "kai", "name": "Kai", "date_of_birth": "2016-09-14"},
                {"key": "mia", "name": "Mia", "date_of_birth": "2019-06-02"},
                {
                    "key": "unborn",
                    "name": "Unborn baby",
                    "date_of_birth": None,
                    "expected_date_of_delivery": (on + timedelta(days=60)).isoformat(),
                },
            ],
            "household": [
                {"name": "Gemma", "relationship": "mother", "lives_with_child": True},
                {
                    "name": "Darren",
                    "relationship": "father of Kai and Mia",
                    "lives_with_child": False,
                    "children": ["kai", "mia"],
                },
            ],
            "invitations": [
                {
                    "agency": {"type": "gp", "name": "Test Surgery"},
                    "author_email": world.emails["author_gp"],
                }
            ],
        }
    )
    with app.app_context():
        session = db.session()
        actor = session.get(User, world.users["coordinator"])
        result = scheduling.schedule(session, spec, actor=actor)
        session.commit()
        return result.conference.invitations[0].report.id


def url(report_id):
    return f"/author/reports/{report_id}"


def fields(page):
    return page.form_fields("#report-form")


def test_the_page_asks_for_each_childs_voice_and_starts_from_the_household(sign_in_as, family):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    text = page.text("main")
    assert "Which of the children does your agency know?" in text
    for label in ("Kai (born", "Mia (born", "Unborn baby (unborn, due"):
        assert label in text
    form = fields(page)
    for n in range(3):
        assert f"children-{n}-voice_of_child" in form
        assert f"children-{n}-identity" in form
    # The household the coordinator recorded is where the author starts.
    assert form["household-0-name"] == "Gemma"
    assert form["household-1-name"] == "Darren"
    assert form["household-1-children"] == "kai,mia"


def test_each_childs_words_are_stored_with_that_child_and_feedback_names_the_child(
    sign_in_as, family, app
):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {
        **fields(page),
        "children-0-voice_of_child": 'Kai told me "I like it when Dad picks me up".',
        "children-1-voice_of_child": "",
        "children-2-voice_of_child": "",
        "action": "save",
    }
    assert client.post(url(family), data=data).status_code == 302
    with app.app_context():
        report = db.session().get(Report, family)
        document = report.versions[-1].document
        assert document["format"] == "cpc-report/2"
        assert [c["key"] for c in document["children"]] == ["kai", "mia", "unborn"]
        kai = document["children"][0]
        assert kai["sections"]["voice_of_child"].startswith("Kai told me")
        assert "voice_of_child" not in document["children"][1]["sections"]
        unborn = document["children"][2]
        assert unborn["date_of_birth"] is None and unborn["expected_date_of_delivery"]
        assert document["household"][1]["children"] == ["kai", "mia"]
        flagged = {(f.check, f.child) for f in report.versions[-1].assessments[-1].findings}
        assert ("voice-of-child", "mia") in flagged
        assert ("voice-of-child", "kai") not in flagged
    page = pages.get(client, url(family))
    mia_box = page.text('[data-feedback-for="voice_of_child@mia"]')
    kai_box = page.text('[data-feedback-for="voice_of_child@kai"]')
    assert "Mia" in mia_box
    assert "voice" in mia_box.lower()
    assert "Mia" not in kai_box


def test_the_live_check_gives_feedback_per_child(sign_in_as, family):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {**fields(page), "children-1-voice_of_child": "Mia said she is scared at night."}
    pairs = [
        [name, v]
        for name, value in data.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    response = client.post(
        f"/api/v1/reports/{family}/check",
        json={"fields": pairs},
        headers={"X-CSRFToken": page.csrf()},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    sections = response.get_json()["sections"]
    assert "voice_of_child@kai" in sections
    assert all(i["check"] != "voice-of-child" for i in sections.get("voice_of_child@mia", []))


def test_a_child_the_agency_does_not_know_can_be_left_out(sign_in_as, family, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {**fields(page), "action": "save"}
    data.pop("children-1-included", None)  # unticked: a checkbox sends nothing
    assert client.post(url(family), data=data).status_code == 302
    with app.app_context():
        report = db.session().get(Report, family)
        document = report.versions[-1].document
        assert [c["key"] for c in document["children"]] == ["kai", "unborn"]
        flagged = {(f.check, f.child) for f in report.versions[-1].assessments[-1].findings}
        assert ("voice-of-child", "mia") not in flagged
    # The page remembers the choice.
    page = pages.get(client, url(family))
    assert "children-1-included" not in fields(page)
    assert "children-0-included" in fields(page)


def test_words_about_an_unticked_child_are_never_silently_dropped(sign_in_as, family, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {**fields(page), "children-1-voice_of_child": "Mia drew her family.", "action": "save"}
    data.pop("children-1-included", None)
    response = client.post(url(family), data=data)
    assert response.status_code == 400
    page = pages.parse(response)
    assert any("You have written about Mia" in e for e in page.error_summary())
    assert "Mia drew her family." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session().get(Report, family).version == 0  # nothing stored


def test_submitting_needs_the_voice_of_every_child_written_about(sign_in_as, family, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {
        **fields(page),
        "children-0-voice_of_child": "Kai said he wants to stay at his school.",
        "action": "submit",
    }
    response = client.post(url(family), data=data)
    assert response.status_code == 400
    summary = pages.parse(response).error_summary()
    assert any("for Mia" in e for e in summary)
    assert any("for Unborn baby" in e for e in summary)
    assert not any("for Kai" in e and "voice" in e.lower() for e in summary)


FAMILY_SECTIONS = {
    "section_reason_for_involvement": "Kai is registered with the practice; I saw him on 2 March.",
    "section_worries": "Kai has missed three asthma reviews since January.",
    "section_working_well": "His mother brought him to every acute appointment.",
    "section_family_and_network": "Darren, Kai's father, lives nearby; I spoke to him on 3 March.",
    "section_threshold_view": (
        "In my view Kai is likely to suffer significant harm through neglect because his "
        "asthma reviews and inhaler prescriptions have been missed for six months."
    ),
    "section_reduce_worries": "Kai attending every asthma review for three months.",
    "section_service_actions": (
        "I will see Kai every two weeks until 30 April and tell the social worker the same "
        "day if he is not brought."
    ),
}


def test_the_chair_sees_which_report_heard_which_child(sign_in_as, family, world, app):
    author = sign_in_as("author_gp")
    page = pages.get(author, url(family))
    yesterday = date.today() - timedelta(days=1)
    data = {
        **fields(page),
        **FAMILY_SECTIONS,
        "children-0-voice_of_child": "Kai told me he wants his dad at his football matches.",
        "children-0-identity": "Kai is White British; his family are not religious.",
        "sharing-date": [str(yesterday.day), str(yesterday.month), str(yesterday.year)],
        "sharing-method": "face to face",
        "sharing-with_whom": "Gemma (mother)",
        "sharing-feedback": "Gemma agreed with the report.",
        "action": "submit",
    }
    for n in (1, 2):
        data.pop(f"children-{n}-included", None)
    response = author.post(url(family), data=data)
    assert response.status_code == 302, pages.parse(response).error_summary()
    chair = app.test_client()
    assert pages.sign_in(chair, world.emails["chair"], PASSWORD).status_code == 302
    conference_id = family_conference_id(app, family)
    page = pages.get(chair, f"/review/conferences/{conference_id}")
    table = page.text("#child-coverage")
    assert "Kai" in table and "Mia" in table and "Unborn baby" in table
    row = [r for r in page.select("#child-coverage tbody tr") if "Test Surgery" in r.get_text()]
    cells = [td.get_text(strip=True) for td in row[0].select("td")]
    assert cells[0] == "Yes"  # Kai: voice heard
    assert cells[2] == "Not about this child"  # Mia
    assert "No report heard: Mia and Unborn baby" in page.text("main") or (
        "No report heard: Mia, Unborn baby" in page.text("main")
    )


def family_conference_id(app, report_id):
    with app.app_context():
        return db.session().get(Report, report_id).invitation.conference_id


def _upload(client, report_id, document):
    page = pages.get(client, f"{url(report_id)}/import")
    return client.post(
        f"{url(report_id)}/import",
        data={
            "csrf_token": page.csrf(),
            "version": page.form_fields("form")["version"],
            "file": (BytesIO(json.dumps(document).encode()), "report.json"),
        },
        content_type="multipart/form-data",
    )


def test_a_family_file_round_trips_and_a_stranger_child_is_refused(sign_in_as, family, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {**fields(page), "children-0-voice_of_child": "Kai said hello.", "action": "save"}
    assert client.post(url(family), data=data).status_code == 302
    document = client.get(f"{url(family)}/report.json").get_json()
    assert [c["key"] for c in document["children"]] == ["kai", "mia", "unborn"]
    document["children"][1]["sections"]["voice_of_child"] = "Mia said she likes her cat."
    assert _upload(client, family, document).status_code == 302
    with app.app_context():
        stored = db.session().get(Report, family).versions[-1].document
        assert stored["children"][1]["sections"]["voice_of_child"].startswith("Mia said")
    stranger = json.loads(json.dumps(document))
    stranger["children"][1]["key"] = "zed"
    stranger["household"][1]["children"] = ["kai", "zed"]
    response = _upload(client, family, stranger)
    assert response.status_code == 400
    assert any(
        "children[1].key" in e and "kai, mia, unborn" in e
        for e in pages.parse(response).error_summary()
    )
    with app.app_context():  # the draft is as it was
        stored = db.session().get(Report, family).versions[-1].document
        assert stored["children"][1]["key"] == "mia"


def test_the_gallery_marks_sibling_group_and_pre_birth_model_reports(sign_in_as):
    client = sign_in_as("author_gp")
    gallery = pages.get(client, "/author/model-reports")
    tags = [t.get_text(" ", strip=True) for t in gallery.select(".app-gallery .govuk-tag")]
    assert "Pre-birth" in tags
    assert any(t.startswith("Sibling group: 2 children") for t in tags)
    assert any(t == "Sibling group: 3 children, one unborn" for t in tags)


def test_a_withdrawn_invitation_keeps_what_was_written_but_takes_no_more(
    sign_in_as, family, app, world
):
    client = sign_in_as("author_gp")
    page = pages.get(client, url(family))
    data = {**fields(page), "children-0-voice_of_child": "Kai said hello.", "action": "save"}
    assert client.post(url(family), data=data).status_code == 302
    with app.app_context():
        from reportsvc.services import invitations

        session = db.session()
        report = session.get(Report, family)
        invitations.withdraw(session, report.invitation)
        session.commit()
    home = pages.get(client, "/author/")
    assert "Invitation withdrawn" in home.text("main")
    page = pages.get(client, url(family))
    assert "withdrawn this invitation" in page.text("#closed-notice")
    assert not page.select("#report-form")
    assert "Kai said hello." in page.text("main")
    refused = client.post(url(family), data={**data, "csrf_token": page.csrf()})
    assert refused.status_code == 403
    with app.app_context():
        assert db.session().get(Report, family).version == 1


def test_an_author_who_moves_agency_leaves_their_reports_with_the_old_one(
    sign_in_as, family, app, world
):
    author = sign_in_as("author_gp")
    page = pages.get(author, url(family))
    data = {**fields(page), "children-0-voice_of_child": "Kai said hello.", "action": "save"}
    assert author.post(url(family), data=data).status_code == 302
    admin = app.test_client()
    assert pages.sign_in(admin, world.emails["admin"], PASSWORD).status_code == 302
    users = pages.get(admin, "/admin/")
    response = admin.post(
        f"/admin/users/{world.users['author_gp']}/agency",
        data={"csrf_token": users.csrf(), "agency_id": world.agencies["school"]},
    )
    assert response.status_code == 302
    # Signed out by the move; signing in again, they are the school's author now.
    assert author.get(url(family)).status_code == 302
    again = app.test_client()
    assert pages.sign_in(again, world.emails["author_gp"], PASSWORD).status_code == 302
    assert again.get(url(family)).status_code in (403, 404)
    assert again.get(f"/author/reports/{world.school_report}").status_code == 200
    with app.app_context():
        report = db.session().get(Report, family)
        assert report.invitation.agency.name == "Test Surgery"  # stays with the old agency
        assert report.invitation.author_id is None  # the coordinator names a new author
        assert report.versions[-1].document["children"][0]["sections"]["voice_of_child"]
