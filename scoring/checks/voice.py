"""voice-of-child: the child's wishes, feelings, own words or (if pre-verbal) lived experience.

Uses the speech component: an utterance (speech verb, feeling word or quote) whose
speaker resolves to the child counts, unless it is negated ("was not spoken to", "too young
to express her views"), hypothetical, or reported by an adult or professional in the same
sentence ("mum says Leah is happy", "mum worries that Leah is anxious", "happy according to
mum"). A quote after a reporting verb is that verb's speaker's ("Rebecca tells me Noah is
'fine'"); a baby under speech_months says nothing. Observations of the child (the child is
the one observed, not on someone's say-so) count for a pre-verbal child in any section and
for an older child in the voice section. Any section may hold it.
"""

from __future__ import annotations

from datetime import date

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import in_scope, sentence_of
from scoring.nlp.people import Mention

ADULT_ROLES = frozenset(
    {"mother", "father", "male_carer", "male_adult", "female_adult", "other", "parents"}
)


def age_in_months(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    return (on.year - dob.year) * 12 + on.month - dob.month - (1 if on.day < dob.day else 0)


def _about_child(mentions: list[Mention], s: int, e: int, sent: tuple[int, int]) -> bool | None:
    """Is the child the one observed at token s: the nearest person before it in the sentence
    ("Leah settled", "he babbled") or the one right after it ("soothed Leah")? None: nobody."""
    before = [m for m in mentions if sent[0] <= m.start < s]
    if before and before[-1].role == "child":
        return True
    if any(m.role == "child" and m.start == e for m in mentions):
        return True
    return None if not before else False


def _introduces_clause(lower: list[str], end: int) -> bool:
    """ "Mum worries that Leah is anxious": an adult's feeling about the child is their view."""
    return end < len(lower) and lower[end] == "that"


@check(
    "voice-of-child", slots=("observation", "hearsay"), params=("preverbal_months", "speech_months")
)
def voice_of_child(ctx: Context, rule: Rule) -> list[Finding]:
    months = age_in_months(ctx.report.child.date_of_birth, ctx.report.conference.date)
    preverbal = months is not None and months < int(rule.params.get("preverbal_months", 30))
    # A baby does not say things: "she says" next to "the baby" is the mother speaking.
    infant = months is not None and months < int(rule.params.get("speech_months", 12))
    for section, doc in ctx.sections():
        utterances = doc.user_data.get("utterances") or ()
        # "happy at home according to mum", "settled per mum": someone else's account.
        hearsay = [s for s, _ in ctx.hits(doc, rule, "hearsay")]
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        for u in utterances:
            if infant and u.kind != "feeling":
                continue
            speaker = u.speaker
            if speaker is None and section == "voice_of_child" and u.kind == "quote":
                speaker = "child"
            if speaker != "child":
                continue
            if in_scope(doc, u.start, "negated") or in_scope(doc, u.start, "hypothetical"):
                continue
            reported_by_adult = any(
                o.sent == u.sent
                and o.start < u.start
                and o.speaker in ADULT_ROLES
                and (o.kind == "speech" or _introduces_clause(lower, o.end))
                for o in utterances
            ) or (u.kind == "feeling" and any(u.sent[0] <= h < u.sent[1] for h in hearsay))
            if not reported_by_adult:
                return []
        # What was seen of the child: for a pre-verbal child anywhere, for an older child in
        # the voice section ("she was clingy and hid behind mum's legs"). The child must be
        # the one observed, and an adult's account ("mum says she is happy") is not an
        # observation.
        if preverbal or section == "voice_of_child":
            mentions = list(doc.user_data.get("mentions") or ())
            for s, e in ctx.hits(doc, rule, "observation"):
                if in_scope(doc, s, "negated"):
                    continue
                sent = sentence_of(doc, s)
                if any(
                    o.kind == "speech"
                    and o.sent == sent
                    and o.start < s
                    and o.speaker in ADULT_ROLES
                    for o in utterances
                ) or any(sent[0] <= h < sent[1] for h in hearsay):
                    continue
                about = _about_child(mentions, s, e, sent)
                if about or (about is None and section == "voice_of_child" and preverbal):
                    return []
    return [report_finding(rule, "voice_of_child")]
