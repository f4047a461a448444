"""Every audit figure against sums done by hand on the fixture set (tests/qa/fixtures.py).

Default period (last three months) holds conferences A and B: five invitations, three
written reports (A/gp, B/gp, B/school); C is 200 days ago and only counts when the period
is widened.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from reportsvc.models import AuditEvent
from tests import pages

EXPECTED = {  # figure: (numerator, denominator, percentage shown)
    "attended": (2, 5, "40%"),  # A/gp, B/school of the five invitations (see fixtures.py)
    "written": (3, 5, "60%"),
    "in_time": (2, 3, "67%"),
    "shared": (2, 3, "67%"),
    "shared_in_time": (1, 2, "50%"),
    "voice": (2, 3, "67%"),
    "identity": (2, 3, "67%"),
    "threshold": (2, 3, "67%"),
    "previous_actions": (1, 2, "50%"),
    "smart": (1, 3, "33%"),
    "father": (1, 3, "33%"),
    "alternative_views": (1, 3, "33%"),
    "challenge": (2, 5, "40%"),
    "step_down_evidence": (1, 2, "50%"),  # B/gp with evidence, B/school without
    "grade_good": (1, 3, "33%"),
    "grade_requires_improvement": (1, 3, "33%"),
    "grade_inadequate": (1, 3, "33%"),
}


def figures(page: pages.Page) -> dict[str, tuple[int, int, str]]:
    out = {}
    for row in page.select("tr[data-figure]"):
        links = row.select("td a")
        numerator = int(links[0].contents[0])
        denominator = int(links[1].contents[0])
        out[row["data-figure"]] = (
            numerator,
            denominator,
            row.select_one(".app-percent").get_text(strip=True),
        )
    return out


def test_every_percentage_matches_the_hand_count(sign_in_as, audit):
    client = sign_in_as("qa")
    page = pages.get(client, "/qa/")
    assert page.title.startswith("Audit summary")
    assert figures(page) == EXPECTED
    svg = page.select("svg[role=img]")[0]
    assert svg.select_one("title").get_text() == "Grade distribution"


def test_filters_narrow_every_figure(sign_in_as, audit, world):
    client = sign_in_as("qa")
    gp = figures(pages.get(client, "/qa/?agency_type=gp"))
    assert gp["written"][:2] == (2, 2)
    assert gp["voice"][:2] == (1, 2)
    assert gp["previous_actions"][:2] == (1, 1)
    rcpc = figures(pages.get(client, "/qa/?conference_type=RCPC"))
    assert rcpc["written"][:2] == (2, 3)
    assert rcpc["challenge"][:2] == (2, 3)
    chair2 = figures(pages.get(client, f"/qa/?chair_id={world.users['chair2']}"))
    assert chair2 == figures(pages.get(client, "/qa/?conference_type=RCPC"))
    agency = figures(pages.get(client, f"/qa/?agency_id={world.agencies['school']}"))
    assert agency["written"][:2] == (1, 2)
    start = (audit.today - timedelta(days=365)).isoformat()
    year = figures(pages.get(client, f"/qa/?start={start}&end={audit.today.isoformat()}"))
    assert year["written"][:2] == (4, 6)
    assert year["grade_good"][:2] == (2, 4)


def test_a_bad_period_shows_an_error_and_the_default(sign_in_as, audit):
    client = sign_in_as("qa")
    page = pages.get(client, "/qa/?start=2026-05-01&end=2026-01-01")
    assert "The end date must be on or after the start date" in page.text()
    assert figures(page)["written"][:2] == (3, 5)


def drilled(client, url: str) -> set[int]:
    page = pages.get(client, url)
    return {int(row["data-report-id"]) for row in page.select("tr[data-report-id]")}


def test_each_figure_links_to_the_reports_behind_it(sign_in_as, audit):
    client = sign_in_as("qa")
    ids = audit.ids
    page = pages.get(client, "/qa/")
    voice_link = page.select('tr[data-figure="voice"] td a')[0]["href"]
    assert drilled(client, voice_link) == {ids["A/gp"], ids["B/school"]}
    assert drilled(client, "/qa/reports?figure=voice&answer=no") == {ids["B/gp"]}
    assert drilled(client, "/qa/reports?figure=voice") == {
        ids["A/gp"],
        ids["B/gp"],
        ids["B/school"],
    }
    assert drilled(client, "/qa/reports?figure=written&answer=no") == {
        ids["A/school"],
        ids["B/evil"],
    }
    assert drilled(client, "/qa/reports?figure=challenge&answer=yes") == {
        ids["B/school"],
        ids["B/evil"],
    }
    assert drilled(client, "/qa/reports?figure=in_time&answer=no") == {ids["B/gp"]}
    assert drilled(client, "/qa/reports?figure=grade_good&answer=yes&agency_type=gp") == {
        ids["A/gp"]
    }
    listing = pages.get(client, "/qa/reports?figure=voice&answer=yes")
    assert "Test Surgery" in listing.text("#reports")
    assert "Good" in listing.text("#reports")


def test_trends_and_by_agency_show_the_same_counts(sign_in_as, audit):
    client = sign_in_as("qa")
    trends = pages.get(client, "/qa/trends")
    charts = trends.select("svg[role=img]")
    assert charts and all(c.select_one("title") and c.select_one("desc") for c in charts)
    written = trends.soup.select_one("#trend-written-section").text
    month_a = (audit.today - timedelta(days=30)).strftime("%b %Y")
    month_b = (audit.today - timedelta(days=20)).strftime("%b %Y")
    assert month_a in written and month_b in written
    by_agency = pages.get(client, "/qa/by-agency")
    gp_voice = by_agency.soup.select_one('tr[data-agency-type="gp"] td[data-figure="voice"]')
    assert "50%" in gp_voice.text and "1 of 2" in gp_voice.text
    police = by_agency.soup.select_one('tr[data-agency-type="police"] td[data-figure="written"]')
    assert "0 of 1" in police.text


def test_one_audit_event_per_read(app, sign_in_as, audit):
    client = sign_in_as("qa")
    with app.app_context():
        from reportsvc import db

        before = db.session().query(AuditEvent).count()
    pages.get(client, "/qa/")
    with app.app_context():
        events = db.session().query(AuditEvent).order_by(AuditEvent.id).all()
    assert len(events) == before + 1
    assert (events[-1].action, events[-1].record_type) == ("read", "qa_summary")


def test_step_down_recommendations_with_and_without_evidence(sign_in_as, audit):
    """Only the reports whose assessment has the step-down-evidence criterion (the engine
    found a step-down recommendation) count: B/gp with evidence, B/school without; the
    other reports are not asked and show an empty answer in the export."""
    client = sign_in_as("qa")
    ids = audit.ids
    page = pages.get(client, "/qa/")
    row = page.text('tr[data-figure="step_down_evidence"]')
    assert "Step-down recommended with evidence of sustained change" in row
    assert drilled(client, "/qa/reports?figure=step_down_evidence&answer=yes") == {ids["B/gp"]}
    assert drilled(client, "/qa/reports?figure=step_down_evidence&answer=no") == {ids["B/school"]}
    rows = list(csv.reader(io.StringIO(client.get("/qa/export/reports.csv").get_data(True))))
    answers = {int(r[0]): r[rows[0].index("step_down_evidence")] for r in rows[1:]}
    assert answers[ids["B/gp"]] == "yes" and answers[ids["B/school"]] == "no"
    assert answers[ids["A/gp"]] == ""  # no step-down recommendation: not asked
