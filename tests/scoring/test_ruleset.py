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


def test_step_down_criterion_counts_only_where_step_down_is_recommended() -> None:
    rubric = Rubric.default()
    ids = [c.id for c in rubric.criteria]
    # Not applicable: left out of the criteria and the score, and no core gap.
    _score, results = rubric.evaluate(frozenset({"smart-actions"}))
    assert "step-down-evidence" not in [r.id for r in results]
    assert len(results) == len(ids) - 1
    assert rubric.grade(frozenset()) == "good"
    # Applies: listed, and a core gap when the check flags the report.
    applied = frozenset({"step-down"})
    _, results = rubric.evaluate(frozenset(), applied)
    assert [r.id for r in results] == ids and all(r.met for r in results)
    flagged = frozenset({"step-down-evidence"})
    lower, results = rubric.evaluate(flagged, applied)
    assert not next(r for r in results if r.id == "step-down-evidence").met
    assert lower < 100
    assert rubric.grade(flagged, applied) == "requires_improvement"


def test_applies_when_must_name_a_condition() -> None:
    data = {
        "grades": {"good": 0, "requires_improvement": 1, "inadequate": 4},
        "criteria": [
            {**{"id": c, "check": c, "weight": 1, "core": True, "explanation": "e"}}
            for c in ("vague-language",)
        ],
    }
    data["criteria"][0]["applies_when"] = ""
    with pytest.raises(RuleDataError, match=r"criteria\[0\].applies_when"):
        Rubric.from_data(data)
    data["criteria"][0]["applies_when"] = "step-down"
    data["criteria"][0]["when"] = "x"
    with pytest.raises(RuleDataError, match="may have"):
        Rubric.from_data(data)


def test_a_review_recommending_step_down_on_one_visit_is_a_core_gap() -> None:
    one_visit = make_report(
        conference={"type": "RCPC", "date": "2026-03-12"},
        sections={
            "threshold_view": "I would support step down to CIN. The home was tidy on 3 March."
        },
    )
    assessment = assess(one_visit)
    assert assessment.flagged("step-down-evidence")
    assert "step-down-evidence" in [c.id for c in assessment.criteria]
    plan_continues = make_report(
        conference={"type": "RCPC", "date": "2026-03-12"},
        sections={"threshold_view": "I would support the plan continuing."},
    )
    assessment = assess(plan_continues)
    assert not assessment.flagged("step-down-evidence")
    assert "step-down-evidence" not in [c.id for c in assessment.criteria]
