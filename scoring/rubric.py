"""The grading rubric as data (rubric.yaml): criteria, weights, and the grade rule.

The grade counts unmet core criteria (0 good, 1-3 requires improvement, 4+ inadequate);
the score is the weighted share of criteria met, so reports with the same grade can
still be ranked. Partnerships may override weights, never the grade rule.

A criterion with ``applies_when: <condition>`` counts only for a report where a check
recorded that condition (``Context.applies``): step-down-evidence applies only to a report
that recommends stepping down. Elsewhere it is not applicable: it is left out of the
criteria, the score and the grade, so it neither helps nor hurts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from forms.constants import CHECK_IDS
from scoring.assessment import CriterionResult
from scoring.resources import RuleDataError, load_data_file

CRITERION_KEYS = frozenset({"id", "check", "weight", "core", "explanation"})
OPTIONAL_CRITERION_KEYS = frozenset({"applies_when"})
CANONICAL_CHECKS = CHECK_IDS  # kept once, in forms.constants
CORE_CHECKS = frozenset(
    {
        "threshold-rationale",
        "father-absent",
        "voice-of-child",
        "identity-reflection",
        "previous-actions",
        "smart-actions",
        "shared-with-family",
        "step-down-evidence",
    }
)


@dataclass(frozen=True)
class Criterion:
    id: str
    check: str
    weight: int
    core: bool
    explanation: str
    # A condition a check records (Context.applies); None: the criterion always applies.
    applies_when: str | None = None

    def applies(self, conditions: frozenset[str]) -> bool:
        return self.applies_when is None or self.applies_when in conditions


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    requires_improvement_at: int = 1
    inadequate_at: int = 4
    # Each criterion's two possible results (not met, met), made once: results are immutable
    # and every assessment needs one per criterion.
    _outcomes: tuple[tuple[CriterionResult, CriterionResult], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        outcomes = tuple(
            (
                CriterionResult(c.id, False, c.weight, c.explanation),
                CriterionResult(c.id, True, c.weight, c.explanation),
            )
            for c in self.criteria
        )
        object.__setattr__(self, "_outcomes", outcomes)

    @classmethod
    def default(cls) -> Rubric:
        return _default_rubric()

    @classmethod
    def from_data(cls, data: object, label: str = "rubric.yaml") -> Rubric:
        if not isinstance(data, dict) or set(data) - {"grades", "criteria"}:
            raise RuleDataError(f"{label}: must hold only 'grades' and 'criteria'")
        grades = data.get("grades") or {}
        if set(grades) != {"good", "requires_improvement", "inadequate"}:
            raise RuleDataError(f"{label}: grades must be good, requires_improvement, inadequate")
        criteria = []
        for i, raw in enumerate(data.get("criteria") or []):
            if not isinstance(raw, dict) or not (
                CRITERION_KEYS <= set(raw) <= CRITERION_KEYS | OPTIONAL_CRITERION_KEYS
            ):
                raise RuleDataError(
                    f"{label}: criteria[{i}] must have keys {sorted(CRITERION_KEYS)}"
                    f" (and may have {sorted(OPTIONAL_CRITERION_KEYS)})"
                )
            when = raw.get("applies_when")
            if when is not None and (not isinstance(when, str) or not when.strip()):
                raise RuleDataError(f"{label}: criteria[{i}].applies_when must be a condition name")
            if not isinstance(raw["weight"], int) or raw["weight"] < 0:
                raise RuleDataError(f"{label}: criteria[{i}].weight must be a whole number >= 0")
            criteria.append(
                Criterion(
                    str(raw["id"]),
                    str(raw["check"]),
                    raw["weight"],
                    bool(raw["core"]),
                    " ".join(str(raw["explanation"]).split()),
                    when,
                )
            )
        checks = {c.check for c in criteria}
        missing = set(CANONICAL_CHECKS) - checks
        if missing:
            raise RuleDataError(f"{label}: no criterion for {sorted(missing)}")
        return cls(tuple(criteria), int(grades["requires_improvement"]), int(grades["inadequate"]))

    def with_weights(self, weights: Mapping[str, int]) -> Rubric:
        """A copy with some weights changed, keyed by criterion id (or check id)."""
        known = {c.id for c in self.criteria} | {c.check for c in self.criteria}
        unknown = sorted(set(weights) - known)
        if unknown:
            raise ValueError(f"unknown criteria: {', '.join(unknown)}")
        return replace(
            self,
            criteria=tuple(
                replace(c, weight=int(weights.get(c.id, weights.get(c.check, c.weight))))
                for c in self.criteria
            ),
        )

    def grade(self, flags: frozenset[str], conditions: frozenset[str] = frozenset()) -> str:
        gaps = sum(
            1 for c in self.criteria if c.core and c.check in flags and c.applies(conditions)
        )
        if gaps >= self.inadequate_at:
            return "inadequate"
        if gaps >= self.requires_improvement_at:
            return "requires_improvement"
        return "good"

    def evaluate(
        self, flags: frozenset[str], conditions: frozenset[str] = frozenset()
    ) -> tuple[int, tuple[CriterionResult, ...]]:
        """The score and one result per criterion that applies (see ``applies_when``)."""
        results = tuple(
            outcomes[c.check not in flags]
            for c, outcomes in zip(self.criteria, self._outcomes, strict=True)
            if c.applies(conditions)
        )
        total = sum(r.weight for r in results)
        met = sum(r.weight for r in results if r.met)
        score = round(100 * met / total) if total else 100
        return score, results


@cache
def _default_rubric() -> Rubric:
    return Rubric.from_data(load_data_file("rubric.yaml"))
