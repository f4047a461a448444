"""smart-actions: the agency's actions say who, what, by when and how progress is measured.

Reads the commitment clauses of service_actions. The section passes when, taken together,
its actions name who acts, give times or frequencies, and say how progress will be known,
and most of the actions carry a time of their own.
"""

from __future__ import annotations

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding

_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc"})


@check("smart-actions", slots=(), params=("min_timed_share",))
def smart_actions(ctx: Context, rule: Rule) -> list[Finding]:
    doc = ctx.docs.get("service_actions")
    if doc is None or doc.user_data["src"].strip().strip(".").lower() in _EMPTY:
        return [report_finding(rule, "service_actions",
                               "There are no actions for your agency. " + rule.message)]
    clauses = [c for c in doc.user_data.get("clauses") or () if c.end - c.start >= 3]
    actions = [c for c in clauses if c.future] or clauses
    missing = []
    if not any(c.actor for c in actions):
        missing.append("who")
    if not any(c.time for c in actions):
        missing.append("by when")
    if not any(c.measure or c.number for c in actions):
        missing.append("how progress will be measured")
    timed = sum(1 for c in actions if c.time) / max(len(actions), 1)
    if not missing and timed < float(rule.params.get("min_timed_share", 0.5)):
        missing.append("by when (for most actions)")
    if missing:
        return [report_finding(
            rule, "service_actions",
            "Your actions do not say " + ", ".join(missing) + ". " + rule.message,
        )]
    return []
