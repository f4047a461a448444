"""Some record systems and some writers put everything in capitals. The same report in
capitals must get the same audit flags: letter case may not be what decides who acts,
who speaks or whom a title names."""

from __future__ import annotations

import copy
from typing import Any

import exemplars
from scoring import assess
from scoring.document import upgrade
from scoring.evaluation import LABELLED_CHECKS
from tests.scoring.conftest import BASE_REPORT, make_report


def _in_capitals(document: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(upgrade(document))
    for owner in [doc, *(doc.get("children") or [])]:
        sections = owner.get("sections") or {}
        for key, text in sections.items():
            if isinstance(text, str):
                sections[key] = text.upper()
    return doc


def _flags(document: dict[str, Any]) -> set[str]:
    return {c for c in assess(document).flags if c in LABELLED_CHECKS}


def test_every_exemplar_in_capitals_gets_the_same_flags() -> None:
    differ = {
        e.id: _flags(e.document) ^ _flags(_in_capitals(e.document)) for e in exemplars.load_all()
    }
    assert {k: v for k, v in differ.items() if v} == {}


def test_a_named_actor_in_capitals_owns_the_action() -> None:
    actions = (
        "1. DR FERREIRA TO REVIEW ANDREI'S SLEEP MONTHLY FROM 2 JULY 2026 AND SHARE THE "
        "SCORE WITH THE SOCIAL WORKER AFTER EACH REVIEW; WE WILL KNOW IT IS WORKING WHEN "
        "HIS SLEEP DIARY SHOWS 8 HOURS.\n"
        "2. DR FERREIRA TO WRITE TO MR POPESCU WITH THE OUTCOME BY 26 JUNE 2026; WE WILL "
        "KNOW IT HAS HAPPENED WHEN THE LETTER IS ON FILE.\n"
    )

    def with_actions(text: str) -> dict[str, Any]:
        return make_report(sections={**BASE_REPORT["sections"], "service_actions": text})

    assert "smart-actions" not in assess(with_actions(actions)).flags
    nobody = actions.replace("2. DR FERREIRA TO WRITE", "2. A LETTER TO BE WRITTEN")
    assert "smart-actions" in assess(with_actions(nobody)).flags


def test_a_title_in_capitals_names_the_father() -> None:
    from scoring.document import parse_report
    from scoring.nlp.people import build_cast

    report = make_report(household=[{"name": "Jamal", "relationship": "father"}])
    cast = build_cast(parse_report(report), ["MR JAMAL MIAH IS THE FATHER."])
    assert cast.titled[(True, "miah")].role == "father"
