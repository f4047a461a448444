"""pyphen's hyphenation points without parsing the whole pattern file up front.

textstat counts the syllables of a word missing from the CMU dictionary as
``len(Pyphen(lang="en_US").positions(word)) + 1``. Pyphen parses all ~10,000 patterns of the
dictionary when it is created (a quarter of a second); here the file is only split into
lines and indexed by each pattern's letters, and a pattern is parsed, with pyphen's own
code, the first time a word contains its letters. tests/scoring/test_readability.py checks
the positions against pyphen itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyphen

_DIGITS = re.compile(r"\d")


def _parse_lines(lines: Iterable[str]) -> tuple[int, tuple[Any, ...]] | None:
    """pyphen.HyphDict.__init__'s parsing of the lines that share one set of letters; as
    there, the last line with a non-zero value wins and all-zero lines are skipped."""
    found = None
    for line in lines:
        pattern = line
        if "/" in pattern and "=" in pattern:
            pattern, alternative = pattern.split("/", 1)
            factory: Any = pyphen.AlternativeParser(pattern, alternative)
        else:
            factory = int
        _tags, values = zip(
            *[(string, factory(i or "0")) for i, string in pyphen.parse(pattern)], strict=True
        )
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        found = start, values[start:end]
    return found


class _LazyPatterns:
    """The mapping HyphDict.positions reads, parsing each entry on first lookup."""

    def __init__(self, lines_by_letters: dict[str, list[str]]) -> None:
        self._lines = lines_by_letters
        self._parsed: dict[str, tuple[int, tuple[Any, ...]] | None] = {}

    def get(self, letters: str) -> tuple[int, tuple[Any, ...]] | None:
        try:
            return self._parsed[letters]
        except KeyError:
            lines = self._lines.get(letters)
            value = _parse_lines(lines) if lines else None
            self._parsed[letters] = value
            return value


class LazyHyphDict(pyphen.HyphDict):
    def __init__(self, path: Path) -> None:  # deliberately not calling HyphDict.__init__
        with path.open("rb") as fd:
            encoding = fd.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        text = path.read_text(encoding)
        lines_by_letters: dict[str, list[str]] = {}
        # A pattern's letters are the pattern without its digits (one substitution for the
        # whole file; lines with hex escapes or alternatives are done one by one).
        bare_lines = _DIGITS.sub("", text).split("\n")[1:]
        for raw, bare in zip(text.split("\n")[1:], bare_lines, strict=True):
            pattern = raw.strip()
            if not pattern or pattern.startswith(pyphen.ignored):
                continue
            if "^^" in pattern or "/" in pattern:
                pattern = pyphen.parse_hex(lambda match: chr(int(match.group(1), 16)), pattern)
                head = pattern.split("/", 1)[0] if "/" in pattern and "=" in pattern else pattern
                letters = _DIGITS.sub("", head)
            else:
                letters = bare.strip()
            lines_by_letters.setdefault(letters, []).append(pattern)
        self.patterns = _LazyPatterns(lines_by_letters)
        self.cache: dict[str, Any] = {}
        # Longest letters of any line (all-zero lines included: a longer window only looks
        # up more substrings that are not patterns, so the positions are the same).
        self.maxlen = max(len(letters) for letters in lines_by_letters)


class Hyphenator:
    """Pyphen(lang=lang).positions with its default margins (left=2, right=2)."""

    def __init__(self, lang: str) -> None:
        self.hd = LazyHyphDict(pyphen.LANGUAGES[pyphen.language_fallback(lang)])

    def positions(self, word: str) -> list[int]:
        right = len(word) - 2
        return [i for i in self.hd.positions(word) if 2 <= i <= right]
