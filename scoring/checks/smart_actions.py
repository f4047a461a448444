"""smart-actions: the agency's actions say who, what, by when and how progress is measured.

The section as a whole must name who acts, give times and say how progress will be known,
with most actions timed. Then each action is judged on its own: a list item (numbered or
bulleted, one per line or run on as "1. ... 2. ..."), or in prose a sentence that commits
to something (actions written one to a line, with no markers, are items too):

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

Actions pasted as a table (pipe- or tab-separated rows under a header row that names its
columns: "Action | Who | By when | How we'll know") are read row by row: a row whose who
cell is empty or a placeholder ("TBC", "?", "-", "to be confirmed") lacks who, one whose
date cell is empty, a placeholder or only "ongoing" lacks by when, and one whose measure
cell is empty lacks the measure; a filled cell is taken at its word. Without such a column
the row is read as a list item.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.commitments import Clause, times_only
from scoring.nlp.context import NEGATION_WORDS, sentence_of
from scoring.nlp.quotes import quote_tokens
from scoring.nlp.tokens import BLANK_LINE, case_tells, written_as_name
from scoring.nlp.words import common_words
from scoring.resources import lexicons

_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc"})

WHO = "who will do it"
WHEN = "by when"
MEASURE = "how progress will be measured"


@check(
    "smart-actions",
    slots=(
        "ending",
        "actors",
        "times",
        "anchors",
        "hedges",
        "weak_times",
        "vague",
        "table",
        "deliverables",
        "critique",
    ),
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
    ending = ctx.hits(doc, rule, "ending")
    if ending and not _promises_after(doc, ending):
        return []  # involvement has ended or passed on: no actions are owed
    lex = _Lexicons.of(ctx, doc, rule)
    text = _with_tabs(doc.user_data["src"], ctx.report.section("service_actions"))
    table = _tabulated(text, lex)
    actions = _actions(doc)

    @cache
    def judged() -> list[Judgement]:  # each action's gaps, worked out once if asked for
        return judge(doc, lex, text)

    missing = []
    if table is not None:
        # A table's cells say who and by when row by row (judge); the sentences' clauses,
        # cut across its cells, cannot. Only a table with no measure column still needs
        # the section to say how progress will be measured.
        if not table.roles & {"measure"} and not any(a.measure or a.number for a in actions):
            missing.append("how progress will be measured")
    else:
        if (
            not any(a.actor for a in actions)
            and not _owner_labelled(doc, text)
            # "1. Des or Marjorie to write in the cafe log every Friday...": items whose
            # subjects are people the report does not otherwise name
            and not (_items(text) and any(WHO not in j.lacks for j in judged()))
        ):
            missing.append("who")
        if not any(a.time for a in actions):
            missing.append("by when")
        if not any(a.measure or a.number for a in actions):
            missing.append("how progress will be measured")
        timed = sum(1 for a in actions if a.time) / max(len(actions), 1)
        # (a list's items are each judged for their time below, owners named in their
        # headings and times shared from before the list included)
        if (
            not missing
            and timed < float(rule.params.get("min_timed_share", 0.5))
            and not _items(text)
        ):
            missing.append("by when (for most actions)")
    if missing:
        return [
            report_finding(
                rule,
                "service_actions",
                "Your actions do not say " + ", ".join(missing) + ". " + rule.message,
            )
        ]
    gaps = [j for j in judged() if j.lacks]
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
    table: _Columns | None = None
    deliverables: tuple[tuple[int, int], ...] = ()
    critique: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, ctx: Context, doc: Doc, rule: Rule) -> _Lexicons:
        return cls(
            sorted(ctx.hits(doc, rule, "actors")),
            sorted(
                times_only(doc.user_data.get("lower") or [], ctx.hits(doc, rule, "times"))
                + ctx.hits(doc, rule, "anchors")
            ),
            # a hedge quoted from the old plan ('recorded as "support Mum as needed"')
            # is the old plan's, not this one's; one written as a name ("Open Door") is a
            # service
            sorted(
                h
                for h in ctx.hits(doc, rule, "hedges")
                + ctx.hits(doc, rule, "weak_times")
                + ctx.hits(doc, rule, "vague")
                if not any(qs <= h[0] < qe for qs, qe in quote_tokens(doc))
                and not written_as_name(doc, *h)
            ),
            _Columns.of(rule.lexicons["table"]),
            tuple(ctx.hits(doc, rule, "deliverables")),
            tuple(ctx.hits(doc, rule, "critique")),
        )


class Judgement(NamedTuple):
    """One action: its number (as written: the list position, or the sentence in prose),
    its tokens and what it lacks."""

    number: int
    start: int
    end: int
    lacks: tuple[str, ...]


# Item markers at the start of a line: "1.", "2)", "-", "*", "•", "(a)".
# "1.", "2)", "-", "a)", and the action numbers of minutes and plans ("A1.", "A2:"); the
# first may follow the "A:" that answers a template's question ("A: - Damp survey...").
_LINE_MARKER = re.compile(
    r"^[ \t]*(?:A:[ \t]*)?(?:\d{1,2}[.)]|[A-Z]\d{1,2}[.):]|[-*\u2022\u2013]|\(?[a-z]\))\s+",
    re.MULTILINE,
)
# Numbers run on in one paragraph: "...the review. 2. By 23/10 I will..." (kept only when
# they count up 1, 2, 3 or 14, 15).
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[.;:!?)] ))(\d{1,2})[.)] +(?=\S)", re.MULTILINE)


def _items(text: str) -> list[tuple[int, int]]:
    """Character spans of the words before a list (after any question) and of each list
    item, from after its marker to the next marker (or, with no markers, each line:
    _lines); empty unless there are at least two items."""
    marks = [(m.start(), m.end()) for m in _LINE_MARKER.finditer(text)]
    if len(marks) < 2:
        numbered = [(m.start(), m.end(), int(m.group(1))) for m in _INLINE_NUMBER.finditer(text)]
        marks = []
        for k, (lo, hi, n) in enumerate(numbered):
            if k and n != numbered[k - 1][2] + 1:
                break
            marks.append((lo, hi))
    if len(marks) < 2:
        return _lines(text)
    items = [(hi, nxt) for (_, hi), (nxt, _) in pairwise([*marks, (len(text), len(text))])]
    # Items written one to a line: the last ends with its line, and what follows on later
    # lines (a comment, a sign-off) is not part of it.
    lo, hi = items[-1]
    if all("\n" not in text[a:b].strip() for a, b in items[:-1]):
        end = text.find("\n", lo, hi)
        items[-1] = (lo, hi if end < 0 else end)
    # A question before the list is the template's prompt ("Q: What will your agency do?
    # (Who, what, by when...?)"): it says nothing of who acts or when, so the words before
    # the list start after it.
    return [(text.rfind("?", 0, marks[0][0]) + 1, marks[0][0]), *items]


_LINE_WORDS = 60  # a line longer than this is a paragraph, not an action written as a line


def _lines(text: str) -> list[tuple[int, int]]:
    """Actions written one to a line with no markers ("Amir Khalid - weekly room
    inspection...", "Ongoing support for Leanne around her mood."): each line an item, when
    there are at least two and none is a paragraph."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    if len(spans) < 2 or any(len(text[a:b].split()) > _LINE_WORDS for a, b in spans):
        return []
    return [(0, 0), *spans]


def _with_tabs(src: str, raw: str) -> str:
    """The analysed text with the tabs of the text as written put back (the pipeline makes
    every space " ", one character for one): a pasted table's tabs part its cells."""
    if "\t" not in raw or len(raw) < len(src):
        return src
    tabs = [m.start() for m in re.finditer("\t", raw[: len(src)])]
    if not tabs or any(src[i] != " " for i in tabs):
        return src
    chars = list(src)
    for i in tabs:
        chars[i] = "\t"
    return "".join(chars)


def judge(doc: Doc, lex: _Lexicons, text: str | None = None) -> list[Judgement]:
    """Every action of the section with what it lacks (who, by when, how measured); text is
    the section as analysed, with its tabs if it has any (_with_tabs)."""
    if text is None:
        text = doc.user_data["src"]
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    clauses: list[Clause] = list(doc.user_data.get("clauses") or ())
    table = _tabulated(text, lex)
    if table is not None:
        return _judge_table(doc, lex, clauses, idx, table)
    spans = [(bisect_left(idx, lo), bisect_left(idx, hi)) for lo, hi in _items(text)]
    if spans:
        return _judge_list(doc, lex, clauses, spans)
    return _judge_prose(doc, lex, clauses)


def _tabulated(text: str, lex: _Lexicons) -> _Table | None:
    """The actions as a table: a pasted one, or records of labelled fields."""
    if lex.table is None:
        return None
    return _table(text, lex.table) or _field_records(text, lex.table)


def _judge_list(
    doc: Doc, lex: _Lexicons, clauses: list[Clause], spans: list[tuple[int, int]]
) -> list[Judgement]:
    """A list: each item stands on its own. Who and a time said before the list ("The
    health visitor will:", "Until the review conference:") serve every item (a time only
    those not themselves hedged); where most items state how progress will be known in so
    many words ("we will know...", "progress will be measured by...", "success is..."), an
    item that does not lacks it, unless it produces a record or document by a date ("update
    both notes by 19/03"), done by then or not (elsewhere the section as a whole must say
    it)."""
    shared = _Parts.of(doc, lex, clauses, *spans[0])
    items = [(n, _Parts.of(doc, lex, clauses, lo, hi)) for n, (lo, hi) in enumerate(spans[1:], 1)]
    actions = [(n, p) for n, p in items if p.is_action]
    stated = sum(1 for _, p in actions if p.stated)
    each_measured = stated >= 2 and 2 * stated > len(actions)
    # A list that names an owner item by item ("1. JS to meet Lacey...", "2. AK to give
    # Noah...") makes each item someone's job: one that names nobody ("3. Referral to the
    # counsellor to be made by 20/03") lacks an owner, whatever agency heads the list
    # ("School actions for the plan:").
    owned = sum(1 for _, p in actions if p.who)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    # ... unless the heading is the author's own ("What I (Pauline) will do until the next
    # meeting:"): then an item that names no one is the author's.
    shared_who = shared.who and (
        not (owned >= 2 and 2 * owned > len(actions))
        or _author_acts(lower, shared.start, shared.end)
    )
    # A list the author writes in the first person ("I check the register...", "I go
    # through the letters with her") is the author's: an item that names no one is theirs
    # too ("AFTER THE BIRTH - creche form in by 30/04/27").
    own = sum(1 for _, p in actions if p.who and _author_acts(lower, p.start, p.end))
    shared_who = shared_who or (own >= 2 and 2 * own > owned)
    out = []
    before: _Parts | None = None
    for n, p in actions:
        same = p.same_as_before and before is not None
        lacks = []
        if not p.contingency:
            if not (p.who or shared_who or (same and before is not None and before.who)):
                lacks.append(WHO)
            if not (
                p.when
                or (shared.when and not p.hedged)
                or (same and before is not None and before.when)
            ):
                lacks.append(WHEN)
            if each_measured and not (p.stated or shared.stated or p.deadline or p.consequence):
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
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "dc", "pc", "ds", "di", "sgt", "pcso", "dci", "insp",
     "sergeant", "inspector", "constable", "detective"}
)  # fmt: skip
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
_DEADLINES = frozenset({"by", "before", "on"})
_CONSEQUENCE_TRIGGERS = frozenset({"any", "if", "should", "unless"})
_MEASURE_HEADS = frozenset({"know", "measured", "success", "progress", "target"})
_GOALS = frozenset({"aim", "aims", "goal", "goals", "outcome", "outcomes", "target", "success"})
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
    deadline: bool  # a record or document due by a date: done by then or not is its measure
    # what happens on a trigger, after the action ("...; any activity treated within 5
    # working days"): the consequence a SMART plan states, standing for its measure
    consequence: bool = False

    @classmethod
    def of(cls, doc: Doc, lex: _Lexicons, all_clauses: list[Clause], lo: int, hi: int) -> _Parts:
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        # The clauses are in order and do not overlap: start at the first that ends after lo
        # (a list of thousands of items must not scan them all for each item).
        begin = bisect_right(all_clauses, lo, key=_clause_end)
        clauses = []
        for c in all_clauses[begin:]:
            if c.start >= hi:
                break
            if max(c.start, lo) < min(c.end, hi):
                clauses.append(c._replace(start=max(c.start, lo), end=min(c.end, hi)))
        span_lo = min((c.start for c in clauses), default=lo)
        span_hi = max((c.end for c in clauses), default=hi)
        near_hedges = _within(lex.hedges, span_lo, span_hi)
        near_times = _within(lex.times, span_lo, span_hi)
        measures = [c for c in clauses if _is_measure_statement(lower, c)]
        acting = [c for c in clauses if c not in measures]
        verbs = [(c, m) for c in acting for m in _verbs(doc, c, lex)]
        subjects = [_subject(doc, lex, c, m) for c, m in verbs]
        # "...see Kacper as and when he needs it and record it the same day": a hedge on the
        # action itself leaves it untimed, whatever dates its follow-up steps.
        head = acting[:1]
        hedge = min(
            (s for s, _ in near_hedges if any(c.start <= s < c.end for c in head)), default=None
        )
        hedged = hedge is not None
        times = [
            (s, e)
            for s, e in near_times
            if any(c.start <= s < c.end for c in acting)
            and not (
                hedge is not None
                and hedge < s
                and _RELATIVE.match(" ".join(lower[s:e]))
                # "...within 2 working days of it being reported": a deadline for each event
                # of a standing duty, not a follow-up's
                and not (e < len(lower) and lower[e] == "of")
            )
        ]
        words = lower[lo:hi]
        first = next((w for w in words if w.isalpha()), "")
        contingency = (
            (first in _TRIGGERS and (first != "in" or "event" in words[:4]))
            or "=" in words
            or any(m + 2 < c.end and lower[m + 2] == "any" for c, m in verbs[:1])
            or _on_a_trigger(words)
        )
        if verbs:
            who = "actor" in subjects or (
                "pronoun" in subjects and _loose_actor(doc, lex, lo, verbs[0][1])
            )
        else:  # no verb of commitment: "DSL: weekly 1:1 with Arjan...", "Ongoing support"
            who = _loose_actor(doc, lex, lo, hi)
        who = (
            who
            or _owner_label(doc, lo, hi)
            or _owner_in_brackets(doc, lo, hi)
            or _already_done(words)
        )
        same = any(a == "the" and b == "same" for a, b in pairwise(words)) and not any(
            a == "same" and b in ("day", "week", "working", "school") for a, b in pairwise(words)
        )
        # An item with no verb of commitment that reports or criticises the old plan ("The
        # ICPC plan said the school would 'monitor attendance'. That did not say who...,
        # so I have replaced it with the following.") introduces the actions; it is none.
        # A comparison ("weekly rather than fortnightly") is no critique of the old plan.
        critiqued = not verbs and any(
            lo <= s < hi and " ".join(lower[s:e]) not in _COMPARING for s, e in lex.critique
        )
        return cls(
            lo,
            hi,
            # An item with a date is an action ("Referral to the group by 31/07"), unless it
            # states the goal ("Aim: THC down by half by the review").
            not critiqued
            and (
                bool(verbs)
                or any(c.future or c.actor for c in clauses)
                or hedged
                or (bool(times) and first not in _GOALS)
            ),
            bool(verbs) or any(c.future for c in clauses) or hedged,
            bool(measures) and not acting,
            contingency,
            who,
            not verbs or ("pronoun" in subjects and "actor" not in subjects),
            bool(times),
            hedged,
            bool(measures) or any(w in _STATED for w in words),
            same,
            any(lower[s] in _DEADLINES or (s and lower[s - 1] in _DEADLINES) for s, _ in times)
            and any(lo <= s < hi for s, _ in lex.deliverables),
            any(
                lower[k] in _CONSEQUENCE_TRIGGERS and lower[k - 1] in (";", ",", "-", "\u2013")
                for k in range(lo + 1, hi)
            ),
        )


