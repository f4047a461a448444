"""Sections pasted from an email chain: header lines are no one's words."""

from __future__ import annotations

from scoring import assess
from scoring.nlp.email_headers import without_headers
from tests.scoring.conftest import make_report

CHAIN = (
    "> From: Lorraine Tate\n> Sent: 09 June 2027 10:11\n> To: Paula Grimshaw\n"
    "> Subject: RE: threshold bit?\n\n"
)


def _threshold(text: str) -> bool:
    report = make_report(sections={"threshold_view": text})
    return "threshold-rationale" in assess(report).flags


def test_a_bare_view_under_email_headers_has_no_evidence() -> None:
    # The header's date is not a dated fact about the child.
    assert _threshold(CHAIN + "Agree threshold met - neglect. P")
    assert not _threshold(
        CHAIN + "Agree threshold met - neglect, because Kai has missed 6 of 9 appointments"
        " since October and his weight fell from the 50th to the 9th centile."
    )


def test_headers_are_blanked_one_character_for_one() -> None:
    blanked = without_headers(CHAIN + "Agree threshold met.")
    assert len(blanked) == len(CHAIN + "Agree threshold met.")
    assert "Lorraine" not in blanked and "2027" not in blanked
    assert blanked.endswith("Agree threshold met.")


def test_a_to_line_without_an_email_around_it_is_left_alone() -> None:
    action = "To: the social worker, a weekly summary of attendance from 12/03/2027."
    assert without_headers(action) == action
