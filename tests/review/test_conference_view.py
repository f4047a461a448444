"""The conference page's read models: coverage matrix, quoracy and key agencies."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

import pytest

from reportsvc import db
from reportsvc.models import Conference
from reportsvc.queries import conference as conference_query
from reportsvc.queries.coverage import COLUMNS, coverage
from reportsvc.queries.quoracy import SOCIAL_CARE, quoracy
from reportsvc.queries.review import key_agency_types
from scoring.calendar import Timescales
from scoring.rubric import Rubric


def criteria(**met: bool) -> list[NS]:
    return [NS(criterion=cid.replace("_", "-"), met=value) for cid, value in met.items()]


def row(agency_id: int, name: str, met: dict[str, bool] | None) -> NS:
    submission = None if met is None else NS(assessment=NS(criteria=criteria(**met)))
    return NS(
        agency_name=name,
        report=NS(id=agency_id * 10),
        invitation=NS(agency_id=agency_id),
        submission=submission,
    )


ALL_MET = {cid.replace("-", "_"): True for cid, _ in COLUMNS}


def test_coverage_columns_are_rubric_criteria():
    ids = {c.id for c in Rubric.default().criteria}
    assert {cid for cid, _ in COLUMNS} <= ids


def test_coverage_marks_each_agency_in_words_and_names_the_gap():
    rows = [
        row(1, "GP", {**ALL_MET, "father_addressed": False, "voice_of_child": False}),
        row(2, "School", {**ALL_MET, "father_addressed": False}),
        row(3, "Police", None),
    ]
    matrix = coverage(NS(type="RCPC"), rows)
    labels = [label for _, label in matrix.columns]
    assert labels[:2] == ["Voice of the child", "Father or male carers addressed"]
    assert [[m.label for m in r.marks[:3]] for r in matrix.rows] == [
        ["No", "No", "Yes"],
        ["Yes", "No", "Yes"],
        ["No report", "No report", "No report"],
    ]
    assert matrix.reports == 2
    assert (matrix.met(0), matrix.met(1), matrix.met(2)) == (1, 0, 2)
    assert matrix.gaps == ["Father or male carers addressed"]


def test_previous_actions_is_a_column_only_at_a_review_conference():
    rows = [row(1, "GP", ALL_MET)]
    assert "Previous actions updated" in [c[1] for c in coverage(NS(type="RCPC"), rows).columns]
    assert "Previous actions updated" not in [c[1] for c in coverage(NS(type="ICPC"), rows).columns]


def test_a_report_assessed_without_a_criterion_says_so():
    matrix = coverage(NS(type="ICPC"), [row(1, "GP", {"voice_of_child": True})])
    assert [m.label for m in matrix.rows[0].marks][:2] == ["Yes", "Not assessed"]


@pytest.mark.parametrize(
    ("attending", "reports", "quorate", "reason"),
    [
        ({}, [1, 2], False, "children's social care is not recorded as attending"),
        ({SOCIAL_CARE: "attending"}, [1], False, "only GP has sent a report or is attending"),
        ({SOCIAL_CARE: "apologies"}, [], False, "no other agency has sent a report"),
        ({SOCIAL_CARE: "attended"}, [1, 2], True, "Quorate: children's social care and GP, School"),
        # Attendance counts as much as a report.
        ({SOCIAL_CARE: "attending", 2: "attending"}, [1], True, "GP, School"),
        ({SOCIAL_CARE: "attending", 2: "did_not_attend"}, [1], False, "only GP"),
    ],
)
def test_quoracy_needs_social_care_and_two_other_agencies(attending, reports, quorate, reason):
    rows = [row(1, "GP", ALL_MET if 1 in reports else None)]
    rows.append(row(2, "School", ALL_MET if 2 in reports else None))
    result = quoracy(None, rows, attending)
    assert result.quorate is quorate
    assert reason in result.reason


@pytest.mark.parametrize(
    ("born", "kind", "key"),
    [
        (date(2025, 1, 1), "ICPC", {"gp", "health_visitor", "police"}),
        (date(2021, 6, 1), "RCPC", {"gp", "health_visitor", "school"}),  # 4 years old
        (date(2015, 1, 1), "RCPC", {"gp", "school"}),
        (date(2008, 1, 1), "ICPC", {"gp", "police"}),  # 18: no school
    ],
)
def test_key_agencies_depend_on_age_and_conference_type(born, kind, key):
    child = NS(date_of_birth=born, unborn=False)
    conference = NS(children=[child], date=date(2026, 3, 12), type=kind)
    assert set(key_agency_types(conference)) == key


def test_key_agencies_for_a_family_cover_every_child_and_the_unborn_baby():
    children = [
        NS(date_of_birth=date(2015, 1, 1), unborn=False),  # 11: school
        NS(date_of_birth=date(2025, 1, 1), unborn=False),  # 1: health visitor
        NS(date_of_birth=None, unborn=True),  # pre-birth: midwife
    ]
    conference = NS(children=children, date=date(2026, 3, 12), type="ICPC")
    assert set(key_agency_types(conference)) == {
        "gp",
        "school",
        "health_visitor",
        "midwife",
        "police",
    }


def test_stored_assessments_give_the_scene_coverage(app, scene):
    with app.app_context():
        session = db.session()
        found = session.get(Conference, scene.conference)
        assert found is not None
        page = conference_query.load(session, found, date.today(), Timescales())
        marks = {r.agency: [m.label for m in r.marks] for r in page.coverage.rows}
        assert marks["Test Police"] == ["No report"] * 6
        for agency in page.agencies:
            if agency.submission is None:
                continue
            met = {c.criterion: c.met for c in agency.submission.assessment.criteria}
            expected = ["Yes" if met[cid] else "No" for cid, _ in page.coverage.columns]
            assert marks[agency.agency_name] == expected
        assert marks["Test Surgery"].count("No") >= 4  # inadequate: four or more core gaps
        assert [gap.agency_type for gap in page.row.key_gaps] == ["police"]
        agencies = {e.agency for e in page.chronology}
        assert agencies == {"Test Surgery", "Test School", "Test Health Visiting"}
        dates = [e.event.on for e in page.chronology]
        assert dates == sorted(dates)