_DASHES = frozenset({"-", "\u2013", "\u2014"})
# Acronyms that head a line as a topic, not as someone's initials ("CIN: ...").
_ACRONYMS = frozenset(lexicons()["jargon"].get("expansions") or ())
_NOT_OWNERS = frozenset({"child", "sibling"})


def _owner_label(doc: Doc, lo: int, hi: int) -> bool:
    """An item headed by the one who owns it, as action logs and case records write their
    staff: "PT: weekly sessions...", "Sunita Mehra: mould treatment by...", "Kasia
    Zielinska (key person): finish...", "Marcus Oyelaran - supervise...", "Play specialist
    (Megan Lowe): weekly...". The label before the colon (or dash) names a person when every
    word of it outside brackets, or the two or three words in its brackets, is a name (a
    capitalised word that is not an everyday word: not "Next steps:" or "Target:") or
    someone's initials (two or three capitals that are not a known acronym), and none of
    them is a child of the report (a family's actions grouped by child: "Noah: breakfast
    club daily")."""
    if not case_tells(doc):
        return False
    words: list[int] = []
    bracketed: list[int] = []  # "Play specialist (Megan Lowe):": the name in brackets
    depth = 0
    for i in range(lo, min(hi, lo + 12)):
        t = doc[i].text  # the tokeniser may join brackets and colon: "):"
        if t.strip("():") and not t.isspace() and t not in _DASHES and t != "|":
            (bracketed if depth else words).append(i)
        depth += t.count("(") - t.count(")")
        if not depth and (t.endswith(":") or t in _DASHES or t == "|"):
            if words and all(_numbering(doc[w].text) for w in words) and not t.endswith(":"):
                words = []  # "ACTION 1 - Siobhan Tait: ...": the record's number, then its owner
                continue
            break  # "Amir Hussain | refer Dave to...": a table row without its header
    else:
        return False  # no label: no colon near the start
    if _names_someone(doc, words) or _names_someone(doc, bracketed, fewest=2):
        return True
    return _joint_owners(doc, words)


