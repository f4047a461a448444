"""Subject access: a coordinator exports everything about one child as a ZIP with an index,
audited, optionally leaving out what the reports say about the child's siblings; and sets
the legal hold that retention obeys."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import (
    Assessment,
    AuditEvent,
    Child,
    Conference,
    ConferenceChild,
    Finding,
    ReportVersion,
)
from tests import pages

LEAH_VOICE = "Leah said she likes her nursery key worker"
KAI_VOICE = "Kai told me he is frightened at night"
FAMILY = "Both children live with their mother and grandmother"


@pytest.fixture
def family(app, world):
    """Leah's conference gets a brother, Kai, and the GP's report a version about both."""
    with app.app_context():
        session = db.session()
        conference = session.get(Conference, world.conference)
        leah_key = conference.child_links[0].key
        kai = Child(name="Kai", date_of_birth=conference.children[0].date_of_birth)
        session.add(kai)
        session.flush()
        session.add(ConferenceChild(conference=conference, child=kai, key="kai", position=1))
        version = ReportVersion(
            report_id=world.gp_report,
            number=1,
            kind="save",
            document={
                "format": "cpc-report/2",
                "sections": {"family_context": FAMILY},
                "children": [
                    {"key": leah_key, "name": "Leah", "sections": {"voice_of_child": LEAH_VOICE}},
                    {"key": "kai", "name": "Kai", "sections": {"voice_of_child": KAI_VOICE}},
                ],
            },
            created_by_id=world.users["author_gp"],
        )
        session.add(version)
        session.flush()
        assessment = Assessment(version=version, ruleset_version="t", grade="good", score=80)
        session.add(assessment)
        session.flush()
        for key, text in ((leah_key, LEAH_VOICE), ("kai", KAI_VOICE)):
            session.add(
                Finding(
                    assessment_id=assessment.id,
                    check="voice-of-child",
                    section="voice_of_child",
                    child=key,
                    text=text,
                    severity="info",
                    message="A quote",
                    suggestion="",
                )
            )
        session.commit()
        return {"leah": conference.child_links[0].child_id, "kai": kai.id}


def export(client, child_id, leave_out):
    url = f"/admin/data-protection/children/{child_id}/export"
    data = {"leave_out_siblings": "y"} if leave_out else {}
    token = pages.get(client, url).csrf()
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    assert "Leah" not in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def everything(archive):
    return "\n".join(archive.read(name).decode() for name in archive.namelist())


def test_export_holds_everything_with_an_index(app, world, family, sign_in_as):
    client = sign_in_as("coordinator")
    archive = export(client, family["leah"], leave_out=False)
    names = archive.namelist()
    assert "index.html" in names and "child.json" in names and "audit.json" in names
    assert f"conferences/{world.conference}/conference.json" in names
    assert f"conferences/{world.conference}/reports/{world.gp_report}/version-1.json" in names
    index = archive.read("index.html").decode()
    assert "Everything this service holds about Leah" in index
    assert "version-1.json" in index and "Nothing was left out." in index
    text = everything(archive)
    assert LEAH_VOICE in text and KAI_VOICE in text and FAMILY in text
    version = json.loads(
        archive.read(f"conferences/{world.conference}/reports/{world.gp_report}/version-1.json")
    )
    assert version["assessments"][0]["grade"] == "good"
    assert len(version["assessments"][0]["findings"]) == 2


def test_siblings_text_left_out_on_request(app, world, family, sign_in_as):
    client = sign_in_as("coordinator")
    archive = export(client, family["leah"], leave_out=True)
    text = everything(archive)
    assert LEAH_VOICE in text and FAMILY in text
    assert KAI_VOICE not in text
    assert '"Kai"' not in text
    assert "left out on request" in archive.read("index.html").decode()


def test_export_is_audited_and_appears_in_the_next_export(app, world, family, sign_in_as):
    client = sign_in_as("coordinator")
    export(client, family["leah"], leave_out=False)
    with app.app_context():
        events = (
            db.session()
            .scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "subject_access_export",
                    AuditEvent.record_id == family["leah"],
                )
            )
            .all()
        )
    assert len(events) == 1 and events[0].user_id == world.users["coordinator"]
    audit_trail = json.loads(export(client, family["leah"], leave_out=False).read("audit.json"))
    assert any(e["action"] == "subject_access_export" for e in audit_trail)


@pytest.mark.parametrize("who", ["admin", "chair", "author_gp", "qa"])
def test_only_coordinators_export(app, world, family, sign_in_as, who):
    client = sign_in_as(who)
    url = f"/admin/data-protection/children/{family['leah']}/export"
    assert client.get(url).status_code == 403


def test_legal_hold_is_set_by_a_coordinator_and_audited(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    page = pages.get(client, "/admin/data-protection")
    assert "Set hold" in page.text()
    token = page.csrf()
    url = f"/admin/data-protection/conferences/{world.other_conference}/legal-hold"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session().get(Conference, world.other_conference).legal_hold
        actions = (
            db.session()
            .scalars(
                select(AuditEvent.action).where(AuditEvent.record_id == world.other_conference)
            )
            .all()
        )
    assert "legal_hold_on" in actions
    assert client.post(url, data={}).status_code == 400  # no CSRF token: nothing changes
    with app.app_context():
        assert db.session().get(Conference, world.other_conference).legal_hold
