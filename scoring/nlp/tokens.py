"""Lower-case lookup lemmas and sentence bounds (punctuation and new lines) in one pass.

spaCy's lookup lemmatizer is case-sensitive ("Monitored" stays "Monitored"), and report
text starts sentences and bullet points with capitals, so this component lemmatises the
lower-cased form. Reports are written as lines and bullets without full stops, so a new
line also starts a sentence. It works on attribute arrays rather than Token objects
because creating a Python Token per word was most of the engine's time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import string
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from itertools import compress
from operator import add
from typing import overload

from spacy.attrs import IDX, NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry
from spacy.vocab import Vocab

from scoring.nlp.build_cache import cached, source_of
from scoring.nlp.typos import Speller
from scoring.resources import lexicons

# Lemmas the lookup table gets wrong for this domain.
_OVERRIDES = {
    "'s": "'s",
    "’s": "'s",
    "n't": "not",
    "nt": "not",
    "wo": "will",
    "ca": "can",
    "ll": "will",
    "'ll": "will",
    "sha": "shall",
    "people": "people",
    "data": "data",
    "saw": "see",
    "left": "leave",
    "felt": "feel",
    "her": "her",
    "his": "his",
    "us": "us",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "'m": "be",
    "'re": "be",
    # The table's "as" is "a" and "does" is "doe": phrases with "as" matched every article.
    "as": "as",
    "does": "do",
}
_ENDERS = frozenset({".", "!", "?", "…", "?!", "!!", "..."})
_OPENERS = frozenset({'"', "'"})
_CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", ".", "!", "?"})
_NEWLINE = re.compile("\n")

for _name in ("lower", "orth", "lemma", "like_num", "src"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# A blank line (only spaces or tabs between two line breaks): where a paragraph, a list item
# or a record of fields ends.
BLANK_LINE = re.compile(r"\n[ \t]*\n")


class LowerLemmatizer:
    def __init__(self) -> None:
        # Read the table file directly: spaCy's Lookups object keys by hash and loads slower.
        data = resources.files("spacy_lookups_data").joinpath("data/en_lemma_lookup.json.gz")
        raw = data.read_bytes()
        self.cache_key = hashlib.sha256(raw + source_of(__file__)).digest()

        def build() -> dict[str, str]:
            table: dict[str, str] = json.loads(gzip.decompress(raw))
            lowered = {k: v.lower() for k, v in table.items() if k.islower()}
            lowered.update(_OVERRIDES)
            return lowered

        self.table: dict[str, str] = cached("lemmas", [self.cache_key], build)
        self.speller = Speller(self.table)
        self.shorthand: dict[str, str] = {
            k.lower(): v.lower() for k, v in lexicons()["shorthand"]["expansions"].items()
        }
        # ORTH hash -> (lower-case form, lemma, like a number, length): all properties of
        # a token's text, learnt once per distinct text, so a Doc gives up only two columns
        # (ORTH, IDX); grows with the vocabulary, as the StringStore does.
        self._by_orth: dict[int, tuple[str, str, bool, int]] = {}

    def lemma(self, lower: str) -> str:
        if "\u2019" in lower:  # "we’ll", "don’t": a typographic apostrophe is an apostrophe
            lower = lower.replace("\u2019", "'")
        lower = self.shorthand.get(lower, lower)  # "wk" is "week" (lexicons/shorthand.yaml)
        return self.table.get(lower, lower)

    def _learn(self, orth_hash: int, vocab: Vocab) -> tuple[str, str, bool, int]:
        lexeme = vocab[orth_hash]
        low = lexeme.lower_
        lemma = self.lemma(low)
        if lemma == low:  # no lemma known: a typo of a word-list word? (typos.py)
            meant = self.speller.correct(low, lexeme.orth_)
            if meant is not None:
                lemma = self.lemma(meant)
        # The lemma is a property of the text, so it is kept as the lexeme's NORM, which
        # every token of that text reads (see lemmas_as_norms): the lexicon's phrase matcher
        # matches on NORM, and no Doc needs a lemma column written.
        lexeme.norm = vocab.strings.add(lemma)
        entry = (low, lemma, lexeme.like_num, len(lexeme.orth_))
        self._by_orth[orth_hash] = entry
        return entry

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data["src"] is None:
            # doc.text rebuilds the string token by token; keep the original once.
            doc.user_data["src"] = doc.text
        n = len(doc)
        if n == 0:
            doc.user_data.update(
                lower=[], orth=[], lemma=[], like_num=[], sent_bounds=[], idx=[], ends=[]
            )
            return doc
        text: str = doc.user_data["src"]
        # One conversion to Python lists (columns), cheaper than one per column.
        columns: list[list[int]] = doc.to_array([ORTH, IDX]).T.tolist()
        orths, idx = columns
        entries = list(map(self._by_orth.get, orths))
        if not all(entries):  # texts this process has not seen yet (all() tests truth, in C)
            entries = [e or self._learn(h, doc.vocab) for e, h in zip(entries, orths, strict=True)]
        lower_t, lemmas, like_num, lengths = zip(*entries, strict=True)
        lower = list(lower_t)
        ends = list(map(add, idx, lengths))
        first = _sentence_starts(text, lower, idx)
        doc.user_data["sent_bounds"] = list(zip(first, [*first[1:], n], strict=True))
        doc.user_data["lower"] = lower
        doc.user_data["lemma"] = list(lemmas)
        doc.user_data["orth"] = TokenTexts(text, idx, ends)
        doc.user_data["idx"] = idx
        doc.user_data["ends"] = ends
        doc.user_data["like_num"] = list(like_num)
        # The lemma phrase matcher reads each token's lexeme NORM (set by _learn), so
        # nothing is written back to the Doc. Sentences stay in user_data["sent_bounds"]
        # only: every reader uses them (context.sentence_bounds), and setting SENT_START
        # on the Doc too cost about a tenth of this component.
        return doc


_LOWER_ASCII = string.ascii_lowercase.encode()
_UPPER_ASCII = string.ascii_uppercase.encode()


def case_tells(doc: Doc) -> bool:
    """Whether letter case says anything in this text. Not when it is written in capitals
    (some record systems and some writers do), where every word looks like a name and no
    word like a verb: under a fifth of the letters lower case. Nor when it is written
    without capitals (quick notes, some e-mails), where no word looks like a name: under
    one letter in a hundred a capital. Worked out once per Doc, by the checks and
    components that read case, and only when case is in question."""
    known: bool | None = doc.user_data.get("case_tells")
    if known is None:
        text: str = doc.user_data.get("src") or doc.text
        # Counted over the ASCII letters, with bytes.translate (C speed; a regex findall
        # of every letter cost a tenth of a millisecond a section).
        data = text.encode("ascii", "ignore")
        lower = len(data) - len(data.translate(None, _LOWER_ASCII))
        upper = len(data) - len(data.translate(None, _UPPER_ASCII))
        known = lower * 4 >= upper and upper * 100 >= lower
        doc.user_data["case_tells"] = known
    return known


_OPENERS = frozenset(
    {".", "!", "?", ":", ";", "-", "\u2013", "\u2014", "\u2022", "*", "(", '"', "'", "|", "/"}
)


def written_as_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the words [start, end) are written as a name, every word capitalised in a
    text whose case says something, away from the start of a sentence, line or item
    ("Farah Iqbal and Open Door to set up...": the service, not an open-door promise)."""
    if start == 0 or not case_tells(doc):
        return False
    before = doc[start - 1].text
    if "\n" in before or "\t" in before or before in _OPENERS or before.isdigit():
        return False
    words = [doc[i].text for i in range(start, end) if doc[i].text.isalpha()]
    if not words or not all(w[0].isupper() and not w.isupper() for w in words):
        return False
    # two words at least, or one beside another capitalised word ("Deaf Connect"): a single
    # capitalised word is as often a cell's or a label's first word ("| Ongoing")
    beside = (doc[start - 1].text, doc[end].text if end < len(doc) else "")
    return len(words) >= 2 or any(w.isalpha() and w[0].isupper() and w != "I" for w in beside)