# Critique cues that compare rather than report the old plan ("weekly rather than
# fortnightly" is an action).
_COMPARING = frozenset(
    {"rather than", "instead of", "not just", "not simply", "not merely", "not only", "more than"}
)


def _numbering(word: str) -> bool:
    """A word of an item's number heading ("ACTION 1", "Task 3")."""
    return word.isdigit() or word.lower() in ("action", "task", "item", "step", "no", "no.")


def _names_someone(doc: Doc, named: list[int], fewest: int = 1) -> bool:
    """The tokens are one person's name or initials (fewest to three words), and not a
    child of the report (a family's actions grouped by child: "Noah: breakfast club")."""
    return (
        fewest <= len(named) <= 3
        and all(_person_word(doc[i].text.strip("():")) for i in named)
        and not any(_a_child_at(doc, i) for i in named)
    )


_JOINERS = frozenset({"and", "&", "/", ",", "+"})


def _joint_owners(doc: Doc, words: list[int]) -> bool:
    """ "Head and Daniel Osei:", "SENCO / Mrs Patel:": owners joined by "and", "&" or "/".
    Each is a name or a capitalised title, and at least one is a name. With "with", the
    one named before it."""
    if any(doc[i].lower_ == "with" for i in words):
        # "Nadia Kowalczyk with Jade:", "O. Pritchard with the school nurse:": the one
        # named before "with" owns the item; the others work with them.
        lead = words[: next(k for k, i in enumerate(words) if doc[i].lower_ == "with")]
        return _names_someone(doc, lead)
    parts: list[list[int]] = [[]]
    for i in words:
        if doc[i].lower_ in _JOINERS:
            parts.append([])
        else:
            parts[-1].append(i)
    if len(parts) < 2 or not all(1 <= len(p) <= 3 for p in parts):
        return False
    names = [all(_person_word(doc[i].text.strip("():")) for i in p) for p in parts]
    titles = [len(p) == 1 and doc[p[0]].text[:1].isupper() for p in parts]
    return (
        any(names)
        and all(n or t for n, t in zip(names, titles, strict=True))
        and not any(_a_child_at(doc, i) for p in parts for i in p)
    )


