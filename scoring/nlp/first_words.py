r"""The first words a regex can match, as one trie-shaped regex that finds where to try it.

Python's re tries a pattern at every position of the text. For the lexicon alternations
(tens of branches, each opening with "\b" and a word) that costs about a microsecond per
word start, most of a section's analysis time. Their matches always begin at a word
start with one of a few first words ("every", "within", a digit, ...), so the lexicon
scanner (regexes.Scanner) first finds the word starts whose word could begin a match,
with one pattern shaped as a trie of those first words: "\W(?=e(?:very|ach)...)" starts
with a character class, so re skips word characters in C and tests the trie only after
a space or punctuation, a branch per letter. The full patterns then run only there.

The first words are read from the parsed pattern (the stdlib's own parser). Each is a
sequence of atoms, each a regex fragment matching one word character ("e", "[\d]"), and
is *complete* when the pattern requires the word to end there ("every" in "every week")
or a *prefix* when more word characters may follow ("\d" in "\d{1,2}(st|nd)?"). Anything
the walk cannot follow (a lookaround, a long repeat, too many words) ends the words
there as prefixes: the trigger only ever finds more places, never fewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_WORD = re.compile(r"\w")
_MAX_WORDS = 512  # beyond this many first words a pattern gets prefixes instead
_REPEAT_OPS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_WORD_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w"}

Atoms = tuple[str, ...]
Word = tuple[Atoms, bool]  # (atoms, complete)


class _Unsupported(Exception):
    """The pattern can start other than with a word character at a word boundary."""


def first_words(items: list[Any] | None) -> list[Word] | None:
    """Every match's first word as (atoms, complete), or None when they cannot be listed."""
    if not items:
        return None
    found: set[Word] = set()
    try:
        live = _walk(items, {()}, found)
    except _Unsupported:
        return None
    found.update((atoms, False) for atoms in live)  # the pattern ends inside its first word
    if any(not atoms for atoms, _ in found):
        return None  # an empty prefix: every word start could match
    return sorted(found)


def _stop(live: set[Atoms], found: set[Word]) -> set[Atoms]:
    found.update((atoms, False) for atoms in live)
    return set()


def _walk(items: Iterable[Any], live: set[Atoms], found: set[Word]) -> set[Atoms]:
    """Feed the words still being read through items; returns those still being read."""
    for op, arg in items:
        if not live:
            break
        name = str(op)
        if name == "AT":
            if str(arg) != "AT_BOUNDARY":
                raise _Unsupported
            ended = {atoms for atoms in live if atoms}  # a boundary after a word character
            found.update((atoms, True) for atoms in ended)
            live = live - ended
        elif name == "LITERAL":
            char = chr(arg)
            word = _WORD.match(char) is not None
            live = _extend(live, [re.escape(char)] if word else [], not word, found)
        elif name == "IN":
            live = _extend_class(live, arg, found)
        elif name == "SUBPATTERN":
            if arg[1] or arg[2]:
                raise _Unsupported  # inline flags
            live = _walk(arg[3], live, found)
        elif name == "BRANCH":
            live = set().union(*(_walk(branch, set(live), found) for branch in arg[1]))
        elif name in _REPEAT_OPS:
            live = _repeat(live, arg, found)
        else:  # ANY, lookarounds, back-references...: stop reading here
            if () in live:
                raise _Unsupported
            return _stop(live, found)
    return live


def _repeat(live: set[Atoms], arg: Any, found: set[Word]) -> set[Atoms]:
    low, high, sub = arg
    if high > 4:  # including unbounded: read the required copies, then stop
        for _ in range(low):
            live = _walk(sub, live, found)
        return _stop(live, found)
    result: set[Atoms] = set()
    current = live
    for count in range(high + 1):
        if count >= low:
            result |= current
        if count < high:
            current = _walk(sub, current, found)
    return result


def _extend(
    live: set[Atoms], word_atoms: list[str], ends_word: bool, found: set[Word]
) -> set[Atoms]:
    """Append one character: word_atoms for its word characters; ends_word if it can be
    another character, which ends the word."""
    if ends_word:
        if () in live:
            raise _Unsupported
        found.update((atoms, True) for atoms in live)
    if not word_atoms:
        return set()
    if len(live) * len(word_atoms) > _MAX_WORDS:
        return _stop(live, found)
    return {(*atoms, atom) for atoms in live for atom in word_atoms}


def _extend_class(live: set[Atoms], members: Any, found: set[Word]) -> set[Atoms]:
    """A character class: its word characters become one atom, the others end the word."""
    word: list[str] = []
    other: list[str] = []
    for kind, value in members:
        kind = str(kind)
        if kind == "LITERAL":
            char = chr(value)
            (word if _WORD.match(char) else other).append(char)
        elif kind == "RANGE" and value[1] - value[0] < 256:
            chars = [chr(c) for c in range(value[0], value[1] + 1)]
            if all(_WORD.match(c) for c in chars):
                word.append(f"{re.escape(chars[0])}-{re.escape(chars[-1])}")
            elif not any(_WORD.match(c) for c in chars):
                other.extend(chars)
            else:
                word.extend(re.escape(c) for c in chars if _WORD.match(c))
                other.extend(c for c in chars if not _WORD.match(c))
        elif kind == "CATEGORY" and str(value) in _WORD_CATEGORIES:
            word.append(_WORD_CATEGORIES[str(value)])
        else:  # a negated class, another category: cannot say which characters
            if () in live:
                raise _Unsupported
            return _stop(live, found)
    atoms = [f"[{''.join(word)}]"] if word else []
    return _extend(live, atoms, bool(other), found)


def trie_regex(words: Iterable[Word]) -> str:
    r"""One regex matching at a word start exactly where one of the words begins."""
    root: dict[str, Any] = {}
    for atoms, complete in words:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node["" if complete else None] = True  # type: ignore[index]
    return _emit(root)


def _emit(node: dict[Any, Any]) -> str:
    if None in node:
        return ""  # a prefix ends here: any continuation will do
    children = sorted((atom, child) for atom, child in node.items() if atom)
    alternatives = [atom + _emit(child) for atom, child in children]
    if "" in node:
        alternatives.append(r"(?!\w)")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"
