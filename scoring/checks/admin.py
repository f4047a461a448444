"""Checks on the report's record rather than its prose: timeliness, sharing, section length."""

from __future__ import annotations

import re

from scoring.assessment import Finding
from scoring.calendar import report_deadline
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import sentence_of
from scoring.pipeline import MAX_SECTION_CHARS
from scoring.resources import lexicon_terms

_NO_FEEDBACK = frozenset(
    {"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc", "not recorded", "no feedback"}
)


@check("timeliness")
def timeliness(ctx: Context, rule: Rule) -> list[Finding]:
    report = ctx.report
    if report.submitted_on is None:
        return []  # a draft has not been submitted late yet
    deadline = report_deadline(report.conference.date, report.conference.type, ctx.timescales)
    if report.submitted_on > deadline:
        return [
            report_finding(
                rule,
                None,
                f"Submitted after the deadline of {deadline.isoformat()}. " + rule.message,
            )
        ]
    return []


_BECAUSE = frozenset({"because", "due", "as", "since", "owing", "on", "following", "given"})


def _reason_in_text(ctx: Context, rule: Rule) -> bool:
    """'Not shared ... because she is an inpatient' or '... on police advice' gives a reason;
    'not shared because there was not enough time' does not justify it."""
    for _section, doc in ctx.sections():
        statements = ctx.hits(doc, rule, "not_shared")
        if not statements:
            continue
        if ctx.hits(doc, rule, "reasons"):
            return True
        lower: list[str] = doc.user_data.get("lower") or []
        weak = [s for s, _ in ctx.hits(doc, rule, "weak")]
        for start, end in statements:
            _s_start, s_end = sentence_of(doc, start)
            if any(w in _BECAUSE for w in lower[end:s_end]) and not any(
                end <= w < s_end for w in weak
            ):
                return True
    return False


def _justifies(reason: str, rule: Rule) -> bool:
    """A recorded reason clears the flag when it is one that justifies not sharing (police
    advice, a risk from disclosure...), not a shortage of time or a parent not available.
    A reason in neither list is taken at the author's word."""
    text = " " + " ".join(re.findall(r"[a-z0-9']+", reason.lower())) + " "
    if any(f" {t} " in text for t in _terms(rule.lexicons["reasons"])):
        return True
    return not any(f" {t} " in text for t in _terms(rule.lexicons["weak"]))


def _terms(name: str) -> list[str]:
    return [" ".join(re.findall(r"[a-z0-9']+", t.lower())) for t in lexicon_terms(name)]


@check("shared-with-family", slots=("not_shared", "reasons", "weak"))
def shared_with_family(ctx: Context, rule: Rule) -> list[Finding]:
    shared = ctx.report.shared_with_family
    if shared is not None and shared.reason_not_shared.strip():
        if _justifies(shared.reason_not_shared, rule):
            return []
        return [
            report_finding(
                rule,
                None,
                "The reason recorded for not sharing does not justify it: shortage of time, "
                "a parent not available or sharing at the conference are for the author to "
                "overcome. " + rule.message,
            )
        ]
    if _reason_in_text(ctx, rule):
        return []
    if shared is None:
        return [
            report_finding(rule, None, "The report was not shared with the family. " + rule.message)
        ]
    problems = []
    if shared.date is None:
        problems.append("no date is recorded")
    elif shared.date >= ctx.report.conference.date:
        problems.append("it was not shared before the conference")
    if shared.feedback.strip().strip(".").lower() in _NO_FEEDBACK:
        problems.append("the family's feedback is not recorded")
    if problems:
        return [
            report_finding(
                rule,
                None,
                "Shared with the family, but " + " and ".join(problems) + ". " + rule.message,
            )
        ]
    return []


@check("section-too-long")
def section_too_long(ctx: Context, rule: Rule) -> list[Finding]:
    texts: list[tuple[str, str | None, str]] = [
        (key, None, text) for key, text in ctx.report.sections.items()
    ]
    texts += [(k, c.key, t) for c in ctx.report.children for k, t in c.sections.items()]
    return [
        report_finding(
            rule,
            key,
            f"Only the first {MAX_SECTION_CHARS:,} characters of this "
            "section were checked. " + rule.message,
            child,
        )
        for key, child, text in texts
        if len(text) > MAX_SECTION_CHARS
    ]