def token_range(doc: Doc, c_start: int, c_end: int) -> tuple[int, int] | None:
    """The tokens a character span touches, (start, end) as ``doc.char_span(c_start, c_end,
    alignment_mode="expand")`` gives them, without making a Span; None where it gives None.

    A token covers its text and its trailing space, so the token holding a character is
    found by bisection of the token offsets; a span starting on a token's trailing space
    starts at the next token.
    """
    idx: list[int] | None = doc.user_data.get("idx")
    ends: list[int] | None = doc.user_data.get("ends")
    if idx is None or ends is None:
        span = doc.char_span(c_start, c_end, alignment_mode="expand")
        return None if span is None else (span.start, span.end)
    length = len(doc.user_data["src"])  # the last token's trailing space ends the text
    if not idx or not (0 <= c_start < length and 0 <= c_end - 1 < length):
        return None
    start = bisect_right(idx, c_start) - 1  # >= 0: the first token starts at 0
    end = bisect_right(idx, c_end - 1)
    if c_start == ends[start]:
        start += 1
    return start, end


# A numbered or bulleted item's first line: "1. ", "2) ", "- ", "* ", "• ".
LIST_ITEM = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*\u2022])[ \t]+\S", re.MULTILINE)


def list_items(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of the text's numbered or bulleted items (each to the next item or
    a blank line)."""
    text: str = doc.user_data["src"]
    starts = [m.start() for m in LIST_ITEM.finditer(text)]
    spans = []
    for k, lo in enumerate(starts):
        hi = starts[k + 1] if k + 1 < len(starts) else len(text)
        blank = BLANK_LINE.search(text, lo, hi)
        spans.append((lo, blank.start() if blank else hi))
    return token_ranges(doc, spans)


def token_ranges(doc: Doc, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """token_range of each character span, leaving out those it gives None or no token for;
    the offsets are read once for all of them (the lexicon's regex hits)."""
    idx: list[int] | None = doc.user_data.get("idx")
    ends: list[int] | None = doc.user_data.get("ends")
    if idx is None or ends is None or not idx:
        found = [token_range(doc, c_start, c_end) for c_start, c_end in spans]
        return [t for t in found if t is not None and t[1] > t[0]]
    return tokens_of_spans(idx, ends, len(doc.user_data["src"]), spans)


def tokens_of_spans(
    idx: list[int], ends: list[int], length: int, spans: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """token_ranges from a text's token offsets (not empty) and length, without the Doc."""
    out: list[tuple[int, int]] = []
    for c_start, c_end in spans:
        if 0 <= c_start < length and 0 <= c_end - 1 < length:
            start = bisect_right(idx, c_start) - 1
            end = bisect_right(idx, c_end - 1)
            if c_start == ends[start]:
                start += 1
            if end > start:
                out.append((start, end))
    return out


class TokenTexts(Sequence[str]):
    """Each token's text, sliced from the source when asked for (only a few ever are).

    A token's text is its slice of the source: the tokeniser never rewrites characters.
    """

    __slots__ = ("_ends", "_idx", "_text")

    def __init__(self, text: str, idx: list[int], ends: list[int]) -> None:
        self._text, self._idx, self._ends = text, idx, ends

    def __len__(self) -> int:
        return len(self._idx)

    def __iter__(self) -> Iterator[str]:
        return map(self._text.__getitem__, map(slice, self._idx, self._ends))

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            text = self._text
            return [text[a:b] for a, b in zip(self._idx[i], self._ends[i], strict=True)]
        return self._text[self._idx[i] : self._ends[i]]


def _sentence_starts(text: str, lower: list[str], idx: list[int]) -> list[int]:
    """Token indices that start a sentence, in order (always including 0).

    A sentence starts at the first token, and after an ender (". ! ?") or a new line, at the
    next token that is not whitespace and not closing punctuation (a quote mark that opens
    after a space does start one). Only those few trigger points are visited, each walk
    stopping where the previous one did, so the cost is one pass in C over the forms (for
    the enders) and one over the text (for new lines). (A token is whitespace exactly when
    its lower-case form is.)
    """
    n = len(lower)
    triggers = [0]
    triggers += [bisect_right(idx, m.start()) for m in _NEWLINE.finditer(text)]
    # The token after each ender token ("." but not "e.g."), found in C over the forms.
    triggers += compress(range(1, n + 1), map(_ENDERS.__contains__, lower))
    triggers.sort()
    first = [0]
    found = -1
    for t in triggers:
        if t <= found:
            continue
        found = t
        while found < n and (
            lower[found].isspace()
            or (
                lower[found] in _CLOSERS
                and not (
                    lower[found] in _OPENERS and idx[found] > 0 and text[idx[found] - 1].isspace()
                )
            )
        ):
            found += 1
        if found >= n:
            break
        if found:
            first.append(found)
    return first


def _without_norms(rules: dict[str, list[dict[int, str]]]) -> dict[str, list[dict[int, str]]]:
    return {
        text: [{k: v for k, v in token.items() if k != NORM} for token in pieces]
        for text, pieces in rules.items()
    }


def lemmas_as_norms(nlp: Language) -> None:
    """Make every token's NORM its lexeme's, which the lemmatiser sets to the lemma.

    A token reads its lexeme's NORM unless the tokeniser gave it one of its own, which
    only its special cases do ("n't" is "not", "'cause" "because"); those are taken out
    of the special cases (nothing else reads NORM), so the lexicon's phrase matcher can
    match lemmas by NORM without the Doc getting a lemma column for every token. The
    engine's pipeline is built with such a tokeniser from the start (TOKENIZER: setting
    the rules again costs 50 ms of start-up); any other is changed here.
    """
    rules = nlp.tokenizer.rules or {}  # type: ignore[union-attr]
    if any(NORM in token for pieces in rules.values() for token in pieces):
        nlp.tokenizer.rules = _without_norms(rules)  # type: ignore[union-attr]


# The engine's tokeniser: spaCy's own (spacy.Tokenizer.v1, as language.create_tokenizer
# makes it), but with no NORM in its special cases (lemmas_as_norms).
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "cpc.LemmaNormTokenizer.v1"}}}


@registry.tokenizers("cpc.LemmaNormTokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    def tokenizer_factory(nlp: Language) -> Tokenizer:
        prefixes = nlp.Defaults.prefixes
        suffixes = nlp.Defaults.suffixes
        infixes = nlp.Defaults.infixes
        return Tokenizer(
            nlp.vocab,
            rules=_without_norms(nlp.Defaults.tokenizer_exceptions),
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=compile_suffix_regex(suffixes).search if suffixes else None,
            infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
            token_match=nlp.Defaults.token_match,
            url_match=nlp.Defaults.url_match,
        )

    return tokenizer_factory


@Language.factory("cpc_lemmas", requires=[], assigns=["token.norm"])
def make_lemmatizer(nlp: Language, name: str) -> LowerLemmatizer:
    lemmas_as_norms(nlp)
    return LowerLemmatizer()
