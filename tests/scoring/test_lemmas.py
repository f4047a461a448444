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