def _author_acts(lower: list[str], lo: int, hi: int) -> bool:
    """ "I check the register...", "we will ring": the author is the subject of something
    done in [lo, hi) ("we will know it has happened" is how progress is known, not an act)."""
    for k in range(lo, hi - 1):
        if lower[k] in ("i", "we"):
            nxt = lower[k + 1 : k + 3]
            if not (nxt[:1] == ["know"] or nxt == ["will", "know"] or nxt == ["'ll", "know"]):
                return True
    return False


def _already_done(words: list[str]) -> bool:
    """ "An L&D flag has been placed on the custody system until 28/12", "Safeguarding
    referral submitted from scene 14/04/27 21:15 - done.": what the author has already
    done, recorded among the actions, owes no owner."""
    last = next((k for k in range(len(words) - 1, -1, -1) if words[k].isalpha()), -1)
    recorded = (
        last >= 1 and words[last] in _DONE_MARKS and words[last - 1] in _STATUS_MARKS
    )  # "- done", not "to be completed"
    return recorded or any(
        a in ("has", "have") and b == "been" and (c.endswith("ed") or c in _PARTICIPLES)
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
    )


_DONE_MARKS = frozenset({"done", "completed"})
_STATUS_MARKS = _DASHES | {":", ","}


def _owner_in_brackets(doc: Doc, lo: int, hi: int) -> bool:
    """ "Appointment letters to be sent from 07/04/27 (Gail Whitworth; checked at each
    search)": a passive item whose owner is named in brackets, first thing in them."""
    if not case_tells(doc):
        return False
    for i in range(lo, hi - 1):
        if doc[i].text != "(":
            continue
        named = []
        for j in range(i + 1, min(i + 5, hi)):
            t = doc[j].text
            if t in (";", ",", ")", ":", "-"):
                break
            named.append(j)
        else:
            continue
        if _names_someone(doc, named, fewest=2):
            return True
    return False


