"""Advisory checks: low weight, severity advice or info; not canonical audit flags.

readability (per section, for the family), jargon (acronyms not expanded on first use),
unevidenced-opinion (judgement with nothing seen or heard beside it), other-children
(children in the household never mentioned), copied-text (long sentences repeated in
another section).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress

from scoring import readability
from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding, span_finding
from scoring.nlp.context import sentence_bounds
from scoring.resources import lexicons


@check("readability", params=("min_words", "min_reading_ease"))
def readability_check(ctx: Context, rule: Rule) -> list[Finding]:
    min_words = int(rule.params.get("min_words", 40))
    floor = float(rule.params.get("min_reading_ease", 40))
    findings = []
    for section, doc in ctx.sections():
        lower: list[str] = doc.user_data.get("lower") or []
        words = list(filter(str.isalpha, lower))
        if len(words) < min_words:
            continue
        ease = readability.reading_ease_of(words, len(sentence_bounds(doc)))
        if ease < floor:
            findings.append(
                report_finding(
                    rule,
                    section,
                    f"This section is hard to read (reading ease {ease:.0f}; "
                    f"aim for {floor:.0f} or more). " + rule.message,
                )
            )
    return findings


@check("jargon")
def jargon(ctx: Context, rule: Rule) -> list[Finding]:
    expansions: dict[str, str] = lexicons()["jargon"].get("expansions") or {}
    lowered_keys = _lowered_keys(expansions)
    seen: set[str] = set()
    findings = []
    for section, doc in ctx.sections():
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        if lowered_keys.isdisjoint(lower):
            continue  # no token is a jargon word in any case: the usual section
        orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        lower_text = doc.user_data["src"].lower()
        # Only tokens that are a jargon word in some case can be one as written.
        for i in compress(range(len(lower)), map(lowered_keys.__contains__, lower)):
            key = orth[i]
            if key not in expansions or key.upper() in seen:
                continue
            seen.add(key.upper())
            expansion = expansions[key]
            if (
                "(" in "".join(orth[i + 1 : i + 3])
                or expansion.lower().split(" (")[0] in lower_text
            ):
                continue
            findings.append(
                span_finding(
                    rule,
                    section,
                    doc,
                    i,
                    i + 1,
                    suggestion=f"Write it out the first time: {expansion} ({key}).",
                )
            )
    return findings


_lowered: list[tuple[dict[str, str], frozenset[str]]] = []


def _lowered_keys(expansions: dict[str, str]) -> frozenset[str]:
    """The jargon words in lower case, worked out once per word list (not per report)."""
    if not _lowered or _lowered[0][0] is not expansions:
        _lowered[:] = [(expansions, frozenset(key.lower() for key in expansions))]
    return _lowered[0][1]


@check("unevidenced-opinion", slots=("judgement", "evidence"))
def unevidenced_opinion(ctx: Context, rule: Rule) -> list[Finding]:
    findings = []
    for section, doc in ctx.sections():
        judgements = ctx.hits(doc, rule, "judgement")
        if not judgements:
            continue
        evidence = ctx.hits(doc, rule, "evidence")
        flagged_sentences = set()
        for s, e in judgements:
            bounds = [b for b in sentence_bounds(doc) if b[0] <= s < b[1]]
            if not bounds or bounds[0] in flagged_sentences:
                continue
            lo, hi = bounds[0]
            if any(lo <= x < hi and not (s <= x < e) for x, _ in evidence):
                continue
            flagged_sentences.add(bounds[0])
            findings.append(span_finding(rule, section, doc, s, e))
    return findings


@check("other-children")
def other_children(ctx: Context, rule: Rule) -> list[Finding]:
    text = "\n".join(doc.user_data["src"] for doc in ctx.units).lower()
    findings = []
    for member in ctx.cast.members:
        if member.role != "sibling" or not member.names:
            continue
        if not any(re.search(rf"\b{re.escape(n)}\b", text) for n in member.names):
            findings.append(
                report_finding(
                    rule,
                    "family_and_network",
                    "A child in the household is not mentioned anywhere in the report. "
                    + rule.message,
                )
            )
    return findings


@check("copied-text", params=("min_words",))
def copied_text(ctx: Context, rule: Rule) -> list[Finding]:
    min_words = int(rule.params.get("min_words", 12))
    first_seen: dict[str, str] = {}
    findings = []
    for section, doc in ctx.sections():
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        for lo, hi in sentence_bounds(doc):
            if hi - lo < min_words:
                continue  # fewer tokens than the words needed
            words = list(filter(str.isalpha, lower[lo:hi]))
            if len(words) < min_words:
                continue
            key = " ".join(words)
            where = first_seen.setdefault(key, section)
            if where != section:
                end = hi
                while end > lo + 1 and lower[end - 1].isspace():  # Token.is_space, by form
                    end -= 1
                findings.append(span_finding(rule, section, doc, lo, end))
    return findings
