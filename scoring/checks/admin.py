"""Checks on the report's record rather than its prose: timeliness, sharing, section length."""

from __future__ import annotations

from scoring.assessment import Finding
from scoring.calendar import report_deadline
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import sentence_of
from scoring.pipeline import MAX_SECTION_CHARS

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
    """'Not shared ... because she is an inpatient' or '... on police advice' gives a reason."""
    for _section, doc in ctx.sections():
        statements = ctx.hits(doc, rule, "not_shared")
        if not statements:
            continue
        if ctx.hits(doc, rule, "reasons"):
            return True
        lower: list[str] = doc.user_data.get("lower") or []
        for start, end in statements:
            _s_start, s_end = sentence_of(doc, start)
            if any(w in _BECAUSE for w in lower[end:s_end]):
                return True
    return False


@check("shared-with-family", slots=("not_shared", "reasons"))
def shared_with_family(ctx: Context, rule: Rule) -> list[Finding]:
    shared = ctx.report.shared_with_family
    if shared is not None and shared.reason_not_shared.strip():
        return []
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
