"""The lookup lemma table's slips that merged different words: a word list's "as" matched
every article, and "does" was read as the deer."""

from __future__ import annotations

import pytest

from scoring.pipeline import get_nlp


def _hits(text: str, label: str) -> list[str]:
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["src"] = text
    for _, proc in nlp.pipeline[:2]:  # lemmas, then the lexicon matcher
        doc = proc(doc)
    return [doc[s:e].text for s, e in doc.user_data["hits"].get(label, [])]


@pytest.mark.parametrize(("word", "lemma"), [("as", "as"), ("does", "do"), ("an", "a")])
def test_lemma_of_function_words(word: str, lemma: str) -> None:
    assert get_nlp().get_pipe("cpc_lemmas").lemma(word) == lemma


def test_an_article_is_not_the_reason_word_as() -> None:
    # A minimal pair for the barrier words of previous-actions ("as" gives a reason).
    assert _hits("The visit happened late as the car broke down.", "action-update:barrier") == [
        "as"
    ]
    assert _hits("The visit happened a week late.", "action-update:barrier") == []


@pytest.mark.parametrize(
    ("word", "lemma"), [("wks", "week"), ("appt", "appointment"), ("&", "and"), ("w/", "with")]
)
def test_service_shorthand_is_read_as_its_word(word: str, lemma: str) -> None:
    assert get_nlp().get_pipe("cpc_lemmas").lemma(word) == lemma


def test_shorthand_the_tokeniser_splits_matches_every_phrase_with_its_word() -> None:
    # "b/c" is three tokens; every word list holding "because" also holds it.
    assert "b/c" in _hits("Off school b/c of illness.", "evidence-cues")
    assert "b" not in _hits("Off school b of illness.", "evidence-cues")


def test_shorthand_units_are_times() -> None:
    assert _hits("I will weigh her every 2 wks.", "time-expressions") == ["every 2 wks"]
    assert _hits("Call back within 24 hrs.", "time-expressions") == ["within 24 hrs"]