def _a_child_at(doc: Doc, i: int) -> bool:
    """Token i is a mention of a child of the report (mentions are sorted by start)."""
    mentions = doc.user_data.get("mentions") or ()
    k = bisect_right(mentions, i, key=lambda m: m.start) - 1
    return k >= 0 and mentions[k].end > i and mentions[k].role in _NOT_OWNERS


def _owner_labelled(doc: Doc, text: str) -> bool:
    """Some list item is headed by its owner ("PT: weekly sessions...")."""
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    return any(
        _owner_label(doc, bisect_left(idx, lo), bisect_left(idx, hi)) for lo, hi in _items(text)[1:]
    )


_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")  # "O.", "J.S."


def _person_word(w: str) -> bool:
    if _INITIALS.match(w):
        return True
    if not w.isalpha():
        return False
    if w.isupper():  # initials ("JS"), or a rank written in capitals ("PCSO Vance")
        return (2 <= len(w) <= 3 and w not in _ACRONYMS) or w.lower() in _TITLES
    low = w.lower()
    return w[0].isupper() and w[1:].islower() and (low in _TITLES or low not in common_words())


def _on_a_trigger(words: list[str]) -> bool:
    """ "I will refer to MAPPA if any incident is reported", "If 3 payments in a row are
    missed, I will ask for a meeting": an action that waits for an event (any, another, a
    further one or a counted number of them) is a contingency, whatever comes first."""
    return any(
        w == "if" and any(x in _TRIGGER_EVENTS or x.isdigit() for x in words[k + 1 : k + 4])
        for k, w in enumerate(words)
    )


_TRIGGER_EVENTS = frozenset({"any", "another", "further", "two", "three", "four", "five", "more"})


def _clause_end(c: Clause) -> int:
    return c.end


