"""smart-actions: the agency's actions say who, what, by when and how progress is measured.

The section as a whole must name who acts, give times and say how progress will be known,
with most actions timed. Then each action is judged on its own: a list item (numbered or
bulleted, one per line or run on as "1. ... 2. ..."), or in prose a sentence that commits
to something:

- who acts: the SUBJECT of the action's verb ("Mrs Carter will send...", "DC Marsh to
  flag..."), not a recipient or object ("...sent to the social worker"); a passive action
  ("Figures will be sent...") needs "by <who>"; shorthand without a verb needs a role or
  name that is not the object of a preposition ("DSL: weekly 1:1...");
- by when: a time in the action itself, not in its measure ("progress will be measured at
  each core group" dates the measure), or a time said once before the list; a relative
  time that only dates a follow-up step ("...and record it the same day") does not time an
  action that is itself "as and when needed" or "regularly";
- how progress will be known: where most actions of a list state it in so many words ("we
  will know...", "progress will be measured by...", "success is..."), each must.

"Ongoing support from school" dressed as an action has no subject and no time, so it is an
action that lacks them. Contingencies ("If she misses two sessions, I will...", "Any
breach: SW told the same day") are the plan's "what if", not actions owing a time of their
own. In prose the sentences are read together, as the labelled sets read them: a time or a
measure said once serves them all, and "She will..." continues the sentence before; but who
acts must still be each action's subject.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise
from typing import NamedTuple

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.commitments import Clause
from scoring.nlp.context import sentence_of
from scoring.nlp.tokens import case_tells

_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc"})

WHO = "who will do it"
WHEN = "by when"
MEASURE = "how progress will be measured"


@check(
    "smart-actions",
    slots=("ending", "actors", "times", "anchors", "hedges", "weak_times", "vague"),
    params=("min_timed_share",),
)
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
    if missing:
        return [
            report_finding(
                rule,
                "service_actions",
                "Your actions do not say " + ", ".join(missing) + ". " + rule.message,
            )
        ]
    gaps = [j for j in judge(doc, _Lexicons.of(ctx, doc, rule)) if j.lacks]
    if gaps:
        said = "; ".join(f"action {j.number} does not say {_join(j.lacks)}" for j in gaps)
        return [
            report_finding(
                rule, "service_actions", said[:1].upper() + said[1:] + ". " + rule.message
            )
        ]
    return []


def _join(parts: tuple[str, ...]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


class _Lexicons(NamedTuple):
    actors: list[tuple[int, int]]
    times: list[tuple[int, int]]
    hedges: list[tuple[int, int]]

    @classmethod
    def of(cls, ctx: Context, doc: Doc, rule: Rule) -> _Lexicons:
        return cls(
            sorted(ctx.hits(doc, rule, "actors")),
            sorted(ctx.hits(doc, rule, "times") + ctx.hits(doc, rule, "anchors")),
            sorted(
                ctx.hits(doc, rule, "hedges")
                + ctx.hits(doc, rule, "weak_times")
                + ctx.hits(doc, rule, "vague")
            ),
        )


class Judgement(NamedTuple):
    """One action: its number (as written: the list position, or the sentence in prose),
    its tokens and what it lacks."""

    number: int
    start: int
    end: int
    lacks: tuple[str, ...]


# Item markers at the start of a line: "1.", "2)", "-", "*", "•", "(a)".
_LINE_MARKER = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-*\u2022\u2013]|\(?[a-z]\))\s+", re.MULTILINE)
# Numbers run on in one paragraph: "...the review. 2. By 23/10 I will..." (kept only when
# they count up 1, 2, 3 or 14, 15).
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[.;:!?)] ))(\d{1,2})[.)] +(?=\S)", re.MULTILINE)


def _items(text: str) -> list[tuple[int, int]]:
    """Character spans of the words before a list and of each list item, from after its
    marker to the next marker; empty unless there are at least two items."""
    marks = [(m.start(), m.end()) for m in _LINE_MARKER.finditer(text)]
    if len(marks) < 2:
        numbered = [(m.start(), m.end(), int(m.group(1))) for m in _INLINE_NUMBER.finditer(text)]
        marks = []
        for k, (lo, hi, n) in enumerate(numbered):
            if k and n != numbered[k - 1][2] + 1:
                break
            marks.append((lo, hi))
    if len(marks) < 2:
        return []
    items = [(hi, nxt) for (_, hi), (nxt, _) in pairwise([*marks, (len(text), len(text))])]
    return [(0, marks[0][0]), *items]


def judge(doc: Doc, lex: _Lexicons) -> list[Judgement]:
    """Every action of the section with what it lacks (who, by when, how measured)."""
    text: str = doc.user_data["src"]
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    clauses: list[Clause] = list(doc.user_data.get("clauses") or ())
    spans = [(bisect_left(idx, lo), bisect_left(idx, hi)) for lo, hi in _items(text)]
    if spans:
        return _judge_list(doc, lex, clauses, spans)
    return _judge_prose(doc, lex, clauses)


def _judge_list(
    doc: Doc, lex: _Lexicons, clauses: list[Clause], spans: list[tuple[int, int]]
) -> list[Judgement]:
    """A list: each item stands on its own. Who and a time said before the list ("The
    health visitor will:", "Until the review conference:") serve every item (a time only
    those not themselves hedged); where most items state how progress will be known in so
    many words ("we will know...", "progress will be measured by...", "success is..."), an
    item that does not lacks it (elsewhere the section as a whole must say it)."""
    shared = _Parts.of(doc, lex, clauses, *spans[0])
    items = [(n, _Parts.of(doc, lex, clauses, lo, hi)) for n, (lo, hi) in enumerate(spans[1:], 1)]
    actions = [(n, p) for n, p in items if p.is_action]
    stated = sum(1 for _, p in actions if p.stated)
    each_measured = stated >= 2 and 2 * stated > len(actions)
    out = []
    before: _Parts | None = None
    for n, p in actions:
        same = p.same_as_before and before is not None
        lacks = []
        if not p.contingency:
            if not (p.who or shared.who or (same and before is not None and before.who)):
                lacks.append(WHO)
            if not (
                p.when
                or (shared.when and not p.hedged)
                or (same and before is not None and before.when)
            ):
                lacks.append(WHEN)
            if each_measured and not (p.stated or shared.stated):
                lacks.append(MEASURE)
        out.append(Judgement(n, p.start, p.end, tuple(lacks)))
        before = p
    return out


def _judge_prose(doc: Doc, lex: _Lexicons, clauses: list[Clause]) -> list[Judgement]:
    """Prose: each sentence that commits to something is an action. The sentences are read
    together, so a time said once serves them all (the section must still say one), and a
    sentence whose subject is "she" or "they" continues the one before; but who acts must
    be the subject of each action, not someone it is sent to."""
    sents: list[_Parts] = []
    for lo, hi in doc.user_data.get("sent_bounds") or [(0, len(doc))]:
        p = _Parts.of(doc, lex, clauses, lo, hi)
        if p.commits and not p.only_measure:
            sents.append(p)
    out = []
    for n, p in enumerate(sents, 1):
        before = sents[n - 2] if n > 1 else None
        lacks = []
        if not p.contingency and not (p.who or (p.continues and before is not None and before.who)):
            lacks.append(WHO)
        out.append(Judgement(n, p.start, p.end, tuple(lacks)))
    return out


_MODALS = frozenset({"will", "shall", "'ll", "must"})
_NOT_A_VERB = frozenset(
    {
        "the", "a", "an", "his", "her", "their", "our", "my", "your", "its", "this",
        "that", "these", "those", "each", "every", "all", "any", "social", "date",
    }
)  # fmt: skip
_BOUNDARY = frozenset({",", ";", ":", "-", "\u2013", "\u2014", "=", "if"})
_SELF = frozenset({"i", "we", "me", "us", "myself", "ourselves"})
_DETERMINERS = frozenset({"the", "a", "an", "our", "my", "their", "his", "her", "each"})
_PRONOUN = frozenset({"she", "he", "they"})
_THIS = frozenset({"this", "it", "which"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "dc", "pc", "ds", "di", "sgt"})
# Words before which an actor is the one acted on or sent to, not the one acting.
_RECIPIENT = frozenset(
    {"to", "with", "for", "from", "about", "at", "of", "on", "into", "via", "and", "inform",
     "tell", "send", "email", "ring", "phone", "call", "contact", "update", "notify"}
)  # fmt: skip
# Contingencies ("If Kwame misses his depot...", "Any breach of bail...", "late pick up =
# DSL rings SW") say what happens if something goes wrong: the "what if" of a SMART
# plan, not an action owing a timescale of its own.
_TRIGGERS = frozenset({"if", "any", "should", "whenever", "when", "where", "in"})
# How progress will be known, said in so many words.
_STATED = frozenset({"measured", "measure", "success", "successful", "target"})
_MEASURE_HEADS = frozenset({"know", "measured", "success", "progress", "target"})
# A time that only dates a follow-up step, relative to something else.
_RELATIVE = re.compile(r"^(?:within|in|the same|same|that)\b")


class _Parts(NamedTuple):
    start: int
    end: int
    is_action: bool  # a list item that is an action (not a heading or a note)
    commits: bool  # a sentence that commits to something ("will", "to do", "plan to")
    only_measure: bool  # "Progress will be measured by...": the measure of the one before
    contingency: bool
    who: bool
    continues: bool  # its subject is "she"/"they", or it has none of its own
    when: bool
    hedged: bool
    stated: bool
    same_as_before: bool  # "...to do the same for Mr Holt"

    @classmethod
    def of(cls, doc: Doc, lex: _Lexicons, all_clauses: list[Clause], lo: int, hi: int) -> _Parts:
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        clauses = [
            c._replace(start=max(c.start, lo), end=min(c.end, hi))
            for c in all_clauses
            if max(c.start, lo) < min(c.end, hi)
        ]
        measures = [c for c in clauses if _is_measure_statement(lower, c)]
        acting = [c for c in clauses if c not in measures]
        verbs = [(c, m) for c in acting for m in _verbs(doc, c)]
        subjects = [_subject(doc, lex, c, m) for c, m in verbs]
        # "...see Kacper as and when he needs it and record it the same day": a hedge on the
        # action itself leaves it untimed, whatever dates its follow-up steps.
        head = acting[:1]
        hedge = min(
            (s for s, _ in lex.hedges if any(c.start <= s < c.end for c in head)), default=None
        )
        hedged = hedge is not None
        times = [
            (s, e)
            for s, e in lex.times
            if any(c.start <= s < c.end for c in acting)
            and not (hedge is not None and hedge < s and _RELATIVE.match(" ".join(lower[s:e])))
        ]
        words = lower[lo:hi]
        first = next((w for w in words if w.isalpha()), "")
        contingency = (
            (first in _TRIGGERS and (first != "in" or "event" in words[:4]))
            or "=" in words
            or any(m + 2 < c.end and lower[m + 2] == "any" for c, m in verbs[:1])
        )
        if verbs:
            who = "actor" in subjects or (
                "pronoun" in subjects and _loose_actor(doc, lex, lo, verbs[0][1])
            )
        else:  # no verb of commitment: "DSL: weekly 1:1 with Arjan...", "Ongoing support"
            who = _loose_actor(doc, lex, lo, hi)
        same = any(a == "the" and b == "same" for a, b in pairwise(words)) and not any(
            a == "same" and b in ("day", "week", "working", "school") for a, b in pairwise(words)
        )
        return cls(
            lo,
            hi,
            bool(verbs) or any(c.future or c.actor for c in clauses) or hedged,
            bool(verbs) or any(c.future for c in clauses) or hedged,
            bool(measures) and not acting,
            contingency,
            who,
            not verbs or ("pronoun" in subjects and "actor" not in subjects),
            bool(times),
            hedged,
            bool(measures) or any(w in _STATED for w in words),
            same,
        )


def _is_measure_statement(lower: list[str], c: Clause) -> bool:
    return any(w in _MEASURE_HEADS for w in lower[c.start : min(c.start + 5, c.end)])


def _verbs(doc: Doc, c: Clause) -> list[int]:
    """The verbs of commitment in a clause: each "will"/"shall"/"must", and a bullet's
    "X to do" when it comes first ("DC Marsh to flag...", "Sean to be referred...")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    modals = [i for i in range(c.start, c.end) if lower[i] in _MODALS]
    upto = modals[0] if modals else c.end
    to = next((i for i in range(c.start, min(upto, c.start + 10)) if lower[i] == "to"), None)
    if (
        to is not None
        and to > c.start
        and to + 1 < c.end
        and _verb_like(doc, to + 1)
        and not any(lower[i] in (",", ":", "=") for i in range(c.start, to))
    ):
        modals.insert(0, to)
    return [
        m
        for m in modals
        if not (m + 1 < c.end and (lower[m + 1] == "know" or _knows(lower, m, c.end)))
    ]  # "we will know it is working": how progress is known, not an action


