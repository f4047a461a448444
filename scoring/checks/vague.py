"""vague-language: phrases that commit to nothing checkable.

A phrase from the vague lexicons is not flagged when the author quotes it or criticises it
("the last plan said 'continue to monitor', which did not say..."), when it is negated
("rather than just monitoring"), or when its clause is a specific commitment with a time
and a measure ("continue to weigh Leah every two weeks and share the weights with the GP").
A date already past when the report was written, before the phrase ("as in the plan of
November 2025, school will continue to monitor"), does not make its clause specific.
Softer phrases ("support the family", "regularly") count only when offered as a plan.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.calendar import latest_day
from scoring.checks import Context, Rule, check, span_finding
from scoring.nlp.commitments import Clause, clause_at
from scoring.nlp.context import sentence_of, span_in_scope
from scoring.nlp.tokens import list_items, written_as_name

_NOT_VERBS = frozenset(
    {
        "the",
        "a",
        "an",
        "her",
        "him",
        "them",
        "his",
        "their",
        "mum",
        "mother",
        "dad",
        "father",
        "parents",
        "family",
        "carers",
        "both",
        "all",
        "any",
    }
)


def _longest_first(spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    kept: list[tuple[int, int, bool]] = []
    for start, end, strong in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            last = kept[-1]
            if end > last[1]:
                # Overlapping phrases ("ongoing support as needed") make one span.
                kept[-1] = (last[0], end, last[2] or strong)
            continue
        kept.append((start, end, strong))
    return kept


def _quoted(doc: Doc, start: int, end: int) -> bool:
    return any(qs <= start and end <= qe for qs, qe in doc.user_data.get("quotes") or ())


def _critiqued(doc: Doc, critique: list[tuple[int, int]], start: int) -> bool:
    """A critique cue in the phrase's sentence. One that only points at an old plan ("the
    last plan said", "as the previous plan said") criticises only with a negation or a
    replacement in the sentence ("...which did not say how often"); otherwise the author is
    promising the same again."""
    s_start, s_end = sentence_of(doc, start)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    cues = [(c, e) for c, e in critique if s_start <= c < s_end]
    if not cues:
        return False
    if any(not ({"plan", "action"} & set(lower[c:e])) for c, e in cues):
        return True
    scopes = doc.user_data.get("scopes") or ()
    return any(cat == "negated" and s_start <= a < s_end for cat, a, _b in scopes) or any(
        w.startswith("replac") for w in lower[s_start:s_end]
    )


def _only_past_dates(doc: Doc, clause: Clause, today: date) -> bool:
    """Every time the clause names is a date already past when the report was written ("as
    in the early help plan of November 2025, school will continue to monitor him", "...
    liaise with CAMHS re step-up (SPA referral made 06/10)"): the date places an old
    document or event, it does not set this commitment's timescale."""
    times = [
        (s, e)
        for s, e in (doc.user_data.get("hits") or {}).get("time-expressions", ())
        if clause.start <= s < clause.end
    ]
    if not times:
        return False
    text: str = doc.user_data["src"]
    # Token offsets and forms from the lemmatizer's lists, not Token objects.
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    ends: list[int] = doc.user_data.get("ends") or [t.idx + len(t.text) for t in doc]
    like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
    for s, e in times:
        span = text[idx[s] : ends[e - 1]]
        if e < clause.end and like_num[e] and ends[e] - idx[e] == 4:
            span += " " + text[idx[e] : ends[e]]  # "12 March" then its year
        day = latest_day(span, today)
        if day is None or day >= today:
            return False
    return True


def _exempt_by_clause(doc: Doc, clause: Clause | None, today: date) -> bool:
    if clause is None:
        return False
    if clause.specific:
        return not (clause.future and _only_past_dates(doc, clause, today))
    # Describing what happened, with the figures to show it, is evidence, not a promise.
    return not clause.future and clause.measure and clause.number


def _measured_in_item(doc: Doc, clause: Clause | None, items: list[tuple[int, int]]) -> bool:
    """A timed promise in an action list's item whose later sentences say how it will be
    known ("2. I will continue to monitor the rent account weekly (every Monday). If a
    payment is missed I will phone Chantelle the same day... Target: no missed payments"):
    the item is one commitment, as smart-actions reads it."""
    if clause is None or not clause.future or not clause.time or clause.measure:
        return False
    item = next(((lo, hi) for lo, hi in items if lo <= clause.start < hi), None)
    if item is None:
        return False
    measures = (doc.user_data.get("hits") or {}).get("measure-cues", ())
    return any(clause.end <= s < item[1] for s, _ in measures)


def _purpose_follows(doc: Doc, end: int) -> bool:
    """ "support the family to register Leah with a dentist", "support him asking paeds for
    a second opinion": the purpose makes it concrete; "I am aware that..." states what the
    author knows, not a plan."""
    lower: list[str] = doc.user_data.get("lower") or []
    if end < len(lower) and lower[end] == "that" and lower[end - 1] == "aware":
        return True
    if end < len(lower) and lower[end].endswith("ing") and lower[end - 1] in ("him", "her", "them"):
        return True  # "support him asking paeds"
    if not (end + 1 < len(lower) and lower[end] == "to" and lower[end + 1].isalpha()):
        return False
    # "offer support to mum" names a person, not a purpose.
    people = {m.start for m in doc.user_data.get("mentions") or ()}
    return end + 1 not in people and lower[end + 1] not in _NOT_VERBS


# Where every sentence is the plan or the outcome wanted ("Mum to accept ongoing support").
_PLAN_SECTIONS = frozenset({"reduce_worries", "service_actions"})
_RECEIVING = frozenset({"accept", "receive", "get", "value", "welcome"})
_BETWEEN = frozenset({"the", "some", "this", "that", "their", "his", "her", "up", "of"})


def _received(doc: Doc, start: int) -> bool:
    """The phrase is what someone accepts, receives or has ("accepting ongoing support")."""
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    k = start - 1
    while k >= 0 and start - k <= 3 and lower[k] in _BETWEEN:
        k -= 1
    return k >= 0 and lemma[k] in _RECEIVING


# "Any work with the family needs to be sensitive to their faith": a softer phrase after a
# quantifier names a kind of work and says how it must be done, not a promise of it.
_ANY = frozenset({"any", "all", "every"})
_HEDGE_REACH = 8  # tokens from a flagged phrase to a hedge in its clause that qualifies it


_TOPICS = frozenset({"things", "thing", "points", "issues", "factors", "matters", "something"})


# Instructions a template gives the person filling it in, before "as appropriate".
_FORM_INSTRUCTIONS = frozenset({"delete", "circle", "tick", "select", "strike", "amend"})
_WISHING = frozenset({"want", "wish", "ask", "hope", "prefer", "like"})


def _verb_before(doc: Doc, start: int, lemmas: frozenset[str]) -> int | None:
    """The nearest token before start, in its clause and within six tokens, whose lemma is
    one of lemmas ("he replied that he wants...", "dad says she..."); None if none."""
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    s_start, _ = sentence_of(doc, start)
    for k in range(start - 1, max(s_start, start - 6) - 1, -1):
        if lower[k] in (";", ".", ","):
            return None
        if lemma[k] in lemmas:
            return k if k > s_start else None
    return None


def _someones_wish(doc: Doc, start: int) -> bool:
    """ "he replied that he wants to be kept informed": a softer phrase inside what someone
    else wants or asks for, in its clause, is their wish, not the author's plan."""
    k = _verb_before(doc, start, _WISHING)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return k is not None and lower[k - 1] not in ("i", "we")


def _in_condition(doc: Doc, start: int, end: int) -> bool:
    """Inside an "if" or "unless" clause: the phrase names a condition, not a plan."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        cat == "hypothetical" and s < end and start < e and s and lower[s - 1] in _CONDITIONS
        for cat, s, e in doc.user_data.get("scopes") or ()
    )


_CONDITIONS = frozenset({"if", "unless"})


def _family_offer(doc: Doc, start: int) -> bool:
    """ "He has offered to have Omid to stay if needed": a phrase inside what a member of the
    family or network offers or agrees to do is their offer, not the agency's plan."""
    k = _verb_before(doc, start, _OFFERING)
    return k is not None and any(
        m.end in (k, k - 1) and m.role in _FAMILY_ROLES for m in doc.user_data.get("mentions") or ()
    )


_OFFERING = frozenset({"offer", "agree", "promise", "volunteer"})


def _a_condition_of(doc: Doc, start: int) -> bool:
    """ "will depend a lot on Funmi staying involved", "it matters that Marcus stays
    involved": the phrase is what something else depends on, or what the author says
    matters, a condition, not anyone's plan."""
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    s_start, _ = sentence_of(doc, start)
    for k in range(start - 1, max(s_start, start - 8), -1):
        if lower[k] in (";", "."):
            return False
        if lower[k] == "on" and any(lemma[j] in _DEPENDING for j in range(max(s_start, k - 3), k)):
            return True
        if lower[k] == "that" and k > s_start and lemma[k - 1] in _MATTERING:
            return True  # "it matters that Marcus stays involved": what the author values
    return False


_MATTERING = frozenset(
    {"matter", "important", "crucial", "vital", "essential", "key", "helpful", "good"}
)


_DEPENDING = frozenset(
    {"depend", "rely", "hinge", "rest", "conditional", "dependent", "contingent"}
)


def _someones_account(doc: Doc, start: int) -> bool:
    """ "dad says she keeps an eye on Jakub": a phrase inside what a member of the family
    says happens, in its clause, is their account of the family, not anyone's plan (what
    staff say they do stays the professionals' own activity)."""
    k = _verb_before(doc, start, _SAYING)
    return k is not None and any(
        m.end in (k, k - 1) and m.role in _FAMILY_ROLES for m in doc.user_data.get("mentions") or ()
    )


_SAYING = frozenset({"say", "tell", "report", "describe", "explain"})
_FAMILY_ROLES = frozenset({"father", "mother", "male_carer", "sibling", "child", "parents"})
_TOPIC_MARKS = frozenset({"about", "re", "regarding", "concerning", "re:"})
_OPEN_TOPICS = _TOPICS | {"how", "any", "anything", "everything", "general", "progress", "the"}


def _pinned(doc: Doc, clause: Clause | None, end: int) -> bool:
    """ "R. Oduya to liaise w/ midwife by 15/01/27 re DNA'd appts": a softer phrase tied to
    a named topic and a time in its clause says what will be done and by when ("check in
    with mum about how things are" names no topic; without a time it is still open)."""
    if clause is None or not clause.time:
        return False
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        lower[k] in _TOPIC_MARKS and k + 1 < clause.end and lower[k + 1] not in _OPEN_TOPICS
        for k in range(end, min(end + 12, clause.end))
    )


