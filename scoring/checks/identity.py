"""identity-reflection: what ethnicity, culture, faith, language or identity mean for each child.

A listed fact ("White British, English") or a filler ("N/A", "no cultural issues") is not
reflection. A sentence counts when it holds an identity word and, separately, a reflection
word (means, important, impact, sense of belonging...) that is not part of the identity
words or a filler. Reflection in any section counts, but outside the identity section only
strong reflection words do ("because" there is usually about something else).
"""

from __future__ import annotations

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, child_findings
from scoring.nlp.context import sentence_bounds, span_in_scope


@check(
    "identity-reflection",
    slots=("identity", "reflection", "reflection_weak", "dismissive"),
    params=("section_min_words",),
)
def identity_reflection(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per child with no reflection: a child's own sections reflect for that
    child; a family section's sentence for the children it names, or for all when it names
    none ("The children's dual heritage means...")."""
    children = ctx.report.children
    keys = {c.key for c in children}
    reflected: set[str] = set()
    by_member = {i: m.child for i, m in enumerate(ctx.cast.members) if m.child in keys}
    for section, doc in ctx.sections():
        own = doc.user_data.get("child")
        if own in reflected:
            continue
        if section == "identity" and _section_reflects(ctx, rule, doc):
            reflected.add(own or "")
            continue
        for s_start, s_end in _reflecting_sentences(ctx, rule, section, doc):
            if own is not None:
                reflected.add(own)
                break
            named = {
                by_member[m.member]
                for m in doc.user_data.get("mentions") or ()
                if m.member in by_member and s_start <= m.start < s_end
            }
            reflected |= named or keys
        if keys <= reflected:
            return []
    missing = [c for c in children if c.key not in reflected]
    return child_findings(rule, "identity", missing, len(children))


def _reflecting_sentences(
    ctx: Context, rule: Rule, section: str, doc: Doc
) -> list[tuple[int, int]]:
    """Sentences with an identity word and, apart from it, a reflection word that is not a
    filler (outside the identity section only strong reflection words count)."""
    identity = ctx.hits(doc, rule, "identity")
    if not identity:
        return []
    reflection = _affirmed(doc, ctx.hits(doc, rule, "reflection"))
    if section == "identity":
        reflection += ctx.hits(doc, rule, "reflection_weak")
    dismissive = ctx.hits(doc, rule, "dismissive")
    found = []
    for s_start, s_end in sentence_bounds(doc):
        ident = [(s, e) for s, e in identity if s_start <= s < s_end]
        if not ident:
            continue
        covered = {i for s, e in ident for i in range(s, e)}
        covered |= {i for s, e in dismissive if s_start <= s < s_end for i in range(s, e)}
        if s_end - s_start >= 6 and any(
            s_start <= s < s_end and not covered.intersection(range(s, e)) for s, e in reflection
        ):
            found.append((s_start, s_end))
    return found


def _section_reflects(ctx: Context, rule: Rule, doc: Doc) -> bool:
    """A substantial identity section reflects even when no single sentence holds both parts:
    practitioners write the facts in one sentence and what they mean in the next."""
    words = list(filter(str.isalpha, doc.user_data.get("lower") or ()))
    if len(words) < int(rule.params.get("section_min_words", 30)):
        return False
    identity = ctx.hits(doc, rule, "identity")
    covered = {i for s, e in identity + ctx.hits(doc, rule, "dismissive") for i in range(s, e)}
    cues = _affirmed(doc, ctx.hits(doc, rule, "reflection"))
    cues += ctx.hits(doc, rule, "reflection_weak")
    return bool(identity) and any(not covered.intersection(range(s, e)) for s, e in cues)


_EFFECT_WORDS = frozenset(
    {
        "impact",
        "impacts",
        "affect",
        "affects",
        "matter",
        "matters",
        "mean",
        "means",
        "important",
        "importance",
        "influence",
        "influences",
        "relevant",
    }
)


def _affirmed(doc: Doc, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "No cultural needs that would impact on her care": a denied effect reflects nothing.
    Only the effect words are dropped when negated; "agreed to things she did not understand"
    still says what the language barrier means for her."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return [
        (s, e)
        for s, e in cues
        if not (lower[s] in _EFFECT_WORDS and span_in_scope(doc, s, e, "negated"))
    ]
