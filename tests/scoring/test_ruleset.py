"""Rules, lexicons and rubric as data: the loaders reject mistakes with clear messages."""

from __future__ import annotations

import pytest

from scoring import RULESET_VERSION, Rubric, assess
from scoring.resources import RuleDataError, validate_lexicon
from scoring.ruleset import load_rule, rules
from tests.scoring.conftest import make_report

GOOD = {"id": "jargon", "message": "m", "severity": "advice", "guidance": "g", "suggestion": "s"}


def test_unknown_rule_key_is_rejected() -> None:
    with pytest.raises(RuleDataError, match=r"rules/jargon.yaml: unknown key\(s\) levle"):
        load_rule("jargon.yaml", {**GOOD, "levle": "x"})


def test_rule_id_must_match_file_name() -> None:
    with pytest.raises(RuleDataError, match="must match the file name"):
        load_rule("other.yaml", GOOD)


def test_rule_lexicon_slots_and_references_are_checked() -> None:
    with pytest.raises(RuleDataError, match="lexicons must name exactly"):
        load_rule("jargon.yaml", {**GOOD, "lexicons": {"x": "hedges"}})
    bad = {
        **GOOD,
        "id": "unevidenced-opinion",
        "lexicons": {"judgement": "nope", "evidence": "evidence-cues"},
    }
    with pytest.raises(RuleDataError, match="unknown lexicon 'nope'"):
        load_rule("unevidenced-opinion.yaml", bad)


def test_unknown_lexicon_key_is_rejected() -> None:
    with pytest.raises(RuleDataError, match="unknown key"):
        validate_lexicon("x", {"terms": ["a"], "term": ["b"]})


def test_all_rules_load_with_messages_and_suggestions() -> None:
    loaded = rules()
    assert len({r.id for r in loaded}) == len(loaded) >= 14
    assert all(r.message and r.suggestion and r.guidance for r in loaded)


def test_ruleset_version_is_a_short_hash_in_every_assessment() -> None:
    assert len(RULESET_VERSION) == 12
    assert assess(make_report()).ruleset_version == RULESET_VERSION


def test_rubric_weights_can_be_overridden_but_not_the_grade_rule() -> None:
    rubric = Rubric.default().with_weights({"voice-of-child": 40, "timeliness": 0})
    weights = {c.id: c.weight for c in rubric.criteria}
    assert weights["voice-of-child"] == 40 and weights["timeliness"] == 0
    with pytest.raises(ValueError):
        Rubric.default().with_weights({"nonsense": 1})
    flags = frozenset(
        {"voice-of-child", "father-absent", "threshold-rationale", "identity-reflection"}
    )
    assert rubric.grade(flags) == "inadequate"
    assert rubric.grade(frozenset({"vague-language", "timeliness"})) == "good"
    assert rubric.grade(frozenset({"smart-actions"})) == "requires_improvement"


def test_score_ranks_reports_with_the_same_grade() -> None:
    rubric = Rubric.default()
    high, _ = rubric.evaluate(frozenset({"smart-actions"}))
    low, _ = rubric.evaluate(frozenset({"smart-actions", "vague-language", "timeliness"}))
    assert 0 < low < high < 100
