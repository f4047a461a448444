"""Commitments: clauses that promise action, with the parts a SMART action needs.

A clause (a sentence, split again at semicolons and at a comma before a new subject and its
modal: ", and we will") is a commitment when it looks forward
("will", "plan to", an action bullet). Its parts: an actor (who), a time or frequency
(when), a measure or consequence (how we will know). The vague-language and SMART checks
read these instead of each re-scanning the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import compress
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from scoring.nlp.context import sentence_bounds
from scoring.nlp.deferred import Deferred
from scoring.nlp.tokens import case_tells

if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=None)

_SPLIT = frozenset({";"})
# A comma before a new subject and its modal starts a new clause too: in a run-on sentence
# ("...missed two, and we will liaise with the midwife as needed, and we will carry on
# with regular drug screens") each promise is its own clause, whatever dates the others hold.
_JOINERS = frozenset({"and", "but", "then", "so"})
_SUBJECTS = frozenset({"i", "we", "he", "she", "they", "you"})
_MODALS = frozenset({"will", "'ll", "would", "shall", "plan", "intend", "aim"})


def _comma_splits(lower: list[str], agents: dict[int, int]) -> list[int]:
    """Commas that open a new clause with its own subject and modal ("..., and we will"),
    or with a person and "to" ("..., and Dad to keep an eye on his mornings")."""
    found = []
    n = len(lower)
    for j in compress(range(n), map(",".__eq__, lower)):
        k = j + 1
        if k < n and lower[k] in _JOINERS:
            k += 1
        modal = k + 1 < n and lower[k] in _SUBJECTS and lower[k + 1] in _MODALS
        e = agents.get(k)
        if (
            modal
            or (e is not None and e + 1 < n and lower[e] == "to")
            or (k > j + 1 and _named_subject_will(lower, k))
        ):
            found.append(j)
    return found


_WILL = frozenset({"will", "shall", "'ll"})
# Words that cannot open the subject a joined clause starts with ("..., and if needed will").
_NOT_SUBJECT = frozenset(
    {"if", "when", "then", "as", "so", "in", "at", "on", "by", "for", "to", "with", "from",
     "after", "before", "which", "who", "that", "where", "there", "it", "this", "not"}
)  # fmt: skip


def _named_subject_will(lower: list[str], k: int) -> bool:
    """After ", and": a short subject of words and then "will" ("..., and the unit will
    offer ongoing support", "..., and school will..."): a promise of its own."""
    if lower[k] in _NOT_SUBJECT:
        return False
    for j in range(k, min(k + 4, len(lower))):
        if lower[j] in _WILL:
            return j > k
        if not lower[j].isalpha():
            return False
    return False


def _people_at(doc: Doc) -> dict[int, int]:
    """Where a person who is not a child starts -> where the mention ends."""
    return {m.start: m.end for m in doc.user_data.get("mentions") or () if m.role != "child"}


class Clause(NamedTuple):
    """A clause and the SMART parts it has (a tuple: hundreds are made per report)."""

    start: int
    end: int
    future: bool
    actor: bool
    time: bool
    weak_time: bool
    measure: bool
    number: bool

    @property
    def specific(self) -> bool:
        """Says when, and either how it is measured or who does it with a number attached."""
        return self.time and (self.measure or self.number)


def _flags(spans: list[tuple[int, int]], starts: list[int], ends: list[int]) -> list[bool]:
    """For each clause [starts[k], ends[k]), whether a span starts inside it."""
    flags = [False] * len(starts)
    for s, _ in spans:
        k = bisect_right(starts, s) - 1
        if k >= 0 and s < ends[k]:
            flags[k] = True
    return flags


_FUTURE = "future-cues"
_TIMES = "time-expressions"
_KINDS = (_FUTURE, "actors", _TIMES, "time-weak", "measure-cues")
_WEEKDAYS = frozenset(
    f"{day}day{s}"
    for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
    for s in ("", "s")
)


def _cues(lower: list[str], name: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if name == _FUTURE:
        return _plans_only(lower, spans)
    if name == _TIMES:
        return times_only(lower, spans)
    return spans


def times_only(lower: list[str], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The time expressions less a weekday naming something ("the Tuesday clinic", "the
    Monday group"): that says which clinic, not when anything will happen ("the Tuesday
    of that week", "the Monday after" are days)."""
    return [
        (s, e)
        for s, e in spans
        if not (
            e - s == 1
            and lower[s] in _WEEKDAYS
            and s >= 1
            and lower[s - 1] == "the"
            and e < len(lower)
            and lower[e].isalpha()
            and lower[e] not in _DAY_OF  # "by the Tuesday of that week" is a day
        )
    ]


_DAY_OF = frozenset({"of", "after", "before", "following"})


_PLAN_NEXT = frozenset({":", "-", "\u2013", "is", "will", "for"})


def _plans_only(lower: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The forward-looking cues, with "plan" only where it looks forward: the verb ("to
    plan contact") or the plan being set out ("Plan: ...", "the plan is to..."). The noun
    elsewhere is a plan that exists, a state of things: "a plan in place", "the plan from
    the last conference was...", "she is on a plan"."""
    kept = []
    for s, e in spans:
        if e - s == 1 and lower[s] in ("plan", "plans"):
            before = lower[s - 1] if s else ""
            after = lower[e] if e < len(lower) else ""
            if before != "to" and after not in _PLAN_NEXT:
                continue
        kept.append((s, e))
    return kept


class CommitmentFinder:
    def __call__(self, doc: Doc) -> Doc:
        # Worked out when a check first asks (deferred.py): the actions sections, and
        # the sentences around a vague phrase.
        doc.user_data["clauses"] = Deferred(doc, self.clauses)
        return doc

    def clauses(self, doc: Doc) -> list[Clause]:
        hits = doc.user_data.get("hits") or {}
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
        text: str = doc.user_data.get("src") or ""
        splits = (
            list(compress(range(len(lower)), map(_SPLIT.__contains__, lower)))
            if ";" in text
            else []
        )
        if "," in text:
            splits = sorted(splits + _comma_splits(lower, _people_at(doc)))
        pieces: list[tuple[int, int]] = []
        k = 0
        for s_start, s_end in sentence_bounds(doc):
            cut = s_start
            while k < len(splits) and splits[k] < s_end:
                if splits[k] >= s_start:
                    pieces.append((cut, splits[k]))
                    cut = splits[k] + 1
                k += 1
            pieces.append((cut, s_end))
        pieces = [(lo, hi) for lo, hi in pieces if hi > lo]
        starts = [lo for lo, _ in pieces]
        ends = [hi for _, hi in pieces]
        # Someone's quoted words look forward for them, not for the writer: "said she
        # 'won't keep this one either'" makes no plan of the sentence around it.
        quotes = doc.user_data.get("quotes") or ()
        future, actor, time, weak_time, measure = (
            _flags(
                [
                    (s, e)
                    for s, e in _cues(lower, name, hits.get(name, ()))
                    if name != _FUTURE or not any(qs < s < qe for qs, qe in quotes)
                ],
                starts,
                ends,
            )
            for name in _KINDS
        )
        numbers = list(compress(range(len(like_num)), like_num))
        if "%" in text:
            numbers = sorted({*numbers, *(i for i, w in enumerate(lower) if "%" in w)})
        number = _flags([(i, i + 1) for i in numbers], starts, ends)
        clauses: list[Clause] = []
        # The old plan's actions, listed in the same note form in the update, are not new
        # plans: there only "will" and the like look forward.
        notes = doc.user_data.get("section") != "previous_actions"
        who = _people_and_actors(doc, hits) if notes else set()
        for c, (lo, hi) in enumerate(pieces):
            first = lower[lo]
            bullet_to = (
                first == "to"
                or (first in ("-", "*", "•") and lo + 1 < hi and lower[lo + 1] == "to")
                or (notes and _note_form(doc, lower, who, lo, hi))
            )
            clauses.append(
                Clause(
                    lo,
                    hi,
                    future=future[c] or bullet_to,
                    actor=actor[c],
                    time=time[c],
                    weak_time=weak_time[c],
                    measure=measure[c],
                    number=number[c],
                )
            )
        return clauses


_MARKERS = frozenset({"-", "*", "•", ".", ")", "\u2013"})
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,2}$")


def _people_and_actors(doc: Doc, hits: dict[str, list[tuple[int, int]]]) -> set[int]:
    """The tokens that name a person or someone who acts (a mention, an actor word)."""
    spans = [(m.start, m.end) for m in doc.user_data.get("mentions") or ()]
    spans += list(hits.get("actors", ()))
    return {i for s, e in spans for i in range(s, e)}


def _note_form(doc: Doc, lower: list[str], who: set[int], lo: int, hi: int) -> bool:
    """ "Inspector to revisit the property...", "Ms Hollis to engage with services": a
    clause that opens with someone (after a list marker) and "to" and a verb is a plan in
    note form, as "will" would be."""
    k = lo
    while k < hi and (lower[k] in _MARKERS or lower[k].isdigit()):
        k += 1
    j = k
    if j + 1 < hi and _INITIAL.match(doc[j].text) and doc[j + 1].text.istitle():
        j += 2  # "A. Khalil to offer...": an initial and a surname, as case records write staff
    while j < hi and j - k < 4 and j in who:
        j += 1
    return (
        k < j < hi - 1
        and lower[j] == "to"
        and lower[j + 1].isalpha()
        and (doc[j + 1].text.islower() or not case_tells(doc))
        and lower[j + 1] not in ("the", "a", "an", "his", "her", "their", "be")
    )


def clause_at(doc: Doc, i: int) -> Clause | None:
    for clause in doc.user_data.get("clauses") or ():
        if clause.start <= i < clause.end:
            return clause
    return None


@Language.factory("cpc_commitments", requires=["doc._.hits"], assigns=["doc._.clauses"])
def make_commitments(nlp: Language, name: str) -> CommitmentFinder:
    return CommitmentFinder()
