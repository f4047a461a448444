r"""Case-insensitive lexicon regexes, run the fast way with exactly the same matches.

Python's re is several times slower with IGNORECASE, and with capturing groups inside a big
alternation (a group blocks the quick first-character test of each branch). Only match
offsets are used, so the patterns are compiled case-sensitively with their groups made
non-capturing, and run over the text with ASCII capitals lower-cased: the same length, so
offsets hold. Four non-ASCII characters match ASCII letters under IGNORECASE (İ ı ſ and the
Kelvin sign); a text holding one of them gets the original pattern, as does a pattern that
a plain rewrite could change (capitals, back-references, inline flags).

When every branch starts with "\b" and a word character (true of every lexicon pattern so
far, again checked on the parsed pattern), the alternation is prefixed with "(?<!\w)(?=\w)":
a condition every match meets, which re tests once per position instead of once per branch.

Each pattern also gets the literal strings one of which any match must contain (from the
stdlib's own regex parser): when no branch's strings occur in the text, nothing can match and
the scan is skipped. (Compiling just the possible branches per text would scan faster but
nearly every text needs its own subset, and compiling costs more than it saves.)

The lexicon component does not scan with each pattern, though: Scanner runs one trie-shaped
scan for the places where any pattern's match can begin (prefixes.py), then tries each
pattern only there; and it does so for a section only when a lexicon that can match there
(Scanner.may_match) is first read, for those that can. AnyOf.spans is the plain scan it
falls back to, and its test oracle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from scoring.nlp.prefixes import openings, trie_regex

try:  # the stdlib's regex parser; without it every branch is simply always tried
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_parse = None

# An escape, a character class, a group opening, or a run of anything else.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\??|[^\\\[(]+", re.DOTALL)
_CAPITAL = re.compile(r"[A-Z]")
_WORD = re.compile(r"\w")
_INLINE = re.compile(r"\(\?(?:P=|[aiLmsux-])")
_CASE_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_BOUNDARY = r"\b"
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


def _word_first(items: list[Any]) -> bool:
    """Whether every match of the parsed sequence starts by consuming a word character."""
    if not items:
        return False
    (op, arg), rest = items[0], list(items[1:])
    name = str(op)
    if name == "AT":
        return _word_first(rest)  # zero-width
    if name == "LITERAL":
        return _WORD.match(chr(arg)) is not None
    if name == "IN":
        return all(_word_member(str(kind), value) for kind, value in arg)
    if name == "SUBPATTERN":
        return _word_first(list(arg[-1]) + rest)
    if name == "BRANCH":
        return all(_word_first(list(b) + rest) for b in arg[1])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        first = _word_first(list(arg[2]) + rest)
        return first and (arg[0] >= 1 or _word_first(rest))
    return False


def _word_member(kind: str, value: Any) -> bool:
    if kind == "LITERAL":
        return _WORD.match(chr(value)) is not None
    if kind == "RANGE":
        return value[1] - value[0] < 256 and all(
            _WORD.match(chr(c)) for c in range(value[0], value[1] + 1)
        )
    return kind == "CATEGORY" and str(value) in ("CATEGORY_DIGIT", "CATEGORY_WORD")


def _parse(pattern: str) -> list[Any] | None:
    if _sre_parse is None:
        return None
    try:
        return list(_sre_parse.parse(pattern))
    except Exception:  # nothing provable: no prefix, no filter
        return None


def starts_at_word_start(items: list[Any] | None) -> bool:
    r"""Whether every match of the parsed pattern begins at "\b" and a word character."""
    if not items:
        return False
    return str(items[0][1]) == "AT_BOUNDARY" and _word_first(items)


def required_literals(items: list[Any] | None) -> frozenset[str] | None:
    return None if items is None else _required(items)


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only (length and every other character unchanged)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def folds_like_ascii(text: str) -> bool:
    """Whether a pattern whose letters are all ASCII finds, case-insensitively in text, what
    its lower-case form finds case-sensitively in ascii_lower(text): true unless the text
    holds one of the four characters that IGNORECASE matches to an ASCII letter."""
    return not _CASE_FOLDS_TO_ASCII.search(text)


class AnyOf:
    """Several patterns as one alternation, matched case-insensitively, first branch wins."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._original: re.Pattern[str] | None = None
        rewritten = [_uncapture(p) for p in patterns]
        self.fast: re.Pattern[str] | None = None
        self.needs: list[frozenset[str]] | None = None
        self._literals: tuple[str, ...] = ()
        # How every match begins (for Scanner), when every branch starts at a word start.
        self.openings: list[Any] | None = None
        self._opens: re.Pattern[str] | None = None  # a trie of the openings
        branches = [p for p in rewritten if p is not None]
        if len(branches) == len(patterns):
            parsed = [_parse(p) for p in branches]
            alternation = "|".join(f"(?:{p})" for p in branches)
            if all(starts_at_word_start(items) for items in parsed):
                # Checked once for the whole alternation, a branch's own leading "\b" is
                # redundant, and without it re can rule a branch out by its first letter.
                bodies = [p[2:] if p.startswith(_BOUNDARY) else p for p in branches]
                alternation = "|".join(f"(?:{p})" for p in bodies)
                alternation = rf"(?<!\w)(?=\w)(?:{alternation})"
                found = [openings(items) for items in parsed]
                if all(o is not None for o in found):
                    self.openings = [atoms for o in found for atoms in o or ()]
                    self._opens = re.compile(trie_regex(self.openings))
            self.fast = re.compile(alternation)
            needs = [required_literals(items) for items in parsed]
            if all(needs):
                self.needs = [n for n in needs if n]
                # every literal once, longest first: any() over them in C (_possible)
                flat = {s for need in self.needs for s in need}
                self._literals = tuple(sorted(flat, key=lambda s: (-len(s), s)))

    @property
    def original(self) -> re.Pattern[str]:
        """The patterns as written (compiled on first need: few texts need it)."""
        if self._original is None:
            self._original = re.compile("|".join(f"(?:{p})" for p in self.patterns), re.IGNORECASE)
        return self._original

    def _possible(self, lowered: str) -> bool:
        return self.needs is None or any(map(lowered.__contains__, self._literals))

    def spans(self, text: str, lowered: str | None = None) -> Iterator[tuple[int, int]]:
        """Character spans of the matches, as ``self.original.finditer(text)`` gives them."""
        if self.fast is None or not folds_like_ascii(text):
            matches = self.original.finditer(text)
        else:
            lowered = ascii_lower(text) if lowered is None else lowered
            if not self._possible(lowered):
                return
            matches = self.fast.finditer(lowered)
        for m in matches:
            yield m.start(), m.end()

    def spans_at(self, lowered: str, starts: list[int]) -> list[tuple[int, int]]:
        """The spans of ``self.fast.finditer(lowered)``, given every position a match can
        start at (in order): tried there only, each after the previous match's end."""
        assert self.fast is not None and self._opens is not None
        match, opens = self.fast.match, self._opens.match
        found: list[tuple[int, int]] = []
        end = 0
        for start in starts:  # where some pattern's opening begins: is it one of ours?
            if start >= end and opens(lowered, start):
                m = match(lowered, start)
                if m is not None:
                    end = m.end()
                    found.append((start, end))
        return found