def _within(spans: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans (sorted) that start in [lo, hi)."""
    return spans[bisect_left(spans, (lo,)) : bisect_left(spans, (hi,))]


def _is_measure_statement(lower: list[str], c: Clause) -> bool:
    return any(w in _MEASURE_HEADS for w in lower[c.start : min(c.start + 5, c.end)])


def _named_before(lower: list[str], lex: _Lexicons, lo: int, hi: int) -> bool:
    """Someone who could act is named in lower[lo:hi] ("Mrs Carter to ask for...")."""
    return _actor_at(lex, lo, hi) or any(
        lower[i] in _SELF or lower[i] in _TITLES for i in range(lo, hi)
    )


def _verbs(doc: Doc, c: Clause, lex: _Lexicons) -> list[int]:
    """The verbs of commitment in a clause: each "will"/"shall"/"must", and a bullet's
    "X to do" when it comes first ("DC Marsh to flag...", "Sean to be referred..."). A
    passive "to be done" is the bullet's verb after an earlier "to" with no one named before
    it ("an application to housing for the family to be sent by..." is one to be sent,
    by nobody named; "Mrs Carter to ask for Kacper to be seen" is Mrs Carter's)."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    modals = [i for i in range(c.start, c.end) if lower[i] in _MODALS]
    upto = modals[0] if modals else c.end
    tos = [i for i in range(c.start, min(upto, c.start + 15)) if lower[i] == "to"]
    to = next((i for i in tos if i < c.start + 10), None)
    if to is not None and not _named_before(lower, lex, c.start, to):
        to = next((i for i in tos if _passive(lower, i, c.end)), to)
    # A fronted time or condition ("Until treatment, M. Reddy to deliver...") leaves the
    # bullet's "X to do" after its comma.
    start = c.start
    if to is not None and lower[start] in _FRONTERS and "," in lower[start:to]:
        start = max(i for i in range(start, to) if lower[i] == ",") + 1
    if (
        to is not None
        and to > start
        and to + 1 < c.end
        and _verb_like(doc, to + 1)
        and not any(lower[i] in (",", ":", "=") for i in _outside_aside(lower, start, to))
    ):
        modals.insert(0, to)
    return [
        m
        for m in modals
        if not (m + 1 < c.end and (lower[m + 1] == "know" or _knows(lower, m, c.end)))
    ]  # "we will know it is working": how progress is known, not an action


# Words that open an aside naming who else takes part: "Priya Lall, with Steven and
# Jamie, to arrange the clear-out" is Priya Lall's action.
_ASIDES = frozenset({"with", "alongside", "supported", "jointly", "together", "helped"})


def _aside(lower: list[str], lo: int, hi: int) -> tuple[int, int] | None:
    """The last ", with ... ," aside in [lo, hi): where its opening comma and closing comma
    are, or None."""
    commas = [i for i in range(lo, hi) if lower[i] == ","]
    if len(commas) >= 2 and lower[commas[-2] + 1] in _ASIDES and commas[-1] == hi - 1:
        return commas[-2], commas[-1]
    return None


def _outside_aside(lower: list[str], lo: int, hi: int) -> range | list[int]:
    """The token positions in [lo, hi) outside a ", with ... ," aside just before hi."""
    aside = _aside(lower, lo, hi)
    if aside is None:
        return range(lo, hi)
    return [i for i in range(lo, hi) if not aside[0] <= i <= aside[1]]


_FRONTERS = frozenset(
    {"until", "till", "from", "by", "each", "every", "after", "before", "once", "while",
     "during", "following", "in", "on", "at", "for", "between"}
)  # fmt: skip


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
    aside = _aside(lower, c.start, m)
    if aside is not None:
        lo = aside[0]  # "Priya Lall, with Steven and Jamie, to arrange": Priya Lall's
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
    (not a time: "by 26 March", "by the next review", "by the 3rd of June": a time
    that starts after the determiner)."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    time_starts = {s for s, _ in lex.times}
    for i in range(m + 1, end - 1):
        if lower[i] != "by" or not time_starts.isdisjoint((i, i + 1)):
            continue
        if lower[i + 1] in _DETERMINERS and (i + 2) in time_starts:
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


def _commits_in(doc: Doc, lex: _Lexicons, clauses: list[Clause], lo: int, hi: int) -> bool:
    """A verb of commitment ("will", "to be arranged") in [lo, hi)."""
    return any(
        _verbs(doc, c._replace(start=max(c.start, lo), end=min(c.end, hi)), lex)
        for c in clauses
        if c.start < hi and lo < c.end
    )


def _promises_after(doc: Doc, ending: list[tuple[int, int]]) -> bool:
    """After saying it has ended, the section goes on to promise something of its own
    ("Mason has been discharged... Ward will liaise with community teams as needed"):
    those promises are actions, and owed as any are."""
    last = max(e for _, e in ending)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        c.future
        and c.actor
        and c.start >= last
        # "the health visitor, not midwifery, will tell the social worker": someone else's
        and not NEGATION_WORDS.intersection(lower[c.start : c.end])
        for c in doc.user_data.get("clauses") or ()
    )


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


# --- Actions pasted as a table ---------------------------------------------------------

Cell = tuple[int, int, str]  # the character span of a cell's text, and the text stripped


class _Columns(NamedTuple):
    """What a header cell calls its column, and what an unfilled cell holds."""

    names: tuple[tuple[str, re.Pattern[str]], ...]  # role, its header words
    placeholders: frozenset[str]

    @staticmethod
    @cache
    def of(name: str) -> _Columns:
        classes: dict[str, list[str]] = lexicons()[name].get("classes") or {}
        names = tuple(
            (
                role,
                re.compile(
                    r"(?<![\w'])(?:"
                    + "|".join(re.escape(t) for t in sorted(classes[role], key=len, reverse=True))
                    + r")(?![\w'])"
                ),
            )
            for role in ("who", "when", "measure", "action")
        )
        return _Columns(names, frozenset(_plain(t) for t in classes.get("placeholders") or ()))

    def role(self, header: str) -> str | None:
        words = _plain(header)
        if not words or len(words.split()) > 8:
            return None
        return next((role for role, pattern in self.names if pattern.search(words)), None)

    def unfilled(self, cell: str) -> bool:
        """Empty, or a placeholder standing for a name or date not yet known ("TBC",
        "TBC - SW to confirm", "?")."""
        words = _plain(cell)
        if not words or words in self.placeholders:
            return True
        head = re.split(r"\s+[-\u2013\u2014(/]\s*|\s*\(", words, maxsplit=1)[0].strip()
        return head in self.placeholders


def _plain(cell: str) -> str:
    return " ".join(cell.lower().replace("\u2019", "'").strip(" *#:_").split())


class _Row(NamedTuple):
    number: int
    start: int  # characters
    end: int
    cells: dict[str, Cell]  # by column role ("who", "when", "measure", "action")


class _Table(NamedTuple):
    start: int  # characters, from the header row
    end: int
    rows: list[_Row]
    roles: frozenset[str]  # the columns its header names


_RULE_CELL = re.compile(r"^:?-{2,}:?$")


def _cells(at: int, line: str, dashed: int = 0) -> list[Cell]:
    """A row's cells: split at "|" (markdown's outer pipes dropped) or else at tabs; in a
    table whose header is split by spaced dashes ("Action - Owner - By - Evidence"), at
    those dashes, with any dash beyond the header's `dashed` cells left in the first cell
    (the action's own words are the likeliest to hold one)."""
    body = line.rstrip("\r\n")
    if dashed:
        cuts = [(m.start(), m.end()) for m in _DASH_SEP.finditer(body)]
        cuts = cuts[max(0, len(cuts) - dashed + 1) :]
        bounds = [0, *(x for c in cuts for x in c), len(body)]
        parts = [(bounds[k], body[bounds[k] : bounds[k + 1]]) for k in range(0, len(bounds), 2)]
        return [
            (at + lo + len(t) - len(t.lstrip()), at + lo + len(t.rstrip()), t.strip())
            for lo, t in parts
        ]
    sep = "|" if "|" in body else "\t"
    cells: list[Cell] = []
    lo = 0
    for part in body.split(sep):
        stripped = part.strip()
        first = lo + len(part) - len(part.lstrip())
        cells.append((at + first, at + first + len(stripped), stripped))
        lo += len(part) + 1
    if sep == "|" and len(cells) > 1:
        if not cells[0][2] and body.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1][2] and body.rstrip().endswith("|"):
            cells = cells[:-1]
    return cells


