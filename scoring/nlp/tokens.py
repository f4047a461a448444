"""Lower-case lookup lemmas and sentence starts (punctuation and new lines) in one pass.

spaCy's lookup lemmatizer is case-sensitive ("Monitored" stays "Monitored"), and report
text starts sentences and bullet points with capitals, so this component lemmatises the
lower-cased form. Reports are written as lines and bullets without full stops, so a new
line also starts a sentence.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

# Lemmas the lookup table gets wrong for this domain ("dad's" as a possessive stays a person).
_OVERRIDES = {"'s": "'s", "’s": "'s", "n't": "not", "nt": "not", "wo": "will", "ca": "can",
              "ll": "will", "'ll": "will", "sha": "shall", "people": "people", "data": "data",
              "saw": "see", "left": "leave", "felt": "feel", "her": "her", "his": "his",
              "us": "us", "was": "be", "were": "be", "is": "be", "are": "be", "am": "be",
              "'m": "be", "'re": "be"}


_ENDERS = frozenset({".", "!", "?", "…", "?!", "!!", "..."})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", ".", "!", "?"})


class LowerLemmatizer:
    def __init__(self) -> None:
        # Read the table file directly: spaCy's Lookups object keys by hash and loads slower.
        data = resources.files("spacy_lookups_data").joinpath("data/en_lemma_lookup.json.gz")
        table: dict[str, str] = json.loads(gzip.decompress(data.read_bytes()))
        self.table: dict[str, str] = {k: v.lower() for k, v in table.items() if k.islower()}
        self.table.update(_OVERRIDES)

    def lemma(self, lower: str) -> str:
        return self.table.get(lower, lower)

    def __call__(self, doc: Doc) -> Doc:
        get = self.table.get
        boundary = True  # the next word token starts a sentence
        for token in doc:
            low = token.lower_
            token.lemma_ = get(low, low)
            if token.is_space:
                token.is_sent_start = token.i == 0
                if "\n" in token.text:
                    boundary = True
                continue
            if boundary and low not in _CLOSERS:
                token.is_sent_start = True
                boundary = False
            else:
                token.is_sent_start = token.i == 0
            if low in _ENDERS or "\n" in token.whitespace_:
                boundary = True
        return doc


@Language.factory("cpc_lemmas", requires=[], assigns=["token.lemma", "token.is_sent_start"])
def make_lemmatizer(nlp: Language, name: str) -> LowerLemmatizer:
    return LowerLemmatizer()