class Scanner:
    """Several named AnyOf patterns over one text, trying them only where one can start.

    A match of a pattern whose openings are known starts at a word start with one of them
    (prefixes.py), so one scan with a trie of all those openings finds every place worth
    trying; each pattern then runs only where its own openings begin, with the same spans as
    its own finditer. A pattern whose openings are not known, or a text that needs the
    original patterns (see AnyOf.spans), is scanned the ordinary way. An ASCII text (most
    are) is scanned with the patterns compiled with re.ASCII, the same matches found faster
    (Scanner._ascii).
    """

    def __init__(self, named: Sequence[tuple[str, AnyOf]]) -> None:
        self.named = list(named)
        self.index = {name: j for j, (name, _) in enumerate(self.named)}
        found = [atoms for _, any_of in self.named for atoms in any_of.openings or ()]
        trie = trie_regex(found) if found else None
        self._trigger = re.compile(rf"\W(?={trie})") if trie else None
        # Which patterns can open with each ASCII character (their openings' first atoms),
        # so a place is tried only with the few patterns that can begin there; any other
        # character tries every pattern with openings.
        self._tries = [
            (a.fast.match, a._opens.match) if a.openings and a._opens and a.fast else None
            for _, a in self.named
        ]
        self._every = tuple(j for j, t in enumerate(self._tries) if t is not None)
        # Which patterns can open with a place's first _PREFIX characters, learnt as met
        # (narrower than by first character: each pattern tried costs a call of re).
        self._by_prefix: dict[str, tuple[tuple[int, bool], ...]] = {}
        # Per pattern: (a regex of its openings cut to _PREFIX atoms, each may stop at the
        # end of the prefix; a regex of its openings that fit whole in _PREFIX characters).
        self._prefix_forms: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] | None = None
        self._ascii_forms: tuple[re.Pattern[str] | None, list[_Tries | None]] | None = None
        self._by_char: dict[str, tuple[int, ...]] = {
            char: tuple(j for j in self._every if _opens_with(self.named[j][1], char))
            for char in map(chr, range(128))
        }

    def spans(
        self, text: str, lowered: str | None = None, wanted: Sequence[bool] | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """Character spans of each pattern's matches, by name (names without one left out);
        only of the patterns ``wanted`` (by index) says, when given: the others are left
        out, and not tried anywhere. ``lowered`` is ascii_lower(text), when the caller has
        it."""
        if lowered is None:
            lowered = ascii_lower(text)
        if text.isascii():  # (a flag of the string: no scan) nothing to fold, re.ASCII will do
            usable = self._trigger is not None
            trigger, tries = self._ascii()
        else:
            usable = folds_like_ascii(text) and self._trigger is not None
            trigger, tries = self._trigger, self._tries
        starts = self._starts(lowered, trigger) if usable else None
        at = self._spans_at(lowered, starts, tries, wanted) if starts else {}
        found: dict[str, list[tuple[int, int]]] = {}
        for j, (name, any_of) in enumerate(self.named):
            if wanted is not None and not wanted[j]:
                continue
            if self._tries[j] is None or starts is None:
                spans = list(any_of.spans(text, lowered))
            else:  # no opening anywhere (the usual short section) leaves none
                spans = at.get(j, [])
            if spans:
                found[name] = spans
        return found

    def may_match(self, text: str, name: str, lowered: str | None = None) -> bool:
        """False when the named pattern surely has no match in the text: none of the
        literal strings one of which its every match holds occurs in it (AnyOf.needs; a
        substring test in C, much cheaper than a scan). ``lowered`` is ascii_lower(text),
        when the caller has it."""
        any_of = self.named[self.index[name]][1]
        if any_of.fast is None or any_of.needs is None:
            return True
        if not (text.isascii() or folds_like_ascii(text)):
            return True  # the original patterns are used (AnyOf.spans): no filter
        return any_of._possible(ascii_lower(text) if lowered is None else lowered)

    def _ascii(self) -> tuple[re.Pattern[str] | None, list[_Tries | None]]:
        r"""The trigger and the patterns compiled with re.ASCII, for ASCII texts (compiled on
        first need). On ASCII text \w, \b and \d match exactly as without the flag, and re
        tests them by table instead of through the Unicode database; \s does not (it misses
        \x1c-\x1f), so a pattern with \s or \S keeps its Unicode form."""
        if self._ascii_forms is None:
            tries: list[_Tries | None] = [
                None
                if self._tries[j] is None or a.fast is None or a._opens is None
                else (_ascii_form(a.fast).match, _ascii_form(a._opens).match)
                for j, (_, a) in enumerate(self.named)
            ]
            trigger = None if self._trigger is None else _ascii_form(self._trigger)
            self._ascii_forms = (trigger, tries)
        return self._ascii_forms

    def _spans_at(
        self,
        lowered: str,
        starts: list[int],
        tries: list[_Tries | None],
        wanted: Sequence[bool] | None = None,
    ) -> dict[int, list[tuple[int, int]]]:
        """Each pattern's spans (by index) as AnyOf.spans_at gives them, trying at each
        place only the patterns that can open with its first characters (_could_open),
        and of those only the wanted ones (None: all)."""
        if wanted is not None:  # an unwanted pattern's spans start beyond every place
            ends = [0 if w else len(lowered) + 1 for w in wanted]
        else:
            ends = [0] * len(self.named)
        found: dict[int, list[tuple[int, int]]] = {}
        by_prefix = self._by_prefix
        for start in starts:
            prefix = lowered[start : start + _PREFIX]
            candidates = by_prefix.get(prefix)
            if candidates is None:
                candidates = self._could_open(prefix)
            for j, sure in candidates:
                if start >= ends[j]:
                    match, opens = tries[j]  # type: ignore[misc]
                    if sure or opens(lowered, start):
                        m = match(lowered, start)
                        if m is not None:
                            ends[j] = m.end()
                            found.setdefault(j, []).append((start, ends[j]))
        return found

    def _could_open(self, prefix: str) -> tuple[tuple[int, bool], ...]:
        """(pattern index, sure) for the patterns one of whose openings can begin with these
        characters (a superset: the rest of a longer opening, after the prefix or a
        boundary atom, is not looked at), sure when one of them lies whole in the prefix
        (then the pattern's trie of openings matches there, and need not be asked);
        remembered per prefix."""
        if self._prefix_forms is None:
            self._prefix_forms = {
                j: _prefix_forms(self.named[j][1].openings or ()) for j in self._every
            }
        forms = self._prefix_forms
        found = []
        for j in self._by_char.get(prefix[0], self._every):
            fits, whole = forms[j]
            if fits.match(prefix):
                found.append((j, whole is not None and whole.match(prefix) is not None))
        if len(self._by_prefix) >= _MAX_PREFIXES:
            self._by_prefix.clear()  # a crude bound: real text repeats a few thousand
        self._by_prefix[prefix] = tuple(found)
        return self._by_prefix[prefix]

    def _starts(self, lowered: str, trigger: re.Pattern[str] | None = None) -> list[int]:
        """Where an opening begins: after a non-word character, or at the very start (found
        by scanning the text behind a space, one character further on)."""
        trigger = trigger or self._trigger
        assert trigger is not None
        return [m.start() for m in trigger.finditer(" " + lowered)]


_PREFIX = 3
_MAX_PREFIXES = 20_000
_Tries = tuple[Callable[..., "re.Match[str] | None"], Callable[..., "re.Match[str] | None"]]
_UNICODE_SPACE = re.compile(r"\\[sS]")


def _ascii_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    r"""The pattern compiled with re.ASCII, unless it reads \s or \S (see Scanner._ascii)."""
    if _UNICODE_SPACE.search(pattern.pattern) or pattern.flags & re.IGNORECASE:
        return pattern
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


def _prefix_forms(
    openings: Sequence[tuple[str, ...]],
) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """For Scanner._could_open: a regex matching (at the start of a place's first _PREFIX
    characters) where one of the openings can begin, each cut at _PREFIX atoms or before a
    boundary atom (zero-width: the atoms after it no longer line up with characters) and
    free to stop where the characters do (at the end of the text); and a regex matching
    where one of the openings with no boundary and at most _PREFIX atoms matches whole."""
    cut: set[tuple[str, ...]] = set()
    whole: set[tuple[str, ...]] = set()
    for atoms in openings:
        head = atoms[: atoms.index(_BOUNDARY)] if _BOUNDARY in atoms else atoms
        cut.add(head[:_PREFIX])
        if head == atoms and len(atoms) <= _PREFIX:
            whole.add(atoms)
    fits = "|".join(f"(?:{_up_to_end(atoms)})" for atoms in sorted(cut))
    exact = "|".join(f"(?:{''.join(atoms)})" for atoms in sorted(whole))
    return re.compile(fits), re.compile(exact) if whole else None


def _up_to_end(atoms: tuple[str, ...]) -> str:
    """The atoms in turn, each after the first allowed to be cut off by the end."""
    if len(atoms) <= 1:
        return "".join(atoms)
    return atoms[0] + r"(?:\Z|" + _up_to_end(atoms[1:]) + ")"


def _opens_with(any_of: AnyOf, char: str) -> bool:
    """Whether one of the pattern's openings can begin with the character (a leading
    boundary, never produced by prefixes.openings, would allow any)."""
    for atoms in any_of.openings or ():
        first = atoms[0]
        if first == _BOUNDARY or re.fullmatch(first, char):
            return True
    return False