_DASH_SEP = re.compile(" [-\u2013\u2014] ")


def _table(text: str, columns: _Columns) -> _Table | None:
    """The first table in the text whose header row names its columns (two or more cells
    that name one, who or by when among them, at most one that does not), with its rows up
    to the first line that is not a row. Cells are split by "|", tabs or, where the header
    is split so ("Action - Owner - By - Evidence"), by spaced dashes."""
    dashes = " - " in text or " \u2013 " in text or " \u2014 " in text
    if "|" not in text and "\t" not in text and not dashes:
        return None
    lines: list[tuple[int, str]] = []
    at = 0
    for line in text.splitlines(keepends=True):
        lines.append((at, line))
        at += len(line)
    for k, (at, line) in enumerate(lines):
        dashed = 0
        if "|" not in line and "\t" not in line:
            if not dashes or not _DASH_SEP.search(line):
                continue
            dashed = len(_DASH_SEP.findall(line)) + 1
            if dashed < 3 or len(line.split()) > 3 * dashed:
                continue  # a header names its columns in a word or two each
        header = _cells(at, line, dashed)
        roles = [columns.role(c[2]) for c in header]
        named = [r for r in roles if r is not None]
        if len(named) < 2 or not {"who", "when"} & set(named) or len(roles) - len(named) > 1:
            continue
        rows: list[_Row] = []
        end = at + len(line)
        for row_at, row_line in lines[k + 1 :]:
            if not row_line.strip():
                continue
            if dashed:
                if len(_DASH_SEP.findall(row_line)) + 1 < dashed:
                    break
            elif "|" not in row_line and "\t" not in row_line:
                break
            cells = _cells(row_at, row_line, dashed)
            end = row_at + len(row_line)
            if all(not c[2] or _RULE_CELL.match(c[2]) for c in cells):
                continue  # "---|---" or an empty row
            by_role: dict[str, Cell] = {}
            for n, role in enumerate(roles):
                if role is not None and role not in by_role:
                    by_role[role] = cells[n] if n < len(cells) else (end, end, "")
            rows.append(_Row(len(rows) + 1, row_at, end, by_role))
        if rows:
            return _Table(at, end, rows, frozenset(named))
    return None


# A field of an action written as a record ("Lead: Mr Ali", "Timescale: to 31/03/27"): its
# label at a line's start (after a list's number or bullet: "2) WHO: ...") or after a
# sentence.
_FIELD = re.compile(
    r"(?:^|(?<=[.;]) |(?<=\n))[ \t]*(?:(?:\d{1,2}[.)]|[-*\u2022])[ \t]+)?"
    r"([A-Za-z][A-Za-z0-9'’ /]{0,30}?)[ \t]*:[ \t]*",
    re.MULTILINE,
)


# Words at most in a record's heading before its fields ("ACTION 1", "Action 1 - Move.").
_HEADING_WORDS = 4
_TITLE_WORDS = 10  # words at most in the title line over the first record


