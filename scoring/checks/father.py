"""father-absent: is the father or male carer addressed?

Mentions come from the people component (names from the household list, "dad", "Mr X",
"mum's partner", and pronouns resolved to them). A mention addresses him when, near it in
the same sentence, an engagement word is not negated (seen, spoke, his views, collects
her from nursery) or an explanation is given ("in custody", "declined", "by letter").
"No concerns about dad" alone is neither. The structured household fields seen and
views_sought also count.
"""

from __future__ import annotations

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import in_scope, sentence_of
from scoring.nlp.people import MALE_ROLES


@check("father-absent", slots=("engagement", "explanation", "dismissive"),
       params=("window_before", "window_after"))
def father_absent(ctx: Context, rule: Rule) -> list[Finding]:
    before = int(rule.params.get("window_before", 8))
    after = int(rule.params.get("window_after", 12))
    for member in ctx.cast.male_carers():
        person = member.person
        if person is not None and (person.seen or person.views_sought):
            return []
    mentioned = False
    for _section, doc in ctx.sections():
        mentions = [m for m in doc._.mentions or () if m.role in MALE_ROLES]
        if not mentions:
            continue
        mentioned = True
        engagement = ctx.hits(doc, rule, "engagement")
        explanation = ctx.hits(doc, rule, "explanation")
        dismissive = ctx.hits(doc, rule, "dismissive")
        for m in mentions:
            s_start, s_end = sentence_of(doc, m.start)
            lo, hi = max(s_start, m.start - before), min(s_end, m.end + after)
            inside_dismissive = {
                i for ds, de in dismissive if s_start <= ds < s_end for i in range(ds, de)
            }
            if any(lo <= s < hi for s, _ in explanation):
                return []
            for s, _e in engagement:
                if (lo <= s < hi and (s < m.start or s >= m.end) and s not in inside_dismissive
                        and not in_scope(doc, s, "negated")):
                    return []
    if mentioned:
        return [report_finding(
            rule, None, "The father or male carer is mentioned, but not addressed. " + rule.message
        )]
    return [report_finding(rule)]
