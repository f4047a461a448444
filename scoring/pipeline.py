"""The one spaCy pipeline of the process: built on first use, shared by every thread.

spacy.blank("en") plus our rule components; no statistical model is needed. Building
it happens once behind a lock, never per request; what it derives from the data files (the
phrases as lemmas, the lower-cased lemma table) is cached on disk (nlp/build_cache.py), so
a process starts in spaCy's own import and blank("en") time plus about 0.15 s (mostly
compiling the lexicon patterns).

Speed notes (bench/bench_engine.py prints the figures; docs/architecture.md has the
picture): the components work on lists and arrays from one to_array() call, never on Token
objects in loops; a word's lemma is learnt once and kept as its lexeme's NORM, which the
phrase matcher reads (no lemma column is written per Doc); each component runs over every
section of a report before the next one starts; a regex lexicon is run over a section only
when something reads its hits there (nlp/lexicon.py RegexHits), and only where one of the
openings begins (nlp/prefixes.py, one trie-shaped scan per section), each only where its
openings fit the place's first three characters, case-sensitively on lower-cased text and,
for ASCII text, compiled with re.ASCII (nlp/regexes.py); the checks that stop once every
child is covered read the children's own sections first; token texts are sliced from the
source only when asked for; assess() pauses the cyclic garbage collector, which otherwise
spent a quarter of the time re-scanning the token lists; spaCy is imported without its
command line (spacy_import.py). Every fast path has a test against the plain version it replaced
(tests/scoring/test_fast_paths.py). The worst case is text in which every sentence has a
name, pronouns, a speech verb and a vague phrase (the benchmark's synthetic report): about
6x bare tokenisation against 4-5x for real reports.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories.
from scoring.nlp import commitments, context, lexicon, people, speech, tokens  # noqa: F401
from scoring.nlp.people import Cast

COMPONENTS = (
    "cpc_lemmas",
    "cpc_lexicon",
    "cpc_context",
    "cpc_people",
    "cpc_speech",
    "cpc_commitments",
)
# Sections longer than this are analysed up to the cap and a finding says so: a real
# section is a few thousand characters, and a cap keeps one pasted megabyte from
# costing seconds of CPU (spaCy also refuses texts above nlp.max_length).
MAX_SECTION_CHARS = 50_000

# Spaces other than " " (a tab, the no-break space Word and web pages paste, thin and
# ideographic spaces) become " ": the tokeniser splits words only at " " and makes any
# other space a token of its own, which broke phrases ("will<no-break space>continue to
# monitor"). One character for one, so every offset into the text still holds. The engine
# makes its Units with them (engine._units), so the cast and the checks read the same text.
SPACES_FROM = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
ODD_SPACE = re.compile(f"[{SPACES_FROM}]")
SPACES = str.maketrans(
    dict.fromkeys(
        "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))), " "
    )
)

_lock = threading.Lock()
_nlp: Language | None = None
_procs: list[Callable[[Doc], Doc]] = []


def get_nlp() -> Language:
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = spacy.blank("en", config=tokens.TOKENIZER)
                for name in COMPONENTS:
                    nlp.add_pipe(name)
                _procs[:] = [proc for _, proc in nlp.pipeline]
                _nlp = nlp
    return _nlp


def bare_nlp() -> Language:
    """Tokeniser plus sentencizer only: the benchmark's baseline."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


class Unit(NamedTuple):
    """One text to analyse: a family section (child None) or one child's section."""

    section: str
    child: str | None
    text: str


def analyse_sections(units: Sequence[Unit], cast: Cast) -> list[Doc]:
    """One Doc per text, run through every component with the report's cast.

    Each Doc's user_data names its section and child (None for a family section).
    """
    nlp = get_nlp()
    docs: list[Doc] = []
    for unit in units:
        capped = unit.text[:MAX_SECTION_CHARS]
        doc = nlp.make_doc(capped)
        doc.user_data["src"] = capped
        doc.user_data["cast"] = cast
        doc.user_data["section"] = unit.section
        doc.user_data["child"] = unit.child
        docs.append(doc)
    # Each component runs over every section before the next starts (as nlp.pipe does),
    # which keeps one component's code and tables hot: measurably faster than section by
    # section.
    for proc in _procs:
        docs[:] = [proc(doc) for doc in docs]
    return docs
