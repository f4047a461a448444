"""Validation errors name the exact path and reason, and never echo field values."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import DocumentError, assess, parse_report
from tests.scoring.conftest import make_report


def errors(doc: Any) -> list[dict[str, str]]:
    with pytest.raises(DocumentError) as info:
        parse_report(doc)
    return info.value.details


def test_valid_report_parses() -> None:
    report = parse_report(make_report(sections={"worries": "Leah has missed school."}))
    assert report.section("worries") == "Leah has missed school."
    assert report.household[1].relationship == "father"


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            {"format": "cpc-report/3"},
            "format",
            "unsupported format (expected cpc-report/2 or cpc-report/1)",
        ),
        (
            {"conference": {"type": "ICPC", "date": "2026-02-30"}},
            "conference.date",
            "not a real calendar date",
        ),
        (
            {"conference": {"type": "ICPC", "date": "12/03/2026"}},
            "conference.date",
            "not a valid date (expected YYYY-MM-DD)",
        ),
        (
            {"conference": {"type": "CPC", "date": "2026-03-12"}},
            "conference.type",
            "must be one of ICPC, RCPC",
        ),
        (
            {"agency": {"type": "dentist"}},
            "agency.type",
            "must be one of gp, school, health_visitor, "
            "school_nurse, midwife, police, camhs, adult_mental_health, substance_misuse, housing, "
            "early_years, other",
        ),
        ({"sections": {"foo": "x"}}, "sections.foo", "unknown field"),
        ({"extra": 1}, "extra", "unknown field"),
        ({"sections": {"worries": 5}}, "sections.worries", "must be a string"),
        (
            {"household": [{"name": "A", "relationship": "father", "lives_with_child": "yes"}]},
            "household[0].lives_with_child",
            "must be true, false or null",
        ),
        ({"household": [{"name": "A", "nickname": "B"}]}, "household[0].nickname", "unknown field"),
        (
            {"child": {"name": "Leah", "date_of_birth": "2027-01-01"}},
            "child.date_of_birth",
            "is after the conference date",
        ),
        (
            {"shared_with_family": {"date": "2026-13-01"}},
            "shared_with_family.date",
            "not a real calendar date",
        ),
        ({"submitted_on": 20260306}, "submitted_on", "not a valid date (expected YYYY-MM-DD)"),
        # year 1 once crashed the working-day arithmetic (found by the API fuzz test)
        (
            {"conference": {"type": "RCPC", "date": "0001-01-01"}},
            "conference.date",
            "must be between 1900 and 2199",
        ),
        ({"submitted_on": "9999-12-31"}, "submitted_on", "must be between 1900 and 2199"),
    ],
)
def test_error_paths(change: dict[str, Any], path: str, message: str) -> None:
    details = errors(make_report(**change))
    assert {"path": path, "message": message} in details


def test_extensions_are_accepted() -> None:
    doc = make_report(
        child={
            "name": "Leah",
            "date_of_birth": "2023-05-02",
            "interpreter_needed": False,
            "seen_alone": True,
        },
        household=[
            {
                "name": "M",
                "relationship": "father",
                "lives_with_child": False,
                "seen": True,
                "views_sought": None,
                "report_shared": False,
            }
        ],
        shared_with_family={
            "date": None,
            "reason_not_shared": "police advice",
            "with_whom": "mother",
        },
    )
    parse_report(doc)


def test_not_an_object() -> None:
    assert errors([1, 2]) == [{"path": "document", "message": "must be an object"}]


def test_all_errors_reported_and_no_values_echoed() -> None:
    secret = "Leah disclosed something private"
    doc = make_report(sections={"worries": 3, secret: "x"}, format="nope")
    details = errors(doc)
    assert len(details) >= 3
    for detail in details:
        assert secret not in detail["message"] and "nope" not in detail["message"]


def test_assess_validates_dicts() -> None:
    with pytest.raises(DocumentError):
        assess({"format": "cpc-report/1"})