def _field_records(text: str, columns: _Columns) -> _Table | None:
    """Actions written as records of labelled fields, one to a line or run on ("Action:
    weekly sessions. Lead: Mr Ali. Timescale: to 31/03/27. Measure: notes to SW"), read
    as the rows of a table: a record starts where a field repeats, at a new list item,
    after a blank line, or (in a text with neither) at an action field. None unless some
    record has a who or a when field beside another."""
    if ":" not in text:
        return None
    fields: list[tuple[str, int, int]] = []  # role, where its label starts, where its value starts
    for m in _FIELD.finditer(text):
        label = m.group(1).strip()
        role = columns.role(label) if len(label.split()) <= 4 else None
        if role is not None:
            fields.append((role, m.start(1), m.end()))
    if len(fields) < 2:
        return None
    rows: list[_Row] = []
    cells: dict[str, Cell] = {}
    row_start = fields[0][1]
    # In a numbered or bulleted list each item is one record, whatever order its fields
    # come in ("5. Mum. Who: ... When: ... What: smear offered").
    items = [m.start() for m in _LINE_MARKER.finditer(text)]
    # Records set apart by blank lines ("WHO: ...\nWHAT: ...\n\nWHO: ...") start after one,
    # whatever field comes first.
    blanks = [m.start() for m in BLANK_LINE.finditer(text)]
    for n, (role, label_at, value_at) in enumerate(fields):
        new_item = bool(items) and any(
            fields[n - 1][2] <= at < label_at for at in items[bisect_left(items, row_start) :]
        )
        after_blank = any(fields[n - 1][2] <= at < label_at for at in blanks) if n else False
        if cells and (
            role in cells
            or new_item
            or after_blank
            or (role == "action" and not items and not blanks)
        ):
            rows.append(_Row(len(rows) + 1, row_start, label_at, cells))
            cells, row_start = {}, label_at
        end = fields[n + 1][1] if n + 1 < len(fields) else len(text)
        value = text[value_at:end].rstrip()
        cells[role] = (value_at, value_at + len(value), value.strip(" .;"))
    rows.append(_Row(len(rows) + 1, row_start, len(text), cells))
    if not any(len(r.cells) >= 2 and {"who", "when"} & r.cells.keys() for r in rows):
        return None
    roles = frozenset(role for r in rows for role in r.cells)
    return _Table(fields[0][1], len(text), rows, roles)


def _judge_table(
    doc: Doc, lex: _Lexicons, clauses: list[Clause], idx: list[int], table: _Table
) -> list[Judgement]:
    """Each row of the table is an action. A who, date or measure column speaks for its row:
    an empty or placeholder cell lacks it, and a date cell that only hedges ("Ongoing", "as
    needed") with no time in it lacks a time; without the column the row is read as a list
    item would be. A contingency ("If she misses two sessions...") owes no time. Sentences
    outside the table are read as prose, numbered after its rows."""
    assert lex.table is not None
    columns = lex.table

    def tokens(lo: int, hi: int) -> tuple[int, int]:
        return bisect_left(idx, lo), bisect_left(idx, hi)

    def in_cell(hits: list[tuple[int, int]], cell: Cell) -> bool:
        lo, hi = tokens(cell[0], cell[1])
        return any(lo <= s < hi for s, _ in hits)

    out = []
    for row in table.rows:
        lo, hi = tokens(row.start, row.end)
        p = _Parts.of(doc, lex, clauses, lo, hi)
        action = row.cells.get("action")
        contingency = (
            _Parts.of(doc, lex, clauses, *tokens(action[0], action[1])).contingency
            if action is not None and action[2]
            else p.contingency
        )
        lacks = []
        who = row.cells.get("who")
        if not contingency and (columns.unfilled(who[2]) if who is not None else not p.who):
            lacks.append(WHO)
        when = row.cells.get("when")
        if when is not None:
            untimed = columns.unfilled(when[2]) or (
                in_cell(lex.hedges, when) and not in_cell(lex.times, when)
            )
        else:
            untimed = not p.when
        if untimed and not contingency:
            lacks.append(WHEN)
        measure = row.cells.get("measure")
        if measure is not None and columns.unfilled(measure[2]) and not contingency:
            lacks.append(MEASURE)
        out.append(Judgement(row.number, lo, hi, tuple(lacks)))
    first, last = tokens(table.start, table.end)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    # The line right above the table, short, with no field of its own and committing to
    # nothing, is the first record's title ("ACTION 1 - Emergency care for Hiwet" over
    # "Who: ..."), as the later records' titles inside the table are.
    src: str = doc.user_data["src"]
    nl = src.rfind("\n", 0, table.start)
    above = src.rfind("\n", 0, max(nl, 0)) + 1
    title = src[above:nl].strip() if nl > 0 and not src[nl : table.start].strip() else ""
    titled = (
        bool(title)
        and len(title.split()) <= _TITLE_WORDS
        and not _commits_in(doc, lex, clauses, *tokens(above, nl))
    )
    title_lo = tokens(above, above)[0] if titled else first
    prose = [
        j
        for j in _judge_prose(doc, lex, clauses)
        if (j.end <= first or j.start >= last)
        and not (title_lo <= j.start and j.end <= first)
        # a record's own heading before its fields ("ACTION 1", "Action 1 - Move.") is
        # no action of its own
        and sum(w.isalpha() for w in lower[j.start : j.end]) > _HEADING_WORDS
    ]
    out += [j._replace(number=len(out) + n) for n, j in enumerate(prose, 1)]
    return out
