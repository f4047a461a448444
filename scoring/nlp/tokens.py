"""Lower-case lookup lemmas and sentence starts (punctuation and new lines) in one pass.

spaCy's lookup lemmatizer is case-sensitive ("Monitored" stays "Monitored"), and report
text starts sentences and bullet points with capitals, so this component lemmatises the
lower-cased form. Reports are written as lines and bullets without full stops, so a new
line also starts a sentence. It works on attribute arrays rather than Token objects
because creating a Python Token per word was most of the engine's time.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

import numpy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# Lemmas the lookup table gets wrong for this domain.
_OVERRIDES = {"'s": "'s", "’s": "'s", "n't": "not", "nt": "not", "wo": "will", "ca": "can",
              "ll": "will", "'ll": "will", "sha": "shall", "people": "people", "data": "data",
              "saw": "see", "left": "leave", "felt": "feel", "her": "her", "his": "his",
              "us": "us", "was": "be", "were": "be", "is": "be", "are": "be", "am": "be",
              "'m": "be", "'re": "be"}
_ENDERS = frozenset({".", "!", "?", "…", "?!", "!!", "..."})
_OPENERS = frozenset({'"', "'"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", ".", "!", "?"})

for _name in ("lower", "orth", "like_num", "src"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class LowerLemmatizer:
    def __init__(self) -> None:
        # Read the table file directly: spaCy's Lookups object keys by hash and loads slower.
        data = resources.files("spacy_lookups_data").joinpath("data/en_lemma_lookup.json.gz")
        table: dict[str, str] = json.loads(gzip.decompress(data.read_bytes()))
        self.table: dict[str, str] = {k: v.lower() for k, v in table.items() if k.islower()}
        self.table.update(_OVERRIDES)
        self._lemma_hash: dict[int, int] = {}

    def lemma(self, lower: str) -> str:
        return self.table.get(lower, lower)

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data["src"] is None:
            # doc.text rebuilds the string token by token; keep the original once.
            doc.user_data["src"] = doc.text
        n = len(doc)
        if n == 0:
            doc.user_data.update(lower=[], orth=[], like_num=[], sent_bounds=[])
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([LOWER, ORTH, IS_SPACE, IDX, LENGTH, LIKE_NUM]).tolist()
        text = doc.user_data["src"]
        cache = self._lemma_hash
        lemmas = [0] * n
        starts = [-1] * n
        lower_words: list[str] = []
        orth_words: list[str] = []
        boundary = True
        prev_end = 0
        for i, (low_h, orth_h, space, idx, length, _num) in enumerate(arr):
            low = strings[low_h]
            lower_words.append(low)
            orth_words.append(strings[orth_h])
            lemma_h = cache.get(low_h)
            if lemma_h is None:
                lemma_h = cache[low_h] = strings.add(self.table.get(low, low))
            lemmas[i] = lemma_h
            if space:
                continue
            if i and "\n" in text[prev_end:idx]:
                boundary = True
            opener = low in _OPENERS and idx > 0 and text[idx - 1].isspace()
            if boundary and (opener or low not in _CLOSERS):
                starts[i] = 1
                boundary = False
            if low in _ENDERS:
                boundary = True
            prev_end = idx + length
        starts[0] = 1
        first = [i for i, s in enumerate(starts) if s == 1]
        doc.user_data["sent_bounds"] = list(zip(first, [*first[1:], n], strict=True))
        values = numpy.empty((n, 2), dtype="uint64")
        values[:, 0] = numpy.array(lemmas, dtype="uint64")
        # spaCy stores "not a sentence start" as -1 in an unsigned array.
        values[:, 1] = numpy.array(starts, dtype="int64").view("uint64")
        doc.from_array([LEMMA, SENT_START], values)  # type: ignore[arg-type]
        doc.user_data["lower"] = lower_words
        doc.user_data["orth"] = orth_words
        doc.user_data["like_num"] = [bool(row[5]) for row in arr]
        return doc


@Language.factory("cpc_lemmas", requires=[], assigns=["token.lemma", "token.is_sent_start"])
def make_lemmatizer(nlp: Language, name: str) -> LowerLemmatizer:
    return LowerLemmatizer()