def _knows(lower: list[str], m: int, end: int) -> bool:
    return lower[m + 1] == "be" and any(w in _MEASURE_HEADS for w in lower[m + 1 : min(m + 4, end)])


def _verb_like(doc: Doc, i: int) -> bool:
    """A word written as a verb would be: in lower case (a name or heading is not one),
    unless the text is written in capitals."""
    w = doc[i].text
    if not case_tells(doc):
        w = w.lower()
    return w.isalpha() and w.islower() and w not in _NOT_A_VERB


def _subject(doc: Doc, lex: _Lexicons, c: Clause, m: int) -> str:
    """What the subject of the verb of commitment at m is: "actor" (a person or service who
    acts, or "by <who>" after a passive), "pronoun" ("she", "they", "this"), "passive" (no
    one named) or "none". Any subject of the item's commitments counts, a contingency's
    too ("...; if an adult collects who appears under the influence we will not release
    Amara"), but not the one who will know ("we will know it is working")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    passive = _passive(lower, m, c.end)
    lo = m
    while lo > c.start and lower[lo - 1] in _BOUNDARY:
        lo -= 1
    subject_end = lo
    while lo > c.start and lower[lo - 1] not in _BOUNDARY:
        lo -= 1
    if passive:
        if _by_agent(doc, lex, m, c.end):
            return "actor"
        # "...has placed a marker; this was completed on 20 August and will be reviewed":
        # the action named before, by whoever did it.
        return "pronoun" if any(lower[i] in _THIS for i in range(lo, subject_end)) else "passive"
    if subject_end == c.start:
        return "actor"  # "- will ring mum every Friday": a note's elided "I"
    return _who(doc, lex, lo, subject_end)


def _by_agent(doc: Doc, lex: _Lexicons, m: int, end: int) -> bool:
    """A passive names who acts: "...reviewed by the SENCo", "...seen by Mr Kowal", "by me"
    (not a time: "by 26 March", "by the next review")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    time_starts = {s for s, _ in lex.times}
    for i in range(m + 1, end - 1):
        if lower[i] != "by" or i in time_starts or (i + 1) in time_starts:
            continue
        if (
            lower[i + 1] in _SELF
            or lower[i + 1] in _DETERMINERS
            or _actor_at(lex, i + 1, min(i + 5, end))
        ):
            return True  # "by me", "by the dietitian", "by DC Achebe"
        nxt = doc[i + 1].text
        if nxt[:1].isupper() and nxt.isalpha() and case_tells(doc):
            return True
    return False


