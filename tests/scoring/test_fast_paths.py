"""The engine's fast paths give exactly what the plain versions they replace give."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

import exemplars
from scoring.nlp import build_cache
from scoring.nlp.prefixes import openings, trie_regex
from scoring.nlp.quotes import _QUOTE
from scoring.nlp.regexes import AnyOf, Scanner, _parse, _uncapture, starts_at_word_start
from scoring.nlp.tokens import _CLOSERS, _ENDERS, _OPENERS, _sentence_starts
from scoring.pipeline import get_nlp
from scoring.resources import lexicons

TEXTS = [t for e in exemplars.load_all() for t in e.document["sections"].values() if t.strip()]


def _random_texts(alphabet: list[str], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def test_lexicon_regexes_match_exactly_as_written() -> None:
    pieces = [
        *"aAkK0123456789 ./-:\n'’é",
        "ſ",
        "İ",
        "ı",
        "\u212a",
        "every ",
        "Monday",
        "3RD of May ",
        "Twice Weekly",
        "IN TWO WEEKS",
        "Case Closed",
        "ENSURE her safety",
        "ſunday",
        "twice weekly",
    ]
    pieces += ["in ", "within", "_in", "(every", "2nd", "١٢ ", "10am ", "the same day", "keep"]
    texts = TEXTS + _random_texts(pieces, 3000, 1)
    named = [(n, AnyOf(lex["regexes"])) for n, lex in lexicons().items() if lex.get("regexes")]
    scanner = Scanner(named)
    for name, any_of in named:
        assert any_of.fast is not None, name
        assert any_of.openings, name  # every lexicon regex gets the trigger
    for text in texts:
        expected = {n: [m.span() for m in a.original.finditer(text)] for n, a in named}
        for name, any_of in named:
            assert list(any_of.spans(text)) == expected[name]
        assert scanner.spans(text) == {n: spans for n, spans in expected.items() if spans}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bweekly\b", ["weekly\\b"]),
        (r"\b(with)?in (a|2)", ["in [a2]", "within [a2]"]),  # re makes (a|2) a class
        # Openings stop at eight atoms: long enough to tell the patterns apart.
        (r"\bkeep(s|ing)? safe", ["keep saf", "keeping ", "keeps sa"]),
        (r"\b\d{1,2}(st)? of", ["[\\d] of", "[\\d]st of", "[\\d][\\d] of", "[\\d][\\d]st of"]),
        (r"\b\d+ times", ["[\\d]"]),  # an unbounded repeat: its first copy, then stop
        (r"\bno[a-z]+ ", ["no[a-z]"]),
        (r"\bthe (old )?(?=plan)", ["the ", "the old "]),  # stops at the lookahead
        (r"\b[^x]y", ["[^x]y"]),
        (r"\b(?=a)b", None),  # nothing read before the lookahead: no opening
    ],
)
def test_openings_are_read_from_the_pattern(pattern: str, expected: list[str] | None) -> None:
    found = openings(_parse(pattern))
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert sorted("".join(atoms) for atoms in found) == sorted(expected)


def test_trie_matches_exactly_where_an_opening_begins() -> None:
    trie = re.compile(trie_regex([("i", "n", " "), ("i", "n", "t", "o"), ("[\\d]",)]))
    assert trie.match("in two")
    assert trie.match("into")
    assert not trie.match("inside")
    assert trie.match("12th")
    assert trie.match("٣")  # any Unicode digit, as \d itself
    assert not trie.match("i")


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"(a)(?:b)", r"(?:a)(?:b)"),
        (r"[(]x", r"[(]x"),
        (r"\(y", r"\(y"),
        (r"(?<=a)b", r"(?<=a)b"),
        (r"(?P<n>a)", None),
        (r"(a)\1", None),
        (r"(?i)a", None),
        (r"[A-Z]", None),
    ],
)
def test_groups_become_non_capturing_only_when_safe(pattern: str, rewritten: str | None) -> None:
    assert _uncapture(pattern) == rewritten


@pytest.mark.parametrize(
    ("pattern", "word_start"),
    [
        (r"\bab", True),
        (r"\b\d", True),
        (r"\b(a)?b", True),
        (r"\b[a-z]+", True),
        (r"\b(a)?-", False),
        (r"\b-", False),
        (r"a", False),
        (r"\b[^a]", False),
        (r"\b.", False),
    ],
)
def test_word_start_guard_is_added_only_when_provable(pattern: str, word_start: bool) -> None:
    assert starts_at_word_start(_parse(pattern)) is word_start


def test_quote_regex_equals_the_lookbehind_first_form() -> None:
    plain = re.compile(
        r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{1,400}’"
        r"|(?:(?<=[\s(\[])|^)'(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){1,400}'(?=[\s.,;:!?)\]]|$)"
    )
    texts = TEXTS + _random_texts(list("“”\"‘’'()[] \n\t.,;:!?ab"), 20000, 5)
    for text in texts:
        assert [m.span() for m in _QUOTE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _reference_starts(
    text: str, lower: list[str], space: list[bool], idx: list[int], length: list[int]
) -> list[int]:
    """The token-by-token state machine that _sentence_starts replaces."""
    starts = [0] * len(lower)
    boundary, prev_end = True, 0
    for i, low in enumerate(lower):
        if space[i]:
            continue
        if i and "\n" in text[prev_end : idx[i]]:
            boundary = True
        opener = low in _OPENERS and idx[i] > 0 and text[idx[i] - 1].isspace()
        if boundary and (opener or low not in _CLOSERS):
            starts[i] = 1
            boundary = False
        if low in _ENDERS:
            boundary = True
        prev_end = idx[i] + length[i]
    if starts:
        starts[0] = 1
    return [i for i, s in enumerate(starts) if s]


def test_sentence_starts_equal_the_token_by_token_rules() -> None:
    nlp = get_nlp()
    pieces = [
        '"',
        "'",
        "“",
        "”",
        "’",
        ")",
        "(",
        "]",
        ".",
        "!",
        "?",
        "…",
        "?!",
        "...",
        "\n",
        " ",
        "  ",
        "\t",
        "\r\n",
        "Leah",
        "said",
        "I'll",
        "3",
        "-",
        "•",
        "\n\n",
        " \n ",
    ]
    for text in TEXTS + _random_texts(pieces, 5000, 3):
        doc = nlp.make_doc(text)
        if not len(doc):
            continue
        lower = [t.lower_ for t in doc]
        space = [t.is_space for t in doc]
        idx = [t.idx for t in doc]
        length = [len(t.text) for t in doc]
        assert _sentence_starts(text, lower, idx) == _reference_starts(
            text, lower, space, idx, length
        )


def test_build_cache_rebuilds_a_corrupt_file_and_survives_a_read_only_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTSVC_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"a": [1, 2]}

    assert build_cache.cached("t", [b"x"], build) == {"a": [1, 2]}
    assert build_cache.cached("t", [b"x"], build) == {"a": [1, 2]}
    assert len(calls) == 1
    (written,) = tmp_path.glob("t-*.json")
    written.write_text("{not json")
    assert build_cache.cached("t", [b"x"], build) == {"a": [1, 2]}
    assert len(calls) == 2
    monkeypatch.setenv("REPORTSVC_CACHE_DIR", str(tmp_path / "file" / "below"))
    (tmp_path / "file").write_text("not a directory")
    assert build_cache.cached("t", [b"y"], build) == {"a": [1, 2]}


def test_assessing_creates_no_reference_cycles() -> None:
    """assess() pauses the cyclic collector, which is only safe if it leaves no cycles."""
    import gc

    from scoring import assess

    documents = [e.document for e in exemplars.load_all()]
    for document in documents:
        assess(document)  # warm caches first: they are meant to live
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for document in documents:
            assess(document)
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
    assert gc.isenabled() is was_enabled


def test_child_name_then_pronoun_matches_the_case_insensitive_pattern() -> None:
    """The name is found case-sensitively in the lower case, jumping from one occurrence of
    its first letter to the next: the same matches as the plain pattern, whatever the text
    holds (curly quotes, accented and case-folding letters)."""
    from scoring.nlp.people import _name_then_pronoun

    pieces = [
        "Leah ",
        "LEAH",
        "leah",
        "Kai",
        "kai's ",
        "xkai ",
        "She ",
        "HER",
        "his ",
        "him.",
        "\n",
    ]
    pieces += [". ", "Jo-Anne ", "jo-anne", "_kai", "9kai", "“", "’s ", "ZOË ", "Zoë", "ſhe "]
    pieces += ["\u212aai ", "İ", "LEAḦ"]  # the Kelvin sign and İ fold to ASCII letters
    for text in TEXTS + _random_texts(pieces, 3000, 7):
        for name in ("Leah", "Kai", "Jo-Anne", "O'Neil", "Zoë", "_Bo", "9"):
            plain = re.compile(
                rf"\b{re.escape(name)}\b([^.\n]{{0,80}}?)\b(she|her|he|his|him)\b", re.IGNORECASE
            )
            assert [
                (m.span(), m.group(1).lower(), m.group(2).lower())
                for m in _name_then_pronoun(name, text)
            ] == [(m.span(), m.group(1).lower(), m.group(2).lower()) for m in plain.finditer(text)]


def test_token_range_equals_char_span_expand() -> None:
    from scoring.nlp.people import Cast
    from scoring.nlp.tokens import token_range
    from scoring.pipeline import Unit, analyse_sections

    pieces = ["Leah ", "  ", "\n", "said", '"hi" ', "12/03", ".", "mum's ", "’", " - ", "\t"]
    rnd = random.Random(11)
    for text in TEXTS[:60] + _random_texts(pieces, 300, 9):
        doc = analyse_sections([Unit("worries", None, text)], Cast())[0]
        for _ in range(40):
            a = rnd.randint(-2, len(text) + 2)
            b = rnd.randint(a, len(text) + 3)
            span = doc.char_span(a, b, alignment_mode="expand")
            expected = None if span is None else (span.start, span.end)
            assert token_range(doc, a, b) == expected, (text, a, b)


def test_titled_name_pattern_equals_the_word_boundary_form() -> None:
    """The titled-name pattern opens with its literal "M" and a look-behind instead of \\b,
    so re can jump between capital Ms: the same matches on every text."""
    from scoring.nlp.people import _TITLED_NAME

    plain = re.compile(
        r"\b(Mr|Mrs|Ms|Miss|MR|MRS|MS|MISS)\.? "
        r"([A-Z][a-z]+|[A-Z]{2,}) ([A-Z][a-z'-]+|[A-Z][A-Z'-]+)\b"
    )
    pieces = [
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "MR",
        "MISS",
        "M",
        ".",
        " ",
        "Jo",
        "ANN",
        "Lee",
        "x",
        "1",
        "é",
        "-",
        "'",
    ]
    texts = [t for e in exemplars.load_all() for t in e.document["sections"].values()]
    for text in [*texts, *_random_texts(pieces, 3000, 11)]:
        assert [m.groups() for m in _TITLED_NAME.finditer(text)] == [
            m.groups() for m in plain.finditer(text)
        ], text


def test_whole_word_search_equals_the_pattern() -> None:
    from scoring.nlp.people import _says

    for text in _random_texts(["kai", "k", "ai", " ", "-", "é", "kais", "'s", "1"], 3000, 12):
        for word in ("kai", "k", "ai"):
            expected = re.search(rf"(?<![^\W\d_]){word}(?![^\W\d_])", text) is not None
            assert _says(text, word) == expected, (text, word)
