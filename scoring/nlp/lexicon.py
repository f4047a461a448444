"""One matcher pass for every shared word list; each lexicon's regexes when first read.

All lexicon terms go into one PhraseMatcher on lemmas (labels are the lexicon name, or
"name:group"), so a section is scanned once in C no matter how many rules read the results.
Checks then look up ``doc.user_data.get("hits")[label]``. A regex lexicon's hits there are a
RegexHits, found when first read: most regex lexicons are read in one or two sections (time
anchors in the actions, sustained change in the threshold view), and trying every one of
them in every section was half the regex scan's time. The vague phrases are read in every
section but can match in few: a section is scanned only when a lexicon read there can match
(it holds one of the strings one of which every match needs: regexes.Scanner.may_match), and
then for every lexicon that can, in one scan.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from typing import Any, overload

from spacy.about import __version__ as spacy_version
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from scoring.nlp.build_cache import cached, source_of
from scoring.nlp.regexes import AnyOf, Scanner, ascii_lower
from scoring.nlp.tokens import LowerLemmatizer, token_ranges, tokens_of_spans
from scoring.resources import data_files, lexicons

Spans = list[tuple[int, int]]

if not Doc.has_extension("hits"):
    Doc.set_extension("hits", default=None)


def modifier_label(category: str, direction: str, max_tokens: int) -> str:
    return f"ctx:{category}:{direction}:{max_tokens}"


def _labelled_terms() -> Iterable[tuple[str, list[str]]]:
    for name, lex in lexicons().items():
        if lex.get("terms") and name != "jargon":
            yield name, lex["terms"]
        for group, terms in (lex.get("groups") or {}).items():
            yield f"{name}:{group}", terms
        for mod in lex.get("modifiers") or []:
            yield modifier_label(mod["category"], mod["direction"], mod["max_tokens"]), mod["terms"]


def _phrase_groups(nlp: Language, lemmatizer: LowerLemmatizer) -> list[list[Any]]:
    """[[labels], [[lemma, ...], ...]]: every phrase as lemmas, grouped by its set of labels.

    One matcher key per distinct lemma sequence: spaCy's PhraseMatcher reports an identical
    phrase under only one key, and many phrases sit in several lexicons. Phrases with the
    same labels then share a key (fewer, larger adds).
    """

    def lemmas(text: str) -> tuple[str, ...]:
        return tuple(lemmatizer.lemma(t.lower_) for t in nlp.make_doc(text))

    # Shorthand the tokeniser splits ("b/c" is "b", "/", "c") cannot be lemmatised as its
    # word, so each phrase holding the word also gets a variant with the shorthand.
    split_shorthand = [
        (lemmas(full), lemmas(short))
        for short, full in lexicons()["shorthand"]["expansions"].items()
        if len(nlp.make_doc(short)) > 1
    ]
    by_lemmas: dict[tuple[str, ...], list[str]] = {}
    for label, terms in _labelled_terms():
        for term in terms:
            if GAP in term.split():
                continue  # _split_terms
            key = lemmas(term)
            for variant in [key, *_with_shorthand(key, split_shorthand), *_gerund_forms(key)]:
                labels = by_lemmas.setdefault(variant, [])
                if label not in labels:
                    labels.append(label)
    groups: dict[tuple[str, ...], list[list[str]]] = {}
    for key, labels in by_lemmas.items():
        groups.setdefault(tuple(labels), []).append(list(key))
    return [[list(labels), phrases] for labels, phrases in groups.items()]


# Verbs that take either form of the verb after them: "continue to work with" is also
# written "continue working with" (the lemmas match once "to" is gone).
_EITHER_FORM = frozenset({"continue", "start", "begin"})


def _gerund_forms(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase with "<continue> to <verb>" written "<continue> <verb>ing", as lemmas."""
    return [
        key[: i + 1] + key[i + 2 :]
        for i in range(len(key) - 2)
        if key[i] in _EITHER_FORM and key[i + 1] == "to"
    ]


