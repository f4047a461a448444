"""Checks on the report's record rather than its prose: timeliness, sharing, section length."""

from __future__ import annotations

import re

from spacy.tokens import Doc

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


def _reason_in_text(ctx: Context, rule: Rule) -> bool:
    """'Not shared ... because she is an inpatient' or '... on police advice' gives a reason
    that justifies it (as _justifies); 'not shared because there was not enough time' or
    'because it was finished late' does not."""
    for _section, doc in ctx.sections():
        statements = ctx.hits(doc, rule, "not_shared")
        reasons = [s for s, _ in ctx.hits(doc, rule, "reasons")] if statements else []
        officers = [s for s, _ in ctx.hits(doc, rule, "officers")] if statements else []
        weak = [s for s, _ in ctx.hits(doc, rule, "weak")] if officers else []
        for start, end in statements if reasons or officers else ():
            if _something_else(doc, end):
                continue  # "the plan should not share her sexuality with anyone"
            # The reason stands in the statement's sentence or the next one.
            first, last = sentence_of(doc, start)
            if last < len(doc):
                last = sentence_of(doc, last)[1]
            if any(first <= r < last for r in reasons):
                return True
            if any(first <= r < last for r in officers) and not any(
                first <= w < last for w in weak
            ):
                return True  # "DC Marsh asked us not to", not "the OIC was on leave"
    return False


_OBJECT_OPENERS = frozenset(
    {"her", "his", "their", "its", "any", "the", "a", "an", "this", "that", "these", "those"}
)
_THE_REPORT = frozenset({"report", "reports", "document", "draft", "contents", "content"})


def _something_else(doc: Doc, end: int) -> bool:
    """A not-sharing statement whose object is something other than the report ("not
    share her sexuality", "not share the address")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return (
        end + 1 < len(lower)
        and lower[end] in _OBJECT_OPENERS
        and lower[end + 1].isalpha()
        and lower[end + 1] not in _THE_REPORT
    )


def _justifies(reason: str, rule: Rule) -> bool:
    """A recorded reason clears the flag only when it names a ground that justifies not
    sharing (lexicons/not-shared-reasons.yaml: an investigation, a risk from disclosure, a
    parent who cannot be reached). Any other reason, a shortage of time, a parent not
    available or the service's routine ("letters are copied after conference"), is the
    author's to overcome, however it is worded. An officer named (not-shared-officers.yaml)
    justifies it unless the reason is one of those ("OIC on annual leave")."""
    if _names(reason, rule, "weak"):
        reason = _without_causes_of_weak(reason, rule)
    return _names(reason, rule, "reasons") or (
        _names(reason, rule, "officers") and not _names(reason, rule, "weak")
    )


# "due to ..." up to the end of its sentence or clause.
_CAUSE = re.compile(r" (?:due to|because of|owing to|as a result of) [^.;]*")


def _without_causes_of_weak(reason: str, rule: Rule) -> str:
    """The reason less what it gives as the cause of a weak ground: in "Ran out of time
    due to court commitments" the court is the author's diary, not a reason not to share
    ("Not shared due to police advice" keeps it)."""
    weak = _terms(rule.lexicons["weak"])
    kept = []
    for clause in re.split(r"[.;]", reason.lower()):
        text = " " + " ".join(re.findall(r"[a-z0-9']+", clause)) + " "
        first = min((i for t in weak if (i := text.find(f" {t} ")) >= 0), default=-1)
        cause = _CAUSE.search(text, first) if first >= 0 else None
        kept.append(text[: cause.start()] if cause else text)
    return ". ".join(kept)


def _names(reason: str, rule: Rule, slot: str) -> bool:
    text = " " + " ".join(re.findall(r"[a-z0-9']+", reason.lower())) + " "
    return any(f" {t} " in text for t in _terms(rule.lexicons[slot]))


def _terms(name: str) -> list[str]:
    return [" ".join(re.findall(r"[a-z0-9']+", t.lower())) for t in lexicon_terms(name)]


@check("shared-with-family", slots=("not_shared", "reasons", "officers", "weak"))
def shared_with_family(ctx: Context, rule: Rule) -> list[Finding]:
    shared = ctx.report.shared_with_family
    if shared is not None and shared.reason_not_shared.strip():
        if _justifies(shared.reason_not_shared, rule):
            return []
        why = (
            "shortage of time, a parent not available or sharing at the conference are for "
            "the author to overcome"
            if _names(shared.reason_not_shared, rule, "weak")
            else "it does not say how sharing would harm the child, a parent or an "
            "investigation, or why the family cannot be reached"
        )
        return [
            report_finding(
                rule,
                None,
                f"The reason recorded for not sharing does not justify it: {why}. " + rule.message,
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