def _actor_at(lex: _Lexicons, lo: int, hi: int) -> bool:
    return any(lo <= s < hi for s, _ in lex.actors)


def _who(doc: Doc, lex: _Lexicons, lo: int, hi: int) -> str:
    """What the subject of an active verb of commitment is: an actor ("I", "we", a role, a
    name, "Mum"), a pronoun that continues the sentence before ("she", "this"), or nothing
    anyone could be held to (no subject: "Ongoing support, will continue"; a vague activity:
    "Monitoring will continue"). An active subject that is none of these is taken to be
    the one who acts: "The dietitian will...", "Visits will..." are not told apart here."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    words = range(lo, hi)
    if not words:
        return "none"
    if any(lower[i] in _SELF for i in words) or _actor_at(lex, lo, hi):
        return "actor"
    if any(lower[i] in _PRONOUN or lower[i] in _THIS for i in words):
        return "pronoun"
    if any(lo <= s < hi for s, _ in lex.hedges):
        return "none"
    return "actor"


# Past participles that do not end in -ed/-en: "will be sent", "to be held".
_PARTICIPLES = frozenset(
    {
        "sent", "told", "held", "kept", "met", "put", "set", "sought", "paid", "led", "read",
        "built", "found", "left", "heard", "rung", "said", "bought", "brought", "taught",
        "made", "done", "run", "cut", "let", "spent", "shown", "drawn", "seen", "got",
    }
)  # fmt: skip


def _passive(lower: list[str], m: int, end: int) -> bool:
    """ "will be sent", "to be reviewed", "will not be closely monitored"; not "will be
    weekly" or "will be the lead"."""
    i = m + 1
    if i < end and lower[i] == "not":
        i += 1
    if i >= end or lower[i] != "be":
        return False
    i += 1
    if i < end and lower[i].endswith("ly"):
        i += 1
    return i < end and (lower[i].endswith(("ed", "en", "wn")) or lower[i] in _PARTICIPLES)


def _loose_actor(doc: Doc, lex: _Lexicons, lo: int, hi: int) -> bool:
    """Shorthand with no verb of commitment names who acts by a role or name that is not
    the object of a preposition ("DSL (Ms Brennan): weekly 1:1...", "RHI within 72 hrs by
    DC Achebe"), not by someone things are sent to ("...results to the social worker",
    "Ongoing support from school")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    covered = {i for s, e in lex.actors if lo <= s < hi for i in range(s, e)}
    named = [s for s, _ in lex.actors if lo <= s < hi]
    named += [i for i in range(lo, hi) if lower[i] in _SELF or lower[i] in _TITLES]
    for s in named:
        j = s - 1
        while j >= lo and (j in covered or lower[j] in _DETERMINERS):
            j -= 1
        if j < lo or lower[j] not in _RECIPIENT:
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
