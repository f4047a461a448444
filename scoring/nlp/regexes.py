"""Case-insensitive lexicon regexes, run the fast way with exactly the same matches.

Python's re is several times slower with IGNORECASE, and with capturing groups inside a big
alternation (a group blocks the quick first-character test of each branch). Only match
offsets are used, so the patterns are compiled case-sensitively with their groups made
non-capturing, and run over the text with ASCII capitals lower-cased: the same length, so
offsets hold. Four non-ASCII characters match ASCII letters under IGNORECASE (İ ı ſ and the
Kelvin sign); a text holding one of them gets the original pattern, as does a pattern that
a plain rewrite could change (capitals, back-references, inline flags).

Each pattern also gets the literal strings one of which any match must contain (from the
stdlib's own regex parser): when no branch's strings occur in the text, nothing can match and
the scan is skipped. (Compiling just the possible branches per text would scan faster but
nearly every text needs its own subset, and compiling costs more than it saves.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

try:  # the stdlib's regex parser; without it every branch is simply always tried
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_parse = None

# An escape, a character class, a group opening, or a run of anything else.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\??|[^\\\[(]+", re.DOTALL)
_CAPITAL = re.compile(r"[A-Z]")
_INLINE = re.compile(r"\(\?(?:P=|[aiLmsux-])")
_CASE_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _uncapture(pattern: str) -> str | None:
    """The pattern with capturing groups made non-capturing, or None if a rewrite is unsafe."""
    tokens = [m.group() for m in _TOKEN.finditer(pattern)]
    if "".join(tokens) != pattern:
        return None
    plain: list[str] = []
    for token in tokens:
        if token.startswith("\\"):
            if token[1:].isdigit():
                return None  # a back-reference
        elif _CAPITAL.search(token):
            return None
        elif not token.startswith("["):
            plain.append(token)
    if _INLINE.search("".join(plain)):
        return None  # inline flags or a named back-reference
    return "".join("(?:" if part == "(" else part for part in tokens)


def _required(items: Any) -> frozenset[str] | None:
    """Literal strings one of which every match of a parsed (sub)pattern contains, or None."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        found: frozenset[str] | None = None
        if name == "SUBPATTERN":
            found = _required(arg[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            found = _required(arg[2])
        elif name == "BRANCH":
            branches = [_required(b) for b in arg[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
        if found:
            options.append(found)
    if run:
        options.append(frozenset({"".join(run)}))
    # Any one option is necessary; the one whose shortest string is longest filters best.
    return max(options, key=lambda o: min(map(len, o)), default=None)


def required_literals(pattern: str) -> frozenset[str] | None:
    if _sre_parse is None:
        return None
    try:
        return _required(_sre_parse.parse(pattern))
    except Exception:  # no filter is always correct
        return None


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only (length and every other character unchanged)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


class AnyOf:
    """Several patterns as one alternation, matched case-insensitively, first branch wins."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.original = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        rewritten = [_uncapture(p) for p in patterns]
        self.fast: re.Pattern[str] | None = None
        self.needs: list[frozenset[str]] | None = None
        if all(p is not None for p in rewritten):
            self.fast = re.compile("|".join(f"(?:{p})" for p in rewritten if p is not None))
            needs = [required_literals(p) for p in rewritten if p is not None]
            if all(needs):
                self.needs = [n for n in needs if n]

    def _possible(self, lowered: str) -> bool:
        return self.needs is None or any(s in lowered for need in self.needs for s in need)

    def spans(self, text: str, lowered: str | None = None) -> Iterator[tuple[int, int]]:
        """Character spans of the matches, as ``self.original.finditer(text)`` gives them."""
        if self.fast is None or _CASE_FOLDS_TO_ASCII.search(text):
            matches = self.original.finditer(text)
        else:
            lowered = ascii_lower(text) if lowered is None else lowered
            if not self._possible(lowered):
                return
            matches = self.fast.finditer(lowered)
        for m in matches:
            yield m.start(), m.end()
