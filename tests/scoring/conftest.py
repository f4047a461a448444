"""Shared helpers for the scoring tests: a complete, good base report to vary."""

from __future__ import annotations

import copy
from typing import Any

import pytest

BASE_REPORT: dict[str, Any] = {
    "format": "cpc-report/1",
    "conference": {"type": "ICPC", "date": "2026-03-12"},
    "agency": {"type": "gp", "name": "Well Street Surgery"},
    "author": {"name": "Dr A. Okafor", "role": "GP partner"},
    "submitted_on": "2026-03-06",
    "shared_with_family": {
        "date": "2026-03-05",
        "method": "face to face with mother",
        "feedback": "Janelle agreed with the worries about appointments.",
    },
    "child": {
        "name": "Leah",
        "date_of_birth": "2023-05-02",
        "ethnicity": "Black British Caribbean",
        "religion": "",
        "first_language": "English",
    },
    "household": [
        {"name": "Janelle", "relationship": "mother", "lives_with_child": True},
        {"name": "Marcus", "relationship": "father", "lives_with_child": False},
    ],
    "sections": {},
}


def make_report(**overrides: Any) -> dict[str, Any]:
    """The base report with top-level keys replaced; given ``children`` it becomes a
    cpc-report/2 document (the base's one child dropped)."""
    report = copy.deepcopy(BASE_REPORT)
    if "children" in overrides:
        report["format"] = "cpc-report/2"
        del report["child"]
    report.update(copy.deepcopy(overrides))
    return report


def section_text(document: dict[str, Any], section: str, child: str | None) -> str:
    """A section's text in either format: the family's, or the named child's own."""
    if child is not None and document.get("format") == "cpc-report/2":
        for entry in document["children"]:
            if entry["key"] == child:
                return str(entry.get("sections", {}).get(section, ""))
        raise KeyError(child)
    return str(document["sections"].get(section, ""))


@pytest.fixture
def report_factory() -> Any:
    return make_report


# A SMART action to sit beside text under test: it owes nothing, so any vague-language
# finding comes from the other text.
SMART_ACTION = (
    "Ruth Adeyemi (midwife) will see Kerry at home every Tuesday from 5 October until the"
    " birth and weigh Mason; weights emailed to the social worker the same day."
)


def vague_in_actions(text: str) -> list[str]:
    """The vague phrases the engine finds in `text` as a report's service actions."""
    from scoring import assess

    found = assess(make_report(sections={"service_actions": text})).findings
    return [f.text or "" for f in found if f.check == "vague-language"]
