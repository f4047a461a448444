"""Measuring the engine against gold labels: per-check P/R/F1, vague spans, grade agreement."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scoring.assessment import GRADES
from scoring.document import CHILD_SECTION_KEYS, V1_CHILD_KEY, DocumentError
from scoring.engine import assess
from scoring.rubric import CANONICAL_CHECKS

# The checks the gold labels cover. The labelled sets predate step-down-evidence (issue 15)
# and never mark it, so it has no per-check figures here (every firing would count as a
# false positive); its effect shows in grade agreement, and the table counts the step-down
# recommendations and names the reports it finds without evidence.
LABELLED_CHECKS = tuple(c for c in CANONICAL_CHECKS if c != "step-down-evidence")

# Ordinal order for kappa: good > requires_improvement > inadequate.
_GRADE_RANK = {g: i for i, g in enumerate(GRADES)}


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class VagueScore:
    """Span precision counts predictions; recall counts gold spans (they can differ in number)."""

    predicted: int
    predicted_hit: int
    gold: int
    gold_hit: int

    @property
    def precision(self) -> float:
        return self.predicted_hit / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "predicted": self.predicted,
            "predicted_hit": self.predicted_hit,
            "gold": self.gold,
            "gold_hit": self.gold_hit,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class EvaluationResult:
    reports: int
    per_check: dict[str, PRF]
    vague: VagueScore
    grade_accuracy: float
    grade_kappa: float
    errors: list[dict[str, Any]] = field(default_factory=list)
    # The checks run per child, counted child by child where the gold labels each child
    # (cpc-report/2 gold files with "children").
    per_child: dict[str, PRF] = field(default_factory=dict)
    # Reports recommending step-down (step-down-evidence applies), and the ids of those it
    # flags for lacking evidence of sustained change.
    step_down: int = 0
    step_down_unevidenced: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(p.f1 for p in self.per_check.values()) / len(self.per_check)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "checks": {k: v.to_dict() for k, v in self.per_check.items()},
            "macro_f1": round(self.macro_f1, 4),
            "vague_spans": self.vague.to_dict(),
            "grade_accuracy": round(self.grade_accuracy, 4),
            "grade_kappa": round(self.grade_kappa, 4),
            "per_child": {k: v.to_dict() for k, v in self.per_child.items()},
            "step_down": {
                "recommended": self.step_down,
                "without_evidence": self.step_down_unevidenced,
            },
            "errors": self.errors,
        }


def quadratic_weighted_kappa(gold: list[str], pred: list[str]) -> float:
    k = len(GRADES)
    n = len(gold)
    if n == 0:
        return 1.0
    observed = [[0.0] * k for _ in range(k)]
    for g, p in zip(gold, pred, strict=True):
        observed[_GRADE_RANK[g]][_GRADE_RANK[p]] += 1
    row = [sum(observed[i]) for i in range(k)]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            w = (i - j) ** 2 / (k - 1) ** 2
            num += w * observed[i][j]
            den += w * row[i] * col[j] / n
    return 1.0 - num / den if den else 1.0


PER_CHILD_CHECKS = ("father-absent", "identity-reflection", "voice-of-child")
_Where = tuple[str, str | None]  # (section, child key or None)


def _texts(doc: dict[str, Any], section: str) -> list[tuple[str | None, str]]:
    """(child key, text) of a section: one family text, or each child's own section."""
    if doc.get("format") == "cpc-report/1" or section not in CHILD_SECTION_KEYS:
        key = (
            V1_CHILD_KEY
            if doc.get("format") == "cpc-report/1" and section in CHILD_SECTION_KEYS
            else None
        )
        return [(key, str((doc.get("sections") or {}).get(section) or ""))]
    return [
        (str(c.get("key")), str((c.get("sections") or {}).get(section) or ""))
        for c in doc.get("children") or []
        if isinstance(c, dict)
    ]


def _gold_offsets(doc: dict[str, Any], span: dict[str, str]) -> list[tuple[_Where, int, int]]:
    needle = span["text"]
    out = []
    for child, text in _texts(doc, span["section"]):
        at = text.find(needle)
        while at >= 0 and needle:
            out.append(((span["section"], child), at, at + len(needle)))
            at = text.find(needle, at + 1)
    return out


def _count(counts: list[int], predicted: bool, expected: bool) -> None:
    if predicted and expected:
        counts[0] += 1
    elif predicted:
        counts[1] += 1
    elif expected:
        counts[2] += 1


