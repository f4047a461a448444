"""Negation scopes stay inside their clause."""

from __future__ import annotations

from spacy.tokens import Doc

from scoring.nlp.context import in_scope
from scoring.pipeline import get_nlp


def _doc(text: str) -> Doc:
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["src"] = text
    for _, proc in nlp.pipeline[:3]:  # lemmas, lexicon, context
        doc = proc(doc)
    return doc


def _negated(text: str, word: str) -> bool:
    doc = _doc(text)
    i = next(t.i for t in doc if t.text == word)
    return in_scope(doc, i, "negated")


def test_a_backward_negation_stops_at_a_comma() -> None:
    assert not _negated("From what we see, he is not suffering harm.", "see")
    assert _negated("Whether he eats is not known.", "eats")
