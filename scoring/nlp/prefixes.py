r"""How every match of a regex begins, as one trie-shaped regex that finds where to try it.

Python's re tries a pattern at every position of the text. For the lexicon alternations
(tens of branches, each opening with "\b" and a word) that cost about a microsecond per
word start, most of a section's analysis time. Their matches always begin at a word start
with one of a limited set of openings ("every ", "within ", "in the next ", a digit, ...),
so the lexicon scanner (regexes.Scanner) first finds the places where one of them begins,
with one pattern shaped as a trie of those openings: "\W(?=e(?:ach |very )|...)" starts
with a character class, so re skips word characters in C and walks the trie only after a
space or punctuation, one branch per letter. The full patterns then run only there.

The openings are read from the parsed pattern (the stdlib's own parser) as sequences of
atoms, each a regex fragment copied from the pattern that matches one character ("e",
"[/.]", "\d") or a boundary ("\b"). Reading stops at anything it cannot copy exactly (a
lookaround, a repeat without a small bound, too many openings, a long opening): what was
read so far is still an opening of every match, so the trigger only ever finds more
places, never fewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_MAX_OPENINGS = 512  # per pattern; more and reading stops where it is
_MAX_ATOMS = 8  # longer openings select no better and make the trie slow to compile
_REPEAT_OPS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}

Atoms = tuple[str, ...]


def openings(items: list[Any] | None) -> list[Atoms] | None:
    """Atom sequences one of which begins every match; None if none can be read."""
    if not items:
        return None
    found: set[Atoms] = set()
    found |= _walk(items, {()}, found)
    if () in found:
        return None  # an empty opening: every position could match
    return sorted(found)


def _stop(live: set[Atoms], found: set[Atoms]) -> set[Atoms]:
    found |= live
    return set()


def _walk(items: Iterable[Any], live: set[Atoms], found: set[Atoms]) -> set[Atoms]:
    """Read items onto the openings still growing; returns those still growing."""
    for op, arg in items:
        if not live:
            break
        name = str(op)
        if name == "AT" and str(arg) == "AT_BOUNDARY":
            live = {(*atoms, r"\b") if atoms else atoms for atoms in live}
        elif name == "LITERAL":
            live = _extend(live, _escape(chr(arg)), found)
        elif name == "NOT_LITERAL":
            live = _extend(live, f"[^{_escape(chr(arg))}]", found)
        elif name == "IN" and (atom := _class_atom(arg)) is not None:
            live = _extend(live, atom, found)
        elif name == "SUBPATTERN" and not (arg[1] or arg[2]):  # no inline flags
            live = _walk(arg[3], live, found)
        elif name == "BRANCH":
            live = set().union(*(_walk(branch, set(live), found) for branch in arg[1]))
        elif name in _REPEAT_OPS:
            live = _repeat(live, arg, found)
        else:  # lookarounds, other anchors, back-references, ...: stop reading here
            return _stop(live, found)
        if len(live) > _MAX_OPENINGS:
            return _stop(live, found)
    return live


def _repeat(live: set[Atoms], arg: Any, found: set[Atoms]) -> set[Atoms]:
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


def _extend(live: set[Atoms], atom: str, found: set[Atoms]) -> set[Atoms]:
    full = {atoms for atoms in live if len(atoms) >= _MAX_ATOMS}
    found |= full
    return {(*atoms, atom) for atoms in live - full}


def _escape(char: str) -> str:
    return char if char == " " else re.escape(char)  # (patterns are never compiled VERBOSE)


def _class_atom(members: Any) -> str | None:
    """The character class as a regex fragment, or None for a member not copied here."""
    parts: list[str] = []
    for kind, value in members:
        kind = str(kind)
        if kind == "NEGATE" and not parts:
            parts.append("^")
        elif kind == "LITERAL":
            parts.append(_escape(chr(value)))
        elif kind == "RANGE":
            parts.append(f"{_escape(chr(value[0]))}-{_escape(chr(value[1]))}")
        elif kind == "CATEGORY" and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return f"[{''.join(parts)}]"


def trie_regex(openings: Iterable[Atoms]) -> str:
    """One regex matching exactly where one of the openings begins."""
    root: dict[str | None, Any] = {}
    for atoms in openings:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[None] = True
    return _emit(root)


def _emit(node: dict[str | None, Any]) -> str:
    if None in node:
        return ""  # an opening ends here: whatever follows will do
    alternatives = [atom + _emit(child) for atom, child in sorted(node.items()) if atom]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
