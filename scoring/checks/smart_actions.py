"""smart-actions: the agency's actions say who, what, by when and how progress is measured.

Reads the commitment clauses of service_actions. The section passes when, taken together,
its actions name who acts, give times or frequencies, and say how progress will be known,
and most of the actions carry a time of their own.
"""

from __future__ import annotations

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.commitments import Clause
from scoring.nlp.context import sentence_of

_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc"})


@check("smart-actions", slots=("ending",), params=("min_timed_share",))
def smart_actions(ctx: Context, rule: Rule) -> list[Finding]:
    doc = ctx.section_doc("service_actions")
    if doc is None or doc.user_data["src"].strip().strip(".").lower() in _EMPTY:
        return [
            report_finding(
                rule, "service_actions", "There are no actions for your agency. " + rule.message
            )
        ]
    if ctx.hits(doc, rule, "ending"):
        return []  # involvement has ended or passed on: no actions are owed
    actions = _actions(doc)
    missing = []
    if not any(a.actor for a in actions):
        missing.append("who")
    if not any(a.time for a in actions):
        missing.append("by when")
    if not any(a.measure or a.number for a in actions):
        missing.append("how progress will be measured")
    timed = sum(1 for a in actions if a.time) / max(len(actions), 1)
    if not missing and timed < float(rule.params.get("min_timed_share", 0.5)):
        missing.append("by when (for most actions)")
    if missing:
        return [
            report_finding(
                rule,
                "service_actions",
                "Your actions do not say " + ", ".join(missing) + ". " + rule.message,
            )
        ]
    return []


def _actions(doc: Doc) -> list[Clause]:
    """One merged clause per sentence: an action's time or measure often sits in a second
    clause ("...; if it drops below the 2nd centile I will refer within a week")."""
    merged: dict[tuple[int, int], list[Clause]] = {}
    for clause in doc.user_data.get("clauses") or ():
        merged.setdefault(sentence_of(doc, clause.start), []).append(clause)
    sentences = [
        Clause(
            lo,
            hi,
            any(c.future for c in cs),
            any(c.actor for c in cs),
            any(c.time for c in cs),
            any(c.weak_time for c in cs),
            any(c.measure for c in cs),
            any(c.number for c in cs),
        )
        for (lo, hi), cs in merged.items()
        if hi - lo >= 4
    ]
    return [s for s in sentences if s.future or s.actor] or sentences
