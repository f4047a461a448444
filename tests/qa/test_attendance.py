"""Audit question 1 of seeds/004: "Did your agency attend the most recent meeting for this
child?", from what the chair recorded (Attendance), against hand counts.

Hand count on the fixture set (tests/qa/fixtures.py), latest status per invited agency:

    conference  agency  recorded (in order)          counts as attended
    A (30 d)    gp      attending, attended          yes
    A           school  apologies                    no
    B (20 d)    gp      attended, did_not_attend     no (the chair's correction counts)
    B           school  attended                     yes
    B           evil    nothing                      no (not recorded)
    C (200 d)   gp      attending                    yes (outside the default period)

Children's social care (recorded without an agency id) is not an invited agency.
Default period: 2 of 5 invited agencies (40%); gp 1 of 2, school 1 of 2, police 0 of 1;
over a year: 3 of 6.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from reportsvc import db
from reportsvc.models import Report
from tests import pages
from tests.qa.test_summary import drilled, figures
from tests.world import PASSWORD


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_summary_shows_attendance_as_n_of_invited_agencies(sign_in_as, audit):
    client = sign_in_as("qa")
    page = pages.get(client, "/qa/")
    assert figures(page)["attended"] == (2, 5, "40%")
    row = page.text('tr[data-figure="attended"]')
    assert "Attended the conference" in row and "invited agencies" in row
    # the first audit question comes first, as in the audit
    assert page.select("tr[data-figure]")[0]["data-figure"] == "attended"
    start = (audit.today - timedelta(days=365)).isoformat()
    year = figures(pages.get(client, f"/qa/?start={start}&end={audit.today.isoformat()}"))
    assert year["attended"][:2] == (3, 6)
    assert figures(pages.get(client, "/qa/?agency_type=gp"))["attended"][:2] == (1, 2)
    assert figures(pages.get(client, "/qa/?conference_type=RCPC"))["attended"][:2] == (1, 3)


def test_drill_down_lists_the_agencies_behind_each_count(sign_in_as, audit):
    client = sign_in_as("qa")
    ids = audit.ids
    link = pages.get(client, "/qa/").select('tr[data-figure="attended"] td a')[0]["href"]
    assert drilled(client, link) == {ids["A/gp"], ids["B/school"]}
    # "no" holds apologies, a corrected status and an agency with nothing recorded
    assert drilled(client, "/qa/reports?figure=attended&answer=no") == {
        ids["A/school"],
        ids["B/gp"],
        ids["B/evil"],
    }
    assert len(drilled(client, "/qa/reports?figure=attended")) == 5


def test_trends_and_by_agency_type_count_attendance(sign_in_as, audit):
    client = sign_in_as("qa")
    trends = pages.get(client, "/qa/trends")
    section: Any = trends.soup.select_one("#trend-attended-section")
    assert section is not None and section.select_one("svg[role=img] title")
    rows = {
        r.select_one("th").get_text(strip=True): r.select("td")[1].get_text(strip=True)
        for r in section.select("tbody tr")
    }
    month_a = (audit.today - timedelta(days=30)).strftime("%b %Y")
    month_b = (audit.today - timedelta(days=20)).strftime("%b %Y")
    if month_a == month_b:
        assert rows[month_a] == "2 of 5"
    else:
        assert rows[month_a] == "1 of 2" and rows[month_b] == "1 of 3"
    by_agency = pages.get(client, "/qa/by-agency")
    cell = by_agency.text
    assert "1 of 2" in cell('tr[data-agency-type="gp"] td[data-figure="attended"]')
    assert "1 of 2" in cell('tr[data-agency-type="school"] td[data-figure="attended"]')
    assert "0 of 1" in cell('tr[data-agency-type="police"] td[data-figure="attended"]')


def test_csv_exports_carry_attendance(sign_in_as, audit):
    client = sign_in_as("qa")
    summary = {r[0]: r for r in read_csv(client.get("/qa/export/summary.csv"))[1:]}
    assert summary["attended"][1:6] == [
        "Attended the conference",
        "2",
        "5",
        "invited agencies",
        "40.0",
    ]
    rows = read_csv(client.get("/qa/export/reports.csv"))
    header, body = rows[0], rows[1:]
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in body}
    answers = {key: by_id[audit.ids[key]]["attended"] for key in audit.ids if key[0] != "C"}
    assert answers == {
        "A/gp": "yes",
        "A/school": "no",
        "B/gp": "no",
        "B/school": "yes",
        "B/evil": "no",
    }


def test_a_chair_recording_attendance_counts_at_once(app, sign_in_as, audit, world):
    with app.app_context():
        report = db.session().get(Report, audit.ids["A/school"])
        assert report is not None
        conference_id = report.invitation.conference_id
        school_id = report.invitation.agency_id
    chair = app.test_client()
    assert pages.sign_in(chair, world.emails["chair"], PASSWORD).status_code == 302
    url = f"/review/conferences/{conference_id}/attendance"
    response = chair.post(
        url,
        data={"csrf_token": pages.get(chair, url).csrf(), f"att_{school_id}": "attended"},
    )
    assert response.status_code == 302
    qa = sign_in_as("qa")
    assert figures(pages.get(qa, "/qa/"))["attended"] == (3, 5, "60%")