def evaluate(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> EvaluationResult:
    """Compare the engine with gold labels; a document the engine refuses is counted in
    ``errors`` (path and reason only) and left out of the figures."""
    counts = {c: [0, 0, 0] for c in LABELLED_CHECKS}
    child_counts = {c: [0, 0, 0] for c in PER_CHILD_CHECKS}
    v_pred = v_pred_hit = v_gold = v_gold_hit = 0
    gold_grades: list[str] = []
    pred_grades: list[str] = []
    errors: list[dict[str, Any]] = []
    step_down = 0
    unevidenced: list[str] = []
    n = 0
    for doc, gold in pairs:
        try:
            assessment = assess(doc)
        except DocumentError as error:
            errors.append({"id": gold.get("id"), "details": error.details})
            continue
        n += 1
        gold_flags = set(gold.get("flags") or [])
        if any(c.id == "step-down-evidence" for c in assessment.criteria):
            step_down += 1
            if assessment.flagged("step-down-evidence"):
                unevidenced.append(str(gold.get("id")))
        for check in LABELLED_CHECKS:
            _count(counts[check], assessment.flagged(check), check in gold_flags)
        for key, flags in (gold.get("children") or {}).items():
            for check in PER_CHILD_CHECKS:
                predicted = any(
                    f.check == check and f.child == key for f in assessment.findings
                ) or (
                    check == "father-absent"
                    and len(gold["children"]) == 1
                    and assessment.flagged(check)
                )
                _count(child_counts[check], predicted, check in flags)
        gold_spans = [_gold_offsets(doc, s) for s in gold.get("vague") or []]
        predicted_spans = [
            ((f.section or "", f.child), f.start, f.end)
            for f in assessment.findings
            if f.check == "vague-language" and f.start is not None and f.end is not None
        ]
        v_pred += len(predicted_spans)
        v_gold += len(gold_spans)
        for where, start, end in predicted_spans:
            assert start is not None and end is not None
            if any(
                gw == where and a < end and start < b for offs in gold_spans for gw, a, b in offs
            ):
                v_pred_hit += 1
        for offs in gold_spans:
            if any(
                gw == pw and a < pe and ps < b
                for gw, a, b in offs
                for pw, ps, pe in predicted_spans
                if ps is not None and pe is not None
            ):
                v_gold_hit += 1
        gold_grades.append(str(gold.get("grade")))
        pred_grades.append(assessment.grade)
    accuracy = sum(g == p for g, p in zip(gold_grades, pred_grades, strict=True)) / n if n else 1.0
    return EvaluationResult(
        reports=n,
        per_check={c: PRF(*v) for c, v in counts.items()},
        vague=VagueScore(v_pred, v_pred_hit, v_gold, v_gold_hit),
        grade_accuracy=accuracy,
        grade_kappa=quadratic_weighted_kappa(gold_grades, pred_grades),
        errors=errors,
        per_child={c: PRF(*v) for c, v in child_counts.items() if any(v)},
        step_down=step_down,
        step_down_unevidenced=unevidenced,
    )


def load_labelled_dir(path: str | Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, document, gold) for every <id>.json with a matching <id>.gold.json."""
    root = Path(path)
    out = []
    for doc_path in sorted(root.glob("*.json")):
        if doc_path.name.endswith(".gold.json"):
            continue
        gold_path = doc_path.with_name(doc_path.stem + ".gold.json")
        if not gold_path.exists():
            continue
        doc = json.loads(doc_path.read_text(encoding="utf-8"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out.append((doc_path.name, doc, gold))
    return out


def format_table(result: EvaluationResult) -> str:
    lines = [f"{'check':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'prec':>8}{'rec':>8}{'f1':>8}"]
    for check, prf in result.per_check.items():
        lines.append(
            f"{check:<22}{prf.tp:>5}{prf.fp:>5}{prf.fn:>5}"
            f"{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}"
        )
    v = result.vague
    lines += [
        f"{f'macro-F1 ({len(result.per_check)} checks)':<37}{result.macro_f1:>24.3f}",
        f"{'vague spans':<22}{v.predicted_hit:>5}{v.predicted - v.predicted_hit:>5}"
        f"{v.gold - v.gold_hit:>5}{v.precision:>8.3f}{v.recall:>8.3f}{v.f1:>8.3f}",
        f"{'grade accuracy':<37}{result.grade_accuracy:>24.3f}",
        f"{'grade QWK':<37}{result.grade_kappa:>24.3f}",
        f"{'reports':<37}{result.reports:>24d}",
    ]
    if result.per_child:
        lines.append("per child:")
        for check, prf in result.per_child.items():
            lines.append(
                f"  {check:<20}{prf.tp:>5}{prf.fp:>5}{prf.fn:>5}"
                f"{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}"
            )
    if result.step_down:
        lines.append(
            f"{'step-down recommended':<37}{result.step_down:>24d}\n"
            f"{'  without evidence':<37}{len(result.step_down_unevidenced):>24d}"
            + "".join(f"\n    {i}" for i in result.step_down_unevidenced)
        )
    if result.errors:
        lines.append(f"{'refused (invalid documents)':<37}{len(result.errors):>24d}")
    return "\n".join(lines)
