"""Misspelt words read as the word-list word they were meant to be ("mnitor", "monitering").

Reports by other hands carry typos, and a typo in "monitor" or "because" hides a vague
phrase or a reason from every word list. A token is corrected only when all of these hold:
it is written in lower case (a capitalised word may be a name), has at least six letters,
is no word the lemma table, spaCy's everyday words or the CMU dictionary knows, and exactly
one word of the word lists (or an inflection of one) is one slip of the hand away (a letter
dropped, added, swapped with its neighbour or typed for a near one; never the last letter:
see _edits). Worked out once per distinct token (the
lemmatiser keeps its answer), so the cost is paid the first time a typo is seen.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Iterable, Mapping

from scoring.nlp.words import common_words
from scoring.resources import lexicons

MIN_LETTERS = 6
_LETTERS = string.ascii_lowercase
_WORD = re.compile(r"[a-z]+")
_lock = threading.Lock()


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = frozenset("aeiou")
_SOUND_ALIKE = frozenset({frozenset("cs"), frozenset("ck"), frozenset("sz"), frozenset("fv")})


def _near(a: str, b: str) -> bool:
    """Letters a writer swaps one for the other: neighbours on the keyboard, two vowels,
    or letters that sound alike ("responce")."""
    if (a in _VOWELS and b in _VOWELS) or frozenset((a, b)) in _SOUND_ALIKE:
        return True
    for r, row in enumerate(_ROWS):
        if a in row:
            i = row.index(a)
            near = set(row[max(i - 1, 0) : i + 2])
            for other in _ROWS[max(r - 1, 0) : r + 2]:
                near.update(other[max(i - 1, 0) : i + 2])
            return b in near
    return False


def _edits(word: str) -> Iterable[str]:
    """Single slips of the hand that leave the last letter alone (a different ending is
    more often another real word: "preventer", "paediatrics", "shouty"): a letter dropped,
    doubled or added, two neighbours swapped, or a near letter typed instead."""
    last = len(word) - 1
    for i in range(last):
        yield word[:i] + word[i + 1 :]  # the writer added a letter
        for c in _LETTERS:
            yield word[:i] + c + word[i:]  # the writer dropped one
            if c != word[i] and _near(word[i], c):
                yield word[:i] + c + word[i + 1 :]
        if i + 1 < last:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _lexicon_words() -> set[str]:
    words: set[str] = set()
    for lex in lexicons().values():
        lists = [lex.get("terms") or [], lex.get("terminators") or []]
        lists += list((lex.get("groups") or {}).values())
        lists += [m.get("terms") or [] for m in lex.get("modifiers") or []]
        for terms in lists:
            for term in terms:
                words.update(w for w in _WORD.findall(term.lower()) if len(w) >= MIN_LETTERS - 1)
    return words


class Speller:
    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = table
        self._targets: frozenset[str] | None = None

    def targets(self) -> frozenset[str]:
        """The word-list words and every inflection the lemma table gives them."""
        if self._targets is None:
            with _lock:
                if self._targets is None:
                    words = _lexicon_words()
                    lemmas = {self._table.get(w, w) for w in words}
                    words.update(k for k, v in self._table.items() if v in lemmas and k.isalpha())
                    self._targets = frozenset(words)
        return self._targets

    def correct(self, lower: str, written: str) -> str | None:
        if len(lower) < MIN_LETTERS or not lower.isalpha() or not lower.isascii():
            return None
        if written != lower or lower in self._table or lower in common_words():
            return None
        targets = self.targets()
        if lower in targets or _known(lower):
            return None
        found = {e for e in _edits(lower) if e in targets}
        return found.pop() if len(found) == 1 else None


def _known(word: str) -> bool:
    from scoring.readability import _cmu_file

    return _cmu_file().first_pronunciation(word) is not None
