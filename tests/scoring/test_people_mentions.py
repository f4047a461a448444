"""Who a mention is: hyphenated names, and a pronoun right after the child it cannot be."""

from __future__ import annotations

from scoring.document import parse_report
from scoring.nlp.people import build_cast
from scoring.pipeline import Unit, analyse_sections
from tests.scoring.conftest import make_report

REPORT = make_report(
    child={"name": "Tia-Rose Blackwood", "date_of_birth": "2019-11-02"},
    household=[
        {"name": "Chantelle Blackwood", "relationship": "mother", "lives_with_child": True},
        {"name": "Dean Forsyth", "relationship": "father", "lives_with_child": False},
    ],
)


def _mentions(text: str) -> list[tuple[str, str]]:
    report = parse_report(REPORT)
    cast = build_cast(report, [text])
    doc = analyse_sections([Unit("family_and_network", None, text)], cast)[0]
    return [(doc[m.start : m.end].text, m.role) for m in doc.user_data["mentions"]]


def test_a_hyphenated_name_is_one_mention() -> None:
    assert _mentions("I saw Tia-Rose on Monday.") == [("Tia-Rose", "child")]
    # Two people joined by a dash stay two.
    assert _mentions("Tia-Rose - Dean came to the clinic.") == [
        ("Tia-Rose", "child"),
        ("Dean", "father"),
    ]


def test_him_right_after_the_child_is_someone_else() -> None:
    found = _mentions("Father Dean Forsyth seen today. I raised Tia-Rose with him.")
    assert ("him", "father") in found
    assert ("him", "child") not in found
