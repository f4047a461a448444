"""A typo in a word-list word is read as the word; a real word, a name or a different
ending is left alone."""

from __future__ import annotations

import pytest

from scoring import assess
from scoring.nlp.tokens import LowerLemmatizer
from scoring.nlp.typos import Speller
from scoring.pipeline import get_nlp
from tests.scoring.conftest import BASE_REPORT, make_report


def _speller() -> Speller:
    lemmatizer = get_nlp().get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    return lemmatizer.speller


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("montior", "monitor"),
        ("monitering", "monitoring"),
        ("becuase", "because"),
        ("reveiw", "review"),
        ("liasing", "liaising"),
        ("attendence", "attendance"),
        ("responce", "response"),
    ],
)
def test_a_slip_of_the_hand_is_read_as_the_word(typo: str, meant: str) -> None:
    assert _speller().correct(typo, typo) == meant


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("preventer", "preventer"),  # an inhaler, not "prevented": the ending differs
        ("settee", "settee"),  # a sofa, not "settle": e and l are far apart
        ("paediatrics", "paediatrics"),
        ("safeguarding", "safeguarding"),
        ("jayden", "jayden"),
        ("montior", "Montior"),  # capitalised: may be a name
        ("mentor", "mentor"),  # a real word one slip from "monitor"? no: two
    ],
)
def test_a_real_word_a_name_or_another_ending_is_left_alone(word: str, written: str) -> None:
    assert _speller().correct(word, written) is None


def test_a_typo_does_not_hide_a_vague_phrase() -> None:
    def vague(text: str) -> bool:
        sections = {**BASE_REPORT["sections"], "service_actions": text}
        return "vague-language" in assess(make_report(sections=sections)).flags

    assert vague("School will continue to montior Leah.")
    assert not vague("School will continue to mentor Leah every Monday at 9am until 3 June.")