def _with_shorthand(
    key: tuple[str, ...], shorthand: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> list[tuple[str, ...]]:
    """The phrase with each split shorthand in place of its word, one at a time."""
    variants = []
    for full, short in shorthand:
        n = len(full)
        for i in range(len(key) - n + 1):
            if key[i : i + n] == full:
                variants.append(key[:i] + short + key[i + n :])
    return variants


# A term written with a gap, "pick * up", is a phrasal verb that also takes a one-word
# object between verb and particle: "picks him up", "would cut Rohan off". Written in the
# word lists term by term, since the split form does not always keep the meaning
# ("picks up Polish" is learning it; "picks him up" is collecting him).
GAP = "*"

# [[verb lemma, particle, [lemmas after the particle], [labels]], ...]
SplitTerms = list[list[Any]]


def _split_terms(nlp: Language, lemmatizer: LowerLemmatizer) -> SplitTerms:
    def lemmas(text: str) -> list[str]:
        return [lemmatizer.lemma(t.lower_) for t in nlp.make_doc(text)]

    found: SplitTerms = []
    for label, terms in _labelled_terms():
        for term in terms:
            words = term.split()
            if len(words) >= 3 and words[1] == GAP:
                verb, particle, *rest = lemmas(" ".join(words[:1] + words[2:]))
                found.append([verb, particle, rest, [label]])
    return found


# The word between a gapped term's verb and particle: one token that is a word.
_OBJECT = re.compile(r"[a-z][\w'’]*")


class _SplitMatcher:
    """Hits for the gapped terms, each spanning the verb to the term's end: the particles
    are found among the tokens' lemmas (a C pass), and only there is the verb looked up."""

    def __init__(self, terms: SplitTerms) -> None:
        self.table: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for verb, particle, rest, labels in terms:
            for label in labels:
                self.table.setdefault((verb, particle), []).append((tuple(rest), label))
        self.particles = frozenset(particle for _verb, particle in self.table)

    def add(self, doc: Doc, hits: dict[str, Spans]) -> None:
        if not self.table:
            return
        lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        touched = set()
        for i in compress(range(len(lemma)), map(self.particles.__contains__, lemma)):
            if i < 2 or not _OBJECT.fullmatch(lower[i - 1]):
                continue
            for rest, label in self.table.get((lemma[i - 2], lemma[i]), ()):
                if tuple(lemma[i + 1 : i + 1 + len(rest)]) == rest:
                    hits[label].append((i - 2, i + 1 + len(rest)))
                    touched.add(label)
        for label in touched:
            hits[label].sort()


class LexiconMatcher:
    def __init__(self, nlp: Language, lemmatizer: LowerLemmatizer) -> None:
        # Tokenising the phrases is most of the build, so the result is cached on disk,
        # keyed by everything it depends on.
        inputs = [lemmatizer.cache_key, spacy_version.encode(), source_of(__file__)]
        inputs += [content for path, content in data_files() if path.startswith("lexicons/")]
        groups = cached("phrases", inputs, lambda: _phrase_groups(nlp, lemmatizer))
        # On NORM, which the lemmatiser makes each word's lemma (tokens.lemmas_as_norms).
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.labels: dict[str, tuple[str, ...]] = {}
        strings = nlp.vocab.strings
        for n, (labels_of, phrases) in enumerate(groups):
            self.labels[f"p{n}"] = tuple(labels_of)
            # PhraseMatcher.add takes patterns as attribute values (here lemma hashes) as
            # well as Docs, which would need a lexeme per word.
            patterns = [[strings.add(lemma) for lemma in phrase] for phrase in phrases]
            self.phrases.add(f"p{n}", patterns)  # type: ignore[arg-type]
        self._labels_by_id = {strings.add(k): v for k, v in self.labels.items()}
        self.split = _SplitMatcher(
            cached("split-phrases", inputs, lambda: _split_terms(nlp, lemmatizer))
        )
        self.regexes = Scanner(
            [
                (name, AnyOf(lex["regexes"]))
                for name, lex in lexicons().items()
                if lex.get("regexes")
            ]
        )

    def __call__(self, doc: Doc) -> Doc:
        words: dict[str, Spans] = defaultdict(list)
        labels = self._labels_by_id
        for match_id, start, end in self.phrases(doc):
            found = (start, end)
            for label in labels[match_id]:
                words[label].append(found)
        self.split.add(doc, words)
        hits: defaultdict[str, Sequence[tuple[int, int]]] = defaultdict(list, words)
        text: str = doc.user_data["src"]
        idx: list[int] | None = doc.user_data.get("idx")
        ends: list[int] | None = doc.user_data.get("ends")
        if idx is None or ends is None:  # no lemmatiser offsets: every regex now
            for name, spans in self.regexes.spans(text).items():
                found_tokens = token_ranges(doc, spans)
                if found_tokens:
                    hits[name] = words[name] + found_tokens
        else:
            # A regex lexicon's hits (after its word list's, if it has one) are found when
            # first read: most sections are never asked about most of them.
            section = _Section(self.regexes, text, idx, ends)
            for name in self.regexes.index:
                hits[name] = RegexHits(section, name, words.get(name))
        doc.user_data["hits"] = hits
        return doc


class _Section:
    """What a section's regex hits are worked out from: each lexicon's character spans,
    found for every lexicon that can match there when the first such is read (one scan)."""

    __slots__ = ("ends", "found", "idx", "lowered", "scanner", "text")

    def __init__(self, scanner: Scanner, text: str, idx: list[int], ends: list[int]) -> None:
        self.scanner, self.text, self.idx, self.ends = scanner, text, idx, ends
        self.lowered: str | None = None  # regexes.ascii_lower(text), once needed
        self.found: dict[str, list[tuple[int, int]]] | None = None

    def hits(self, name: str) -> Spans:
        scanner, text = self.scanner, self.text
        if self.found is None:
            if self.lowered is None:
                self.lowered = ascii_lower(text)
            lowered = self.lowered
            if not scanner.may_match(text, name, lowered):
                return []  # (the vague phrases, read in every section, mostly are not there)
            wanted = [scanner.may_match(text, other, lowered) for other in scanner.index]
            self.found = scanner.spans(text, lowered, wanted)
        spans = self.found.get(name)
        if not spans or not self.idx:
            return []
        return tokens_of_spans(self.idx, self.ends, len(text), spans)


class RegexHits(Sequence[tuple[int, int]]):
    """A regex lexicon's hits in a section, after its word list's: found when first read
    (as deferred.py's products; this one holds no Doc, so it needs no weak reference)."""

    __slots__ = ("_items", "_name", "_section", "_words")

    def __init__(self, section: _Section, name: str, words: Spans | None) -> None:
        self._section: _Section | None = section
        self._name = name
        self._words = words
        self._items: Spans | None = None

    @property
    def items(self) -> Spans:
        if self._items is None:
            assert self._section is not None
            found = self._section.hits(self._name)
            words = self._words or []
            self._items = words + found if found else words
            self._section = None
        return self._items

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.items)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, i: slice) -> Spans: ...

    def __getitem__(self, i: int | slice) -> tuple[int, int] | Spans:
        return self.items[i]

    def __repr__(self) -> str:
        return repr(self.items)


@Language.factory("cpc_lexicon", requires=["token.norm"], assigns=["doc._.hits"])
def make_lexicon_matcher(nlp: Language, name: str) -> LexiconMatcher:
    lemmatizer = nlp.get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    return LexiconMatcher(nlp, lemmatizer)
