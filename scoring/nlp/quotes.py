"""Quotation marks: where a section's quotes are, found once per section.

The people component asks first (a name inside someone's quoted words is not the
antecedent of a pronoun outside them), the speech component then reads the same list.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from scoring.nlp.tokens import token_range

# Straight double quotes, curly double and single quotes; a straight single quote only
# when it opens after a space or bracket and closes before punctuation or space, so that
# apostrophes in "mum's" and "didn't" are not taken for quotes (and one between two letters
# stays inside a single-quoted quote: 'no breakfast, I'm hungry'). Every branch starts with its
# quote mark (the "opens after a space" test is a look-behind past it), so re can skip ahead
# to the next quote mark instead of trying each branch at every character.
_QUOTE = re.compile(
    r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{1,400}’"
    r"|'(?<![^\s(\[]')(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){1,400}'(?=[\s.,;:!?)\]]|$)"
)


def quote_char_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def quote_tokens(doc: Doc) -> list[tuple[int, int]]:
    """The token spans of the section's quotes, found once per Doc (the people component
    asks first, so that a name inside someone's quoted words is not a pronoun's antecedent
    outside them)."""
    quotes: list[tuple[int, int]] | None = doc.user_data.get("quotes")
    if quotes is None:
        quotes = []
        for c_start, c_end in quote_char_spans(doc.user_data["src"]):
            tokens = token_range(doc, c_start, c_end)
            if tokens is not None:
                quotes.append(tokens)
        doc.user_data["quotes"] = quotes
    return quotes
