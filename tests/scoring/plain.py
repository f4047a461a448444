"""The plain versions of the engine's fast paths, written the obvious slow way, as oracles.

What the lexicon component finds in a text must equal what these find, for the word lists
and rules as they are now (scoring/lexicons/, read at test time, never a copy):

- lexicon regexes: each lexicon's patterns as one case-insensitive alternation, run with
  ``finditer`` over the text (what scoring/nlp/regexes.py AnyOf and Scanner, with the
  opening trie of scoring/nlp/prefixes.py, replace);
- word lists: every term tokenised and lemmatised afresh (no on-disk cache), with its
  "continue <verb>ing" form for "continue to <verb>", and looked for at every token of the
  text (what the cached PhraseMatcher in scoring/nlp/lexicon.py replaces);
- tokens: the lemma of each token's lower-case form from the lookup table, one token at a
  time (what scoring/nlp/tokens.py's per-text cache and arrays replace), and sentence starts
  from the token-by-token rules (tests/scoring/test_fast_paths.py ``_reference_starts``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any

from scoring.nlp.lexicon import _labelled_terms
from scoring.nlp.people import Cast
from scoring.nlp.regexes import AnyOf, Scanner
from scoring.nlp.tokens import LowerLemmatizer
from scoring.pipeline import Unit, analyse_sections, get_nlp
from scoring.resources import lexicons
from tests.scoring.test_fast_paths import _reference_starts

Spans = dict[str, list[tuple[int, int]]]


@cache
def _plain_patterns() -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile("|".join(f"(?:{p})" for p in lex["regexes"]), re.IGNORECASE)
        for name, lex in lexicons().items()
        if lex.get("regexes")
    }


@cache
def _scanner() -> Scanner:
    return Scanner(
        [(n, AnyOf(lex["regexes"])) for n, lex in lexicons().items() if lex.get("regexes")]
    )


@cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """First lemma -> [(lemmas, labels)], every word-list term lemmatised afresh."""
    nlp = get_nlp()
    lemmatizer = nlp.get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    table = lemmatizer.table
    labels: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for label, terms in _labelled_terms():
        for term in terms:
            key = tuple(table.get(t.lower_, t.lower_) for t in nlp.make_doc(term))
            # "continue to liaise" is also written "continue liaising" (lemma "liaise").
            forms = [key] + [
                key[:i] + key[i + 1 :]
                for i in range(1, len(key) - 1)
                if key[i] == "to" and key[i - 1] in ("continue", "start", "begin")
            ]
            for form in forms:
                if form and label not in labels[form]:
                    labels[form].append(label)
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    for key, found in labels.items():
        by_first[key[0]].append((key, tuple(found)))
    return dict(by_first)


_WORD = re.compile(r"[a-z][\w'’]*")


@cache
def _split_terms() -> list[tuple[str, str, tuple[str, ...], str]]:
    """(verb, particle, lemmas after it, label) for every term written "pick * up"."""
    nlp = get_nlp()
    lemmatizer = nlp.get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    found = []
    for label, terms in _labelled_terms():
        for term in terms:
            words = term.split()
            if len(words) >= 3 and words[1] == "*":
                lemmas = [
                    lemmatizer.lemma(t.lower_)
                    for t in nlp.make_doc(" ".join(words[:1] + words[2:]))
                ]
                found.append((lemmas[0], lemmas[1], tuple(lemmas[2:]), label))
    return found


def split_spans(doc: Any, lemmas: list[str]) -> Spans:
    """Gapped terms at every token: the verb, one word, the particle, then the rest."""
    out: Spans = defaultdict(list)
    lower = [t.lower_ for t in doc]
    for i in range(len(lemmas) - 2):
        if not _WORD.fullmatch(lower[i + 1]):
            continue
        for verb, part, rest, label in _split_terms():
            if (
                lemmas[i] == verb
                and lemmas[i + 2] == part
                and tuple(lemmas[i + 3 : i + 3 + len(rest)]) == rest
            ):
                out[label].append((i, i + 3 + len(rest)))
    return out


def regex_spans(text: str) -> Spans:
    """Each regex lexicon's matches in ``text``, the plain way (names with none left out)."""
    out: Spans = {}
    for name, pattern in _plain_patterns().items():
        spans = [m.span() for m in pattern.finditer(text)]
        if spans:
            out[name] = spans
    return out


def divergences(text: str) -> list[str]:
    """Where the engine's fast paths differ from the plain versions on ``text`` (empty when
    they agree), each as a line a maintainer can act on."""
    problems: list[str] = []
    plain = regex_spans(text)
    fast = _scanner().spans(text)
    for name in sorted(set(plain) | set(fast)):
        if plain.get(name, []) != fast.get(name, []):
            problems.append(
                f"lexicon {name!r} regexes: fast path found {fast.get(name, [])}, the plain "
                f"pattern {plain.get(name, [])} in {text!r}"
            )
    doc = analyse_sections([Unit("worries", None, text)], Cast())[0]
    lemmatizer = get_nlp().get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    lower = [t.lower_ for t in doc]
    lemmas = [lemmatizer.lemma(low) for low in lower]
    if doc.user_data["lower"] != lower or doc.user_data["lemma"] != lemmas:
        problems.append(f"token lower-case forms or lemmas differ from the lookup in {text!r}")
    if lower:
        starts = [a for a, _ in doc.user_data["sent_bounds"]]
        reference = _reference_starts(
            text,
            lower,
            [t.is_space for t in doc],
            [t.idx for t in doc],
            [len(t.text) for t in doc],
        )
        if starts != reference:
            problems.append(f"sentence starts {starts} != {reference} in {text!r}")
    expected: dict[str, list[tuple[int, int]]] = defaultdict(list)
    phrases = _phrases()
    for i, first in enumerate(lemmas):
        for key, labels in phrases.get(first, ()):
            if tuple(lemmas[i : i + len(key)]) == key:
                for label in labels:
                    expected[label].append((i, i + len(key)))
    for label, spans in split_spans(doc, lemmas).items():
        expected[label] += spans
    for name, spans in plain.items():
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.end > span.start:
                expected[name].append((span.start, span.end))
    hits: dict[str, Any] = doc.user_data["hits"]
    for label in sorted(set(expected) | {k for k, v in hits.items() if v}):
        if sorted(hits.get(label, [])) != sorted(expected.get(label, [])):
            problems.append(
                f"hits for {label!r}: engine {sorted(hits.get(label, []))}, plain "
                f"{sorted(expected.get(label, []))} (tokens) in {text!r}"
            )
    return problems


def strings(value: Any) -> list[str]:
    """Every non-blank string inside a fixture case (its sections, children, names...)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []
