"""CSV exports, audit samples and calibration, as a QA lead uses them."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import AuditSample, ManualGrade, Report
from tests import pages
from tests.qa.fixtures import SECRET


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_report_rows_export_neutralises_formulas_and_never_has_text(sign_in_as, audit):
    client = sign_in_as("qa")
    response = client.get("/qa/export/reports.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert SECRET.encode() not in response.get_data()
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["report_id", "conference_id", "conference_type", "conference_date"]
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in body}
    assert set(by_id) == {audit.ids[k] for k in ("A/gp", "A/school", "B/gp", "B/school", "B/evil")}
    evil = by_id[audit.ids["B/evil"]]
    assert evil["agency"] == '\'=HYPERLINK("http://x")'
    assert evil["written"] == "no" and evil["challenge"] == "yes"
    a_gp = by_id[audit.ids["A/gp"]]
    assert a_gp["voice"] == "yes" and a_gp["grade"] == "good" and a_gp["score"] == "90"
    assert a_gp["previous_actions"] == ""  # ICPC: not asked
    assert (
        a_gp["conference_date"]
        == (audit.today.replace() - __import__("datetime").timedelta(days=30)).isoformat()
    )


def test_summary_export_matches_the_page(sign_in_as, audit):
    client = sign_in_as("qa")
    rows = read_csv(client.get("/qa/export/summary.csv"))
    by_key = {r[0]: r for r in rows[1:]}
    assert by_key["written"][2:4] == ["3", "5"]
    assert by_key["voice"][2:6] == ["2", "3", "reports written", "66.7"]


def test_a_sample_is_saved_and_can_be_drawn_again_from_its_seed(app, sign_in_as, audit):
    client = sign_in_as("qa")
    start = (audit.today.replace(year=audit.today.year - 1)).isoformat()
    form = {
        "name": "Winter audit",
        "start": start,
        "end": audit.today.isoformat(),
        "agency_type": "",
        "conference_type": "",
        "unit": "reports",
        "size": "2",
        "size_kind": "number",
        "seed": "1234",
    }
    token = pages.get(client, "/qa/samples").csrf()
    first = client.post("/qa/samples", data={"csrf_token": token, **form})
    second = client.post("/qa/samples", data={"csrf_token": token, **form})
    assert first.status_code == second.status_code == 302
    with app.app_context():
        samples = db.session().scalars(select(AuditSample).order_by(AuditSample.id)).all()
        drawn = [[i.report_id for i in s.items] for s in samples]
        assert len(drawn) == 2 and drawn[0] == drawn[1] and len(drawn[0]) == 2
        assert samples[0].seed == 1234
    page = pages.get(client, first.headers["Location"])
    assert page.text("#seed") == "1234"
    assert {int(r["data-report-id"]) for r in page.select("tr[data-report-id]")} == set(drawn[0])
    by_conference = client.post(
        "/qa/samples",
        data={
            "csrf_token": token,
            **form,
            "unit": "conferences",
            "size": "100",
            "size_kind": "percent",
        },
    )
    assert by_conference.status_code == 302
    with app.app_context():
        last = db.session().scalars(select(AuditSample).order_by(AuditSample.id.desc())).first()
        assert last is not None and len(last.items) == 4  # every written report of A, B, C


def test_a_bad_sample_form_says_what_to_fix(sign_in_as, audit):
    client = sign_in_as("qa")
    page = pages.post_form(client, "/qa/samples", {"name": "", "size": "0"}, status=400)
    assert "Enter a name for the audit" in page.error_summary()


def grade(client, report_id: int, grade: str, met: set[str], sample: int | None = None):
    from reportsvc.services import calibration

    url = f"/qa/reports/{report_id}/grade" + (f"?sample={sample}" if sample else "")
    data = {"grade": grade}
    for criterion, _check in calibration.graded_criteria():
        data["c_" + criterion.replace("-", "_")] = "yes" if criterion in met else "no"
    token = pages.get(client, url).csrf()
    return client.post(url, data={"csrf_token": token, **data})


def test_grading_by_hand_shows_agreement_with_the_engine(app, sign_in_as, audit):
    from tests.qa.fixtures import CORE

    client = sign_in_as("qa")
    page = pages.get(client, f"/qa/reports/{audit.ids['A/gp']}/grade")
    assert SECRET in page.text()  # the QA lead reads the report to grade it
    # A/gp: engine good with every core criterion but previous-actions met; agree fully.
    assert (
        grade(client, audit.ids["A/gp"], "good", set(CORE) - {"previous-actions"}).status_code
        == 302
    )
    # B/gp: engine requires improvement; the QA lead says inadequate and disagrees on voice.
    met = {"identity-reflection", "shared-with-family", "previous-actions", "voice-of-child"}
    assert grade(client, audit.ids["B/gp"], "inadequate", met).status_code == 302
    page = pages.get(client, "/qa/calibration")
    assert "50%" in page.text("#grade-agreement")
    voice = page.soup.select_one('tr[data-criterion="voice-of-child"]').get_text(" ", strip=True)
    assert "50%" in voice
    identity = page.soup.select_one('tr[data-criterion="identity-reflection"]')
    assert "100%" in identity.get_text(" ", strip=True)
    # Grading again replaces the grade rather than adding one.
    grade(client, audit.ids["B/gp"], "requires_improvement", met)
    with app.app_context():
        assert db.session().query(ManualGrade).count() == 2
    page = pages.get(client, "/qa/calibration")
    assert "100%" in page.text("#grade-agreement")


def test_qa_leads_read_but_cannot_change_reports(app, sign_in_as, audit):
    client = sign_in_as("qa")
    token = pages.get(client, "/qa/").csrf()
    report_id = audit.ids["A/gp"]
    for url in (f"/author/reports/{report_id}", f"/author/reports/{report_id}/import"):
        assert client.post(url, data={"csrf_token": token}).status_code == 403
    grade(client, report_id, "good", set())
    with app.app_context():
        report = db.session().get(Report, report_id)
        assert report is not None and report.version == 1 and len(report.versions) == 1


def test_other_roles_are_refused_the_qa_pages(client, world, audit):
    for who in ("author_gp", "chair", "admin"):
        pages.sign_in(client, world.emails[who], "correct horse battery staple")
        for url in (
            "/qa/",
            "/qa/reports?figure=voice",
            "/qa/export/reports.csv",
            "/qa/samples",
            "/qa/calibration",
            f"/qa/reports/{audit.ids['A/gp']}/grade",
        ):
            assert client.get(url).status_code == 403, (who, url)
        client.post("/sign-out", data={"csrf_token": pages.get(client, "/about").csrf()})
