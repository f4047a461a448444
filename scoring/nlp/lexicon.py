"""One matcher pass for every shared word list.

All lexicon terms go into one PhraseMatcher on lemmas (labels are the lexicon name, or
"name:group"), and token patterns into one Matcher, so a section is scanned twice in C no
matter how many rules read the results. Checks then look up ``doc.user_data.get("hits")[label]``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from scoring.nlp.regexes import AnyOf, ascii_lower
from scoring.nlp.tokens import LowerLemmatizer
from scoring.resources import lexicons

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


class LexiconMatcher:
    def __init__(self, nlp: Language, lemmatizer: LowerLemmatizer) -> None:
        # One matcher key per distinct lemma sequence: spaCy's PhraseMatcher reports an
        # identical phrase under only one key, and many phrases sit in several lexicons.
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.labels: dict[str, tuple[str, ...]] = {}
        by_lemmas: dict[tuple[str, ...], list[str]] = {}
        docs = {}
        for label, terms in _labelled_terms():
            for term in terms:
                doc = nlp.make_doc(term)
                for token in doc:
                    token.lemma_ = lemmatizer.lemma(token.lower_)
                key = tuple(t.lemma_ for t in doc)
                if label not in by_lemmas.setdefault(key, []):
                    by_lemmas[key].append(label)
                docs[key] = doc
        # Phrases with the same set of labels share one matcher key (fewer, larger adds).
        groups: dict[tuple[str, ...], list[Doc]] = {}
        for key, labels in by_lemmas.items():
            groups.setdefault(tuple(labels), []).append(docs[key])
        for n, (labels_of, group_docs) in enumerate(groups.items()):
            self.labels[f"p{n}"] = labels_of
            self.phrases.add(f"p{n}", group_docs)
        self._labels_by_id = {nlp.vocab.strings.add(k): v for k, v in self.labels.items()}
        self.regexes = [
            (name, AnyOf(lex["regexes"])) for name, lex in lexicons().items() if lex.get("regexes")
        ]

    def __call__(self, doc: Doc) -> Doc:
        hits: Hits = defaultdict(list)
        labels = self._labels_by_id
        for match_id, start, end in self.phrases(doc):
            found = (start, end)
            for label in labels[match_id]:
                hits[label].append(found)
        text: str = doc.user_data["src"]
        lowered = ascii_lower(text)
        for name, regex in self.regexes:
            for c_start, c_end in regex.spans(text, lowered):
                span = doc.char_span(c_start, c_end, alignment_mode="expand")
                if span is not None and len(span):
                    hits[name].append((span.start, span.end))
        doc.user_data["hits"] = hits
        return doc


@Language.factory("cpc_lexicon", requires=["token.lemma"], assigns=["doc._.hits"])
def make_lexicon_matcher(nlp: Language, name: str) -> LexiconMatcher:
    lemmatizer = nlp.get_pipe("cpc_lemmas")
    assert isinstance(lemmatizer, LowerLemmatizer)
    return LexiconMatcher(nlp, lemmatizer)