# "I support her plan continuing", "support his wish to live with dad": "support" as
# agreeing with something, not as help that is offered.
_ENDORSED = frozenset(
    {"plan", "plans", "decision", "view", "views", "application", "request", "wish", "wishes",
     "choice", "recommendation", "remaining", "staying"}
)  # fmt: skip


def _endorses(doc: Doc, end: int) -> bool:
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return (
        end < len(lower) and lower[end - 1] in ("her", "his", "their") and lower[end] in _ENDORSED
    )


def _by_means(doc: Doc, clause: Clause | None, end: int) -> bool:
    """ "I will keep an eye on the Universal Credit claim by ringing the DWP with Shona
    every Friday": the way it will be done ("by" and a verb) and a time in its clause make
    the phrase a specific commitment."""
    if clause is None or not clause.time:
        return False
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        lower[k] == "by" and lower[k + 1].endswith("ing") and lower[k + 1].isalpha()
        for k in range(end, min(end + 10, clause.end - 1))
    )


_ACTION_FIELD = re.compile(r"[ \t]*[-*•]?[ \t]*action[ \t]*\d*[ \t]*:", re.IGNORECASE)


def _old_action_field(doc: Doc, start: int) -> bool:
    """The phrase is on an "Action:" line of the update's documented layout (Action /
    Status / Barrier / Next step): the last conference's wording, quoted to report on it,
    not a new promise."""
    text: str = doc.user_data["src"]
    at = doc[start].idx
    line = text.rfind("\n", 0, at) + 1
    return _ACTION_FIELD.match(text, line) is not None


