"""Common English words, for telling a name from a word where letter case cannot.

In text written without capitals ("spoke to kai alone, mum says will is fine") a name is
found only by being a name the report's people carry, and some names are everyday words
("will", "mark", "hope", "grace"). A name word counts in such text unless it is one of
the everyday lower-case words of spaCy's lexeme probability table (spacy-lookups-data):
those at least as frequent as COMMON (a log probability; "grace" -12.1 and "rose" -11.8
are above it, "tom" -13.2, "kai" -14.7 and "leah" -17.4 below). The set is built once
per machine (about a second, from a 7 MB table) and cached on disk (build_cache.py).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from importlib.metadata import version

from scoring.nlp.build_cache import cached, source_of

COMMON = -12.5


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    def build() -> list[str]:
        data = resources.files("spacy_lookups_data").joinpath("data/en_lexeme_prob.json.gz")
        probs: dict[str, float] = json.loads(gzip.decompress(data.read_bytes()))
        return sorted(w for w, p in probs.items() if p >= COMMON and w.isalpha() and w.islower())

    inputs = [version("spacy-lookups-data").encode(), str(COMMON).encode(), source_of(__file__)]
    return frozenset(cached("common-words", inputs, build))
