"""The engine's output: findings, criterion results and the assessment, JSON as in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GRADES = ("good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class Finding:
    """One thing the author should look at. Span findings carry offsets into the section text
    (of the child named by ``child`` for voice_of_child and identity); report-level findings
    have start and end None (section may name the section concerned)."""

    check: str
    section: str | None
    start: int | None
    end: int | None
    text: str | None
    severity: str
    message: str
    suggestion: str
    # The key of the child a finding is about (a voice or identity section of one child, or
    # a check run per child); None for the family's sections and report-level findings.
    child: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "section": self.section,
            "child": self.child,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class CriterionResult:
    id: str
    met: bool
    weight: int
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "met": self.met,
            "weight": self.weight,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Assessment:
    grade: str
    score: int
    criteria: tuple[CriterionResult, ...]
    findings: tuple[Finding, ...]
    ruleset_version: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "score": self.score,
            "criteria": [c.to_dict() for c in self.criteria],
            "findings": [f.to_dict() for f in self.findings],
            "ruleset_version": self.ruleset_version,
        }

    def flagged(self, check: str) -> bool:
        return check in self.flags
