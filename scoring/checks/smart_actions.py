"""smart-actions: the agency's actions say who, what, by when and how progress is measured.

Reads the commitment clauses of service_actions. The section passes when, taken together,
its actions name who acts, give times or frequencies, and say how progress will be known,
and most of the actions carry a time of their own; and, when the actions are a numbered or
bulleted list, every action names who does it and how progress will be known.
"""

from __future__ import annotations

import re
from itertools import pairwise

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
    if not missing:
        missing = _item_gaps(doc)
    if missing:
        return [
            report_finding(
                rule,
                "service_actions",
                "Your actions do not say " + ", ".join(missing) + ". " + rule.message,
            )
        ]
    return []


_MARKER = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*\u2022\u2013]|\(?[a-z]\))[ \t]+", re.MULTILINE)


def _item_gaps(doc: Doc) -> list[str]:
    """A list of actions is checked action by action: each numbered or bulleted action must
    say who will do it and how progress will be known (when may be said once for several,
    as the labelled sets accept "on the day it is missed" or "from now on").
    "1. Attendance figures will be sent every Friday" beside two complete actions still
    leaves one action nobody owns."""
    text: str = doc.user_data["src"]
    starts = [m.start() for m in _MARKER.finditer(text)]
    if len(starts) < 2:
        return []
    clauses: list[Clause] = list(doc.user_data.get("clauses") or ())
    bounds = [*starts, len(text)]
    gaps: list[str] = []
    for lo, hi in pairwise(bounds):
        inside = [c for c in clauses if lo <= doc[c.start].idx < hi]
        if not inside or not any(c.future or c.actor for c in inside):
            continue  # a heading or a note, not an action
        for needed, label in (
            (_has_actor(doc, inside), "who (for every action)"),
            (
                any(c.measure or c.number for c in inside),
                "how progress will be measured (for every action)",
            ),
        ):
            if not needed and label not in gaps:
                gaps.append(label)
    return gaps


_MODALS = frozenset({"will", "shall", "'ll", "to", "would", "must"})
_NOT_A_NAME = frozenset({"the", "a", "an", "this", "these", "his", "her", "their", "its"})


def _has_actor(doc: Doc, clauses: list[Clause]) -> bool:
    """Who acts: an actor word, "I" or "we", or a name before the action's verb ("Sofia
    Marques will...", "DC Marsh to..."); a passive subject ("Figures will be sent") is
    not one unless "by" names who ("...reviewed by the SENCo")."""
    if any(c.actor for c in clauses):
        return True
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    orth = doc.user_data.get("orth") or [t.text for t in doc]
    for c in clauses:
        words = range(c.start, c.end)
        modal = next((i for i in words if lower[i] in _MODALS), None)
        if modal is None:
            continue
        subject = range(c.start, modal)
        passive = modal + 1 < c.end and lower[modal + 1] == "be"
        if passive:
            return any(
                lower[i] == "by"
                and i + 1 < c.end
                and (orth[i + 1].istitle() or lower[i + 1] == "the")
                for i in range(modal, c.end)
            )
        if any(lower[i] in ("i", "we") for i in subject) or any(
            orth[i][:1].isupper() and lower[i] not in _NOT_A_NAME and orth[i].isalpha()
            for i in subject
        ):
            return True
    return False


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
