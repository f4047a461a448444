"""The same report written differently must get the same audit flags: in capitals (some
record systems and writers), without capitals (quick notes), pasted with no-break spaces
or tabs (Word, web pages), with typographic quotes and apostrophes, or with Windows line
ends. Letter case and the kind of space may not decide who acts, who speaks or whom a
title names."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

import exemplars
from scoring import assess
from scoring.document import upgrade
from scoring.evaluation import LABELLED_CHECKS
from tests.scoring.conftest import BASE_REPORT, make_report


def _rewritten(document: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    doc = copy.deepcopy(upgrade(document))
    for owner in [doc, *(doc.get("children") or [])]:
        sections = owner.get("sections") or {}
        for key, text in sections.items():
            if isinstance(text, str):
                sections[key] = change(text)
    return doc


def _flags(document: dict[str, Any]) -> set[str]:
    return {c for c in assess(document).flags if c in LABELLED_CHECKS}


def _typographic(text: str) -> str:
    text = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text)
    text = re.sub(r"(^|(?<=[\s(\[]))'", "\u2018", text, flags=re.MULTILINE)
    return text.replace("'", "\u2019")


VARIANTS: dict[str, Callable[[str], str]] = {
    "capitals": str.upper,
    "no-break spaces": lambda t: t.replace(" ", "\u00a0", 5).replace(". ", ".\t"),
    "typographic quotes": _typographic,
    "windows line ends": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_exemplar_written_differently_gets_the_same_flags(variant: str) -> None:
    change = VARIANTS[variant]
    differ = {
        e.id: _flags(e.document) ^ _flags(_rewritten(e.document, change))
        for e in exemplars.load_all()
    }
    assert {k: v for k, v in differ.items() if v} == {}


def test_exemplars_written_without_capitals_mostly_get_the_same_flags() -> None:
    """Names are found without their capitals unless they are everyday words ("will",
    "grace"); three of the 61 exemplars still change (a man addressed only through a
    capitalised relationship, a voice credited once names lose their case). Before,
    eleven did."""
    differ = [
        e.id
        for e in exemplars.load_all()
        if _flags(e.document) != _flags(_rewritten(e.document, str.lower))
    ]
    assert len(differ) <= 3, differ


def test_a_name_that_is_an_everyday_word_needs_its_capital() -> None:
    from scoring.nlp.words import common_words

    assert {"will", "hope", "grace", "mark"} <= common_words()
    assert not {"kai", "leah", "jayden", "tom"} & common_words()


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


def _initials_report(voice: str, actions: str = "") -> dict[str, Any]:
    sections = {"voice_of_child": voice}
    if actions:
        sections["service_actions"] = actions
    return make_report(
        child={"name": "Kai Hughes", "date_of_birth": "2016-04-01", "ethnicity": "White British"},
        household=[
            {"name": "Chantelle Hughes", "relationship": "mother"},
            {"name": "Ryan Hall", "relationship": "father"},
        ],
        sections=sections,
    )


def _people(report: dict[str, Any], section: str) -> list[tuple[str, str]]:
    from scoring.document import parse_report
    from scoring.engine import _units
    from scoring.nlp.people import build_cast
    from scoring.pipeline import analyse_sections

    parsed = parse_report(report)
    units = _units(parsed)
    docs = analyse_sections(units, build_cast(parsed, [u.text for u in units]))
    doc = next(d for u, d in zip(units, docs, strict=True) if u.section == section)
    return [(doc[m.start : m.end].text, m.role) for m in doc.user_data["mentions"] if not m.pronoun]


def test_a_child_written_by_initials_is_heard() -> None:
    heard = '14/03 10:05 HV at home. K seen alone in bedroom. K said "I hate it when they shout".'
    unheard = "14/03 10:05 HV at home. K in bedroom, not seen alone. Mother spoke for him."
    assert ("K", "child") in _people(_initials_report(heard), "voice_of_child")
    assert "voice-of-child" not in assess(_initials_report(heard)).flags
    assert "voice-of-child" in assess(_initials_report(unheard)).flags


def test_an_initial_before_a_surname_is_someone_else() -> None:
    # Ryan is written "R" nowhere: "R. Shah" is the practice nurse.
    report = _initials_report("K said he was fine.", "Practice nurse (R. Shah) will see K.")
    people = _people(report, "service_actions")
    assert ("K.", "child") in people
    assert [role for _, role in people if role == "father"] == []


def test_initials_do_not_count_where_the_report_uses_the_name() -> None:
    # Kai is named in full, so the K of "vitamin K" is not him.
    people = _people(_initials_report("Kai said he takes vitamin K drops."), "voice_of_child")
    assert people == [("Kai", "child")]


def test_a_childs_gender_from_the_pronoun_opening_their_own_section() -> None:
    from scoring.document import parse_report
    from scoring.nlp.people import build_cast

    def male(voice: str) -> bool | None:
        parsed = parse_report(_initials_report(voice))
        cast = build_cast(parsed, [voice], {"child": [voice]})
        return next(m.male for m in cast.members if m.role == "child")

    assert male("Seen at school. He told me he likes football.") is True
    assert male("Seen at school. She told me she likes football.") is False
    assert male("I met Dad first. He said Kai is fine.") is None  # someone else came first
