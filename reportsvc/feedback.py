"""Feedback for authors: findings with the flagged words in context, and the checklist of
what the report still lacks. One shape for the server-rendered page and the JSON API, so
the page looks the same before and after the script updates it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from reportsvc.filters import CHECK_LABELS

CONTEXT = 60  # characters of text shown either side of the flagged words


@dataclass(frozen=True)
class Item:
    check: str
    label: str
    severity: str
    message: str
    suggestion: str
    before: str
    text: str
    after: str


@dataclass(frozen=True)
class ChecklistEntry:
    id: str
    label: str
    explanation: str


def label(check: str) -> str:
    return CHECK_LABELS.get(check, check.replace("-", " ").capitalize())


def items_for(text: str, findings: Iterable[Any]) -> list[Item]:
    items = []
    for f in sorted(findings, key=lambda f: (f.start is None, f.start or 0)):
        before = flagged = after = ""
        if f.start is not None and f.end is not None and 0 <= f.start < f.end <= len(text):
            left = max(0, f.start - CONTEXT)
            right = min(len(text), f.end + CONTEXT)
            before = ("…" if left > 0 else "") + text[left : f.start]
            flagged = text[f.start : f.end]
            after = text[f.end : right] + ("…" if right < len(text) else "")
        items.append(
            Item(
                f.check,
                label(f.check),
                f.severity,
                f.message,
                f.suggestion or "",
                before,
                flagged,
                after,
            )
        )
    return items


CHILD_SECTIONS = ("voice_of_child", "identity")


def box_key(section: str | None, child: str | None) -> str:
    """Which feedback box a finding goes in: ``section`` for the family's sections,
    ``section@child`` for a section about one child (cpc-report/2)."""
    if child and section in CHILD_SECTIONS:
        return f"{section}@{child}"
    return section or ""


def _texts(document: dict[str, Any]) -> dict[str, str]:
    # null is a valid "blank" for sections and for each section (cpc-report/1); a null here
    # was a 500 on POST /api/v1/check (found by tests/security/test_api_fuzz.py).
    texts = {k: v or "" for k, v in (document.get("sections") or {}).items()}
    children = document.get("children")
    if isinstance(children, list):
        for child in children:
            if not isinstance(child, dict):
                continue
            for key, text in (child.get("sections") or {}).items():
                texts[box_key(key, child.get("key"))] = text or ""
    return texts


def by_section(document: dict[str, Any], findings: Iterable[Any]) -> dict[str, list[Item]]:
    texts = _texts(document)
    v1 = "children" not in document
    grouped: dict[str, list[Any]] = {}
    for finding in findings:
        child = None if v1 else getattr(finding, "child", None)
        grouped.setdefault(box_key(finding.section, child), []).append(finding)
    return {key: items_for(texts.get(key, ""), group) for key, group in grouped.items()}


def checklist(criteria: Iterable[Any]) -> list[ChecklistEntry]:
    """Criteria not met, core ones first (heaviest weight first)."""
    unmet = [c for c in criteria if not c.met]
    unmet.sort(key=lambda c: -c.weight)
    return [ChecklistEntry(c_id(c), label(c_id(c)), c.explanation) for c in unmet]


def c_id(criterion: Any) -> str:
    return str(getattr(criterion, "id", None) or getattr(criterion, "criterion", ""))


def to_json(document: dict[str, Any], assessment: Any) -> dict[str, Any]:
    return {
        "grade": assessment.grade,
        "score": assessment.score,
        "sections": {
            key: [asdict(i) for i in items]
            for key, items in by_section(document, assessment.findings).items()
        },
        "checklist": [asdict(e) for e in checklist(assessment.criteria)],
    }
