"""Who may see and do what on the chair's pages: the conference's chair does everything,
another chair is told nothing exists, authors are refused, QA leads read but never record."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import AuditEvent, Chase, Dissent, GradeOverride, Report, ReportReturn
from tests import pages


def read_urls(scene) -> list[str]:
    c, gp = scene.conference, scene.reports["gp"]
    return [f"/review/conferences/{c}", f"/review/conferences/{c}/pack", f"/review/reports/{gp}"]


def action_urls(scene) -> list[str]:
    c, gp, police = scene.conference, scene.reports["gp"], scene.reports["police"]
    return [
        f"/review/reports/{gp}/return",
        f"/review/reports/{gp}/grade",
        f"/review/reports/{police}/chase",
        f"/review/conferences/{c}/dissent",
        f"/review/conferences/{c}/attendance",
        f"/review/conferences/{c}/dissent-response?dissent=1",
    ]


ACTION_DATA = {
    "comment": "x",
    "grade": "good",
    "reason": "x",
    "note": "x",
    "person": "x",
    "agency_id": "0",
    "agency_name": "Mother",
    "what": "x",
    "decision": "x",
    "att_social_care": "attending",
    "expected_version": "1",
    "response": "x",
}


def changes(app) -> tuple[int, ...]:
    with app.app_context():
        session = db.session()
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (ReportReturn, GradeOverride, Chase, Dissent)
        ]
        counts.append(session.scalar(select(func.count()).where(Report.status == "returned")))
        return tuple(int(n or 0) for n in counts)


def test_another_chair_is_told_nothing_exists(app, scene, sign_in_as):
    client = sign_in_as("chair2")
    before = changes(app)
    token = pages.get(client, "/about").csrf()
    for url in read_urls(scene) + action_urls(scene):
        assert client.get(url).status_code == 404, url
        response = client.post(url, data={"csrf_token": token, **ACTION_DATA})
        assert response.status_code in (404, 405), url
    assert changes(app) == before
    with app.app_context():
        denied = (
            db.session().scalars(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
        )
        assert len(denied) >= 9, "every refusal is audited"


@pytest.mark.parametrize("author", ["author_gp", "author_school"])
def test_authors_cannot_use_chair_pages(app, scene, sign_in_as, author):
    client = sign_in_as(author)
    token = pages.get(client, "/about").csrf()
    for url in ["/review/", *read_urls(scene), *action_urls(scene)]:
        assert client.get(url).status_code == 403, url
    for url in action_urls(scene):
        assert client.post(url, data={"csrf_token": token, **ACTION_DATA}).status_code == 403
    assert changes(app) == (0, 0, 0, 0, 0)


def test_qa_lead_reads_but_never_records(app, scene, sign_in_as):
    client = sign_in_as("qa")
    for url in read_urls(scene):
        page = pages.get(client, url)
        assert not page.select("main form"), f"{url} offers QA a form"
    assert "Record dissent" not in pages.get(client, read_urls(scene)[0]).text()
    token = pages.get(client, "/about").csrf()
    for url in action_urls(scene):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"csrf_token": token, **ACTION_DATA}).status_code == 403
    assert changes(app) == (0, 0, 0, 0, 0)
    assert client.get("/review/").status_code == 403


def test_every_chair_action_needs_the_csrf_token(app, scene, sign_in_as):
    client = sign_in_as("chair")
    for url in action_urls(scene)[:-1]:
        assert client.post(url, data=ACTION_DATA).status_code == 400, url
    assert changes(app) == (0, 0, 0, 0, 0)


def test_a_dissent_of_another_conference_is_not_found(app, scene, world, sign_in_as):
    client = sign_in_as("chair")
    pages.post_form(
        client,
        f"/review/conferences/{world.conference}/dissent",
        {"person": "Mr Smith", "agency_id": "0", "agency_name": "Father", "what": "x"}
        | {"decision": "y"},
    )
    with app.app_context():
        dissent_id = db.session().scalars(select(Dissent.id)).one()
    url = f"/review/conferences/{scene.conference}/dissent-response?dissent={dissent_id}"
    assert client.get(url).status_code == 404
    assert client.get(f"/review/conferences/{scene.conference}/dissent-response").status_code == 400
