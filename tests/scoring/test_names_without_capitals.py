"""Text written without capitals: names that are everyday words, and titles before a
surname the children share."""

from __future__ import annotations

from typing import Any

from scoring import assess
from scoring.document import parse_report
from scoring.nlp.people import build_cast
from scoring.pipeline import Unit, analyse_sections
from tests.scoring.conftest import make_report


def _family(sections: dict[str, str], children: list[dict[str, Any]], household: list[Any]) -> Any:
    return make_report(children=children, household=household, sections=sections)


def _checks(report: dict[str, Any], check: str) -> list[str | None]:
    return [f.child for f in assess(report).findings if f.check == check]


COLES = [
    {"name": "Janelle Cole", "relationship": "mother", "lives_with_child": True},
    {"name": "Dean Cole", "relationship": "father", "lives_with_child": True},
]


def test_a_title_before_a_surname_the_child_shares_names_the_adult() -> None:
    children = [
        {
            "key": "ruby",
            "name": "Ruby Cole",
            "date_of_birth": "2019-05-01",
            "sections": {"voice_of_child": "ruby told me she likes her new bed."},
        }
    ]
    spoken = "i spoke to mr cole on 3 march about ruby's sleep and his view is that she is settled."
    assert _checks(_family({"family_and_network": spoken}, children, COLES), "father-absent") == []
    # Control: nothing said to or about him, the father is not addressed.
    silent = "i spoke to mum on 3 march about ruby's sleep and her view is that ruby is settled."
    assert _checks(_family({"family_and_network": silent}, children, COLES), "father-absent")


MERCY = make_report(
    children=[
        {"key": "amara", "name": "Amara Dawson", "date_of_birth": "2015-07-12"},
        {"key": "mercy", "name": "Mercy Dawson", "date_of_birth": "2024-01-15"},
    ],
    household=[{"name": "Precious Dawson", "relationship": "mother", "lives_with_child": True}],
)


def _mentions_of_mercy(text: str, section_child: str | None) -> list[str]:
    report = parse_report(MERCY)
    cast = build_cast(report, [text])
    doc = analyse_sections([Unit("voice_of_child", section_child, text)], cast)[0]
    mercy = next(i for i, m in enumerate(cast.members) if m.child == "mercy")
    return [doc[m.start : m.end].text for m in doc.user_data["mentions"] if m.member == mercy]


def test_a_name_that_is_an_everyday_word_names_the_child_in_her_own_section() -> None:
    own = "mercy is two. at my visit mercy was playing with a toy phone and laughing."
    assert _mentions_of_mercy(own, "mercy") == ["mercy", "mercy"]


def test_a_name_that_is_an_everyday_word_names_the_child_before_a_verb_people_do() -> None:
    text = "amara told me about the night. mercy was crying in amara's room."
    assert _mentions_of_mercy(text, "amara") == ["mercy"]


def test_the_everyday_word_elsewhere_is_the_word() -> None:
    text = "amara said it was a mercy that the police came. my mercy is limited, mum said."
    assert _mentions_of_mercy(text, "amara") == []
