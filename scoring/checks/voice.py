"""voice-of-child: the child's wishes, feelings, own words or (if pre-verbal) lived experience.

Uses the speech component: an utterance (speech verb, feeling word or quote) whose
speaker resolves to the child counts, unless it is negated ("was not spoken to", "too young
to express her views"), hypothetical, or reported by a parent in the same sentence ("mum
says Leah is happy"). For a child under the pre-verbal age, observations of interaction and
day-to-day experience near a mention of the child count too. Any section may hold it.
"""

from __future__ import annotations

from datetime import date

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import in_scope, sentence_of

ADULT_ROLES = frozenset({"mother", "father", "male_carer", "male_adult", "female_adult",
                         "parents"})


def age_in_months(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    return (on.year - dob.year) * 12 + on.month - dob.month - (1 if on.day < dob.day else 0)


@check("voice-of-child", slots=("observation",), params=("preverbal_months",))
def voice_of_child(ctx: Context, rule: Rule) -> list[Finding]:
    months = age_in_months(ctx.report.child.date_of_birth, ctx.report.conference.date)
    preverbal = months is not None and months < int(rule.params.get("preverbal_months", 30))
    for section, doc in ctx.sections():
        utterances = doc.user_data.get("utterances") or ()
        for u in utterances:
            speaker = u.speaker
            if speaker is None and section == "voice_of_child" and u.kind == "quote":
                speaker = "child"
            if speaker != "child":
                continue
            if in_scope(doc, u.start, "negated") or in_scope(doc, u.start, "hypothetical"):
                continue
            reported_by_adult = any(
                o.kind == "speech" and o.sent == u.sent and o.start < u.start
                and o.speaker in ADULT_ROLES for o in utterances
            )
            if not reported_by_adult:
                return []
        if preverbal:
            children = [m for m in doc.user_data.get("mentions") or () if m.role == "child"]
            for s, _e in ctx.hits(doc, rule, "observation"):
                if in_scope(doc, s, "negated"):
                    continue
                s_start, s_end = sentence_of(doc, s)
                if section == "voice_of_child" or any(
                    s_start <= m.start < s_end for m in children
                ):
                    return []
    return [report_finding(rule, "voice_of_child")]