def _names_a_topic(doc: Doc, start: int) -> bool:
    """ "some things to be aware of": the phrase describes a topic, not what anyone will do."""
    lower: list[str] = doc.user_data.get("lower") or []
    return start >= 2 and lower[start - 1] == "to" and lower[start - 2] in _TOPICS


@check("vague-language", slots=("phrases", "plan_phrases", "critique", "hedges"))
def vague_language(ctx: Context, rule: Rule) -> list[Finding]:
    findings: list[Finding] = []
    # The day the report was written, against which a date is past or to come.
    today = ctx.report.submitted_on or ctx.report.conference.date
    for section, doc in ctx.sections():
        spans = [(s, e, True) for s, e in ctx.hits(doc, rule, "phrases")]
        spans += [(s, e, False) for s, e in ctx.hits(doc, rule, "plan_phrases")]
        if not spans:
            continue
        critique = ctx.hits(doc, rule, "critique")
        hedges = set(ctx.hits(doc, rule, "hedges"))
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        items = list_items(doc) if section in _PLAN_SECTIONS else []
        flagged: dict[int, list[list[int]]] = {}  # clause start -> its flagged [start, end)
        kept: list[list[int]] = []
        pending_hedges: list[tuple[int, int, Clause | None]] = []
        for start, end, strong in _longest_first(spans):
            if _quoted(doc, start, end) or _critiqued(doc, critique, start):
                continue
            if written_as_name(doc, start, end):
                continue  # "Open Door" (a service's name)
            if start and lower[start - 1] in _FORM_INSTRUCTIONS:
                continue  # "Delete as appropriate": the template's instruction to the writer
            if section == "previous_actions" and _old_action_field(doc, start):
                continue  # "Action: QTVI to liaise with...": the old plan's wording
            if _someones_wish(doc, start):
                continue  # "he said he wants to stay involved": his wish, not anyone's plan
            if span_in_scope(doc, start, end, "negated"):
                continue
            clause = clause_at(doc, start)
            if (
                _exempt_by_clause(doc, clause, today)
                or _by_means(doc, clause, end)
                or _measured_in_item(doc, clause, items)
            ):
                continue
            if clause is not None and clause.time and lower[start : start + 2] == ["as", "per"]:
                continue  # "will refer within the hour as per our policy": the policy is cited
            forward = clause is not None and clause.future
            if not forward and section not in _PLAN_SECTIONS and _in_condition(doc, start, end):
                continue  # "protective if they stay involved": a condition, not a plan
            if section not in _PLAN_SECTIONS and (
                _family_offer(doc, start) or _a_condition_of(doc, start)
            ):
                continue  # "Dad has offered to have him if needed", "depends on her staying"
            if not forward and section not in _PLAN_SECTIONS and _someones_account(doc, start):
                continue  # "dad says she keeps an eye on Jakub": what he says happens
            if not forward and section not in _PLAN_SECTIONS and _received(doc, start):
                # "Mum accepting ongoing support from HV and Family Hub": a service the family
                # has, described, not what anyone promises ("Staff are keeping an eye on
                # him" is the professionals' own vague activity, and stays).
                continue
            if not strong and section == "voice_of_child":
                # The voice section reports what was said to and by the child ("I told him
                # people are working to keep him safe"); a softer phrase there is not a plan.
                continue
            if not strong or (start, end) in hedges:
                # Softer phrases and hedges ("as required") are vague only as a plan: a future
                # commitment, or anything in the actions. reduce_worries describes the
                # outcomes wanted ("mum seen alone regularly"), so there only a commitment.
                if not (forward or section == "service_actions"):
                    continue
                if span_in_scope(doc, start, end, "historical"):
                    continue
                if not strong and (
                    _purpose_follows(doc, end)
                    or _endorses(doc, end)
                    or _names_a_topic(doc, start)
                    or _pinned(doc, clause, end)
                    or (start and lower[start - 1] in _ANY)
                ):
                    continue
            if (start, end) in hedges:
                # A hedge next to a vaguer phrase in the same clause adds nothing new.
                pending_hedges.append((start, end, clause))
                continue
            kept.append([start, end])
            if clause is not None:
                flagged.setdefault(clause.start, []).append(kept[-1])
        for start, end, clause in pending_hedges:
            before = [p for p in flagged.get(clause.start if clause else -1, []) if p[1] <= start]
            if not before:
                kept.append([start, end])
                continue
            phrase = max(before, key=lambda p: p[1])
            if start - phrase[1] <= _HEDGE_REACH:
                # One vague commitment, one span: "liaise with the HV as appropriate".
                phrase[1] = end
            else:  # far along the clause, the hedge qualifies something else
                kept.append([start, end])
        findings += [span_finding(rule, section, doc, a, b) for a, b in sorted(kept)]
    return findings
