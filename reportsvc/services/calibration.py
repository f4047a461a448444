"""Agreement between hand grades and the engine: percent agreement, Cohen's kappa and the
confusion matrix. The statistics are pure functions; ``agreement()`` reads the pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reportsvc.models import (
    Assessment,
    CriterionResult,
    ManualCriterion,
    ManualGrade,
    User,
)
from scoring import Rubric
from scoring.rubric import CANONICAL_CHECKS

GRADES = ("good", "requires_improvement", "inadequate")
MET = (True, False)


def percent_agreement(a: Sequence[Any], b: Sequence[Any]) -> float | None:
    if len(a) != len(b):
        raise ValueError("the two raters must rate the same items")
    if not a:
        return None
    return 100.0 * sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def confusion(a: Sequence[Any], b: Sequence[Any], labels: Sequence[Any]) -> list[list[int]]:
    """matrix[i][j]: items rater A put in labels[i] and rater B in labels[j]."""
    if len(a) != len(b):
        raise ValueError("the two raters must rate the same items")
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for x, y in zip(a, b, strict=True):
        matrix[index[x]][index[y]] += 1
    return matrix


def cohen_kappa(a: Sequence[Any], b: Sequence[Any], labels: Sequence[Any]) -> float | None:
    """Cohen's kappa: (observed - chance agreement) / (1 - chance agreement).

    None when there is nothing to compare or chance agreement is already total (both
    raters used one and the same label throughout; kappa is undefined there).
    """
    matrix = confusion(a, b, labels)
    n = len(a)
    if n == 0:
        return None
    observed = sum(matrix[i][i] for i in range(len(labels))) / n
    rows = [sum(r) for r in matrix]
    cols = [sum(matrix[i][j] for i in range(len(labels))) for j in range(len(labels))]
    chance = sum(rows[i] * cols[i] for i in range(len(labels))) / (n * n)
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)


def graded_criteria() -> list[tuple[str, str]]:
    """(criterion id, check id) of the rubric criteria a QA lead grades by hand."""
    return [(c.id, c.check) for c in Rubric.default().criteria if c.check in CANONICAL_CHECKS]


@dataclass(frozen=True)
class Agreement:
    name: str
    labels: tuple[Any, ...]
    human: tuple[Any, ...]
    engine: tuple[Any, ...]

    @property
    def n(self) -> int:
        return len(self.human)

    @property
    def percent(self) -> float | None:
        return percent_agreement(self.human, self.engine)

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.human, self.engine, self.labels)

    @property
    def matrix(self) -> list[list[int]]:
        return confusion(self.human, self.engine, self.labels)


def _engine_assessments(session: Session, version_ids: list[int]) -> dict[int, int]:
    """Each version's newest stored assessment id."""
    if not version_ids:
        return {}
    return dict(
        session.execute(
            select(Assessment.report_version_id, func.max(Assessment.id))
            .where(Assessment.report_version_id.in_(version_ids))
            .group_by(Assessment.report_version_id)
        ).all()
    )


def agreement(session: Session, sample_id: int | None = None) -> tuple[Agreement, list[Agreement]]:
    """Grade agreement and per-criterion agreement over every hand grade (or one sample's)."""
    query = select(ManualGrade)
    if sample_id is not None:
        query = query.where(ManualGrade.sample_id == sample_id)
    grades = list(session.scalars(query.order_by(ManualGrade.id)))
    engine_ids = _engine_assessments(session, [g.report_version_id for g in grades])
    engine_grades = dict(
        session.execute(
            select(Assessment.id, Assessment.grade).where(Assessment.id.in_(engine_ids.values()))
        ).all()
    )
    engine_met: dict[tuple[int, str], bool] = {
        (row.assessment_id, row.criterion): bool(row.met)
        for row in session.execute(
            select(
                CriterionResult.assessment_id, CriterionResult.criterion, CriterionResult.met
            ).where(CriterionResult.assessment_id.in_(engine_ids.values()))
        )
    }
    human_met: dict[tuple[int, str], bool] = {
        (row.manual_grade_id, row.criterion): bool(row.met)
        for row in session.execute(
            select(
                ManualCriterion.manual_grade_id, ManualCriterion.criterion, ManualCriterion.met
            ).where(ManualCriterion.manual_grade_id.in_([g.id for g in grades]))
        )
    }
    pairs = [
        (g, engine_ids[g.report_version_id]) for g in grades if g.report_version_id in engine_ids
    ]
    grade = Agreement(
        "Grade",
        GRADES,
        tuple(g.grade for g, _a in pairs),
        tuple(engine_grades[a] for _g, a in pairs),
    )
    per_criterion = []
    for criterion, _check in graded_criteria():
        both = [
            (human_met[(g.id, criterion)], engine_met[(a, criterion)])
            for g, a in pairs
            if (g.id, criterion) in human_met and (a, criterion) in engine_met
        ]
        per_criterion.append(
            Agreement(criterion, MET, tuple(h for h, _e in both), tuple(e for _h, e in both))
        )
    return grade, per_criterion


def save_grade(
    session: Session,
    *,
    user: User,
    version_id: int,
    sample_id: int | None,
    grade: str,
    met: dict[str, bool],
    notes: str = "",
) -> ManualGrade:
    """Record (or replace) this user's hand grade of a version. Caller commits."""
    if grade not in GRADES:
        raise ValueError("unknown grade")
    existing = session.scalar(
        select(ManualGrade).where(
            ManualGrade.report_version_id == version_id, ManualGrade.graded_by_id == user.id
        )
    )
    if existing is None:
        existing = ManualGrade(report_version_id=version_id, graded_by_id=user.id)
        session.add(existing)
    existing.sample_id = sample_id
    existing.grade = grade
    existing.notes = notes
    session.flush()
    session.execute(delete(ManualCriterion).where(ManualCriterion.manual_grade_id == existing.id))
    session.add_all(
        ManualCriterion(manual_grade_id=existing.id, criterion=c, met=m) for c, m in met.items()
    )
    session.flush()
    session.expire(existing, ["criteria"])
    return existing
