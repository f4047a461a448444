"""Every rule's fixtures: cases that must fire and must stay quiet, with exact findings.

Collected automatically from scoring/rules/fixtures/<rule-id>.yaml, so a new rule's
fixtures are tested without touching this file; a rule without fixtures fails.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from scoring import assess
from scoring.ruleset import rules
from tests.scoring import plain
from tests.scoring.conftest import make_report, section_text

_CASE_KEYS = {"name", "expect"}


def _fixture_files() -> dict[str, dict[str, Any]]:
    root = resources.files("scoring").joinpath("rules/fixtures")
    out = {}
    for entry in root.iterdir():
        if entry.name.endswith(".yaml"):
            out[entry.name[:-5]] = yaml.safe_load(entry.read_text(encoding="utf-8"))
    return out


FIXTURES = _fixture_files()
CASES = [
    pytest.param(rule_id, case, id=f"{rule_id}: {case['name']}")
    for rule_id, data in sorted(FIXTURES.items())
    for case in data["cases"]
]


def test_every_rule_has_fixtures_that_fire_and_stay_quiet() -> None:
    for rule in rules():
        assert rule.id in FIXTURES, f"no fixtures for {rule.id}"
        assert FIXTURES[rule.id]["rule"] == rule.id
        cases = FIXTURES[rule.id]["cases"]
        assert any(not c["expect"] for c in cases), f"{rule.id}: no must-stay-quiet case"
        if rule.id != "section-too-long":  # its firing case is the 1 MB test elsewhere
            assert any(c["expect"] for c in cases), f"{rule.id}: no must-fire case"


@pytest.mark.parametrize(("rule_id", "case"), CASES)
def test_rule_fixture(rule_id: str, case: dict[str, Any]) -> None:
    overrides = {k: v for k, v in case.items() if k not in _CASE_KEYS}
    document = make_report(**overrides)
    assessment = assess(document)
    found = [f for f in assessment.findings if f.check == rule_id]
    # A case about a family names the child each finding is for.
    by_child = any("child" in e for e in case["expect"])
    actual = sorted(
        (f.section or "", f.text or "", (f.child or "") if by_child else "") for f in found
    )
    expected = sorted(
        (e.get("section") or "", e.get("text") or "", e.get("child") or "") for e in case["expect"]
    )
    assert actual == expected
    for f in found:
        if f.start is not None:
            assert f.end is not None and f.section is not None
            assert section_text(document, f.section, f.child)[f.start : f.end] == f.text


# The fast paths must equal the plain patterns on every fixture text. A lexicon or rule edit
# that makes the scanner, the opening trie, the phrase cache or the token arrays disagree with
# the plain versions (tests/scoring/plain.py) fails here, naming the lexicon and the text.
# The one command after any change to scoring/lexicons/, scoring/rules/ or scoring/nlp/
# (docs/architecture.md, "How to change a rule or a word list safely"):
#   .venv/bin/python -m pytest -p no:xdist -q \
#       tests/scoring/test_rule_fixtures.py tests/scoring/test_fast_paths.py
_TEXTS_BY_RULE = {
    rule_id: sorted(
        {
            text
            for case in data["cases"]
            for key, value in case.items()
            if key not in _CASE_KEYS
            for text in plain.strings(value)
        }
    )
    for rule_id, data in sorted(FIXTURES.items())
}


@pytest.mark.parametrize("rule_id", sorted(_TEXTS_BY_RULE))
def test_fast_paths_equal_the_plain_patterns_on_the_fixture_texts(rule_id: str) -> None:
    texts = _TEXTS_BY_RULE[rule_id]
    problems = []
    for text in texts:
        # As written, shouted, and with a character that makes the scanner take the
        # case-folding route (the Kelvin sign matches "k" under IGNORECASE).
        for variant in (text, text.upper(), text + " \u212a"):
            problems += plain.divergences(variant)
    assert not problems, f"{rule_id} fixtures: " + "\n".join(problems[:20])


def test_every_regex_lexicon_keeps_its_fast_path() -> None:
    """A pattern the fast path cannot take (a capital letter, a back-reference, an inline
    flag, a first item that is not a word character after \\b) still matches correctly but
    is scanned the slow way over every text: say so, naming the lexicon."""
    from scoring.nlp.regexes import AnyOf
    from scoring.resources import lexicons

    slow = []
    for name, lex in lexicons().items():
        if lex.get("regexes"):
            any_of = AnyOf(lex["regexes"])
            if any_of.fast is None or not any_of.openings:
                slow.append(name)
    assert not slow, (
        f"lexicons {slow}: a regex lost the fast path; write it in lower case, start it "
        "with \\b and a word character, no back-references or inline flags "
        "(docs/architecture.md, 'How to change a rule or a word list safely')"
    )


def test_the_check_sees_a_fast_path_that_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give one lexicon a wrong opening (as a broken trie would): the check must say so."""
    import re

    from scoring.nlp.regexes import AnyOf, Scanner
    from scoring.resources import lexicons

    text = "We will visit every week until the review."
    named = [(n, AnyOf(lex["regexes"])) for n, lex in lexicons().items() if lex.get("regexes")]
    hit = plain.regex_spans(text)
    assert hit, "the sample text should match some lexicon regex"
    victim = next(any_of for name, any_of in named if name in hit)
    victim.openings = [("z", "z", "z")]
    victim._opens = re.compile("zzz")
    broken = Scanner(named)
    monkeypatch.setattr(plain, "_scanner", lambda: broken)
    assert plain.divergences(text)
    monkeypatch.undo()
    assert plain.divergences(text) == []
