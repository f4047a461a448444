"""Commitments: clauses that promise action, with the parts a SMART action needs.

A clause (a sentence, split again at semicolons) is a commitment when it looks forward
("will", "plan to", an action bullet). Its parts: an actor (who), a time or frequency
(when), a measure or consequence (how we will know). The vague-language and SMART checks
read these instead of each re-scanning the text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from scoring.nlp.context import sentence_bounds

if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=None)

_SPLIT = frozenset({";"})


@dataclass(frozen=True)
class Clause:
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


def _any_in(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    k = bisect_left(starts, lo)
    return k < len(spans) and spans[k][0] < hi


class CommitmentFinder:
    def __call__(self, doc: Doc) -> Doc:
        hits = doc.user_data.get("hits") or {}
        kinds = {
            name: sorted(hits.get(name, ()))
            for name in ("future-cues", "actors", "time-expressions", "time-weak", "measure-cues")
        }
        starts = {name: [s for s, _ in spans] for name, spans in kinds.items()}
        clauses: list[Clause] = []
        orth: list[str] = doc.user_data.get("orth") or [t.text for t in doc]
        like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
        numeric = [n or "%" in w for n, w in zip(like_num, orth, strict=True)]
        for s_start, s_end in sentence_bounds(doc):
            cut = s_start
            pieces = []
            for i in range(s_start, s_end):
                if orth[i] in _SPLIT:
                    pieces.append((cut, i))
                    cut = i + 1
            pieces.append((cut, s_end))
            for lo, hi in pieces:
                if hi <= lo:
                    continue

                def has(name: str, lo: int = lo, hi: int = hi) -> bool:
                    return _any_in(kinds[name], starts[name], lo, hi)

                first = orth[lo].lower()
                bullet_to = first == "to" or (
                    first in ("-", "*", "•") and lo + 1 < hi and orth[lo + 1].lower() == "to"
                )
                time = has("time-expressions")
                number = any(numeric[lo:hi])
                clauses.append(Clause(
                    lo, hi, future=has("future-cues") or bullet_to, actor=has("actors"),
                    time=time, weak_time=has("time-weak"), measure=has("measure-cues"),
                    number=number,
                ))
        doc.user_data["clauses"] = clauses
        return doc


def clause_at(doc: Doc, i: int) -> Clause | None:
    for clause in doc.user_data.get("clauses") or ():
        if clause.start <= i < clause.end:
            return clause
    return None


@Language.factory("cpc_commitments", requires=["doc._.hits"], assigns=["doc._.clauses"])
def make_commitments(nlp: Language, name: str) -> CommitmentFinder:
    return CommitmentFinder()
