"""One matcher pass for every shared word list.

All lexicon terms go into one PhraseMatcher on lemmas (labels are the lexicon name, or
"name:group"), and token patterns into one Matcher, so a section is scanned twice in C no
matter how many rules read the results. Checks then look up ``doc.user_data.get("hits")[label]``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import compress
from typing import Any

from spacy.about import __version__ as spacy_version
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from scoring.nlp.build_cache import cached, source_of
from scoring.nlp.regexes import AnyOf, Scanner
from scoring.nlp.tokens import LowerLemmatizer, token_ranges
from scoring.resources import data_files, lexicons

Hits = dict[str, list[tuple[int, int]]]

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

    def add(self, doc: Doc, hits: Hits) -> None:
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
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
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
        hits: Hits = defaultdict(list)
        labels = self._labels_by_id
        for match_id, start, end in self.phrases(doc):
            found = (start, end)
            for label in labels[match_id]:
                hits[label].append(found)
        text: str = doc.user_data["src"]
        for name, spans in self.regexes.spans(text).items():
            found_tokens = token_ranges(doc, spans)
            if found_tokens:
                hits[name] += found_tokens
        self.split.add(doc, hits)
        doc.user_data["hits"] = hits
        return doc


@Language.factory("cpc_lexicon", requires=["token.lemma"], assigns=["doc._.hits"])
def make_lexicon_matcher(nlp: Language, name: str) -> LexiconMatcher:
    lemmatizer = nlp.get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    return LexiconMatcher(nlp, lemmatizer)
